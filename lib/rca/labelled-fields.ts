import type { Paragraph, PhrasingContent, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';

/**
 * RCA documents carry their facts as labelled lines:
 *
 *     **Severity**: CRITICAL
 *     **Status**: Ongoing
 *
 *     **Root Cause**:
 *     - Zombie Next.js processes …
 *
 * A label opens a field; its inline value is the rest of the line, and when
 * that is empty the blocks that follow (lists, code) belong to it until the
 * next label. Detection looks at the phrasing nodes of one paragraph, never
 * at raw lines.
 */
export interface LabelledField {
  /** The label as written, without the colon ("Root Cause"). */
  label: string;
  /** Lowercased, single-spaced label used for matching ("root cause"). */
  key: string;
  /** Text after the colon on the label's line (continuation lines appended). */
  value: string;
  /** Blocks after a label with no inline value. */
  blocks: RootContent[];
}

export interface LabelledBlocks {
  fields: LabelledField[];
  /** Blocks that belong to no label, in order. */
  unlabelled: RootContent[];
  /** Lines of a labelled paragraph that came before its first label. */
  strayText: string[];
}

// Plain "Severity: HIGH" (no bold) counts only for labels we know, so that an
// ordinary sentence with a colon is not mistaken for a field.
const PLAIN_LABELS = new Set([
  'date',
  'severity',
  'status',
  'impact',
  'priority',
  'time',
  'owner',
  'root cause',
  'evidence',
  'code location',
  'detected',
  'duration',
]);

const MAX_LABEL_LENGTH = 60;

// The same facts under French, German and Japanese labels (and a few English
// variants) read as the English key, so every reader matches one word.
const LABEL_ALIASES: Readonly<Record<string, string>> = {
  'incident date': 'date',
  'date of incident': 'date',
  "date de l'incident": 'date',
  'date de l’incident': 'date',
  datum: 'date',
  日付: 'date',
  発生日: 'date',
  発生日時: 'date',
  sev: 'severity',
  gravité: 'severity',
  gravite: 'severity',
  sévérité: 'severity',
  severite: 'severity',
  schweregrad: 'severity',
  重大度: 'severity',
  深刻度: 'severity',
  auswirkung: 'impact',
  auswirkungen: 'impact',
  影響: 'impact',
  影響範囲: 'impact',
  statut: 'status',
  état: 'status',
  状態: 'status',
  'cause racine': 'root cause',
  ursache: 'root cause',
  grundursache: 'root cause',
  原因: 'root cause',
};

export function normalizeLabel(label: string): string {
  const key = label
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[:：]$/, '')
    .trim();
  return LABEL_ALIASES[key] ?? key;
}

export function readLabelledFields(blocks: readonly RootContent[]): LabelledBlocks {
  const result: LabelledBlocks = { fields: [], unlabelled: [], strayText: [] };
  let current: LabelledField | null = null;

  for (const block of blocks) {
    const labelledLines = block.type === 'paragraph' ? splitLabelledLines(block) : null;
    if (labelledLines === null) {
      // A field with an inline value ("**Status**: Ongoing") is complete; only
      // an empty one ("**Root Cause**:") collects the blocks that follow.
      if (current && current.value === '') current.blocks.push(block);
      else {
        current = null;
        result.unlabelled.push(block);
      }
      continue;
    }
    for (const line of labelledLines) {
      if (line.label !== null) {
        current = { label: line.label, key: normalizeLabel(line.label), value: line.text, blocks: [] };
        result.fields.push(current);
      } else if (current && current.blocks.length === 0) {
        current.value = current.value ? `${current.value}\n${line.text}` : line.text;
      } else {
        result.strayText.push(line.text);
      }
    }
  }
  return result;
}

/** True when a line of the paragraph starts with a label ("**Date**: …", "Severity: …"). */
export function isLabelledParagraph(paragraph: Paragraph): boolean {
  return splitLabelledLines(paragraph) !== null;
}

interface ParagraphLine {
  label: string | null;
  text: string;
}

/** Lines of the paragraph, or null when none of them starts with a label. */
function splitLabelledLines(paragraph: Paragraph): ParagraphLine[] | null {
  const lines = splitPhrasingIntoLines(paragraph.children).map(readLabelLine);
  return lines.some((l) => l.label !== null) ? lines : null;
}

function splitPhrasingIntoLines(children: readonly PhrasingContent[]): PhrasingContent[][] {
  const lines: PhrasingContent[][] = [[]];
  for (const child of children) {
    if (child.type === 'break') {
      lines.push([]);
    } else if (child.type === 'text' && child.value.includes('\n')) {
      const parts = child.value.split('\n');
      parts.forEach((part, i) => {
        if (i > 0) lines.push([]);
        if (part) lines.at(-1)?.push({ type: 'text', value: part });
      });
    } else {
      lines.at(-1)?.push(child);
    }
  }
  return lines.filter((line) => line.length > 0);
}

function readLabelLine(line: PhrasingContent[]): ParagraphLine {
  const text = line
    .map((n) => toString(n, { includeHtml: true }))
    .join('')
    .trim();
  const [first, second] = line;

  if (first?.type === 'strong') {
    const strongText = toString(first).trim();
    const rest = line
      .slice(1)
      .map((n) => toString(n, { includeHtml: true }))
      .join('');
    // "**Label**: value", "**Label:** value", "**Date** : 14 mars" (French spacing), "**日付**：…"
    if (/[:：]$/.test(strongText) && strongText.length <= MAX_LABEL_LENGTH + 1) {
      return { label: strongText.slice(0, -1).trim(), text: rest.trim() };
    }
    if (second?.type === 'text' && /^\s*[:：]/.test(second.value) && strongText.length <= MAX_LABEL_LENGTH) {
      return { label: strongText, text: rest.replace(/^\s*[:：]/, '').trim() };
    }
  }

  const plain = /^(\p{L}[\p{L}'’ ]{0,30}?)\s*[:：]\s*(.*)$/u.exec(text);
  const [, label = '', value = ''] = plain ?? [];
  if (plain && PLAIN_LABELS.has(normalizeLabel(label))) return { label: label.trim(), text: value.trim() };
  return { label: null, text };
}
