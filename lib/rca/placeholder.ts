import type { RootContent } from 'mdast';
import { ownText, plainText } from './markdown-tree';

/**
 * Templates are full of text that stands for nothing yet: "TBD", "_N/A_",
 * "YYYY-MM-DD", "<!-- describe the impact -->", empty bullets and table
 * rows. The importer must not turn any of that into a finding, an event or
 * a severity: nothing invented.
 */

const PLACEHOLDER =
  /^(tbd|tba|todo|to be (determined|defined|written)|n\/?a|none|null|nil|[-—–…?_*.x]+|yyyy-mm-dd|hh:mm(:ss)?|<[^<>]*>)$/i;

export function withoutHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?(-->|$)/g, '').trim();
}

export function isPlaceholder(text: string): boolean {
  const bare = withoutHtmlComments(text).trim();
  return bare === '' || PLACEHOLDER.test(bare);
}

/** True when none of the blocks says anything (comments, placeholders, empty items, empty rows). */
export function saysNothing(blocks: readonly RootContent[]): boolean {
  return blocks.every((block) => {
    if (block.type === 'html') return withoutHtmlComments(block.value) === '';
    if (block.type === 'paragraph') return isPlaceholder(plainText(block));
    if (block.type === 'list') return block.children.every((item) => isPlaceholder(ownText(item)));
    if (block.type === 'table') return block.children.slice(1).every((row) => isPlaceholder(plainText(row)));
    if (block.type === 'thematicBreak' || block.type === 'heading') return true;
    return false;
  });
}
