import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Tongban } from '../../src/app.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { loadConfig } from '../../src/platform/config.js';
import { ENGINES, freshDatabase } from '../helpers/engines.js';
import { buildOfd, buildZip } from '../helpers/zip.js';

const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  Buffer.from('IHDR'),
  randomBytes(17),
]);
const JPG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
  Buffer.from('JFIF\0'),
  randomBytes(20),
]);
const OFD = buildOfd();

interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer | string;
}

/** A multipart/form-data body as a browser sends it (UTF-8 file names, raw bytes). */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----TongbanTest${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const head = [`--${boundary}`, `Content-Disposition: ${disposition}`];
    if (p.contentType) head.push(`Content-Type: ${p.contentType}`);
    chunks.push(Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'utf8'));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.each(ENGINES)('uploaded files on %s', (engine) => {
  let app: Tongban;
  let dataDir: string;
  let drop: () => Promise<void>;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tongban-files-'));
    const db = await freshDatabase(engine);
    drop = db.drop;
    app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, FILE_SIZE_LIMIT_MB: '1' }), {
      database: db.handle,
      seedDemo: true,
      serveWeb: false,
      loginRateLimitPerMinute: 1000,
    });
    for (const u of ['demo-person', 'demo-enterprise', 'demo-clerk']) {
      const r = await app.http.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: u, password: DEMO_PASSWORD },
      });
      tokens[u] = r.json().token;
    }
  });
  afterAll(async () => {
    await app.close();
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = (
    parts: Part[] | Part,
    opts: { as?: string | null; headers?: Record<string, string> } = {},
  ) => {
    const body = multipart([parts].flat());
    const as = opts.as === undefined ? 'demo-person' : opts.as;
    return app.http.inject({
      method: 'POST',
      url: '/api/files',
      payload: body.payload,
      headers: {
        ...body.headers,
        ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
        ...opts.headers,
      },
    });
  };
  const file = (data: Buffer | string, filename: string, contentType = 'application/octet-stream'): Part => ({
    name: 'file',
    filename,
    contentType,
    data,
  });
  const download = (id: string, as: string) =>
    app.http.inject({
      method: 'GET',
      url: `/api/files/${id}`,
      headers: { authorization: `Bearer ${tokens[as]}` },
    });

  /** Every blob kept on disk (staging files excluded), and every staging file left over. */
  async function disk(): Promise<{ blobs: string[]; staging: string[] }> {
    const root = join(dataDir, 'files');
    const dirs = await readdir(root).catch(() => [] as string[]);
    const blobs: string[] = [];
    for (const d of dirs.filter((d) => d !== 'tmp')) blobs.push(...(await readdir(join(root, d))));
    const staging = await readdir(join(root, 'tmp')).catch(() => [] as string[]);
    return { blobs, staging };
  }
  async function rows(): Promise<number> {
    const r = await sql<{ n: number }>`select count(*)::int as n from files`.execute(app.database.db);
    return r.rows[0]?.n ?? 0;
  }

  it.each([
    ['PDF', PDF, '营业执照副本.pdf', 'application/pdf'],
    ['PNG', PNG, '身份证正面.png', 'image/png'],
    ['JPG', JPG, '户口本.jpg', 'image/jpeg'],
    ['OFD', OFD, '电子发票.ofd', 'application/ofd'],
  ])(
    'accepts a %s, recognised by its content, with its SHA-256 and size',
    async (_kind, data, name, mime) => {
      const r = await upload(file(data, name));
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json()).toEqual({
        fileId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        sha256: sha256(data),
        size: data.length,
        mime,
        name,
      });
      expect((await disk()).blobs).toContain(sha256(data));
    },
  );

  it('stores the same bytes once but records each upload', async () => {
    const data = Buffer.concat([PDF, randomBytes(64)]);
    const before = await rows();
    const a = await upload(file(data, '申请表.pdf'));
    const b = await upload(file(data, '申请表（再次上传）.pdf'), { as: 'demo-enterprise' });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().fileId).not.toBe(b.json().fileId);
    expect(b.json().sha256).toBe(a.json().sha256);
    expect(await rows()).toBe(before + 2);
    const { blobs } = await disk();
    expect(blobs.filter((x) => x === sha256(data))).toHaveLength(1);
    const dir = await readdir(join(dataDir, 'files', sha256(data).slice(0, 2)));
    expect(dir.filter((x) => x === sha256(data))).toHaveLength(1);
  });

  it('refuses an executable, a text file named .pdf and a ZIP that is not OFD with 415, keeping nothing', async () => {
    const before = { rows: await rows(), blobs: (await disk()).blobs.length };
    const fakes: [Buffer, string, string][] = [
      [
        Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), randomBytes(200)]),
        'setup.exe',
        'application/x-msdownload',
      ],
      [Buffer.from('我不是PDF，只是改了扩展名的文本文件'), '营业执照.pdf', 'application/pdf'],
      [buildZip({ 'word/document.xml': '<w:document/>' }), '合同.ofd', 'application/ofd'],
    ];
    for (const [data, name, type] of fakes) {
      const r = await upload(file(data, name, type));
      expect(r.statusCode, name).toBe(415);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json()).toMatchObject({
        code: 'unsupported_media_type',
        detail: '仅支持 PDF、JPG、PNG、OFD 格式的文件',
      });
    }
    expect(await rows()).toBe(before.rows);
    const after = await disk();
    expect(after.blobs).toHaveLength(before.blobs);
    expect(after.staging).toEqual([]);
  });

  it('refuses a file over the configured limit with 413 naming the limit, and accepts one exactly at it', async () => {
    const before = { rows: await rows(), blobs: (await disk()).blobs.length };
    const tooBig = Buffer.concat([PDF, Buffer.alloc(MiB + 1 - PDF.length, 0x20)]);
    const r = await upload(file(tooBig, '大文件.pdf'));
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(r.json().detail).toContain('1 MB');
    expect(await rows()).toBe(before.rows);
    expect((await disk()).blobs).toHaveLength(before.blobs);
    expect((await disk()).staging).toEqual([]);

    const atLimit = tooBig.subarray(0, MiB);
    const ok = await upload(file(atLimit, '刚好1MB.pdf'));
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().size).toBe(MiB);
  });

  it('refuses an upload without a session with 401', async () => {
    const r = await upload(file(PDF, 'a.pdf'), { as: null });
    expect(r.statusCode).toBe(401);
  });

  it('answers a request without a file part, or not multipart at all, with 400 on field file', async () => {
    const requests = [
      await upload({ name: 'comment', data: '只有文字字段' }),
      await upload({ name: 'document', filename: 'a.pdf', contentType: 'application/pdf', data: PDF }),
      await app.http.inject({
        method: 'POST',
        url: '/api/files',
        headers: { authorization: `Bearer ${tokens['demo-person']}` },
        payload: { file: 'JVBERi0xLjQ=' },
      }),
      await app.http.inject({
        method: 'POST',
        url: '/api/files',
        headers: { authorization: `Bearer ${tokens['demo-person']}`, 'content-type': 'application/pdf' },
        payload: PDF,
      }),
      await app.http.inject({
        method: 'POST',
        url: '/api/files',
        headers: { authorization: `Bearer ${tokens['demo-person']}` },
      }),
      await app.http.inject({
        method: 'POST',
        url: '/api/files',
        headers: {
          authorization: `Bearer ${tokens['demo-person']}`,
          'content-type': 'multipart/form-data',
        },
        payload: 'no boundary here',
      }),
    ];
    for (const r of requests) {
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'file' }] });
    }
  });

  it('keeps only the base name of a path-like file name', async () => {
    const r = await upload(file(PNG, '..\\..\\windows\\照片.png'));
    expect(r.statusCode).toBe(201);
    expect(r.json().name).toBe('照片.png');
  });

  it('replays an upload sent again with the same Idempotency-Key instead of storing it twice', async () => {
    const data = Buffer.concat([PDF, randomBytes(32)]);
    const before = await rows();
    const headers = { 'idempotency-key': 'upload-1' };
    const first = await upload(file(data, '重复提交.pdf'), { headers });
    const second = await upload(file(data, '重复提交.pdf'), { headers });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await rows()).toBe(before + 1);
  });

  it('lets the owner download the file, and answers anyone else (staff included) as if it did not exist', async () => {
    const up = await upload(file(PDF, '营业执照 (副本).pdf', 'text/plain'));
    const { fileId } = up.json();

    const own = await download(fileId, 'demo-person');
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload).toEqual(PDF);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(own.headers['content-length']).toBe(String(PDF.length));
    expect(own.headers['content-disposition']).toBe(
      `inline; filename="____ (__).pdf"; filename*=UTF-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7%20%28%E5%89%AF%E6%9C%AC%29.pdf`,
    );

    // No case holds it: no member of staff has a reason to read it (test/integration/access-holes).
    const staff = await download(fileId, 'demo-clerk');
    expect(staff.statusCode).toBe(404);

    const other = await download(fileId, 'demo-enterprise');
    const unknown = await download('00000000-0000-4000-8000-000000000000', 'demo-enterprise');
    const malformed = await download('not-a-uuid', 'demo-enterprise');
    for (const r of [other, unknown, malformed]) {
      expect(r.statusCode).toBe(404);
      expect(r.json().code).toBe('not_found');
    }
    expect(other.json().detail).toBe(`文件「${fileId}」不存在`);

    const asAttachment = await app.http.inject({
      method: 'GET',
      url: `/api/files/${fileId}?download=1`,
      headers: { authorization: `Bearer ${tokens['demo-person']}` },
    });
    expect(asAttachment.headers['content-disposition']).toMatch(/^attachment; /);
    expect((await app.http.inject({ method: 'GET', url: `/api/files/${fileId}` })).statusCode).toBe(401);
  });

  it('exposes the lookups the case engine uses, and the read rule', async () => {
    const up = (await upload(file(JPG, '证件照.jpg'))).json();
    const person = await app.identity.sessions.resolve(tokens['demo-person'] as string);
    const clerk = await app.identity.sessions.resolve(tokens['demo-clerk'] as string);
    expect(person && clerk).toBeTruthy();
    if (!person || !clerk) return;

    expect(await app.files.getOwnedFile(person.id, up.fileId)).toMatchObject({
      id: up.fileId,
      sha256: up.sha256,
      mime: 'image/jpeg',
      owner_id: person.id,
    });
    expect(await app.files.getOwnedFile(clerk.id, up.fileId)).toBeUndefined();
    expect(await app.files.getFile(up.fileId)).toMatchObject({ id: up.fileId });
    expect(await app.files.getFile('nonsense')).toBeUndefined();

    // Files in no case: the owner only, staff included (FILE.read).
    expect(await app.files.canRead(person, (await app.files.getFile(up.fileId))!)).toBe(true);
    expect(await app.files.canRead(clerk, (await app.files.getFile(up.fileId))!)).toBe(false);
  });

  it('publishes both routes in the OpenAPI document', async () => {
    const r = await app.http.inject({ method: 'GET', url: '/docs/json' });
    expect(Object.keys(r.json().paths)).toEqual(expect.arrayContaining(['/api/files', '/api/files/{id}']));
  });
});
