import type { Root, RootContent } from 'mdast';
import { classifySection, phaseHintOf, type SectionRole } from './classify-heading';
import { collectCadences } from './collect-cadences';
import { collectChecklists, containsTasks, keepNonTaskBlocks } from './collect-checklists';
import { runSteps, type Steps } from './cooperate';
import { flagUnsafeMarkup } from './flag-unsafe-markup';
import { readFrontMatter } from './front-matter';
import { readLabelledFields } from './labelled-fields';
import {
  buildSections,
  flattenSection,
  parseMarkdownTree,
  plainText,
  sectionSource,
  sourceOf,
  type Section,
} from './markdown-tree';
import { saysNothing } from './placeholder';
import { PlanContext } from './plan-context';
import { actionPointsUnder, isActionTable, readActionBlocks } from './read-action-items';
import { looksLikeTimeline, readEvents, type EventContext } from './read-events';
import { readFindings } from './read-findings';
import { isPhaseGroup, readFixPlan, readPhaseGroups } from './read-fixes';
import {
  applyFacts,
  applyFrontMatter,
  applyTitleSeverity,
  headerBlocksOf,
  headerFacts,
  readHeader,
  splitTitle,
  type HeaderFact,
} from './read-header';
import { emptyLessons, looksLikeLessons, readLessons } from './read-lessons';
import { readRecentChanges } from './read-recent-changes';
import { readRollback } from './read-rollback';
import { findZone, readLeadingDate } from './read-timestamp';
import { readTimeline } from './read-timeline-table';
import type { IncidentPlan } from './types';

/**
 * Markdown RCA / fix-plan → IncidentPlan. Pure: no I/O, never throws on odd
 * structure — what it cannot place becomes a note, what it guessed becomes a
 * warning. Input validation (size, encoding, nesting) is `checkUpload`'s job;
 * call `importPlan` for the whole pipeline.
 */
export function parsePlan(markdown: string): IncidentPlan {
  return buildPlan(parseMarkdownTree(markdown), markdown);
}

/** The walk itself, for callers that already parsed the tree (importPlan checks it first). */
export function buildPlan(root: Root, source: string): IncidentPlan {
  return runSteps(buildPlanSteps(root, source));
}

/** `buildPlan`, pausing (see cooperate.ts) after each top-level section and each whole-tree pass. */
export function* buildPlanSteps(root: Root, source: string): Steps<IncidentPlan> {
  const ctx = new PlanContext(source);
  const frontMatter = readFrontMatter(root);
  const body: Root = frontMatter ? { ...root, children: root.children.slice(1) } : root;
  const { preamble, sections } = buildSections(body);
  const split = splitTitle(sections, ctx, frontMatter?.title ?? null);
  const { titleSection } = split;
  const topSections = promoteMisplacedSections(split.topSections);
  const headerBlocks = headerBlocksOf([...preamble, ...(titleSection?.blocks ?? [])]);

  const plan: IncidentPlan = {
    title: titleSection ? titleSection.title : 'Untitled incident',
    date: null,
    severity: null,
    impact: null,
    summary: null,
    findings: [],
    recentChanges: [],
    fixes: [],
    checklists: [],
    cadences: [],
    rollback: [],
    timeline: [],
    events: [],
    actionItems: [],
    lessons: emptyLessons(),
    notes: ctx.notes,
    warnings: ctx.warnings,
  };

  // Entries without a year or zone take them from the document, so its date
  // and stated zone are known before any section is read.
  const facts = headerFacts(headerBlocks, source);
  const dateText =
    frontMatter?.date ?? facts.find((f) => f.key === 'date')?.text ?? summaryDateText(topSections, source);
  const eventContext: EventContext = {
    documentDate: dateText ? readLeadingDate(dateText) : null,
    zone: (frontMatter?.zone ? findZone(frontMatter.zone) : null) ?? statedZone(headerBlocks, topSections),
  };
  const roles = topSections.map((s) => roleOf(s, eventContext));

  const summaryFacts = yield* readTopSections(topSections, roles, plan, ctx, eventContext);
  readHeader(headerBlocks, plan, ctx);
  applyFacts(summaryFacts, plan, ctx);
  if (frontMatter) applyFrontMatter(frontMatter, plan, ctx);
  applyTitleSeverity(plan);

  const checklistSections = topSections.filter((_, i) => roles[i] !== 'action-items');
  plan.checklists = collectChecklists(preamble, titleSection, checklistSections, ctx);
  yield;
  plan.cadences = collectCadences(body, topSections);
  yield;
  // A post-mortem's follow-ups stand in for a fix plan; only a document with neither is missing one.
  if (plan.fixes.length === 0 && plan.actionItems.length === 0) ctx.warn('No fix plan found: the plan has no fixes.');
  if (plan.findings.length === 0) ctx.warn('No findings ("Issues Discovered") section found.');
  flagUnsafeMarkup(root, ctx);
  return plan;
}

