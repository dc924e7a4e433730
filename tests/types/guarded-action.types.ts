/**
 * Compiled by `tsc`, never run: a client calling an action with the wrong
 * shape must fail the typecheck. Each `@ts-expect-error` below fails the
 * build if the call it marks ever compiles.
 */
import type { tickChecklistItem, addNote } from '@/app/(console)/incidents/[incidentSlug]/actions';

export async function callsThatMustTypecheck(tick: typeof tickChecklistItem, note: typeof addNote) {
  await tick({ itemId: 'i1', done: true, version: 3 });
  await tick(new FormData());
  await note({ incidentId: 'x', text: 'Paged the DBA.' });
  const r = await tick({ itemId: 'i1', done: false, version: 4 });
  if (r.ok) {
    const version: number = r.data.version;
    return version;
  }
  return r.error.code;
}

export async function callsThatMustNot(tick: typeof tickChecklistItem, note: typeof addNote) {
  // @ts-expect-error a string where the schema wants a boolean
  await tick({ itemId: 'i1', done: 'yes', version: 3 });
  // @ts-expect-error a missing field
  await tick({ itemId: 'i1' });
  // @ts-expect-error unknown input shape
  await tick('i1');
  // @ts-expect-error the note's text is required
  await note({ incidentId: 'x' });
}
