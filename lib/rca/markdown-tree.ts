import type { Heading, ListItem, Nodes, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { runSteps, runStepsCooperatively, type CooperateOptions, type Steps } from './cooperate';
import { findFrontMatter } from './block-scanner';
import { joinAfterFrontMatter, splitParseSteps } from './split-parse';

/**
 * The Markdown side of the RCA importer: parse once into mdast, then look at
 * the document as a tree of heading sections. Nothing here regex-scans raw
 * lines — the fixture's code blocks contain `# ` lines that are not headings.
 */

// Frozen processors: building one per call costs more than parsing the fixture.
const markdownProcessor = unified().use(remarkParse).use(remarkGfm).freeze();
// Front matter (`---` YAML or `+++` TOML from line 1) is parsed on its own by
// this one, so it becomes one yaml / toml node; the rest of the document by
// the plain one. (With the extension on, a failed front-matter attempt on
// line 1 changes how micromark reads a later "[^x]: …" line.)
const frontMatterProcessor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).freeze();

/**
 * The document's mdast, parsed in verified pieces so that time grows linearly
 * with size (see split-parse.ts); identical to `parseWholeMarkdownTree`.
 */
export function parseMarkdownTree(source: string): Root {
  return runSteps(parseMarkdownTreeSteps(source));
}

/**
 * `parseMarkdownTree` without holding the event loop: between pieces it
 * awaits a macrotask once `yieldEvery` ms of parsing have passed (see
 * cooperate.ts). Same tree.
 */
export function parseMarkdownTreeAsync(source: string, options?: CooperateOptions): Promise<Root> {
  return runStepsCooperatively(parseMarkdownTreeSteps(source), options);
}

/** `parseMarkdownTree`, pausing after each piece's parse. */
export function parseMarkdownTreeSteps(source: string): Steps<Root> {
  return splitParseSteps(source, parseWholeMarkdownTree);
}

/** One remark parse of the whole text (its front matter apart): the reference `parseMarkdownTree` must equal. */
export function parseWholeMarkdownTree(source: string): Root {
  const frontMatter = findFrontMatter(source);
  if (!frontMatter) return markdownProcessor.parse(source);
  const head = frontMatterProcessor.parse(source.slice(0, frontMatter.restOffset)).children;
  const rest = parseWholeMarkdownTree(source.slice(frontMatter.restOffset)).children;
  return joinAfterFrontMatter(source, frontMatter, head, rest);
}

/** A heading and everything under it up to the next heading of the same or a higher level. */
export interface Section {
  heading: Heading;
  title: string;
  depth: number;
  /** Blocks between this heading and its first sub-heading. */
  blocks: RootContent[];
  children: Section[];
}

export interface SectionTree {
  /** Blocks before the first heading. */
  preamble: RootContent[];
  /** Top-level sections (shallowest headings seen so far nest the deeper ones). */
  sections: Section[];
}

/**
 * Groups the flat list of root blocks under their headings. Headings only
 * exist at the root in mdast (inside lists/quotes they are not sections), so
 * one pass with a stack of open sections is enough.
 */
export function buildSections(root: Root): SectionTree {
  const tree: SectionTree = { preamble: [], sections: [] };
  const open: Section[] = [];

  for (const block of root.children) {
    if (block.type === 'heading') {
      const section: Section = {
        heading: block,
        title: plainText(block),
        depth: block.depth,
        blocks: [],
        children: [],
      };
      while ((open.at(-1)?.depth ?? 0) >= block.depth) open.pop();
      const parent = open.at(-1);
      if (parent) parent.children.push(section);
      else tree.sections.push(section);
      open.push(section);
    } else {
      const current = open[open.length - 1];
      if (current) current.blocks.push(block);
      else tree.preamble.push(block);
    }
  }
  return tree;
}

/** Text of a node with Markdown syntax removed, whitespace collapsed at the ends. */
export function plainText(node: Nodes): string {
  return toString(node, { includeHtml: true }).trim();
}

/** Text of a list item without nested lists (items of their own) or code (scripts). */
export function ownText(item: ListItem): string {
  return item.children
    .filter((child) => child.type !== 'list' && child.type !== 'code')
    .map((child) => plainText(child))
    .filter(Boolean)
    .join('\n');
}

export function lineOf(node: Nodes): number | undefined {
  return node.position?.start.line;
}

/**
 * The Markdown source the nodes came from, verbatim. Used for bodies so that
 * inline code, links and list markers survive exactly as the author wrote them.
 */
export function sourceOf(source: string, nodes: readonly Nodes[]): string {
  const positioned = nodes.filter((n) => n.position?.start.offset !== undefined);
  const start = positioned[0]?.position?.start.offset;
  const end = positioned.at(-1)?.position?.end.offset;
  if (start === undefined || end === undefined) return '';
  return source.slice(start, end).trim();
}

/** Source of a whole section: its heading, its blocks and its sub-sections. */
export function sectionSource(source: string, section: Section, includeHeading = true): string {
  const nodes = flattenSection(section);
  return sourceOf(source, includeHeading ? nodes : nodes.slice(1));
}

/** The section's heading followed by every block and sub-heading in document order. */
export function flattenSection(section: Section): RootContent[] {
  const out: RootContent[] = [];
  const pending: Section[] = [section];
  // Iterative pre-order walk; sections nest at most six deep, but keep the habit.
  while (pending.length > 0) {
    const current = pending.pop()!;
    out.push(current.heading, ...current.blocks);
    pending.push(...[...current.children].reverse());
  }
  return out;
}

/** Every section in the subtree, pre-order, with its ancestors (outermost first). */
export function walkSections(
  sections: readonly Section[],
  visit: (section: Section, ancestors: readonly Section[]) => void,
): void {
  const pending: Array<{ section: Section; ancestors: Section[] }> = [];
  for (const section of [...sections].reverse()) pending.push({ section, ancestors: [] });
  while (pending.length > 0) {
    const { section, ancestors } = pending.pop()!;
    visit(section, ancestors);
    const childAncestors = [...ancestors, section];
    for (let i = section.children.length - 1; i >= 0; i--) {
      pending.push({ section: section.children[i] as Section, ancestors: childAncestors });
    }
  }
}

/**
 * Visits every node under `roots` without recursion, so a hostile document
 * with deeply nested lists or quotes cannot overflow the stack here.
 * `ancestors` is one shared path, valid during the call only: copy it to keep
 * it (one array per walk instead of one per node keeps a 1 MB plan's walks
 * cheap).
 */
export function visitNodes(roots: readonly Nodes[], visit: (node: Nodes, ancestors: readonly Nodes[]) => void): void {
  const pendingNodes: Nodes[] = [];
  const pendingDepths: number[] = [];
  const path: Nodes[] = [];
  for (let i = roots.length - 1; i >= 0; i--) {
    pendingNodes.push(roots[i] as Nodes);
    pendingDepths.push(0);
  }
  while (pendingNodes.length > 0) {
    const node = pendingNodes.pop()!;
    const depth = pendingDepths.pop()!;
    path.length = depth;
    visit(node, path);
    if ('children' in node) {
      path.push(node);
      for (let i = node.children.length - 1; i >= 0; i--) {
        pendingNodes.push(node.children[i] as Nodes);
        pendingDepths.push(depth + 1);
      }
    }
  }
}
