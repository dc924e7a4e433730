import type { RootContent } from 'mdast';
import { readLabelledFields } from './labelled-fields';
import { flattenSection, ownText, plainText, type Section } from './markdown-tree';
import { isPlaceholder } from './placeholder';
import type { Lessons } from './types';

/**
 * "Lessons learned": what went well, what went poorly, where we got lucky,
 * as sub-headings ("### What went well") or bold labels over a list
 * ("**What went poorly**:"), in English, French, German or Japanese.
 */
export type LessonKind = keyof Lessons;

// Lucky first ("we got lucky it went well"), then poorly before well.
const LESSON_VOCABULARY: ReadonlyArray<[LessonKind, RegExp]> = [
  ['lucky', /\b(lucky|luck|fortunate|de la chance|chanceux|glück)\b|幸運|運が良かった/i],
  [
    'wentPoorly',
    /\b(went (wrong|poorly|badly)|what didn'?t (go well|work)|could have gone better|to improve|needs? improvement|schlecht lief|lief schlecht|nicht gut lief|verbesserungs\w*)\b|mal fonctionné|mal passé|à améliorer|うまくいかなかった|悪かった|課題/i,
  ],
  [
    'wentWell',
    /\b(went well|what worked|things that worked|gut lief|lief gut|gut gelaufen)\b|bien fonctionné|bien passé|bien marché|うまくいった|良かった/i,
  ],
];

export function lessonKindOf(title: string): LessonKind | null {
  for (const [kind, pattern] of LESSON_VOCABULARY) if (pattern.test(title)) return kind;
  return null;
}

export function emptyLessons(): Lessons {
  return { wentWell: [], wentPoorly: [], lucky: [] };
}

/** True when the section is shaped like lessons: sub-headings or labels that name a kind. */
export function looksLikeLessons(section: Section): boolean {
  if (section.children.some((child) => lessonKindOf(child.title) !== null)) return true;
  return readLabelledFields(section.blocks).fields.some((field) => lessonKindOf(field.label) !== null);
}

/**
 * Adds the section's lessons to `lessons`; returns the blocks that belong to
 * no kind (a flat "Lessons learned" list is kept as a note, not guessed).
 */
export function readLessons(section: Section, lessons: Lessons): RootContent[] {
  const own = lessonKindOf(section.title);
  if (own) {
    lessons[own].push(...pointsIn(flattenSection(section).slice(1)));
    return [];
  }
  const leftovers: RootContent[] = [];
  const { fields, unlabelled } = readLabelledFields(section.blocks);
  for (const field of fields) {
    const kind = lessonKindOf(field.label);
    if (!kind) continue;
    if (!isPlaceholder(field.value)) lessons[kind].push(oneLine(field.value));
    lessons[kind].push(...pointsIn(field.blocks));
  }
  if (fields.every((f) => lessonKindOf(f.label) === null)) leftovers.push(...section.blocks);
  else leftovers.push(...unlabelled);
  for (const child of section.children) {
    const kind = lessonKindOf(child.title);
    if (kind) lessons[kind].push(...pointsIn(flattenSection(child).slice(1)));
    else leftovers.push(...flattenSection(child));
  }
  return leftovers;
}

/** One point per list item (nested items are part of theirs) and per paragraph. */
function pointsIn(blocks: readonly RootContent[]): string[] {
  const points: string[] = [];
  for (const block of blocks) {
    if (block.type === 'list') {
      for (const item of block.children) {
        const text = oneLine(ownText(item));
        if (!isPlaceholder(text)) points.push(text);
      }
    } else if (block.type === 'paragraph') {
      const text = oneLine(plainText(block));
      if (!isPlaceholder(text)) points.push(text);
    }
  }
  return points;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
