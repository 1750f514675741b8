import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseProblem } from '../db/errors.js';
import { IdempotentReplay } from '../db/unit-of-work.js';
import { AppError, type ErrorCode, type FieldError } from '../errors.js';
import { sendReplay } from './idempotency.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

/** The RFC 9457 body; also written raw for errors Node answers before Fastify (server.ts). */
export function problemBody(
  status: number,
  code: ErrorCode,
  title: string,
  detail?: string,
  errors?: FieldError[],
) {
  return {
    type: `https://tongban.gov.cn/problems/${code.replace(/_/g, '-')}`,
    title,
    status,
    detail: detail ?? title,
    code,
    ...(errors ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, e: AppError): FastifyReply {
  if (e.headers) reply.headers(e.headers);
  return reply
    .code(e.status)
    .type(PROBLEM)
    .send(problemBody(e.status, e.code, e.title, e.detail, e.errors));
}

/**
 * @fastify/busboy's (and busboy's) words for a multipart body cut short or malformed. They surface while a handler reads the
 * file stream, after the route's own checks, and are the sender's fault.
 */
const MULTIPART_BROKEN =
  /^(Unexpected end of (multipart data|form|file)|Malformed part header|Multipart: Boundary not found)|terminated early due to unexpected end of multipart data$/;

function isBrokenMultipart(req: FastifyRequest, err: Error): boolean {
  const type = req.headers['content-type'] ?? '';
  return type.startsWith('multipart/') && MULTIPART_BROKEN.test(err.message ?? '');
}

function fieldOf(context: string | undefined, instancePath: string): string {
  const path = instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
  if (context === 'body') return path || 'body';
  return path || context || 'request';
}

const FASTIFY_CODES: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', '不支持的内容类型'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', '请求内容过大'],
  FST_ERR_NOT_FOUND: [404, 'not_found', '未找到'],
};

/** The one place where errors become HTTP responses. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return sendProblem(reply, err);
    // A twin request committed first: answer with its outcome.
    if (err instanceof IdempotentReplay) return sendReplay(reply, err);
    // A locked object (409 busy) or a database that does not answer (503): db/errors.ts decides.
    const db = databaseProblem(err);
    if (db) {
      if (db.status === 503) req.log.warn({ code: err.code, reason: err.message }, 'database unavailable');
      return sendProblem(reply, db);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors: FieldError[] = err.validation.map((v) => ({
        field: fieldOf(err.validationContext, v.instancePath),
        message: v.message ?? '格式不正确',
      }));
      return sendProblem(
        reply,
        new AppError(400, 'validation_failed', '输入校验未通过', '请求内容有误', errors),
      );
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return sendProblem(reply, new AppError(known[0], known[1], known[2], err.message));
    if (
      err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err instanceof SyntaxError
    ) {
      return sendProblem(
        reply,
        new AppError(400, 'validation_failed', '输入校验未通过', '请求体不是合法的 JSON', [
          { field: 'body', message: '请求体不是合法的 JSON' },
        ]),
      );
    }
    if (isBrokenMultipart(req, err)) {
      return sendProblem(
        reply,
        new AppError(400, 'validation_failed', '输入校验未通过', '上传内容不完整或格式有误，请重新上传', [
          { field: 'file', message: '上传内容不完整或格式有误，请重新上传' },
        ]),
      );
    }
    if (err.statusCode === 429) {
      return sendProblem(
        reply,
        new AppError(429, 'too_many_requests', '请求过于频繁', '请求过于频繁，请稍后再试'),
      );
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendProblem(reply, new AppError(err.statusCode, 'bad_request', '请求有误', err.message));
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, new AppError(500, 'internal_error', '系统繁忙', '系统内部错误，请稍后再试'));
  });
}
