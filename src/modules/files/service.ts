import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { record } from '../../platform/audit/index.js';
import { type Authz, FILE, type ObjectFacts } from '../../platform/authz/index.js';
import type { Db } from '../../platform/db/database.js';
import { dataPath } from '../../platform/db/database.js';
import { transaction } from '../../platform/db/unit-of-work.js';
import { AppError, notFound, validationFailed } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events.js';
import { sniffFileType } from '../../platform/files/content-type.js';
import { sanitizeFileName } from '../../platform/files/file-name.js';
import {
  type BlobStore,
  BlobTooLargeError,
  createLocalBlobStore,
  type StagedBlob,
} from '../../platform/files/storage.js';
import type { Principal } from '../../platform/http/access.js';
import type { FileRow } from './repo.js';
import * as repo from './repo.js';

export type { FileRow } from './repo.js';

const MiB = 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const formatLimit = (bytes: number) => `${Number((bytes / MiB).toFixed(2))} MB`;

export const fileTooLarge = (limitBytes: number) =>
  new AppError(
    413,
    'payload_too_large',
    '文件过大',
    `上传的文件超过了大小限制，单个文件不能超过 ${formatLimit(limitBytes)}`,
  );

export const unsupportedFileType = () =>
  new AppError(415, 'unsupported_media_type', '不支持的文件格式', '仅支持 PDF、JPG、PNG、OFD 格式的文件');

export const missingFile = () =>
  validationFailed([{ field: 'file', message: '请以 multipart/form-data 方式在 file 字段中上传文件' }]);

/**
 * Which cases hold a file, asked of the cases module through its service (never its tables): a file
 * is readable by its owner, the applicant of a case holding it, and staff who may read such a case
 * (platform/authz FILE.read).
 */
export interface FileHolders {
  holdingFile(fileId: string): Promise<ObjectFacts[]>;
}

export interface UploadInput {
  /** The name the client gave; shown back after sanitising, never used to decide the type. */
  name: string | undefined;
  /** The bytes. `truncated` is set by a multipart parser that cut the stream at its size limit. */
  content: Readable & { truncated?: boolean };
}

export interface UploadedFile {
  fileId: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
}

export interface FileServiceOptions {
  /** Blobs go to `<dataDir>/files` unless a store is given. */
  dataDir: string;
  sizeLimitMb: number;
  store?: BlobStore;
  authz: Authz;
  /** The cases module (bound after it is built: it uses this service too). */
  holders: FileHolders;
}

export function createFileService(db: Db, opts: FileServiceOptions) {
  const store = opts.store ?? createLocalBlobStore(dataPath(opts.dataDir, 'files'));
  const sizeLimitBytes = Math.floor(opts.sizeLimitMb * MiB);

  /** The file as the authorization layer sees it; the holding cases are asked only when needed. */
  async function facts(p: Principal, file: FileRow): Promise<ObjectFacts> {
    const base = { kind: 'file' as const, id: file.id, ownerId: file.owner_id };
    return file.owner_id === p.id ? base : { ...base, cases: await opts.holders.holdingFile(file.id) };
  }

  async function getFile(fileId: string): Promise<FileRow | undefined> {
    return UUID.test(fileId) ? repo.findFile(db, fileId) : undefined;
  }

  return {
    sizeLimitBytes,

    /**
     * Stores an upload: hashed while it streams to a staging file, typed by its content, kept under
     * its hash (once, however often it is uploaded) and recorded as a row owned by `owner`.
     */
    async upload(owner: Principal, input: UploadInput): Promise<UploadedFile> {
      let staged: StagedBlob;
      try {
        staged = await store.stage(input.content, { maxBytes: sizeLimitBytes });
      } catch (e) {
        if (e instanceof BlobTooLargeError) throw fileTooLarge(sizeLimitBytes);
        throw e;
      }
      let type: Awaited<ReturnType<typeof sniffFileType>>;
      try {
        if (input.content.truncated) throw fileTooLarge(sizeLimitBytes);
        type = await sniffFileType(staged.bytes);
        if (!type) throw unsupportedFileType();
        await staged.commit();
      } catch (e) {
        await staged.discard();
        throw e;
      }
      const row = {
        id: randomUUID(),
        sha256: staged.sha256,
        size: staged.size,
        mime: type.mime,
        original_name: sanitizeFileName(input.name, type),
        owner_id: owner.id,
      };
      // A blob whose row never commits is an orphan a sweep can remove; a row without its blob would
      // be a broken material, so the blob is kept first.
      await transaction(db, async (tx) => {
        await repo.insertFile(tx, row);
        await appendEvent(tx, {
          aggregateType: 'file',
          aggregateId: row.id,
          type: 'file.uploaded',
          actorId: owner.id,
          payload: { sha256: row.sha256, size: row.size, mime: row.mime },
        });
      });
      return { fileId: row.id, sha256: row.sha256, size: row.size, mime: row.mime, name: row.original_name };
    },

    /** The row of an upload, whoever owns it; undefined for an unknown or malformed id. */
    getFile,

    /** The row of an upload owned by `ownerId` (what an applicant may attach to their case). */
    async getOwnedFile(ownerId: string, fileId: string): Promise<FileRow | undefined> {
      return UUID.test(fileId) ? repo.findOwnedFile(db, ownerId, fileId) : undefined;
    },

    /** Whether `principal` may read `file` (FILE.read). */
    canRead: async (principal: Principal, file: FileRow) =>
      opts.authz.can(principal, FILE.read, await facts(principal, file)),

    /** The file and its bytes for `principal`; 404 alike for unknown ids and files they may not read. */
    async openForRead(principal: Principal, fileId: string): Promise<{ file: FileRow; stream: Readable }> {
      const file = await getFile(fileId);
      if (!file) throw notFound('文件', fileId);
      const allowed = await opts.authz.can(principal, FILE.read, await facts(principal, file));
      // Staff reading someone's document, or anyone refused one, is in the audit log (not owners' own reads).
      if (!allowed || file.owner_id !== principal.id)
        await record(db, {
          action: 'file.read',
          object: `file:${file.id}`,
          outcome: allowed ? 'success' : 'denied',
          detail: { ownerId: file.owner_id },
        });
      // Someone who may not read it learns nothing, not even that it exists.
      if (!allowed) throw notFound('文件', fileId);
      const { stream } = await store.open(file.sha256);
      return { file, stream };
    },
  };
}

export type FileService = ReturnType<typeof createFileService>;
