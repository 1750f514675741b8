import { describe, expect, it } from 'vitest';
import {
  type ResolverPorts,
  resolveShared,
  sourceKind,
  subjectKey,
  verificationPurpose,
} from './resolver.js';

const PERSON = { id: 'p1', kind: 'person' as const, idNumber: '411202199003072415', uscc: null };
const ENTERPRISE = { id: 'e1', kind: 'enterprise' as const, idNumber: null, uscc: '91411200MA9XKT2L7X' };

function ports(o: { licences?: string[]; records?: string[] } = {}): ResolverPorts & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async holdsLicence(id, type) {
      asked.push(`licence ${id} ${type}`);
      return (o.licences ?? []).includes(`${id}:${type}`);
    },
    async resourceSubject(code) {
      return ({ 'DR-HJXX': 'person', 'DR-NSXX': 'enterprise' } as const)[code as 'DR-HJXX'];
    },
    async hasRecord(code, key) {
      asked.push(`record ${code} ${key}`);
      return (o.records ?? []).includes(`${code}:${key}`);
    },
  };
}

describe('sharing resolver (减证便民)', () => {
  it('tells licence types from data resources by their prefix', () => {
    expect(sourceKind('LIC-YYZZ')).toBe('licence');
    expect(sourceKind('DR-HJXX')).toBe('data');
    expect(sourceKind('PF-WFZJL')).toBeNull();
    expect(sourceKind(null)).toBeNull();
  });

  it('files people under their ID number and enterprises under their USCC', () => {
    expect(subjectKey(PERSON)).toBe(PERSON.idNumber);
    expect(subjectKey(ENTERPRISE)).toBe(ENTERPRISE.uscc);
    expect(subjectKey({ kind: 'person', idNumber: null, uscc: 'X' })).toBeNull();
  });

  it('satisfies a licence material when the applicant holds that licence type', async () => {
    const p = ports({ licences: ['e1:LIC-YYZZ'] });
    expect(await resolveShared(ENTERPRISE, 'LIC-YYZZ', p)).toEqual({ source: 'LIC-YYZZ' });
    expect(await resolveShared(ENTERPRISE, 'LIC-SPJY', p)).toBeNull();
    expect(await resolveShared(PERSON, 'LIC-YYZZ', p)).toBeNull();
  });

  it('satisfies a data-resource material when the provider has a record for the applicant', async () => {
    const p = ports({ records: [`DR-HJXX:${PERSON.idNumber}`, `DR-NSXX:${ENTERPRISE.uscc}`] });
    expect(await resolveShared(PERSON, 'DR-HJXX', p)).toEqual({ source: 'DR-HJXX' });
    expect(await resolveShared(ENTERPRISE, 'DR-NSXX', p)).toEqual({ source: 'DR-NSXX' });
    expect(await resolveShared({ ...PERSON, idNumber: '41120219900307001X' }, 'DR-HJXX', p)).toBeNull();
  });

  it('never answers a person with an enterprise resource, nor from an unknown resource', async () => {
    // Even when a record happens to be filed under the same number, the subject kind must fit.
    const p = ports({ records: [`DR-NSXX:${PERSON.idNumber}`] });
    expect(await resolveShared(PERSON, 'DR-NSXX', p)).toBeNull();
    expect(await resolveShared(PERSON, 'DR-NOPE', p)).toBeNull();
    expect(p.asked).toEqual([]);
  });

  it('leaves materials without a source, or with an unknown kind of source, to be uploaded', async () => {
    const p = ports();
    expect(await resolveShared(PERSON, null, p)).toBeNull();
    expect(await resolveShared(PERSON, 'PF-WFZJL', p)).toBeNull();
    expect(p.asked).toEqual([]);
  });

  it('records why: the item and the material verified', () => {
    expect(verificationPurpose('营业执照', '食品经营许可（新办）')).toBe(
      '办理「食品经营许可（新办）」核验「营业执照」',
    );
    expect(verificationPurpose('户籍信息')).toBe('受理申请核验「户籍信息」');
  });
});
