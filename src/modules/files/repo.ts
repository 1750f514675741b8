import type { Generated } from 'kysely';
import type { DbOrTx } from '../../platform/db/database.js';

export type FileTables = {
  files: {
    id: string;
    sha256: string;
    size: number;
    mime: string;
    original_name: string;
    owner_id: string;
    created_at: Generated<Date>;
  };
};

const t = (db: DbOrTx) => db.withTables<FileTables>();

/** One upload: who uploaded which bytes under which name. The bytes are in the blob store by sha256. */
export interface FileRow {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  original_name: string;
  owner_id: string;
  created_at: Date;
}

export async function insertFile(db: DbOrTx, row: Omit<FileRow, 'created_at'>): Promise<FileRow> {
  return t(db).insertInto('files').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findFile(db: DbOrTx, id: string): Promise<FileRow | undefined> {
  return t(db).selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOwnedFile(db: DbOrTx, ownerId: string, id: string): Promise<FileRow | undefined> {
  return t(db)
    .selectFrom('files')
    .selectAll()
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
}