/**
 * What a top-level section is, by its heading words first, then by its
 * shape: a section of timestamped entries is a timeline, one with "what went
 * well" parts is lessons, one holding an owner/status table tracks actions —
 * in whatever language its heading is.
 */
function roleOf(section: Section, eventContext: EventContext): SectionRole {
  const role = classifySection(section.title);
  // "### Action items" over "#### Short-term" / "#### Long-term": a phased fix plan.
  if (role === 'action-items' && section.children.some(isPhaseGroup)) return 'fixes';
  if (role === 'findings') {
    // "## What happened" may be the timeline itself; "Issue N" sub-sections and labelled findings are not.
    const labelled = section.children.length > 0 || readLabelledFields(section.blocks).fields.length > 0;
    return !labelled && looksLikeTimeline(section, eventContext) ? 'timeline' : role;
  }
  if (role !== 'note') return role;
  if (looksLikeTimeline(section, eventContext)) return 'timeline';
  if (looksLikeLessons(section)) return 'lessons';
  if (flattenSection(section).some((b) => b.type === 'table' && isActionTable(b))) return 'action-items';
  return role;
}

// Roles a section may have even when its heading sits, by a skipped level,
// under another section's heading ("#### Timeline" then "###### Root cause").
const OWN_ROLES = new Set<SectionRole>(['findings', 'action-items', 'lessons', 'timeline']);
const LOOSE_PARENTS = new Set<SectionRole>(['summary', 'timeline', 'note']);

/** Sub-sections with a role of their own, out of a summary, timeline or note, in document order. */
function promoteMisplacedSections(topSections: readonly Section[]): Section[] {
  const out: Section[] = [];
  for (const section of topSections) {
    const parentRole = classifySection(section.title);
    const promoted = LOOSE_PARENTS.has(parentRole)
      ? section.children.filter((child) => {
          const role = classifySection(child.title);
          return OWN_ROLES.has(role) && role !== parentRole;
        })
      : [];
    out.push(
      promoted.length > 0 ? { ...section, children: section.children.filter((c) => !promoted.includes(c)) } : section,
    );
    out.push(...promoted);
  }
  return out;
}

/**
 * Each top-level section goes to the reader its role names (one file per
 * reader, beside this one); what no reader claims is kept as a note.
 * Returns the date/severity/impact a summary section states.
 */
