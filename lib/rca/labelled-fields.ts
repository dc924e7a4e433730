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

export function normalizeLabel(label: string): string {
  return label.toLowerCase().replace(/\s+/g, ' ').replace(/:$/, '').trim();
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
    // "**Label**: value" or "**Label:** value"
    if (strongText.endsWith(':') && strongText.length <= MAX_LABEL_LENGTH + 1) {
      return { label: strongText.slice(0, -1).trim(), text: rest.trim() };
    }
    if (second?.type === 'text' && second.value.startsWith(':') && strongText.length <= MAX_LABEL_LENGTH) {
      return { label: strongText, text: rest.replace(/^:/, '').trim() };
    }
  }

  const [, plainLabel, plainText = ''] = /^([A-Za-z][A-Za-z ]{0,30}):\s*(.*)$/.exec(text) ?? [];
  if (plainLabel !== undefined && PLAIN_LABELS.has(normalizeLabel(plainLabel))) {
    return { label: plainLabel.trim(), text: plainText.trim() };
  }
  return { label: null, text };
}
