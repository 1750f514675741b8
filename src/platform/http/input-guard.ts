import { AppError, type FieldError } from '../errors.js';

/**
 * Bad input is refused at the edge, in one place, before any module sees it: a NUL byte or a lone
 * surrogate cannot be stored by PostgreSQL (and made the driver throw → 500), a body nested thousands
 * deep exhausts recursive validators, and a megabyte URL is no request a browser makes.
 */
export const EDGE_LIMITS = {
  /** Request line target (path + query). Node's own parser stops at 16 KiB of headers (431). */
  maxUrlLength: 8 * 1024,
  /** Arrays and objects inside one JSON body; catalog/v1 documents need well under 20. */
  maxJsonDepth: 64,
};

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be accepted, or null when it can. */
export function badText(s: string): string | null {
  if (s.includes('\u0000')) return '不能包含空字符（NUL）';
  if (LONE_SURROGATE.test(s)) return '包含无效的 Unicode 字符（孤立代理项）';
  return null;
}

const join = (path: (string | number)[]) => path.join('.');

/**
 * The first string (value or key) in a parsed value that cannot be accepted, with its field path.
 * Iterative: the depth was bounded before parsing, but the walk must not recurse either way.
 */
export function findBadValue(value: unknown, root: (string | number)[] = []): FieldError | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: root }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const why = badText(v);
      if (why) return { field: join(path) || 'body', message: why };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
    } else if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const why = badText(k);
        if (why) return { field: join(path) || 'body', message: `字段名${why}` };
        // The same rule as Fastify's default parser (secure-json-parse): no prototype poisoning.
        if (k === '__proto__') return { field: join([...path, k]), message: '不允许的字段名' };
        stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
      }
    }
  }
  return null;
}

/**
 * Nesting depth of JSON text, counted without parsing (brackets inside strings do not count).
 * Returns the top-level key under which the limit was passed, '' at the top, or null when within.
 */
export function jsonTooDeep(text: string, max: number): string | null {
  let depth = 0;
  let inString = false;
  let topKeyStart = -1;
  let topKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) {
        inString = false;
        if (topKeyStart >= 0) {
          topKey = text.slice(topKeyStart, i);
          topKeyStart = -1;
        }
      }
      continue;
    }
    if (c === 0x22) {
      inString = true;
      // A string that starts at depth 1 right after `{` or `,` is a top-level key.
      if (depth === 1) {
        let j = i - 1;
        while (j >= 0 && /\s/.test(text[j]!)) j--;
        if (text[j] === '{' || text[j] === ',') topKeyStart = i + 1;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return depth === 1 ? '' : topKey;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return null;
}

export const badInput = (errors: FieldError[], detail = '请求内容包含无法处理的字符或结构') =>
  new AppError(400, 'validation_failed', '输入校验未通过', detail, errors);

/** Parses a JSON request body under the edge rules; throws AppError (400) naming the field. */
export function parseJsonBody(raw: string): unknown {
  // A UTF-8 byte-order mark, as some Windows tools write it (Fastify's default parser accepted it too).
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  if (text === '' || /^\s*$/.test(text)) {
    throw badInput([{ field: 'body', message: '请求体为空' }], '请求体不是合法的 JSON');
  }
  const deep = jsonTooDeep(text, EDGE_LIMITS.maxJsonDepth);
  if (deep !== null) {
    throw badInput(
      [{ field: deep || 'body', message: `嵌套层级超过 ${EDGE_LIMITS.maxJsonDepth} 层` }],
      '请求体嵌套过深',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badInput([{ field: 'body', message: '请求体不是合法的 JSON' }], '请求体不是合法的 JSON');
  }
  const bad = findBadValue(value);
  if (bad) throw badInput([bad]);
  return value;
}

/** Path parameters and query string: the same character rules, field named by its key. */
export function checkRequestStrings(params: unknown, query: unknown): void {
  const bad = findBadValue(params ?? {}) ?? findBadValue(query ?? {});
  if (bad) throw badInput([bad]);
}

export const uriTooLong = () =>
  new AppError(414, 'uri_too_long', '请求地址过长', `请求地址不能超过 ${EDGE_LIMITS.maxUrlLength} 个字符`, [
    { field: 'url', message: `请求地址不能超过 ${EDGE_LIMITS.maxUrlLength} 个字符` },
  ]);
