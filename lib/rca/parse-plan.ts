import type { Code, ListItem, Nodes, Root, RootContent, Table } from 'mdast';
import {
  checklistKindOf,
  classifySection,
  normalizeSeverity,
  phaseByPosition,
  phaseHintOf,
  resolvePhase,
} from './classify-heading';
import { readLabelledFields, type LabelledField } from './labelled-fields';
import {
  buildSections,
  flattenSection,
  lineOf,
  parseMarkdownTree,
  plainText,
  sectionSource,
  sourceOf,
  visitNodes,
  walkSections,
  type Section,
} from './markdown-tree';
import { runSteps, type Steps } from './cooperate';
import { parseCadence } from './parse-cadence';
import type {
  Cadence,
  Checklist,
  ChecklistGroup,
  ChecklistItem,
  Commit,
  Evidence,
  Finding,
  Fix,
  FixPhase,
  IncidentPlan,
  Note,
  RecentChange,
  RollbackStep,
  Script,
} from './types';

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

class PlanContext {
  readonly warnings: string[] = [];
  readonly notes: Note[] = [];
  constructor(readonly source: string) {}

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  keepAsNote(title: string, body: string): void {
    if (body.trim()) this.notes.push({ title, body: body.trim() });
  }
}

// ---------------------------------------------------------------------------
// Document shape

/**
 * The first H1 is the incident title; its sub-sections and any later
 * top-level sections are the plan's sections. Without an H1 every section is
 * top-level and the title is a placeholder.
 */
function splitTitle(sections: Section[], ctx: PlanContext): { titleSection: Section | null; topSections: Section[] } {
  const titleIndex = sections.findIndex((s) => s.depth === 1);
  if (titleIndex === -1) {
    if (sections.length > 0) ctx.warn('No H1 title found; the incident is titled "Untitled incident".');
    return { titleSection: null, topSections: sections };
  }
  const titleSection = sections[titleIndex];
  if (!titleSection) return { titleSection: null, topSections: sections };
  const others = sections.filter((_, i) => i !== titleIndex);
  const before = others.slice(0, titleIndex);
  const after = others.slice(titleIndex);
  return { titleSection, topSections: [...before, ...titleSection.children, ...after] };
}

function readHeader(blocks: RootContent[], plan: IncidentPlan, ctx: PlanContext): void {
  const { fields, unlabelled, strayText } = readLabelledFields(blocks);
  const leftovers: string[] = [...strayText];

  for (const field of fields) {
    const text = fieldText(field, ctx.source);
    if (field.key === 'date' && plan.date === null) plan.date = text;
    else if (field.key === 'impact' && plan.impact === null) plan.impact = text;
    else if (field.key === 'severity' && plan.severity === null) {
      const severity = normalizeSeverity(text);
      plan.severity = severity.level;
      if (!severity.recognized) ctx.warn(`Severity "${text}" is not a known level; kept as written.`);
      // The qualifier ("Production Down") is not a level; keep it where a human will see it.
      if (severity.qualifier) leftovers.push(`${field.label}: ${text}`);
    } else leftovers.push(`${field.label}: ${text}`);
  }

  // Prose under the title is the summary unless the document has a summary section.
  const intro = sourceOf(ctx.source, unlabelled);
  if (intro && plan.summary === null) plan.summary = intro;
  else if (intro) ctx.keepAsNote('Introduction', intro);
  if (leftovers.length > 0) ctx.keepAsNote('Metadata', leftovers.join('\n'));
}

function fieldText(field: LabelledField, source: string): string {
  return [field.value, sourceOf(source, field.blocks)].filter(Boolean).join('\n');
}

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

// ---------------------------------------------------------------------------
// Findings

const ROOT_CAUSE_LABELS = new Set(['root cause', 'root causes', 'cause', 'causes', 'problems', 'problem', 'why']);
const EVIDENCE_LABELS = new Set(['evidence', 'logs', 'log', 'proof', 'observations', 'symptoms', 'output']);
const IMPACT_LABELS = new Set(['impact', 'user impact', 'effect', 'effects', 'blast radius']);
const LOCATION_LABELS = new Set(['code location', 'location', 'where', 'file', 'files']);

function readFindings(section: Section, ctx: PlanContext): Finding[] {
  if (section.children.length === 0) {
    const finding = readFinding(section, ctx);
    if (finding.severity || finding.status || finding.rootCause) return [finding];
    ctx.keepAsNote(section.title, sectionSource(ctx.source, section, false));
    return [];
  }
  const intro = sourceOf(ctx.source, section.blocks);
  if (intro) ctx.keepAsNote(section.title, intro);
  return section.children.map((child) => readFinding(child, ctx));
}

