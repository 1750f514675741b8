import { describe, expect, it } from 'vitest';
import { testPiiCipher } from './pii-crypto.js';
import { createSealer, personUsername } from './sealed.js';

describe('sealed account fields', () => {
  const sealer = createSealer(testPiiCipher());
  const id = '00000000-0000-4000-8000-000000000001';
  const plain = {
    kind: 'person' as const,
    username: personUsername(id),
    name: '张三',
    id_number: '41120219900307241x',
    uscc: null,
    phone: '13912340001',
    legal_rep_name: null,
    legal_rep_id_number: null,
    roles: [],
    region_code: '411202',
    department_code: null,
  };

  it('seals the numbers, keeps no plaintext, and opens them again (ID number upper-cased)', () => {
    const row = sealer.sealNew(id, plain, '$argon2id$x');
    expect(JSON.stringify(row)).not.toContain('13912340001');
    expect(JSON.stringify(row).toUpperCase()).not.toContain('41120219900307241X');
    expect(row.username).toBe(`u:${id}`);
    const opened = sealer.openRow({ ...row, active: true, created_at: new Date(), otp_last_step: null });
    expect(opened.idNumber).toBe('41120219900307241X');
    expect(opened.phone).toBe('13912340001');
  });

  it('finds the same row by a lower-case x and by surrounding spaces', () => {
    const row = sealer.sealNew(id, plain, '$argon2id$x');
    expect(sealer.loginKeys(' 41120219900307241x ').idNumberBidx).toBe(row.id_number_bidx);
    expect(sealer.loginKeys('13912340001 ').phoneBidx).toBe(row.phone_bidx);
  });
});
