import { maskPiiInText } from './log.js';

/** The SMS gateway a city contracts (China Mobile, Aliyun…) is configured per deployment. */
export interface SmsAdapter {
  send(phone: string, text: string): Promise<void>;
}

const CODE_IN_TEXT = /(验证码[为是:：]?\s*)\d{4,8}/g;

/**
 * Default adapter: writes the message to the log, with the number masked. In demo mode the text is
 * logged as sent, so a one-time code can be read there (there is no real phone); in production the
 * code itself is blanked, because the log outlives the code and is read by more people than its owner.
 */
export function loggingSmsAdapter(
  log: { info(obj: object, msg: string): void },
  opts: { revealCodes?: boolean } = {},
): SmsAdapter {
  return {
    async send(phone, text) {
      const shown = opts.revealCodes ? text : text.replace(CODE_IN_TEXT, '$1******');
      log.info({ to: maskPiiInText(phone), text: maskPiiInText(shown) }, 'sms (logging adapter)');
    },
  };
}