function readFinding(section: Section, ctx: PlanContext): Finding {
  const { fields, unlabelled, strayText } = readLabelledFields(section.blocks);
  const finding: Finding = {
    title: section.title,
    severity: null,
    status: null,
    rootCause: null,
    evidence: [],
    impact: null,
    codeLocation: null,
    details: null,
  };
  const details: string[] = [...strayText];

  for (const field of fields) {
    const text = fieldText(field, ctx.source);
    if (field.key === 'severity' && finding.severity === null) {
      const severity = normalizeSeverity(text);
      finding.severity = severity.level;
      if (!severity.recognized) ctx.warn(`Finding "${section.title}": severity "${text}" is not a known level.`);
      if (severity.qualifier) details.push(`${field.label}: ${text}`);
    } else if (field.key === 'status' && finding.status === null) finding.status = text;
    else if (ROOT_CAUSE_LABELS.has(field.key)) finding.rootCause = appendText(finding.rootCause, text);
    else if (IMPACT_LABELS.has(field.key)) finding.impact = appendText(finding.impact, text);
    else if (LOCATION_LABELS.has(field.key)) finding.codeLocation = appendText(finding.codeLocation, text);
    else if (EVIDENCE_LABELS.has(field.key)) finding.evidence.push(...readEvidence(field, ctx.source));
    else details.push(`**${field.label}**: ${text}`);
  }

  const rest = sourceOf(ctx.source, unlabelled);
  if (rest) details.push(rest);
  for (const child of section.children) details.push(sectionSource(ctx.source, child));
  finding.details = details.length > 0 ? details.join('\n\n') : null;
  if (finding.severity === null) ctx.warn(`Finding "${section.title}" has no severity.`);
  return finding;
}

function appendText(existing: string | null, text: string): string {
  return existing ? `${existing}\n${text}` : text;
}

function readEvidence(field: LabelledField, source: string): Evidence[] {
  const evidence: Evidence[] = [];
  if (field.value) evidence.push({ kind: 'text', text: field.value });
  for (const block of field.blocks) {
    if (block.type === 'code') evidence.push({ kind: 'code', lang: block.lang ?? null, code: block.value });
    else evidence.push({ kind: 'text', text: sourceOf(source, [block]) });
  }
  return evidence;
}

// ---------------------------------------------------------------------------
// Recent changes

const COMMIT_LINE = /^([0-9a-f]{7,40})\s+(.+)$/i;

function readRecentChanges(section: Section, ctx: PlanContext): RecentChange[] {
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
  const [, sha, message] = COMMIT_LINE.exec(line) ?? [];
  return sha !== undefined && message !== undefined ? { sha, message: message.trim() } : { sha: null, message: line };
}

/** "Client Repository (tms-client)" → "tms-client". */
function repositoryName(title: string): string {
  return (/\(([^()]+)\)\s*$/.exec(title)?.[1] ?? title).trim();
}

// ---------------------------------------------------------------------------
// Fixes

/**
 * A fix plan is either phase groups holding fixes ("### Immediate Fixes" →
 * "#### Fix 1: …") or fixes directly. Structure decides which: a child
 * section with sub-sections is a phase group.
 */
function readFixPlan(section: Section, ctx: PlanContext): Fix[] {
  const intro = sourceOf(ctx.source, section.blocks);
  const groups = section.children.filter(isPhaseGroup);
  const directFixes = section.children.filter((c) => !groups.includes(c));

  if (section.children.length === 0) {
    // "## Action items" with just a list: each item is a fix of the phase the heading names.
    return readPhaseGroups([section], ctx);
  }
  if (intro) ctx.keepAsNote(section.title, intro);
  const fixes: Fix[] = [];
  if (groups.length > 0) fixes.push(...readPhaseGroups(groups, ctx));
  for (const fixSection of directFixes) {
    const hint = phaseHintOf(fixSection.title);
    const phase = hint ? resolvePhase(hint, []) : 'immediate';
    if (!hint) ctx.warn(`Fix "${fixSection.title}" names no phase; guessed "immediate".`);
    fixes.push(readFixSection(fixSection, phase, section.title, ctx));
  }
  return fixes;
}

// "### Fix 1: Restart now" is one fix even though it says "now".
const NUMBERED_FIX_TITLE = /^(fix|step|action|task|item|change)\s*#?\d+/i;

function isPhaseGroup(section: Section): boolean {
  if (section.children.length > 0) return true;
  return phaseHintOf(section.title) !== null && !NUMBERED_FIX_TITLE.test(section.title);
}

