import type { LabelledField } from './labelled-fields';
import { sourceOf } from './markdown-tree';
import type { Note } from './types';

/**
 * What the section readers share while one plan is built: the source (for
 * verbatim bodies), and the notes and warnings every reader may add to.
 */
export class PlanContext {
  readonly warnings: string[] = [];
  readonly notes: Note[] = [];
  constructor(readonly source: string) {}

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  keepAsNote(title: string, body: string): void {
    if (body.trim()) this.notes.push({ title, body: body.trim() });
  }
}

/** A labelled field's inline value and the Markdown of the blocks it collected. */
export function fieldText(field: LabelledField, source: string): string {
  return [field.value, sourceOf(source, field.blocks)].filter(Boolean).join('\n');
}

export function appendText(existing: string | null, text: string): string {
  return existing ? `${existing}\n${text}` : text;
}
