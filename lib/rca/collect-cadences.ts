import type { Nodes, Root } from 'mdast';
import { checklistKindOf } from './classify-heading';
import { flattenSection, plainText, visitNodes, type Section } from './markdown-tree';
import { parseCadence } from './parse-cadence';
import type { Cadence } from './types';

// Outside a communication section only sentences about updates count: "health
// checks passing every 5 minutes" is a success criterion, not a comms cadence.
const UPDATE_WORDS = /\b(status updates?|updates?|notify|notifications?|announce\w*|brief\w*|stand-?ups?|comms)\b/i;

export function collectCadences(root: Root, topSections: Section[]): Cadence[] {
  const commsBlocks = new Set<Nodes>();
  for (const top of topSections) {
    if (checklistKindOf(top.title) === 'communication') for (const b of flattenSection(top)) commsBlocks.add(b);
  }

  const cadences: Cadence[] = [];
  visitNodes(root.children, (node, ancestors) => {
    if (node.type !== 'paragraph') return;
    const inComms = commsBlocks.has(ancestors[0] ?? node);
    for (const line of plainText(node).split('\n')) {
      if (!inComms && !UPDATE_WORDS.test(line)) continue;
      const cadence = parseCadence(line);
      if (cadence && !cadences.some((c) => c.text === cadence.text)) cadences.push(cadence);
    }
  });
  return cadences;
}
