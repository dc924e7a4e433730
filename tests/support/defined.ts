/**
 * The value, or a test failure naming what was missing. For indexed reads in
 * tests (noUncheckedIndexedAccess): `defined(rows[1], 'second row')` fails
 * with that name instead of a TypeError three lines later.
 */
export function defined<T>(value: T | null | undefined, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`expected ${what}, got ${value}`);
  return value;
}
