import { DEMO_LEGAL_REP_ID, DEMO_PERSON_ID, DEMO_USCC } from '../../demo/accounts.js';
import { makeIdNumber } from '../identity/id-number.js';
import { makeUscc } from '../identity/uscc.js';

/**
 * What the departments' systems hold about the two demo applicants: 张晓峡 (demo-person, a doctor at the
 * city hospital living in 峡江区, married, one daughter, whose father died last winter) and
 * 峡州市通办餐饮管理有限公司 (demo-enterprise). Every number is computed for fictional people.
 *
 * Records about a relative (the daughter's birth and school, the late father's death and pension) are
 * filed under the demo person's number: the provider answers for its 申报人 / 监护人, which is how an
 * applicant's own number finds them when the applicant is the one asking.
 */
const PERSON = { idNumber: DEMO_PERSON_ID, name: '张晓峡' };
const SPOUSE = { idNumber: makeIdNumber('411202', '19920814', '162'), name: '刘雨桐' };
const DAUGHTER = { idNumber: makeIdNumber('411202', '20160520', '082'), name: '张一诺' };
const FATHER = { idNumber: makeIdNumber('411221', '19581102', '031'), name: '张建国' };
const HOSPITAL = { name: '峡州市中心医院', uscc: makeUscc('12411200416000321') };
const ENTERPRISE = { uscc: DEMO_USCC, name: '峡州市通办餐饮管理有限公司', legalRep: '李明远' };
const HOME = '豫中省峡州市峡江区滨江街道临江路16号院3号楼2单元501室';

const PERSON_RECORDS: Record<string, Record<string, unknown>> = {
  'DR-HJXX': {
    ...PERSON,
    gender: '男',
    ethnicity: '汉族',
    birthDate: '1990-03-07',
    householdAddress: HOME,
    householderName: PERSON.name,
    relationToHead: '户主',
    householdStatus: '正常',
    registrationAuthority: '峡州市公安局峡江分局滨江派出所',
  },
  'DR-HYXX': {
    husbandIdNumber: PERSON.idNumber,
    husbandName: PERSON.name,
    wifeIdNumber: SPOUSE.idNumber,
    wifeName: SPOUSE.name,
    registrationType: '结婚',
    registrationDate: '2014-10-08',
    certificateNo: 'J411202-2014-004218',
    registrationAuthority: '峡州市峡江区民政局婚姻登记处',
  },
  'DR-SBCB': {
    ...PERSON,
    insuranceType: '企业职工基本养老保险、失业保险、工伤保险',
    insuredStatus: '正常参保',
    employer: HOSPITAL.name,
    employerUscc: HOSPITAL.uscc,
    contributionStart: '2013-08',
    contributionEnd: '2026-04',
    totalMonths: 153,
    pensionStatus: '未领取',
  },
  'DR-YBCB': {
    ...PERSON,
    insuranceType: '职工基本医疗保险',
    insuredStatus: '正常参保',
    insuredRegion: '峡州市',
    employer: HOSPITAL.name,
    contributionYears: 12,
    chronicDiseaseStatus: '无',
    remoteFiling: '未备案',
  },
  'DR-BDCDJ': {
    unitNo: '411202005003GB00012F00020501',
    certificateNo: '豫（2020）峡州市不动产权第0018326号',
    rightHolder: PERSON.name,
    rightHolderIdNumber: PERSON.idNumber,
    location: '峡州市峡江区临江路16号院3号楼2单元501室',
    use: '城镇住宅用地/住宅',
    area: 118.56,
    rightNature: '出让/市场化商品房',
    mortgageStatus: '无抵押',
    seizureStatus: '无查封',
  },
  'DR-GJJJC': {
    ...PERSON,
    accountNo: '411200100283746',
    employer: HOSPITAL.name,
    monthlyDeposit: 1260,
    balance: 86420.35,
    accountStatus: '正常缴存',
    depositStart: '2013-08',
    loanStatus: '无贷款',
  },
  'DR-CSYXZM': {
    certificateNo: 'P411034726',
    babyName: DAUGHTER.name,
    gender: '女',
    birthTime: '2016-05-20T08:42:00+08:00',
    birthPlace: '豫中省峡州市峡江区',
    motherIdNumber: SPOUSE.idNumber,
    fatherIdNumber: PERSON.idNumber,
    issuingInstitution: '峡州市妇幼保健院',
  },
  'DR-CJRXX': {
    ...PERSON,
    certificateNo: `${PERSON.idNumber}44`,
    disabilityCategory: '肢体残疾',
    disabilityGrade: '四级',
    issueDate: '2021-09-16',
    validUntil: '2031-09-15',
    certificateStatus: '有效',
  },
  'DR-DBDX': {
    headIdNumber: PERSON.idNumber,
    headName: PERSON.name,
    familySize: 3,
    assistanceType: '低保边缘',
    monthlyAmount: 0,
    startMonth: '2022-01',
    status: '已退出',
    region: '峡州市峡江区滨江街道',
  },
  'DR-SWXX': {
    ...FATHER,
    deathDate: '2025-12-18',
    deathPlaceType: '医疗卫生机构',
    certificateNo: 'S4112002025120377',
    issuingInstitution: HOSPITAL.name,
    cremationDate: '2025-12-21',
    householdCancelled: '已注销',
  },
  'DR-XJXX': {
    studentNo: `G${DAUGHTER.idNumber}`,
    idNumber: DAUGHTER.idNumber,
    name: DAUGHTER.name,
    school: '峡州市峡江区实验小学',
    grade: '四年级',
    enrollmentDate: '2022-09-01',
    status: '在籍',
  },
  'DR-XLXX': {
    ...PERSON,
    school: '豫中医科大学',
    major: '临床医学',
    educationLevel: '本科',
    graduationDate: '2013-06-30',
    certificateNo: '104721201305001286',
    degree: '医学学士',
  },
  'DR-JYSY': {
    ...PERSON,
    registrationType: '就业',
    registrationDate: '2013-08-01',
    employer: HOSPITAL.name,
    personCategory: '高校毕业生',
    registrationAuthority: '峡州市峡江区公共就业服务中心',
  },
  'DR-FZJL': {
    ...PERSON,
    queryPurpose: '办理政务服务事项审核',
    result: '无犯罪记录',
    queryDate: '2026-01-15',
  },
  'DR-WQBA': {
    contractNo: '峡网签X2020-0032817',
    contractType: '商品房现售',
    buyer: PERSON.name,
    seller: '峡州市滨江置业有限公司',
    location: '峡州市峡江区临江路16号院3号楼2单元501室',
    area: 118.56,
    price: 1168000,
    filingDate: '2020-06-12',
  },
  'DR-YSZG': {
    ...PERSON,
    certificateNo: '201441110411202199003072',
    category: '临床',
    acquiredDate: '2014-11-28',
  },
  'DR-JSKS': {
    ...PERSON,
    certificateNo: '2024411202000318',
    qualificationType: '高级中学教师资格',
    subject: '生物',
    validUntil: '2027-06-30',
  },
  'DR-PTH': {
    ...PERSON,
    certificateNo: '41120901002315',
    grade: '二级甲等',
    testDate: '2009-05-23',
  },
  'DR-YLDY': {
    ...FATHER,
    retirementDate: '2018-11-30',
    retirementType: '正常退休',
    monthlyPension: 3268.5,
    approvalDate: '2018-12-20',
    status: '已终止（死亡）',
  },
};

