/** One error type for the whole app; platform/http maps it to RFC 9457 problem+json. */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
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

export const conflict = (code: string, detail: string, title = '操作与当前状态冲突') =>
  new AppError(409, code, title, detail);

export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new AppError(429, 'too_many_requests', '请求过于频繁', detail, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });
