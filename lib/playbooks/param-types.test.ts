import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '@/lib/ssh/remote-command';
import { HOSTILE } from '@/tests/support/hostile-values';
import { checkParam, type ParamSpec } from './param-types';

const SPECS: ParamSpec[] = [
  { type: 'port' },
  { type: 'pid' },
  { type: 'unit' },
  { type: 'path' },
  { type: 'git-ref' },
  { type: 'hostname' },
  { type: 'int', min: 0, max: 100 },
  { type: 'enum', values: ['fast', 'slow'] },
  { type: 'string', pattern: '[\\w.:/ =$;`()-]+', max_length: 4096 },
  { type: 'string', pattern: '.+', max_length: 20_000 },
  { type: 'secret' },
];

/** The words sh sees for `printf '%s\0' <rendered…>`: one per rendered value, byte for byte. */
function wordsAsShellSeesThem(values: string[]): string[] {
  const script = `printf '%s\\0' ${values.map(shellQuote).join(' ')}`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\0').slice(0, -1);
}

describe('checkParam', () => {
  it.each([
    [{ type: 'port' }, '3000', '3000'],
    [{ type: 'port' }, 3000, '3000'],
    [{ type: 'pid' }, '4242', '4242'],
    [{ type: 'unit' }, 'next-frontend.service', 'next-frontend.service'],
    [{ type: 'unit' }, 'web:app_01', 'web:app_01'],
    [{ type: 'path' }, '/srv/app dir/ü', '/srv/app dir/ü'],
    [{ type: 'git-ref' }, 'release/2026-01', 'release/2026-01'],
    [{ type: 'git-ref' }, 'a3f9c2e', 'a3f9c2e'],
    [{ type: 'hostname' }, 'db-1.internal.example', 'db-1.internal.example'],
    [{ type: 'int', min: 1, max: 10 }, '10', '10'],
    [{ type: 'enum', values: ['a', 'b'] }, 'b', 'b'],
    [{ type: 'string', pattern: '[a-z]+' }, 'abc', 'abc'],
  ] as [ParamSpec, unknown, string][])('accepts %j %j', (spec, input, value) => {
    expect(checkParam(spec, input)).toEqual({ ok: true, value });
  });

  it.each([
    [{ type: 'port' }, '0', /between 1 and 65535/],
    [{ type: 'port' }, '65536', /between 1 and 65535/],
    [{ type: 'port' }, '080', /whole number/],
    [{ type: 'port' }, '3000 ', /whole number/],
    [{ type: 'port' }, '3e3', /whole number/],
    [{ type: 'pid' }, '1', /between 2/],
    [{ type: 'unit' }, 'a b', /not a unit name/],
    [{ type: 'path' }, 'relative/path', /absolute/],
    [{ type: 'path' }, '/a\nb', /newline/],
    [{ type: 'path' }, '/a\u0000b', /NUL/],
    [{ type: 'git-ref' }, '-main', /must not start with "-"/],
    [{ type: 'git-ref' }, 'a..b', /".."/],
    [{ type: 'git-ref' }, 'HEAD~1', /not a git ref/],
    [{ type: 'git-ref' }, 'x.lock', /\.lock/],
    [{ type: 'hostname' }, 'bad_host', /not a hostname/],
    [{ type: 'int', min: 1, max: 10 }, '11', /between 1 and 10/],
    [{ type: 'enum', values: ['a', 'b'] }, 'c', /one of a, b/],
    [{ type: 'string', pattern: '[a-z]+' }, 'abc;id', /does not match/],
    [{ type: 'string', pattern: '.*' }, 'x'.repeat(300), /300 characters long; the limit is 256/],
    [{ type: 'secret' }, '', /empty/],
  ] as [ParamSpec, string, RegExp][])('refuses %j %j with a message', (spec, input, message) => {
    const result = checkParam(spec, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it.each(HOSTILE.map((v) => [v]))('refuses %j for every type, or it renders as one inert word', (value) => {
    const accepted = SPECS.flatMap((spec) => {
      const result = checkParam(spec, value);
      if (!result.ok) expect(result.message.length).toBeGreaterThan(5);
      return result.ok ? [result.value] : [];
    });
    if (accepted.length) expect(wordsAsShellSeesThem(accepted)).toEqual(accepted);
  });

  it('never accepts a value starting with "-" or holding control or invisible characters', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SPECS), fc.string({ unit: 'grapheme', maxLength: 64 }), (spec, value) => {
        const result = checkParam(spec, value);
        if (!result.ok) return;
        expect(result.value.startsWith('-')).toBe(false);
        expect(/[\p{Cc}\p{Cf}]/u.test(result.value)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('renders every accepted value, whatever it holds, as exactly one word that sh reads back unchanged', () => {
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.string({ unit: fc.constantFrom(...'\'"`$;|&<>(){}[]*?!#~\\ \t\n-=/:.a0'), maxLength: 40 }),
      fc.constantFrom(...HOSTILE),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...SPECS), value), { minLength: 1, maxLength: 40 }), (pairs) => {
        const accepted = pairs.flatMap(([spec, raw]) => {
          const result = checkParam(spec, raw);
          return result.ok ? [result.value] : [];
        });
        if (accepted.length === 0) return;
        expect(wordsAsShellSeesThem(accepted)).toEqual(accepted);
      }),
      { numRuns: 60 },
    );
  });
});
