import { commitmentText } from './commitment.js';
import { YELLOW_AT } from './deadline.js';
import { STATUS_LABEL, STATUSES, TERMINAL } from './state.js';

/** Placeholders of the 告知承诺 template: the client fills in what it shows, the server signs its own text. */
export const COMMITMENT_PLACEHOLDERS = { material: '{material}', applicant: '{applicant}' } as const;

/**
 * The case rules a client shows (GET /api/meta): labels, 容缺 days, the warning threshold and the
 * 告知承诺 wording, taken from the definitions the service enforces so that no client keeps a copy.
 */
export function publicCaseRules(deferredDays: number) {
  return {
    statuses: STATUSES.map((code) => ({
      code,
      label: STATUS_LABEL[code],
      terminal: TERMINAL.includes(code),
    })),
    deferredDays,
    yellowShare: YELLOW_AT,
    commitmentTemplate: commitmentText(COMMITMENT_PLACEHOLDERS.material, COMMITMENT_PLACEHOLDERS.applicant),
  };
}
