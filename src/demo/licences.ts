import type { LicenceService } from '../modules/licences/service.js';
import { DEMO_PERSON_ID, DEMO_USCC } from './accounts.js';

/** Whom the demo licences go to, found by their numbers (the identity service's lookup). */
export interface DemoHolders {
  findApplicant(number: string): Promise<{ id: string } | undefined>;
}

/**
 * Whether the holder's wallet has ever had a licence of the type, in force or not. Seeding asks this,
 * not "holds one now": a demo licence an issuer revoked (or that expired) stays so across restarts,
 * instead of coming back valid beside the revoked one.
 */
async function everIssued(
  licences: Pick<LicenceService, 'list'>,
  holder: { id: string; kind: 'person' | 'enterprise' },
  typeCode: string,
): Promise<boolean> {
  const wallet = await licences.list(
    {
      id: holder.id,
      kind: holder.kind,
      username: '',
      name: '',
      roles: [],
      regionCode: null,
      departmentCode: null,
    },
    { mine: true, typeCode, limit: 1, offset: 0 },
  );
  return wallet.total > 0;
}

/**
 * 减证便民 needs something to share: demo-enterprise holds a 营业执照 and demo-person a 居民身份证, as
 * if issued before the platform started. Fictional data for fictional holders; seeded once per holder
 * and type, ever: what a person later revoked is never re-created. The caller holds the demo-seed
 * advisory lock, so two processes starting at once do not both issue.
 */
export async function seedDemoLicences(
  licences: Pick<LicenceService, 'issue' | 'list'>,
  holders: DemoHolders,
): Promise<string[]> {
  const issued: string[] = [];
  const enterprise = await holders.findApplicant(DEMO_USCC);
  if (enterprise && !(await everIssued(licences, { id: enterprise.id, kind: 'enterprise' }, 'LIC-YYZZ'))) {
    await licences.issue({
      typeCode: 'LIC-YYZZ',
      departmentCode: 'SCJG-411200',
      holderId: enterprise.id,
      at: new Date('2024-05-20T02:00:00Z'),
      data: {
        entityType: '有限责任公司（自然人投资或控股）',
        registeredCapital: 100,
        establishedDate: '2024-05-20',
        domicile: '峡州市峡江区滨江路88号',
        businessScope:
          '许可项目：餐饮服务；食品销售。（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）一般项目：餐饮管理；外卖递送服务；食品销售（仅销售预包装食品）。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）',
        legalRepresentative: '李明远',
      },
    });
    issued.push('demo-enterprise:LIC-YYZZ');
  }
  const person = await holders.findApplicant(DEMO_PERSON_ID);
  if (person && !(await everIssued(licences, { id: person.id, kind: 'person' }, 'LIC-SFZ'))) {
    // A card issued at 26–45 years of age is valid for 20 years (居民身份证法 Art. 5).
    await licences.issue({
      typeCode: 'LIC-SFZ',
      departmentCode: 'GA-411202',
      holderId: person.id,
      at: new Date('2016-04-12T02:00:00Z'),
      validUntil: '2036-04-12',
      data: {
        ethnicity: '汉',
        address: '峡州市峡江区临江街道望江路16号',
      },
    });
    issued.push('demo-person:LIC-SFZ');
  }
  return issued;
}
