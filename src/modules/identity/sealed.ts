import type { Db } from '../../platform/db/database.js';
import type { PiiCipher } from './pii-crypto.js';
import * as repo from './repo.js';

/**
 * The account as the service sees it: personal numbers in clear, opened from their sealed columns.
 * Only identity's code ever holds these; other modules get what they ask for through the service.
 */
export interface Account extends repo.AccountRow {
  idNumber: string | null;
  phone: string | null;
  legalRepIdNumber: string | null;
}

/** What a caller provides to create an account (snake_case as the table, numbers in clear). */
export interface PlainAccount {
  kind: 'person' | 'enterprise' | 'staff';
  username: string;
  name: string;
  id_number: string | null;
  uscc: string | null;
  phone: string | null;
  legal_rep_name: string | null;
  legal_rep_id_number: string | null;
  roles: string[];
  region_code: string | null;
  department_code: string | null;
}

export const normaliseIdNumber = (v: string) => v.trim().toUpperCase();
export const normalisePhone = (v: string) => v.trim();

/** People log in by ID number; their username column holds no number at all. */
export const personUsername = (accountId: string) => `u:${accountId}`;

export function createSealer(cipher: PiiCipher) {
  const seal = (v: string | null) => (v ? cipher.encrypt(v) : null);
  const open = (v: string | null) => (v ? cipher.decrypt(v) : null);
  const idIndex = (v: string) => cipher.index('id_number', normaliseIdNumber(v));
  const phoneIndex = (v: string) => cipher.index('phone', normalisePhone(v));

  return {
    cipher,
    idIndex,
    phoneIndex,

    /** Index of a login name that matched nothing, so that it can be counted without storing it. */
    unknownLogin: (login: string) => `n:${cipher.index('login', login.trim().toUpperCase()).slice(0, 40)}`,

    loginKeys: (login: string): repo.LoginKeys => {
      const l = login.trim();
      return { username: l, uscc: l.toUpperCase(), idNumberBidx: idIndex(l), phoneBidx: phoneIndex(l) };
    },

    openRow(row: repo.AccountRow): Account {
      return {
        ...row,
        idNumber: open(row.id_number_enc),
        phone: open(row.phone_enc),
        legalRepIdNumber: open(row.legal_rep_id_number_enc),
      };
    },

    sealNew(
      id: string,
      a: PlainAccount,
      passwordHash: string,
      extra: { demo?: boolean; otpSecret?: string | null } = {},
    ): repo.NewAccountRow {
      const idNumber = a.id_number ? normaliseIdNumber(a.id_number) : null;
      return {
        id,
        kind: a.kind,
        username: a.username,
        name: a.name,
        uscc: a.uscc,
        legal_rep_name: a.legal_rep_name,
        id_number_enc: seal(idNumber),
        id_number_bidx: idNumber ? idIndex(idNumber) : null,
        phone_enc: seal(a.phone),
        phone_bidx: a.phone ? phoneIndex(a.phone) : null,
        legal_rep_id_number_enc: seal(
          a.legal_rep_id_number ? normaliseIdNumber(a.legal_rep_id_number) : null,
        ),
        password_hash: passwordHash,
        roles: a.roles,
        region_code: a.region_code,
        department_code: a.department_code,
        otp_secret_enc: seal(extra.otpSecret ?? null),
        demo: extra.demo ?? false,
      };
    },

    /**
     * Seals the plaintext left by databases from before migration 012, once: rows already sealed have
     * null plaintext and are not selected again, so every start (and every process) may run it.
     * A person's username was the ID number; it becomes the number-free `u:<id>`.
     */
    async sealLegacy(db: Db): Promise<number> {
      let sealed = 0;
      for (;;) {
        const rows = await repo.plaintextRows(db, 200);
        if (rows.length === 0) return sealed;
        for (const r of rows) {
          const idNumber = r.id_number ? normaliseIdNumber(r.id_number) : null;
          await repo.sealRow(db, r.id, {
            username:
              r.kind === 'person' && idNumber && r.username === idNumber ? personUsername(r.id) : undefined,
            id_number_enc: seal(idNumber),
            id_number_bidx: idNumber ? idIndex(idNumber) : null,
            phone_enc: seal(r.phone),
            phone_bidx: r.phone ? phoneIndex(r.phone) : null,
            legal_rep_id_number_enc: seal(r.legal_rep_id_number),
          });
          sealed++;
        }
      }
    },
  };
}

export type Sealer = ReturnType<typeof createSealer>;