function readPhaseGroups(groups: Section[], ctx: PlanContext): Fix[] {
  const hints = groups.map((g) => phaseHintOf(g.title));
  return groups.flatMap((group, index) => {
    const hint = hints[index];
    const phase = hint ? resolvePhase(hint, hints) : phaseByPosition(index);
    if (!hint) ctx.warn(`Phase of "${group.title}" guessed from its position: ${phase}.`);
    return readPhaseGroup(group, phase, ctx);
  });
}

function readPhaseGroup(group: Section, phase: FixPhase, ctx: PlanContext): Fix[] {
  if (group.children.length > 0) {
    const intro = sourceOf(ctx.source, group.blocks);
    if (intro) ctx.keepAsNote(group.title, intro);
    return group.children.map((child) => readFixSection(child, phase, group.title, ctx));
  }
  const lists = group.blocks.filter((b) => b.type === 'list');
  if (lists.length === 0) return [readFixSection(group, phase, group.title, ctx)];

  const others = group.blocks.filter((b) => b.type !== 'list');
  const rest = sourceOf(ctx.source, others);
  if (rest) ctx.keepAsNote(group.title, rest);
  return lists.flatMap((list) => list.children.map((item) => readFixItem(item, phase, group.title, ctx)));
}

function readFixSection(section: Section, phase: FixPhase, phaseTitle: string, ctx: PlanContext): Fix {
  const { fields } = readLabelledFields(section.blocks);
  const fix: Fix = {
    phase,
    phaseTitle,
    title: section.title,
    body: sectionSource(ctx.source, section, false),
    scripts: scriptsIn(flattenSection(section)),
  };
  const priority = fields.find((f) => f.key === 'priority');
  const time = fields.find((f) => ['time', 'duration', 'eta', 'estimate', 'effort'].includes(f.key));
  if (priority) fix.priority = priority.value;
  if (time) fix.time = time.value;
  return fix;
}

function readFixItem(item: ListItem, phase: FixPhase, phaseTitle: string, ctx: PlanContext): Fix {
  const title = ownText(item).split('\n')[0] || 'Untitled fix';
  return { phase, phaseTitle, title, body: sourceOf(ctx.source, [item]), scripts: scriptsIn([item]) };
}

function scriptsIn(nodes: readonly Nodes[]): Script[] {
  const scripts: Script[] = [];
  visitNodes(nodes, (node) => {
    if (node.type === 'code') scripts.push(toScript(node));
  });
  return scripts;
}

function toScript(code: Code): Script {
  return { lang: code.lang ?? null, code: code.value };
}

// ---------------------------------------------------------------------------
// Rollback

/**
 * Steps are sub-sections, or list items. The fixture's steps are numbered
 * items whose code fences sit at column 0, so Markdown ends the list before
 * each fence: a code block after an item still belongs to that item's step.
 */
function readRollback(section: Section, ctx: PlanContext): RollbackStep[] {
  if (section.children.length > 0) {
    const intro = sourceOf(ctx.source, section.blocks);
    if (intro) ctx.keepAsNote(section.title, intro);
    return section.children.map((child) => ({
      title: child.title,
      body:
        sourceOf(
          ctx.source,
          child.blocks.filter((b) => b.type !== 'code'),
        ) || null,
      scripts: scriptsIn(flattenSection(child)),
    }));
  }

  const steps: RollbackStep[] = [];
  const intro: RootContent[] = [];
  for (const block of section.blocks) {
    const current = steps[steps.length - 1];
    if (block.type === 'list') {
      for (const item of block.children) steps.push(readRollbackItem(item, ctx));
    } else if (block.type === 'code' && current) {
      current.scripts.push(toScript(block));
    } else if (current) {
      current.body = appendText(current.body, sourceOf(ctx.source, [block]));
    } else {
      intro.push(block);
    }
  }
  const introText = sourceOf(ctx.source, intro);
  if (introText) ctx.keepAsNote(section.title, introText);
  if (steps.length === 0) ctx.warn(`Rollback section "${section.title}" has no steps (no list items or sub-headings).`);
  return steps;
}

function readRollbackItem(item: ListItem, ctx: PlanContext): RollbackStep {
  const [head, ...others] = item.children;
  const headIsText = head?.type === 'paragraph';
  const [firstLine = '', ...restLines] = headIsText ? plainText(head).split('\n') : [];
  const nonCode = (headIsText ? others : item.children).filter((c) => c.type !== 'code');
  const body = [restLines.join('\n').trim(), sourceOf(ctx.source, nonCode)].filter(Boolean).join('\n');
  return {
    title: firstLine.replace(/:\s*$/, '').trim() || 'Untitled step',
    body: body || null,
    scripts: scriptsIn(item.children),
  };
}