const ENTERPRISE_RECORDS: Record<string, Record<string, unknown>> = {
  'DR-QYDJ': {
    uscc: ENTERPRISE.uscc,
    name: ENTERPRISE.name,
    entityType: '有限责任公司（自然人投资或控股）',
    legalRepresentative: ENTERPRISE.legalRep,
    registeredCapital: '100万元人民币',
    establishedDate: '2021-04-16',
    domicile: '峡州市峡江区滨江路88号',
    businessScope: '许可项目：餐饮服务；食品销售。一般项目：餐饮管理；外卖递送服务。',
    status: '存续（在营、开业、在册）',
    shareholders: [
      { name: ENTERPRISE.legalRep, subscribed: '70万元' },
      { name: '王秀兰', subscribed: '30万元' },
    ],
  },
  'DR-NSXX': {
    taxpayerId: ENTERPRISE.uscc,
    taxpayerName: ENTERPRISE.name,
    taxType: '增值税、企业所得税、城市维护建设税',
    taxPeriod: '2026-01-01至2026-03-31',
    paidAmount: 38526.47,
    voucherNo: '341126260400012873',
    arrearsStatus: '无欠税',
    deregistrationStatus: '未申请清税',
  },
  'DR-CLDJ': {
    plateNo: '豫Q·6H27F',
    plateType: '小型汽车号牌',
    vin: 'LGBH52E08MY012345',
    owner: ENTERPRISE.name,
    vehicleType: '轻型厢式货车',
    useNature: '货运',
    firstRegistrationDate: '2021-06-03',
    inspectionValidUntil: '2027-06-30',
    status: '正常',
  },
  'DR-XYXX': {
    subjectName: ENTERPRISE.name,
    subjectCode: ENTERPRISE.uscc,
    seriousDishonesty: '否',
    courtDishonesty: '否',
    penaltyCount: 0,
    redList: '否',
    creditRating: 'A级',
  },
};

interface ResourceShape {
  code: string;
  subject: 'person' | 'enterprise';
  fields: { key: string; label: string }[];
}

/**
 * The demo record of a resource for its subject kind: the curated record where there is one, trimmed to
 * the resource's published fields; for a resource a newer catalog adds, a plain record built from its
 * fields so that every resource answers for a demo account.
 */
export function demoRecord(resource: ResourceShape): { subjectKey: string; data: Record<string, unknown> } {
  const person = resource.subject === 'person';
  const curated = (person ? PERSON_RECORDS : ENTERPRISE_RECORDS)[resource.code] ?? {};
  const data: Record<string, unknown> = {};
  for (const f of resource.fields) {
    data[f.key] = f.key in curated ? curated[f.key] : fallback(f, person);
  }
  return { subjectKey: person ? DEMO_PERSON_ID : DEMO_USCC, data };
}

function fallback(f: { key: string; label: string }, person: boolean): unknown {
  const key = f.key.toLowerCase();
  if (key === 'idnumber') return person ? DEMO_PERSON_ID : DEMO_LEGAL_REP_ID;
  if (key === 'uscc') return DEMO_USCC;
  if (key === 'name') return person ? PERSON.name : ENTERPRISE.name;
  if (key.endsWith('date')) return '2024-01-01';
  if (key.endsWith('status')) return '正常';
  return `${f.label}（演示数据）`;
}
