import type { Generated } from 'kysely';
import { columnsOf } from '../../platform/db/columns.js';
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

const FILE_COLUMNS = columnsOf<FileTables['files']>()([
  'id',
  'sha256',
  'size',
  'mime',
  'original_name',
  'owner_id',
  'created_at',
]);

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
  return t(db).insertInto('files').values(row).returning(FILE_COLUMNS).executeTakeFirstOrThrow();
}

export async function findFile(db: DbOrTx, id: string): Promise<FileRow | undefined> {
  return t(db).selectFrom('files').select(FILE_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findOwnedFile(db: DbOrTx, ownerId: string, id: string): Promise<FileRow | undefined> {
  return t(db)
    .selectFrom('files')
    .select(FILE_COLUMNS)
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
}
