import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../identity/id-number.js';
import { makeUscc } from '../identity/uscc.js';
import { partiesOf } from './service.js';

const USCC = makeUscc('91411200MA9XKT2L7');
const REP = makeIdNumber('411221', '19851116', '057');
const SPOUSE = makeIdNumber('411202', '19920115', '362');
const RESPONDENT = makeUscc('91410300MA9XKT3M8');

describe('partiesOf: whom a lookup for a case may be about', () => {
  it('names the applicant and the applying enterprise’s legal representative', () => {
    expect([...partiesOf({ uscc: USCC, legalRepIdNumber: REP }, {})].sort()).toEqual([REP, USCC].sort());
  });

  it('adds every valid ID number or USCC the form names, at any depth, and nothing else', () => {
    const parties = partiesOf(
      { idNumber: REP },
      {
        spouse: { idNumber: SPOUSE.toLowerCase() },
        respondentUscc: RESPONDENT,
        note: '110101199003070000',
        n: 3,
      },
    );
    expect(parties.has(REP)).toBe(true);
    expect(parties.has(SPOUSE)).toBe(true);
    expect(parties.has(RESPONDENT)).toBe(true);
    // A number that fails GB 11643's check digit is no one.
    expect(parties.has('110101199003070000')).toBe(false);
    expect(parties.size).toBe(3);
  });
});
