import { megabytes } from '../api/meta';
import type { Meta } from '../api/types';
import { ApiError, type Problem } from '../shared/api';
import type { UploadedFile } from './types';

/** What the server takes (GET /api/meta → uploads; it checks the content, not the name). */
export type UploadRules = Meta['uploads'];

/** The file picker's filter: `.pdf,.jpg,…` */
export const acceptOf = (rules: UploadRules | undefined) =>
  rules?.types.flatMap((t) => t.extensions.map((e) => `.${e}`)).join(',');

/** 「PDF、JPG、PNG 或 OFD」 */
export function typeNames(rules: UploadRules | undefined): string {
  const names = (rules?.types ?? []).map((t) => t.kind.toUpperCase());
  return names.length > 1 ? `${names.slice(0, -1).join('、')} 或 ${names.at(-1)}` : (names[0] ?? '');
}

export function sizeLabel(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Checks the browser can make before sending megabytes the server would refuse (by the server's rules). */
export function precheck(file: File, rules: UploadRules | undefined): string | null {
  if (file.size === 0) return `文件「${file.name}」是空文件`;
  if (!rules) return null;
  if (file.size > rules.maxBytes)
    return `文件「${file.name}」超过 ${megabytes(rules.maxBytes)}，请压缩或分页扫描后上传`;
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  if (!rules.types.some((t) => t.extensions.includes(ext)))
    return `「${file.name}」格式不支持，请上传 ${typeNames(rules)} 文件`;
  return null;
}

/**
 * POST /api/files through XMLHttpRequest, the one browser API that reports upload progress.
 * A refusal (415 wrong type, 413 too large) comes back as the server's problem+json.
 */
export function uploadFile(
  file: File,
  onProgress?: (percent: number) => void,
  signal?: AbortSignal,
): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/files');
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as UploadedFile);
      else reject(new ApiError({ ...((body ?? {}) as Partial<Problem>), status: xhr.status }));
    };
    xhr.onerror = () => reject(new ApiError({ status: 0 }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    const data = new FormData();
    data.append('file', file, file.name);
    xhr.send(data);
  });
}

export const fileUrl = (fileId: string, download = false) =>
  `/api/files/${encodeURIComponent(fileId)}${download ? '?download=1' : ''}`;
