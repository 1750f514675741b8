import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FILE } from '../../platform/authz/index.js';
import { contentDisposition } from '../../platform/files/file-name.js';
import { access, requirePrincipal } from '../../platform/http/access.js';
import { binary } from '../../platform/http/responses.js';
import { type FileService, fileTooLarge, missingFile } from './service.js';

const tags = ['材料文件'];

const Uploaded = z.object({
  fileId: z.string(),
  sha256: z.string(),
  size: z.number(),
  mime: z.string(),
  name: z.string(),
});

/** The `file` part of a multipart request; anything else is the applicant's mistake, told as such. */
async function filePart(req: FastifyRequest, limitBytes: number): Promise<MultipartFile> {
  if (!req.isMultipart()) throw missingFile();
  let part: MultipartFile | undefined;
  try {
    part = await req.file();
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(limitBytes);
    // A malformed body (no boundary, cut short, too many parts) is bad input, not a server fault.
    throw missingFile();
  }
  if (!part) throw missingFile();
  if (part.fieldname !== 'file') {
    part.file.resume();
    throw missingFile();
  }
  return part;
}

export function fileRoutes(files: FileService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // An upload route takes multipart only; other bodies get the same 400 as a missing file rather
    // than a bare 415 (JSON and text are parsed as usual and refused by the handler).
    app.addContentTypeParser('*', (_req, _payload, done) => done(missingFile(), undefined));

    app.post(
      '/api/files',
      {
        schema: {
          tags,
          summary: '上传材料文件（multipart/form-data，字段 file；按内容识别 PDF、JPG、PNG、OFD）',
          consumes: ['multipart/form-data'],
          // Documents the form for OpenAPI; the part itself is read as a stream by the handler.
          body: z
            .object({
              file: z
                .any()
                .meta({ type: 'string', format: 'binary', description: '材料文件，不超过大小限制' }),
            })
            .nullish(),
          response: { 201: Uploaded },
        },
        config: { access: access.user },
      },
      async (req, reply) => {
        const principal = requirePrincipal(req);
        const part = await filePart(req, files.sizeLimitBytes);
        const uploaded = await files.upload(principal, { name: part.filename, content: part.file });
        return reply.code(201).send(uploaded);
      },
    );

    app.get(
      '/api/files/:id',
      {
        schema: {
          tags,
          summary:
            '下载材料文件（上传人、持有该文件的办件的申请人及可查看该办件的工作人员；download=1 时作为附件下载）',
          // Any string: an id that is not a UUID is simply unknown (404), like any other.
          params: z.object({ id: z.string() }),
          querystring: z.object({ download: z.enum(['0', '1']).optional() }),
          response: {
            200: binary(['application/pdf', 'image/jpeg', 'image/png', 'application/ofd'], '材料文件'),
          },
        },
        config: { access: access.on(access.user, FILE.read) },
      },
      async (req, reply) => {
        const { file, stream } = await files.openForRead(requirePrincipal(req), req.params.id);
        return (
          reply
            .type(file.mime)
            .header('content-length', file.size)
            .header(
              'content-disposition',
              contentDisposition(file.original_name, req.query.download === '1' ? 'attachment' : 'inline'),
            )
            .header('etag', `"${file.sha256}"`)
            // Personal documents: never left in a shared or public cache (窗口 computers are shared).
            .header('cache-control', 'private, no-store')
            .send(stream)
        );
      },
    );
  };
}
