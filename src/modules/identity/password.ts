import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): strong enough for 等保 level 3 and about 20 ms here.
const ARGON2ID = 2; // Algorithm.Argon2id: a const enum, which isolatedModules cannot inline
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (plain: string): Promise<string> => hash(plain, OPTIONS);

export async function verifyPassword(stored: string, plain: string): Promise<boolean> {
  try {
    return await verify(stored, plain);
  } catch {
    return false;
  }
}

/** Verifying against a throwaway hash when no account matches keeps response time from revealing which usernames exist. */
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(plain: string): Promise<void> {
  dummy ??= hashPassword('tongban-dummy-password');
  await verifyPassword(await dummy, plain);
}

/** 等保 2.0: at least 8 characters mixing three of upper case, lower case, digits and symbols. */
export function checkPasswordStrength(p: string): string | null {
  if (p.length < 8 || p.length > 64) return '密码长度应为8至64位';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
  if (classes < 3) return '密码需包含大写字母、小写字母、数字、符号中的至少三种';
  return null;
}
