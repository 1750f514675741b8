import type { FieldError } from '../../platform/errors.js';

/**
 * 告知承诺: the text the applicant signs is the server's, from the item's material (and the applicant's
 * real name); it is stored with the case for the later verification (事中事后核查) and shown to staff
 * as signed. A client may echo the text it displayed; a different text is refused (400 naming
 * `materials.<i>.commitmentText`) rather than silently replaced, so a tampered or outdated client
 * learns that what it showed is not what would be signed.
 */
export function commitmentText(materialName: string, applicant: string): string {
  return `本人（单位）${applicant}承诺：已符合「${materialName}」所证明的条件，所填写信息真实、准确、完整；如有不实，愿意承担相应法律责任，并同意记入信用记录。`;
}

export function checkCommitmentText(
  given: string | undefined,
  expected: string,
  index: number,
): FieldError | null {
  if (given === undefined || given === expected) return null;
  return {
    field: `materials.${index}.commitmentText`,
    message: '告知承诺书内容由系统按事项和材料生成，不能修改',
  };
}
