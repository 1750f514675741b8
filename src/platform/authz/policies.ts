import type { Role } from '../http/access.js';
import {
  allOf,
  always,
  anyOf,
  applicantOf,
  type Condition,
  department,
  issuerOf,
  type ObjectKind,
  ownerOf,
  type Policy,
  policy,
  regionSubtree,
  role,
  viaCase,
  viaCaseOfOwner,
} from './model.js';

/**
 * Who may do what, as one table (docs/security.md renders it for people). Each entry is role × data
 * scope × relation to the object; `see` failing answers 404, `do` failing answers 403.
 */

/**
 * Who may read a case: its applicant; a window clerk of its region subtree (无差别全科受理: any
 * window takes in any case of its area); any staff of the department it is routed to; supervisors
 * (效能监察) and administrators of its region subtree.
 */
const caseReader: Condition = anyOf(
  applicantOf,
  allOf(role('window'), regionSubtree),
  department,
  allOf(role('supervisor', 'admin'), regionSubtree),
);

/** The department's own case workers (审查、决定、制证): who works a case once it is in. */
const caseWorker: Condition = allOf(role('reviewer', 'approver', 'issuer'), department);

export const CASE = {
  read: policy('case.read', 'case', caseReader),
  /** 补交材料: the applicant, or a window clerk of the region on the applicant's behalf. */
  supply: policy('case.supply', 'case', caseReader, anyOf(applicantOf, allOf(role('window'), regionSubtree))),
  /**
   * 数据共享 lookup for a case: only the department working it (a window takes cases in but does not
   * handle them). The subject and resource are checked against the case by the sharing service.
   */
  lookup: policy('case.lookup', 'case', caseReader, caseWorker),
} as const;

/** A licence a member of staff may see: one their department issued, or one a case of theirs cites. */
const licenceStaffReach = anyOf(issuerOf, viaCaseOfOwner(department));

export const LICENCE = {
  /**
   * The holder reads freely. Staff read only for a case of their department whose applicant holds
   * the licence (the case is cited with the read, which is logged for the holder).
   */
  read: policy('licence.read', 'licence', anyOf(ownerOf, viaCaseOfOwner(department))),
  /** What a licence list may show: the holder's wallet, or the issuer role's register of its department. */
  list: policy('licence.list', 'licence', anyOf(ownerOf, allOf(role('issuer'), issuerOf))),
  /** The signed PDF: the holder, or the issuer role of the issuing department (its archive copy). */
  pdf: policy(
    'licence.pdf',
    'licence',
    anyOf(ownerOf, licenceStaffReach),
    anyOf(ownerOf, allOf(role('issuer'), issuerOf)),
  ),
  /** 注销 and 换发 change a legal document: the `issuer` role of the issuing department only. */
  revoke: policy(
    'licence.revoke',
    'licence',
    anyOf(ownerOf, licenceStaffReach),
    allOf(role('issuer'), issuerOf),
  ),
  reissue: policy(
    'licence.reissue',
    'licence',
    anyOf(ownerOf, licenceStaffReach),
    allOf(role('issuer'), issuerOf),
  ),
} as const;

export const FILE = {
  /**
   * An uploaded file: its owner, the applicant of a case that holds it (a clerk may have uploaded it
   * for them), and staff who may read a case that holds it. No one else, staff included.
   */
  read: policy('file.read', 'file', anyOf(ownerOf, viaCase(applicantOf), viaCase(caseReader))),
} as const;

export const STAFF = {
  /** A city or county administrator manages staff of its own region subtree only. */
  manage: policy('staff.manage', 'staff', always, allOf(role('admin'), regionSubtree)),
  /**
   * An existing account named by id (role change, TOTP re-enrolment, unlock): an administrator of its
   * region subtree; outside it the account's existence is not revealed (404).
   */
  account: policy(
    'staff.account',
    'staff',
    allOf(role('admin'), regionSubtree),
    allOf(role('admin'), regionSubtree),
  ),
} as const;

export const MESSAGE = { read: policy('message.read', 'message', ownerOf) } as const;
export const DRAFT = { edit: policy('draft.edit', 'draft', ownerOf) } as const;

/**
 * The authorization half of a workflow definition (cases today; the kernel's tickets and
 * rectifications plug in the same way): who may read an object, and for each action which actors
 * may ever take it. An actor is `applicant` or a staff role; how each is scoped defaults to
 * `actorScope` and may be overridden per workflow.
 */
export interface WorkflowAuthz {
  name: string;
  kind: ObjectKind;
  read: Condition;
  actions: Readonly<Record<string, { readonly by: readonly string[]; readonly label?: string }>>;
  scope?: Readonly<Partial<Record<string, Condition>>>;
}

/**
 * How an actor is scoped by default: the applicant acts on their own objects; the window, the
 * hotline agent and the supervisor within their region subtree; every other role within the
 * department the object is routed to.
 */
export function actorScope(actor: string): Condition {
  if (actor === 'applicant') return applicantOf;
  if (actor === 'window' || actor === 'agent' || actor === 'supervisor')
    return allOf(role(actor as Role), regionSubtree);
  return allOf(role(actor as Role), department);
}

export const actorCondition = (w: WorkflowAuthz, actor: string): Condition =>
  w.scope?.[actor] ?? actorScope(actor);

/** The policy of one workflow action: see = the workflow's read rule; do = any of its actors. */
export function actionPolicy(w: WorkflowAuthz, action: string): Policy {
  const a = w.actions[action];
  if (!a || a.by.length === 0) throw new Error(`workflow ${w.name}: action ${action} declares no actor`);
  return policy(`${w.name}.${action}`, w.kind, w.read, anyOf(...a.by.map((x) => actorCondition(w, x))));
}

export { caseReader };
