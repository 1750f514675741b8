import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url.js';
import { canonicalJson } from './canonical.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: '峡州' } })).toBe(
      '{"a":{"c":"峡州","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('gives the same text whatever order the object was built in', () => {
    const one = { i: '1.2.156', t: 'LIC-YYZZ', h: '张三', v: null };
    const two = { v: null, h: '张三', t: 'LIC-YYZZ', i: '1.2.156' };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it('leaves out undefined members, as JSON does, and refuses what JSON cannot say', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ a: () => 1 })).toThrow(TypeError);
  });

  it('escapes strings as JSON.stringify does', () => {
    expect(canonicalJson('a"b\\c\n')).toBe(JSON.stringify('a"b\\c\n'));
  });
});

describe('base64url', () => {
  it('round-trips bytes and UTF-8 text', () => {
    const t = toBase64url('{"h":"峡州市"}');
    expect(fromBase64url(t)?.toString('utf8')).toBe('{"h":"峡州市"}');
  });

  it('accepts only the canonical spelling (unused trailing bits, padding and stray characters fail)', () => {
    const t = toBase64url(Buffer.from([1, 2, 3, 4])); // AQIDBA: the last character carries 4 unused bits
    expect(fromBase64url(t)).not.toBeNull();
    expect(fromBase64url(`${t.slice(0, -1)}B`)).toBeNull();
    expect(fromBase64url(`${t}==`)).toBeNull();
    expect(fromBase64url(`${t.slice(0, 2)} ${t.slice(2)}`)).toBeNull();
    expect(fromBase64url(`${t}B`)).toBeNull();
  });
});
