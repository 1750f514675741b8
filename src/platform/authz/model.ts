import { isProvinceCode, type Principal, type Role } from '../http/access.js';

/**
 * The one authorization model: a decision is role × data scope × relation to the object. Routes name
 * the rule beside their path; services load the object, describe it as `ObjectFacts` and ask
 * `authorize()`; the workflow kernel does the same for every action. Nothing else decides.
 *
 * Conditions are plain data with a label (for docs, test output and the audit log) and a pure test,
 * so the generated access matrix can evaluate the very rule a route declares against its fixtures.
 */

/** What kinds of object the platform guards. A new kind needs fixtures in the access matrix. */
export type ObjectKind =
  | 'case'
  | 'licence'
  | 'file'
  | 'staff'
  | 'message'
  | 'draft'
  | 'ticket'
  | 'rectification'
  | 'inspection-task';

/** What a decision needs to know about an object: only the facts scope and relation read. */
export interface ObjectFacts {
  kind: ObjectKind;
  id: string;
  /** Where the object lives (a case's region, a staff account's region). */
  regionCode?: string | null;
  /** The department the object is routed to (a case's handling department, a ticket's). */
  departmentCode?: string | null;
  /** The applicant of a case (办事人). */
  applicantId?: string | null;
  /** Who owns it: a file's uploader, a licence's holder, a message's recipient, a draft's author. */
  ownerId?: string | null;
  /** The department that issued it (a licence). */
  issuerDepartmentCode?: string | null;
  /**
   * Cases the object is reached through: for a file, the cases holding it; for a licence read by
   * staff, the case the read cites; for a data lookup, the case it is made for.
   */
  cases?: readonly ObjectFacts[];
}

/** A principal together with its data scope, resolved once per decision. */
export interface Reach {
  principal: Principal;
  /** The principal's region and every region below it (empty for non-staff). */
  subtree: ReadonlySet<string>;
}

export interface Condition {
  readonly label: string;
  test(r: Reach, o: ObjectFacts): boolean;
}

/**
 * A rule about one action on one kind of object. `see` decides whether the object exists for the
 * caller at all (else 404: existence is not revealed); `do` whether the caller may take the action
 * on an object it can see (else 403).
 */
export interface Policy {
  readonly name: string;
  readonly kind: ObjectKind;
  readonly see: Condition;
  readonly do: Condition;
}

const cond = (label: string, test: Condition['test']): Condition => ({ label, test });
const isStaff = (p: Principal) => p.kind === 'staff';

export const always = cond('anyone', () => true);
export const never = cond('no one', () => false);

/** Staff holding one of the roles. */
export const role = (...roles: Role[]): Condition =>
  cond(
    `role ${roles.join('|')}`,
    (r) => isStaff(r.principal) && r.principal.roles.some((x) => roles.includes(x)),
  );

/** A person or an enterprise (办事人), never staff. */
export const applicant = cond('a person or enterprise', (r) => !isStaff(r.principal));

/** Staff whose region subtree contains the object's region. */
export const regionSubtree = cond(
  'object in own region subtree',
  (r, o) => isStaff(r.principal) && !!o.regionCode && r.subtree.has(o.regionCode),
);

/** Staff of the department the object is routed to. */
export const department = cond(
  'own department handles it',
  (r, o) =>
    isStaff(r.principal) && !!r.principal.departmentCode && r.principal.departmentCode === o.departmentCode,
);

/** The applicant of the case. */
export const applicantOf = cond(
  'applicant of the case',
  (r, o) => !isStaff(r.principal) && !!o.applicantId && o.applicantId === r.principal.id,
);

/** The owner (uploader, holder, recipient, author). */
export const ownerOf = cond('owner', (r, o) => !!o.ownerId && o.ownerId === r.principal.id);

/** Staff of the department that issued the object. */
export const issuerOf = cond(
  'own department issued it',
  (r, o) =>
    isStaff(r.principal) &&
    !!r.principal.departmentCode &&
    r.principal.departmentCode === o.issuerDepartmentCode,
);

export { isProvinceCode };

/** Staff whose own region is a province (calendar years and catalog imports are provincial). */
export const provinceLevel = cond(
  'province-level account',
  (r) => isStaff(r.principal) && isProvinceCode(r.principal.regionCode),
);

/** Some case the object is reached through satisfies `c`. */
export const viaCase = (c: Condition): Condition =>
  cond(`via a case: ${c.label}`, (r, o) => (o.cases ?? []).some((k) => c.test(r, k)));

/** Some cited case whose applicant is the object's owner satisfies `c` (a licence read for a case). */
export const viaCaseOfOwner = (c: Condition): Condition =>
  cond(`via a case of the holder: ${c.label}`, (r, o) =>
    (o.cases ?? []).some((k) => !!o.ownerId && k.applicantId === o.ownerId && c.test(r, k)),
  );

export const anyOf = (...cs: Condition[]): Condition =>
  cond(cs.map((c) => c.label).join(' OR '), (r, o) => cs.some((c) => c.test(r, o)));

export const allOf = (...cs: Condition[]): Condition =>
  cond(cs.map((c) => `(${c.label})`).join(' AND '), (r, o) => cs.every((c) => c.test(r, o)));

export const policy = (name: string, kind: ObjectKind, see: Condition, doIt: Condition = see): Policy => ({
  name,
  kind,
  see,
  do: doIt,
});

export type Verdict = 'ok' | 'not_found' | 'forbidden';

/** The decision itself: pure, synchronous, the same for routes, services, the kernel and the matrix. */
export function decide(r: Reach, p: Policy, o: ObjectFacts): Verdict {
  if (!p.see.test(r, o)) return 'not_found';
  if (!p.do.test(r, o)) return 'forbidden';
  return 'ok';
}
