import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteSource } from './content-type.js';

/**
 * Where uploaded bytes live, addressed by their SHA-256: the same document uploaded twice is stored
 * once. Local disk today; an S3-compatible store implements the same interface (stage to a
 * temporary key, copy to the content key on commit).
 */
export interface BlobStore {
  /**
   * Streams content into a staging area while hashing it. Nothing is visible under its hash until
   * `commit()`, so content can be inspected (and refused) first. Throws BlobTooLargeError past
   * `maxBytes`, leaving nothing behind.
   */
  stage(content: Readable, opts?: { maxBytes?: number }): Promise<StagedBlob>;
  /** The stored bytes; throws BlobNotFoundError when they are not there. */
  open(sha256: string): Promise<{ stream: Readable; size: number }>;
  has(sha256: string): Promise<boolean>;
}

export interface StagedBlob {
  readonly sha256: string;
  readonly size: number;
  /** Random access to the staged bytes, to decide what they are before keeping them. */
  readonly bytes: ByteSource;
  /** Keeps the bytes under their hash (a no-op for bytes already stored). */
  commit(): Promise<void>;
  /** Throws the staged bytes away; safe to call after commit or twice. */
  discard(): Promise<void>;
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`content exceeds ${maxBytes} bytes`);
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly sha256: string) {
    super(`blob ${sha256} is missing from the store`);
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** `<root>/<first two hex digits>/<sha256>`: two hex digits keep any one directory to a few thousand files. */
export function localBlobPath(root: string, sha256: string): string {
  if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
  return join(resolve(root), sha256.slice(0, 2), sha256);
}

function fileSource(path: string, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(n);
      if (n === 0) return buf;
      const fh = await open(path, 'r');
      try {
        const { bytesRead } = await fh.read(buf, 0, n, offset);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
  };
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Content-addressed blobs on local disk under `root`. Staging files are written in `root/tmp`, on the
 * same file system as their destination, so keeping one is an atomic rename: a reader never sees a
 * half-written file under a hash, and a crash leaves at most a stray staging file.
 */
export function createLocalBlobStore(root: string): BlobStore {
  const base = resolve(root);
  const staging = join(base, 'tmp');

  return {
    async stage(content, opts = {}) {
      await mkdir(staging, { recursive: true });
      const tmp = join(staging, `${randomUUID()}.part`);
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (opts.maxBytes !== undefined && size > opts.maxBytes)
            return done(new BlobTooLargeError(opts.maxBytes));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(content, meter, createWriteStream(tmp, { flags: 'wx' }));
        // Durable before it can be renamed into place: the row that points at it commits next.
        const fh = await open(tmp, 'r');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      const sha256 = hash.digest('hex');
      let settled = false;
      return {
        sha256,
        size,
        bytes: fileSource(tmp, size),
        async commit() {
          if (settled) return;
          const target = localBlobPath(base, sha256);
          if (await exists(target)) {
            await rm(tmp, { force: true });
          } else {
            await mkdir(join(base, sha256.slice(0, 2)), { recursive: true });
            // Two uploads of the same new bytes may race here; both renames leave identical content.
            await rename(tmp, target);
          }
          settled = true;
        },
        async discard() {
          settled = true;
          await rm(tmp, { force: true });
        },
      };
    },

    async open(sha256) {
      let fh: Awaited<ReturnType<typeof open>>;
      try {
        fh = await open(localBlobPath(base, sha256), 'r');
      } catch (e) {
        if (isMissing(e)) throw new BlobNotFoundError(sha256);
        throw e;
      }
      try {
        const { size } = await fh.stat();
        return { stream: fh.createReadStream(), size };
      } catch (e) {
        await fh.close();
        throw e;
      }
    },

    has: (sha256) => exists(localBlobPath(base, sha256)),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}
