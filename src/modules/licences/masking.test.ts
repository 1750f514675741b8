import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../identity/id-number.js';
import { maskLicenceData } from './masking.js';

const ID = makeIdNumber('411202', '19900307', '241');
const SPOUSE = makeIdNumber('411221', '19920115', '362');

describe('maskLicenceData', () => {
  it('masks the holder’s ID number and hides the birth date that would rebuild it, in any notation', () => {
    for (const birth of ['1990-03-07', '1990年3月7日', '1990年03月07日', '19900307', '1990.03.07']) {
      const out = maskLicenceData({ name: '张晓峡', idNumber: ID, birthDate: birth, gender: '男' }, ID);
      expect(out.idNumber).toBe(`${ID.slice(0, 4)}**********${ID.slice(-4)}`);
      expect(out.birthDate).toBe('****');
      expect(JSON.stringify(out)).not.toContain('0307');
      expect(out.name).toBe('张晓峡');
    }
  });

  it('masks every ID number and mobile in the data, not only the holder’s, and the dates inside them', () => {
    const out = maskLicenceData(
      { husbandIdNumber: ID, wifeIdNumber: SPOUSE, note: `联系电话13937120001，妻出生于1992-01-15` },
      null,
    );
    expect(out.husbandIdNumber).not.toContain('19900307');
    expect(out.wifeIdNumber).not.toContain('19920115');
    expect(out.note).toBe('****');
    expect(maskLicenceData({ phone: '13937120001' }, null).phone).toBe('139****0001');
  });

  it('masks the holder’s USCC as its view does, and leaves unrelated dates alone', () => {
    const out = maskLicenceData(
      { uscc: '91411200MA9XKT2L7X', establishedDate: '2024-05-20' },
      '91411200MA9XKT2L7X',
    );
    expect(out).toEqual({ uscc: '9141**********2L7X', establishedDate: '2024-05-20' });
  });
});
