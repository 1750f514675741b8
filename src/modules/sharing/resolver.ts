/**
 * 减证便民 — when a material need not be brought: the rules as data-free functions, so they read (and
 * are tested) apart from the database.
 *
 * A material's `sharedFrom` names where the government already holds it:
 * - an e-licence type `LIC-…`: satisfied when the applicant holds a valid licence of that type;
 * - a data resource `DR-…`: satisfied when the resource is about the applicant's kind of subject
 *   (a person's resource answers for an ID number, an enterprise's for a USCC) and the department's
 *   system has a record for the applicant's number.
 * Anything else (no source, an unknown prefix, a resource of the other subject kind) leaves the
 * material to be uploaded.
 */

export type SourceKind = 'licence' | 'data';

export function sourceKind(code: string | null | undefined): SourceKind | null {
  if (!code) return null;
  if (code.startsWith('LIC-')) return 'licence';
  if (code.startsWith('DR-')) return 'data';
  return null;
}

export interface SharingApplicant {
  id: string;
  kind: 'person' | 'enterprise';
  idNumber: string | null;
  uscc: string | null;
}

/** The number a department's system files a subject under: ID number for people, USCC for enterprises. */
export function subjectKey(a: Pick<SharingApplicant, 'kind' | 'idNumber' | 'uscc'>): string | null {
  return (a.kind === 'person' ? a.idNumber : a.uscc) || null;
}

export interface ResolverPorts {
  holdsLicence(accountId: string, typeCode: string): Promise<boolean>;
  /** The data resource's subject kind, or undefined when the catalog has no such resource. */
  resourceSubject(code: string): Promise<'person' | 'enterprise' | undefined>;
  hasRecord(resourceCode: string, subjectKey: string): Promise<boolean>;
}

export async function resolveShared(
  applicant: SharingApplicant,
  sharedFrom: string | null | undefined,
  ports: ResolverPorts,
): Promise<{ source: string } | null> {
  const kind = sourceKind(sharedFrom);
  if (!kind || !sharedFrom) return null;
  if (kind === 'licence') {
    return (await ports.holdsLicence(applicant.id, sharedFrom)) ? { source: sharedFrom } : null;
  }
  const subject = await ports.resourceSubject(sharedFrom);
  if (subject !== applicant.kind) return null;
  const key = subjectKey(applicant);
  if (!key) return null;
  return (await ports.hasRecord(sharedFrom, key)) ? { source: sharedFrom } : null;
}

/** The purpose an automatic check is recorded under: 「办理<事项>核验<材料>」. */
export function verificationPurpose(materialName: string, itemName?: string | null): string {
  return itemName ? `办理「${itemName}」核验「${materialName}」` : `受理申请核验「${materialName}」`;
}
