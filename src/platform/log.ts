import type { LoggerOptions } from 'pino';

/**
 * ID numbers, phones, passwords and tokens never reach the logs (GB/T 35273; 网络安全法 Art. 21 keeps
 * logs for six months, so what they hold matters).
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.idNumber',
  '*.legalRepIdNumber',
  '*.phone',
  '*.token',
  'body.password',
  'body.idNumber',
  'body.phone',
];

const ID_IN_TEXT = /\b(\d{4})\d{10}(\d{3}[\dXx])\b/g;
const PHONE_IN_TEXT = /\b(1[3-9]\d)\d{4}(\d{4})\b/g;

/** Masks ID numbers and mobile numbers that appear inside free text such as URLs (?q=…). */
export function maskPiiInText(text: string): string {
  return text.replace(ID_IN_TEXT, '$1**********$2').replace(PHONE_IN_TEXT, '$1****$2');
}

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(req: { method: string; url: string; id: string; ip?: string }) {
        return { id: req.id, method: req.method, url: maskPiiInText(req.url), ip: req.ip };
      },
    },
  };
}
