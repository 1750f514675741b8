import { maskPiiInText } from './log.js';

/** The SMS gateway a city contracts (China Mobile, Aliyun…) is configured per deployment. */
export interface SmsAdapter {
  send(phone: string, text: string): Promise<void>;
}

/** Default adapter: writes the message to the log, with the number masked. */
export function loggingSmsAdapter(log: { info(obj: object, msg: string): void }): SmsAdapter {
  return {
    async send(phone, text) {
      log.info({ to: maskPiiInText(phone), text }, 'sms (logging adapter)');
    },
  };
}
