// canonicalJson (core/attestation.ts) is what every statement's reportSha256 hashes: it must give the
// RFC 8785 text the canonicalize library gives, for any JSON value, or a report would not verify.
import canonicalizeModule from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/attestation.js';

const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ?? canonicalizeModule) as (input: unknown) => string | undefined;

// Keys that test the order: integer-like ones (which JavaScript enumerates first), non-ASCII and
// astral characters (sorted by UTF-16 code units, not code points), prefixes of each other, and
// "__proto__", which a plain object's assignment would take for its prototype.
const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('0', '1', '10', '9', '007', '4294967295', '-1', '1.5', 'a', 'A', 'é', '\u{1F600}', '\uFB01', 'ab', 'a\u0000', '__proto__'),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null), fc.boolean(), fc.string({ unit: 'binary', maxLength: 12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, 0.1 + 0.2),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('canonicalJson', () => {
  it('is the canonicalize library\'s RFC 8785 text for any JSON value', () => {
    fc.assert(fc.property(json, (value) => {
      expect(canonicalJson(value)).toBe(canonicalize(value));
    }), { numRuns: 2000 });
  });

  it('sorts keys by UTF-16 code units, integer-like keys included, and keeps RFC 8785\'s number forms', () => {
    expect(canonicalJson({ b: 1, a: [{ z: null, y: 'é' }], '10': true, '9': false, '\u{1F600}': 1, '\uFB01': 2 }))
      .toBe('{"10":true,"9":false,"a":[{"y":"é","z":null}],"b":1,"\u{1F600}":1,"\uFB01":2}');
    expect(canonicalJson([1e21, 1e-7, -0, 0.000001, 123456789012345680000])).toBe('[1e+21,1e-7,0,0.000001,123456789012345680000]');
  });

  it('keeps a "__proto__" key (an own property after JSON.parse) as a key, as the library does', () => {
    const parsed = JSON.parse('{"b":1,"__proto__":{"x":[1]}}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":[1]},"b":1}');
    expect(canonicalJson(parsed)).toBe(canonicalize(parsed));
  });

  it('refuses what has no JSON form instead of writing null for it', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson([Infinity])).toThrow();
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});
