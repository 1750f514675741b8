import type { Db } from '../../platform/db/database.js';
import { loadPiiCipher, type PiiCipher } from './pii-crypto.js';
import { anySealed } from './repo.js';

/**
 * The personal-data keys from the key directory (beside the licence signing keys). A fresh key is
 * made only while the database holds nothing sealed: a lost key file stops start-up instead of
 * silently making every sealed number unreadable.
 */
export function openPiiCipher(db: Db, keysDir: string): Promise<PiiCipher> {
  return loadPiiCipher(keysDir, async () => !(await anySealed(db)));
}
