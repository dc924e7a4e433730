import type { RootContent } from 'mdast';
import { plainText, sectionSource, sourceOf, type Section } from './markdown-tree';
import type { PlanContext } from './plan-context';
import type { Commit, RecentChange } from './types';

const COMMIT_LINE = /^([0-9a-f]{7,40})\s+(.+)$/i;

export function readRecentChanges(section: Section, ctx: PlanContext): RecentChange[] {
  const repositories = section.children.length > 0 ? section.children : [section];
  if (section.children.length > 0) {
    const intro = sourceOf(ctx.source, section.blocks);
    if (intro) ctx.keepAsNote(section.title, intro);
  }
  return repositories.map((repo) => readRepositoryChanges(repo, ctx));
}

function readRepositoryChanges(section: Section, ctx: PlanContext): RecentChange {
  const commits: Commit[] = [];
  const other: RootContent[] = [];
  for (const block of section.blocks) {
    const lines = commitLinesOf(block);
    if (lines) commits.push(...lines.map(toCommit));
    else other.push(block);
  }
  const nested = section.children.map((child) => sectionSource(ctx.source, child));
  const details = [sourceOf(ctx.source, other), ...nested].filter(Boolean).join('\n\n');
  return { repository: repositoryName(section.title), commits, details: details || null };
}

/** Lines of a code block, or of a list whose items all start with a hash. */
function commitLinesOf(block: RootContent): string[] | null {
  if (block.type === 'code')
    return block.value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  if (block.type === 'list') {
    const lines = block.children.map((item) => plainText(item));
    return lines.length > 0 && lines.every((l) => COMMIT_LINE.test(l)) ? lines : null;
  }
  return null;
}

function toCommit(line: string): Commit {
  const match = COMMIT_LINE.exec(line);
  return match?.[1] && match[2] ? { sha: match[1], message: match[2].trim() } : { sha: null, message: line };
}

/** "Client Repository (tms-client)" → "tms-client". */
function repositoryName(title: string): string {
  const parenthesised = /\(([^()]+)\)\s*$/.exec(title);
  return (parenthesised?.[1] ?? title).trim();
}