function* readTopSections(
  topSections: Section[],
  roles: readonly SectionRole[],
  plan: IncidentPlan,
  ctx: PlanContext,
  eventContext: EventContext,
): Steps<HeaderFact[]> {
  const hasFixPlan = roles.includes('fixes');
  const loosePhaseGroups: Section[] = [];
  const summaryFacts: HeaderFact[] = [];

  for (const [i, section] of topSections.entries()) {
    const role = roles[i];
    if (role !== 'action-items' && role !== 'appendix') {
      // "Action point: …" lines live in running prose, wherever the meeting was noted.
      plan.actionItems.push(...actionPointsUnder(flattenSection(section).slice(1), ctx.source));
    }
    if (role === 'summary' && plan.summary === null) {
      summaryFacts.push(...readSummary(section, plan, ctx));
    } else if (role === 'findings') {
      plan.findings.push(...readFindings(section, ctx));
    } else if (role === 'recent-changes') {
      plan.recentChanges.push(...readRecentChanges(section, ctx));
    } else if (role === 'fixes') {
      plan.fixes.push(...readFixPlan(section, ctx));
    } else if (role === 'rollback') {
      plan.rollback.push(...readRollback(section, ctx));
    } else if (role === 'timeline') {
      const { events, used } = readEvents(section, eventContext);
      plan.events.push(...events);
      plan.timeline.push(...readTimeline(section, ctx, used));
    } else if (role === 'action-items') {
      readActionSection(section, plan, ctx);
    } else if (role === 'lessons') {
      const leftovers = readLessons(section, plan.lessons);
      if (!saysNothing(leftovers)) ctx.keepAsNote(section.title, blocksSource(leftovers, ctx));
    } else if (role === 'checklist' || containsTasks(section)) {
      // The task lists live on as checklist items; keep only the rest as a note.
      keepNonTaskBlocks(section, ctx);
    } else if (role !== 'appendix' && !hasFixPlan && phaseHintOf(section.title) !== null) {
      // "## Phase 1 — Now" with no "Fix plan" heading above it: still a fix phase.
      loosePhaseGroups.push(section);
    } else {
      ctx.keepAsNote(section.title, sectionSource(ctx.source, section, false));
    }
    yield;
  }

  if (loosePhaseGroups.length > 0) plan.fixes.push(...readPhaseGroups(loosePhaseGroups, ctx));
  yield;
  return summaryFacts;
}

/**
 * A summary section is the summary; its "Date:" / "Severity:" lines (some
 * templates put them there) are header facts, not summary text.
 */
function readSummary(section: Section, plan: IncidentPlan, ctx: PlanContext): HeaderFact[] {
  // A template's "<!-- two or three sentences -->" is no summary.
  if (saysNothing(flattenSection(section).slice(1))) return [];
  const factBlocks = section.blocks.filter((b) => headerFacts([b], ctx.source).length > 0);
  if (factBlocks.length === 0) {
    plan.summary = sectionSource(ctx.source, section, false) || null;
    return [];
  }
  const rest = [
    ...section.blocks.filter((b) => !factBlocks.includes(b)),
    ...flattenSection(section).slice(1 + section.blocks.length),
  ];
  plan.summary = blocksSource(rest, ctx) || null;
  return headerFacts(factBlocks, ctx.source);
}

/** Lists, tables and "Action point:" lines become action items; the rest is kept as the section's note. */
function readActionSection(section: Section, plan: IncidentPlan, ctx: PlanContext): void {
  const blocks = flattenSection(section)
    .slice(1)
    .filter((b) => b.type !== 'heading');
  const actions = readActionBlocks(blocks);
  plan.actionItems.push(...actions);
  const rest = blocks.filter(
    (b) => b.type !== 'list' && b.type !== 'table' && !(b.type === 'paragraph' && readActionBlocks([b]).length > 0),
  );
  if (!saysNothing(rest)) ctx.keepAsNote(section.title, blocksSource(rest, ctx));
}

function blocksSource(blocks: readonly RootContent[], ctx: PlanContext): string {
  return blocks.map((b) => sourceOf(ctx.source, [b])).join('\n\n');
}

function summaryDateText(topSections: readonly Section[], source: string): string | undefined {
  for (const section of topSections) {
    if (classifySection(section.title) !== 'summary') continue;
    const date = headerFacts(section.blocks, source).find((f) => f.key === 'date');
    if (date) return date.text;
  }
  return undefined;
}

// A paragraph that talks about times ("All times are UTC", "Toutes les heures
// sont en CET", "Alle Zeitangaben in MESZ", "時刻はすべて日本時間") states the zone.
const TIME_WORDS = /\b(times?|heures?|zeit\w*|uhrzeit\w*)\b|時刻|時間/i;

function statedZone(headerBlocks: readonly RootContent[], topSections: readonly Section[]): string | null {
  const candidates: RootContent[] = [...headerBlocks];
  for (const section of topSections) {
    const role = classifySection(section.title);
    if (role === 'summary' || role === 'note') candidates.push(...section.blocks);
  }
  for (const block of candidates) {
    if (block.type !== 'paragraph') continue;
    const text = plainText(block);
    if (!TIME_WORDS.test(text)) continue;
    const zone = findZone(text);
    if (zone) return zone;
  }
  return null;
}
