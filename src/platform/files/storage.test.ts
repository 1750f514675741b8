import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobNotFoundError, BlobTooLargeError, createLocalBlobStore, localBlobPath } from './storage.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const chunks = (b: Buffer, size = 7) =>
  Readable.from(
    Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)),
  );

describe('local blob store', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tongban-blobs-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const stagingFiles = async () => readdir(join(root, 'tmp')).catch(() => []);

  it('hashes while streaming and keeps the bytes under their SHA-256 only on commit', async () => {
    const store = createLocalBlobStore(root);
    const data = Buffer.from('%PDF-1.7 一份申请材料');
    const staged = await store.stage(chunks(data));
    expect(staged).toMatchObject({ sha256: sha(data), size: data.length });
    expect(await staged.bytes.read(0, 5)).toEqual(Buffer.from('%PDF-'));
    expect(await store.has(sha(data))).toBe(false);
    await staged.commit();
    expect(await readFile(localBlobPath(root, sha(data)))).toEqual(data);
    expect(localBlobPath(root, sha(data))).toBe(join(root, sha(data).slice(0, 2), sha(data)));
    expect(await stagingFiles()).toEqual([]);
  });

  it('stores the same bytes once', async () => {
    const store = createLocalBlobStore(root);
    const data = Buffer.from('same bytes');
    await (await store.stage(chunks(data))).commit();
    await (await store.stage(chunks(data))).commit();
    expect(await readdir(join(root, sha(data).slice(0, 2)))).toEqual([sha(data)]);
    expect(await stagingFiles()).toEqual([]);
  });

  it('leaves nothing behind when staged bytes are discarded or too large', async () => {
    const store = createLocalBlobStore(root);
    await (await store.stage(chunks(Buffer.from('refused')))).discard();
    await expect(store.stage(chunks(Buffer.alloc(100)), { maxBytes: 99 })).rejects.toBeInstanceOf(
      BlobTooLargeError,
    );
    expect(await (await store.stage(chunks(Buffer.alloc(99)), { maxBytes: 99 })).size).toBe(99);
    expect((await stagingFiles()).length).toBe(1);
  });

  it('streams stored bytes back and reports missing ones', async () => {
    const store = createLocalBlobStore(root);
    const data = Buffer.from('read me back');
    await (await store.stage(chunks(data))).commit();
    const { stream, size } = await store.open(sha(data));
    expect(size).toBe(data.length);
    expect(Buffer.concat(await stream.toArray())).toEqual(data);
    await expect(store.open('0'.repeat(64))).rejects.toBeInstanceOf(BlobNotFoundError);
    await expect(store.open('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
  });
});