// ---------------------------------------------------------------------------
// Timeline

function readTimeline(section: Section, ctx: PlanContext): Array<Record<string, string>> {
  const blocks = flattenSection(section).slice(1);
  const tables = blocks.filter((b): b is Table => b.type === 'table');
  const rest = blocks.filter((b) => b.type !== 'table' && b.type !== 'heading');
  if (tables.length === 0) {
    ctx.warn(`Timeline section "${section.title}" has no table; kept as a note.`);
    ctx.keepAsNote(section.title, sectionSource(ctx.source, section, false));
    return [];
  }
  if (rest.length > 0) ctx.keepAsNote(section.title, sourceOf(ctx.source, rest));
  return tables.flatMap(tableRows);
}

function tableRows(table: Table): Array<Record<string, string>> {
  const [header, ...rows] = table.children;
  if (!header) return [];
  const keys = header.children.map((cell, i) => plainText(cell) || `Column ${i + 1}`);
  return rows.map((row) => {
    const record: Record<string, string> = {};
    keys.forEach((key, i) => {
      record[key] = row.children[i] ? plainText(row.children[i]) : '';
    });
    return record;
  });
}

// ---------------------------------------------------------------------------
// Checklists

/**
 * Every task-list item in the document lands in a checklist: the top-level
 * section it sits in is the checklist, the nearest sub-heading is the group.
 */
function collectChecklists(
  preamble: RootContent[],
  titleSection: Section | null,
  topSections: Section[],
  ctx: PlanContext,
): Checklist[] {
  const checklists: Checklist[] = [];

  const looseItems = taskItemsIn([...preamble, ...(titleSection?.blocks ?? [])]);
  if (looseItems.length > 0) {
    checklists.push({ kind: 'other', title: 'Checklist', groups: [{ title: 'Checklist', items: looseItems }] });
  }

  for (const top of topSections) {
    const groups: ChecklistGroup[] = [];
    walkSections([top], (section, ancestors) => {
      const items = taskItemsIn(section.blocks);
      if (items.length === 0) return;
      const path = [...ancestors, section].slice(1).map((s) => s.title);
      groups.push({ title: path.length > 0 ? path.join(' › ') : top.title, items });
    });
    if (groups.length > 0) checklists.push({ kind: checklistKindOf(top.title), title: top.title, groups });
  }
  if (checklists.some((c) => c.kind === 'other')) {
    ctx.warn('Some checklists could not be matched to deployment/testing/success/communication; filed as "other".');
  }
  return checklists;
}

function taskItemsIn(blocks: readonly RootContent[]): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  visitNodes(blocks, (node, ancestors) => {
    if (node.type !== 'listItem' || typeof node.checked !== 'boolean') return;
    const depth = ancestors.filter((a) => a.type === 'listItem').length;
    items.push({ text: ownText(node), done: node.checked, depth });
  });
  return items;
}

/** Text of a list item without nested lists (items of their own) or code (scripts). */
function ownText(item: ListItem): string {
  return item.children
    .filter((child) => child.type !== 'list' && child.type !== 'code')
    .map((child) => plainText(child))
    .filter(Boolean)
    .join('\n');
}

function keepNonTaskBlocks(section: Section, ctx: PlanContext): void {
  const leftovers = flattenSection(section)
    .slice(1)
    .filter((block) => block.type !== 'heading' && !isTaskList(block));
  // Block by block: the task lists between leftovers are already checklist items.
  ctx.keepAsNote(section.title, leftovers.map((b) => sourceOf(ctx.source, [b])).join('\n\n'));
}

function containsTasks(section: Section): boolean {
  return taskItemsIn(flattenSection(section)).length > 0;
}

function isTaskList(block: RootContent): boolean {
  return block.type === 'list' && block.children.every((item) => typeof item.checked === 'boolean');
}

// ---------------------------------------------------------------------------
// Cadences

// Outside a communication section only sentences about updates count: "health
// checks passing every 5 minutes" is a success criterion, not a comms cadence.
const UPDATE_WORDS = /\b(status updates?|updates?|notify|notifications?|announce\w*|brief\w*|stand-?ups?|comms)\b/i;

function collectCadences(root: Root, topSections: Section[]): Cadence[] {
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

// ---------------------------------------------------------------------------
// Unsafe markup

const SCRIPTABLE_URL = /^\s*(javascript|vbscript|data):/i;

/**
 * Raw HTML and script URLs stay in the plan as the text the author wrote
 * (inside note and fix bodies); the warning tells the importer and the
 * renderer's author that it is there and must be shown escaped.
 */
function flagUnsafeMarkup(root: Root, ctx: PlanContext): void {
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
