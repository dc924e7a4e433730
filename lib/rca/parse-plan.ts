import type { Root } from 'mdast';
import { classifySection, phaseHintOf } from './classify-heading';
import { collectCadences } from './collect-cadences';
import { collectChecklists, containsTasks, keepNonTaskBlocks } from './collect-checklists';
import { runSteps, type Steps } from './cooperate';
import { flagUnsafeMarkup } from './flag-unsafe-markup';
import { buildSections, parseMarkdownTree, sectionSource, type Section } from './markdown-tree';
import { PlanContext } from './plan-context';
import { readFindings } from './read-findings';
import { readFixPlan, readPhaseGroups } from './read-fixes';
import { readHeader, splitTitle } from './read-header';
import { readRecentChanges } from './read-recent-changes';
import { readRollback } from './read-rollback';
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
  const { preamble, sections } = buildSections(root);
  const { titleSection, topSections } = splitTitle(sections, ctx);

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
    notes: ctx.notes,
    warnings: ctx.warnings,
  };

  yield* readTopSections(topSections, plan, ctx);
  readHeader([...preamble, ...(titleSection?.blocks ?? [])], plan, ctx);

  plan.checklists = collectChecklists(preamble, titleSection, topSections, ctx);
  yield;
  plan.cadences = collectCadences(root, topSections);
  yield;
  if (plan.fixes.length === 0) ctx.warn('No fix plan found: the plan has no fixes.');
  if (plan.findings.length === 0) ctx.warn('No findings ("Issues Discovered") section found.');
  flagUnsafeMarkup(root, ctx);
  return plan;
}

/**
 * Each top-level section goes to the reader its heading names (one file per
 * reader, beside this one); what no reader claims is kept as a note.
 */
function* readTopSections(topSections: Section[], plan: IncidentPlan, ctx: PlanContext): Steps<void> {
  const roles = topSections.map((s) => classifySection(s.title));
  const hasFixPlan = roles.includes('fixes');
  const loosePhaseGroups: Section[] = [];

  for (const [i, section] of topSections.entries()) {
    const role = roles[i];
    if (role === 'summary' && plan.summary === null) {
      plan.summary = sectionSource(ctx.source, section, false) || null;
    } else if (role === 'findings') {
      plan.findings.push(...readFindings(section, ctx));
    } else if (role === 'recent-changes') {
      plan.recentChanges.push(...readRecentChanges(section, ctx));
    } else if (role === 'fixes') {
      plan.fixes.push(...readFixPlan(section, ctx));
    } else if (role === 'rollback') {
      plan.rollback.push(...readRollback(section, ctx));
    } else if (role === 'timeline') {
      plan.timeline.push(...readTimeline(section, ctx));
    } else if (role === 'checklist' || containsTasks(section)) {
      // The task lists live on as checklist items; keep only the rest as a note.
      keepNonTaskBlocks(section, ctx);
    } else if (!hasFixPlan && phaseHintOf(section.title) !== null) {
      // "## Phase 1 — Now" with no "Fix plan" heading above it: still a fix phase.
      loosePhaseGroups.push(section);
    } else {
      ctx.keepAsNote(section.title, sectionSource(ctx.source, section, false));
    }
    yield;
  }

  if (loosePhaseGroups.length > 0) plan.fixes.push(...readPhaseGroups(loosePhaseGroups, ctx));
  yield;
}
