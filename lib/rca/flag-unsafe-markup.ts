import type { Root } from 'mdast';
import { lineOf, visitNodes } from './markdown-tree';
import type { PlanContext } from './plan-context';

const SCRIPTABLE_URL = /^\s*(javascript|vbscript|data):/i;

/**
 * Raw HTML and script URLs stay in the plan as the text the author wrote
 * (inside note and fix bodies); the warning tells the importer and the
 * renderer's author that it is there and must be shown escaped.
 */
export function flagUnsafeMarkup(root: Root, ctx: PlanContext): void {
  visitNodes(root.children, (node) => {
    if (node.type === 'html') {
      ctx.warn(`Raw HTML at line ${lineOf(node)} is kept as plain text and never rendered as HTML.`);
    } else if (
      (node.type === 'link' || node.type === 'image' || node.type === 'definition') &&
      SCRIPTABLE_URL.test(node.url)
    ) {
      ctx.warn(
        `Link to a "${(node.url.split(':')[0] ?? '').trim().toLowerCase()}:" URL at line ${lineOf(node)} is kept as plain text.`,
      );
    }
  });
}
