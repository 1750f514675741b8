import fc from 'fast-check';

/** The slice of an OpenAPI / JSON Schema the generators read. */
export interface Schema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

/**
 * Arrays and objects nested n deep. Serialized as a placeholder that `toJson` expands, so that
 * neither JSON.stringify nor fast-check's printer has to recurse n deep.
 */
class Deep {
  constructor(readonly n: number) {}
  toJSON(): string {
    return `__deep_${this.n}__`;
  }
  [fc.toStringMethod](): string {
    return `Deep(${this.n})`;
  }
}
const deep = (n: number) => new Deep(n);

/** Strings an attacker or a broken client sends: NUL, lone surrogates, huge, control and markup. */
export const hostileString = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'abc\u0000def',
    '\ud800',
    'x\udfffy',
    '',
    ' ',
    '\u202e\u0007\u001b[31m',
    '<script>alert(1)</script>',
    "' or 1=1 --",
    '../../etc/passwd',
    '%00',
    '😀'.repeat(50),
    'NaN',
    '-1',
    '9'.repeat(400),
  ),
  fc.constant('长'.repeat(100_000)),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Values of the wrong kind for any field: types, extremes, nesting past the edge limit. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, [], {}, [null], { '': '' }),
  fc.constant(deep(80)),
  fc.constant(deep(5000)),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }),
);

/**
 * Plausible values by property name, so that generated requests get past the first check and reach
 * the rules behind it (a real item code, a region that exists, a real object's id).
 */
export type Samples = Record<string, unknown[]>;

function plausible(name: string, s: Schema, samples: Samples, depth: number): fc.Arbitrary<unknown> {
  const known = samples[name];
  if (known?.length) return fc.constantFrom(...known);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(...alts.map((a) => plausible(name, a, samples, depth)));
  if (s.allOf?.length) return plausible(name, s.allOf[0]!, samples, depth);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...(samples.id ?? [])), fc.uuid());
      if (s.format === 'date') return fc.constantFrom('2026-10-01', '2026-02-30', '1900-01-01');
      return fc.string({ maxLength: Math.min(s.maxLength ?? 20, 20) });
    case 'integer':
      return fc.integer({ min: s.minimum ?? -5, max: Math.min(s.maximum ?? 3000, 3000) });
    case 'number':
      return fc.double({ noNaN: true, min: -1e6, max: 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4
        ? fc.constant([])
        : fc.array(member(name, s.items ?? {}, samples, depth + 1), { maxLength: 3 });
    case 'object':
      return objectOf(s, samples, depth + 1);
    default:
      return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant({}));
  }
}

/** Mostly plausible, sometimes hostile: every field is a place to attack. */
function member(name: string, s: Schema, samples: Samples, depth: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: plausible(name, s, samples, depth) },
    { weight: 1, arbitrary: hostileValue },
  );
}

const MISSING = Symbol('missing');

function objectOf(s: Schema, samples: Samples, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries(s.properties ?? {});
  if (depth > 5 || !props.length)
    return fc.dictionary(fc.string({ maxLength: 6 }), hostileString, { maxKeys: 2 });
  const fields = Object.fromEntries(
    props.map(([k, ps]) => [
      k,
      fc.oneof(
        { weight: 6, arbitrary: member(k, ps, samples, depth) },
        { weight: 1, arbitrary: fc.constant(MISSING) },
      ),
    ]),
  );
  return fc
    .tuple(
      fc.record(fields),
      // Extra fields the schema does not know, NUL or surrogate in the key included.
      fc.option(
        fc.dictionary(fc.constantFrom('extra', 'isAdmin', 'k\u0000', 'k\ud800', 'roles'), hostileValue),
        {
          freq: 4,
        },
      ),
    )
    .map(([rec, extra]) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rec)) if (v !== MISSING) out[k] = v;
      return extra ? { ...out, ...extra } : out;
    });
}

/** A request body for the schema: plausible with hostile parts, or hostile as a whole. */
export function bodyFor(s: Schema | undefined, samples: Samples): fc.Arbitrary<unknown> {
  if (!s) return fc.oneof(fc.constant(undefined), hostileValue);
  return fc.oneof(
    { weight: 4, arbitrary: plausible('', s, samples, 0) },
    { weight: 1, arbitrary: hostileValue },
  );
}

/** A path segment or query value as it appears in the URL: encoded, or raw bytes no encoder makes. */
export function urlValue(name: string, s: Schema, samples: Samples): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: plausible(name, s, samples, 0).map((v) => encodeURIComponent(String(v))) },
    {
      weight: 2,
      arbitrary: fc.oneof(
        hostileString
          .filter((x) => x.length < 3000 && !/[\ud800-\udfff]/.test(x))
          .map((x) => encodeURIComponent(x)),
        fc.constantFrom(
          '%00',
          'a%00b',
          '%ED%A0%80',
          '%C0%AF',
          '%FF',
          '%',
          '%zz',
          '..%2F..',
          '%2e%2e',
          '0x10',
          '1e999',
        ),
      ),
    },
  );
}

/** JSON text of a generated value, nesting placeholders expanded. */
export function toJson(value: unknown): string {
  return JSON.stringify(value).replace(/"__deep_(\d+)__"/g, (_, n: string) => {
    const k = Number(n);
    let open = '';
    let close = '';
    for (let i = 0; i < k; i++) {
      open += i % 2 ? '{"d":' : '[';
      close = (i % 2 ? '}' : ']') + close;
    }
    return `${open}"bottom"${close}`;
  });
}
