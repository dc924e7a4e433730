/**
 * A text field of a submitted form, '' when absent. FormData.get() returns
 * `string | File | null`; actions take strings, and a File where text was
 * expected is a bad form, not a value to stringify.
 */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** The value of a <select>, when it is one of `options`. */
export function pickOption<const T extends string>(options: readonly T[], value: string): T | undefined {
  return options.find((o) => o === value);
}
