import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { badText, findBadValue, jsonTooDeep, parseJsonBody } from './input-guard.js';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
};

describe('edge input rules', () => {
  it('refuses NUL and lone surrogates but accepts paired surrogates and CJK', () => {
    expect(badText('a\u0000b')).toMatch(/空字符/);
    expect(badText('\ud800')).toMatch(/代理项/);
    expect(badText('x\udc00')).toMatch(/代理项/);
    expect(badText('张三😀')).toBeNull();
  });

  it('names the field path of the first bad string, keys included', () => {
    expect(findBadValue({ form: { items: ['ok', 'b\u0000'] } })?.field).toBe('form.items.1');
    expect(findBadValue({ a: { 'k\u0000': 1 } })?.field).toBe('a');
    expect(findBadValue(JSON.parse('{"x":{"__proto__":{"admin":true}}}'))?.field).toBe('x.__proto__');
    expect(findBadValue({ a: [1, { b: '正常' }] })).toBeNull();
  });

  it('measures depth without parsing and ignores brackets inside strings', () => {
    expect(jsonTooDeep(`{"data":${'['.repeat(5000)}${']'.repeat(5000)}}`, 64)).toBe('data');
    expect(jsonTooDeep(`${'['.repeat(65)}${']'.repeat(65)}`, 64)).toBe('');
    expect(jsonTooDeep(`{"a":"${'['.repeat(500)}"}`, 64)).toBeNull();
    expect(jsonTooDeep('{"a":"\\"[[[","b":{"c":[1]}}', 2)).toBe('b');
  });

  it('parses ordinary JSON and refuses bad bodies as 400 naming the field', () => {
    expect(parseJsonBody('{"a":[1,"二"]}')).toEqual({ a: [1, '二'] });
    expect(parseJsonBody('\ufeff{"a":1}')).toEqual({ a: 1 });
    const e = refusal(() => parseJsonBody('{"name":"\\u0000"}'));
    expect(e).toBeInstanceOf(AppError);
    expect([e.status, e.errors?.[0]?.field]).toEqual([400, 'name']);
    expect(refusal(() => parseJsonBody('{"a":')).errors?.[0]?.field).toBe('body');
    expect(refusal(() => parseJsonBody('')).status).toBe(400);
  });
});
