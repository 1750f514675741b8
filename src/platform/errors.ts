/** One error type for the whole app; platform/http maps it to RFC 9457 problem+json. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Every stable `code` an answer may carry (problem+json `code`; integrators switch on it). One union,
 * so a new code is a deliberate addition here and a typo does not compile.
 */
export const ERROR_CODES = [
  // 400 / 413 / 414 / 415 / 422 / 431: the request itself
  'validation_failed',
  'bad_request',
  'payload_too_large',
  'uri_too_long',
  'header_too_large',
  'request_timeout',
  'unsupported_media_type',
  'idempotency_key_reused',
  // 401 / 403 / 404 / 429
  'unauthenticated',
  'invalid_credentials',
  'otp_required',
  'otp_invalid',
  'forbidden',
  'not_found',
  'too_many_requests',
  // 409: the state of things
  'already_registered',
  'busy',
  'stale',
  'idempotency_in_progress',
  'case_state',
  'bundle_case',
  'materials_missing',
  'materials_deferred',
  'materials_owed',
  'material_not_owed',
  'no_deferred',
  'step_state',
  'step_is_decision',
  'review_unfinished',
  'ticket_state',
  'extension_pending',
  'no_extension_pending',
  'licence_revoked',
  'licence_type_unknown',
  'licence_holder_unknown',
  'sms_code_invalid',
  'self_lockout',
  'catalog_outdated',
  // the contract's credit section (告知承诺/容缺 refused for a black-listed applicant)
  'credit_restricted',
  // 5xx
  'database_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }
}

export const validationFailed = (errors: FieldError[], detail = '请求内容有误，请按提示修改后重新提交') =>
  new AppError(400, 'validation_failed', '输入校验未通过', detail, errors);

export const unauthorized = (detail = '请先登录') =>
  new AppError(401, 'unauthenticated', '未登录或登录已过期', detail);

export const forbidden = (detail = '当前账号无权进行此操作') =>
  new AppError(403, 'forbidden', '无权操作', detail);

export const notFound = (what: string, id: string) =>
  new AppError(404, 'not_found', '未找到', `${what}「${id}」不存在`);

export const conflict = (code: ErrorCode, detail: string, title = '操作与当前状态冲突') =>
  new AppError(409, code, title, detail);

export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new AppError(429, 'too_many_requests', '请求过于频繁', detail, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
