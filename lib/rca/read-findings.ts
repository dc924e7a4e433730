import { normalizeSeverity } from './classify-heading';
import { readLabelledFields, type LabelledField } from './labelled-fields';
import { ownText, sectionSource, sourceOf, type Section } from './markdown-tree';
import { isPlaceholder, saysNothing } from './placeholder';
import { appendText, fieldText, type PlanContext } from './plan-context';
import type { Evidence, Finding } from './types';

const ROOT_CAUSE_LABELS = new Set(['root cause', 'root causes', 'cause', 'causes', 'problems', 'problem', 'why']);
const EVIDENCE_LABELS = new Set(['evidence', 'logs', 'log', 'proof', 'observations', 'symptoms', 'output']);
const IMPACT_LABELS = new Set(['impact', 'user impact', 'effect', 'effects', 'blast radius']);
const LOCATION_LABELS = new Set(['code location', 'location', 'where', 'file', 'files']);

// Headings that name the cause itself: their prose (or each bullet, when the
// heading is plural) is a finding even without **Severity** / **Root Cause** labels.
const ROOT_CAUSE_TITLE =
  /\b(root[\s-]?causes?|contributing factors?|causes?|problems?|why it happened|causes? racines?|facteurs contributifs|ursachen?|grundursache|beitragende faktoren)\b|原因|問題点|要因/i;
const PLURAL_TITLE =
  /\b(root[\s-]?causes|contributing factors|causes|problems|issues|facteurs contributifs|causes racines|ursachen|beitragende faktoren)\b|問題点|要因/i;
const MAX_TITLE_LENGTH = 120;

export function readFindings(section: Section, ctx: PlanContext): Finding[] {
  if (section.children.length === 0) {
    const finding = readFinding(section, ctx);
    if (finding.severity || finding.status || finding.rootCause) {
      warnWithoutSeverity(finding, ctx);
      return [finding];
    }
    if (saysNothing(section.blocks)) return [];
    if (ROOT_CAUSE_TITLE.test(section.title)) return readCauseProse(section, ctx);
    ctx.keepAsNote(section.title, sectionSource(ctx.source, section, false));
    return [];
  }
  const intro = sourceOf(ctx.source, section.blocks);
  if (intro) ctx.keepAsNote(section.title, intro);
  return section.children.map((child) => {
    const finding = readFinding(child, ctx);
    warnWithoutSeverity(finding, ctx);
    return finding;
  });
}

/**
 * "## Root cause" over prose: one finding, the prose its root cause and the
 * code blocks its evidence. "## Contributing factors" over a list: one
 * finding per item, titled by its first sentence.
 */
function readCauseProse(section: Section, ctx: PlanContext): Finding[] {
  const lists = section.blocks.filter((b) => b.type === 'list');
  if (PLURAL_TITLE.test(section.title) && lists.length > 0) {
    const rest = section.blocks.filter((b) => b.type !== 'list');
    if (!saysNothing(rest)) ctx.keepAsNote(section.title, sourceOf(ctx.source, rest));
    return lists.flatMap((list) =>
      list.children.flatMap((item) => {
        const text = ownText(item).replace(/\s+/g, ' ').trim();
        if (isPlaceholder(text)) return [];
        return [emptyFinding(firstSentence(text), { rootCause: text })];
      }),
    );
  }
  const prose = section.blocks.filter((b) => b.type !== 'code');
  const evidence: Evidence[] = section.blocks.flatMap((b) =>
    b.type === 'code' ? [{ kind: 'code' as const, lang: b.lang ?? null, code: b.value }] : [],
  );
  return [emptyFinding(section.title, { rootCause: sourceOf(ctx.source, prose) || null, evidence })];
}

function emptyFinding(title: string, fields: Partial<Finding>): Finding {
  return {
    title,
    severity: null,
    status: null,
    rootCause: null,
    evidence: [],
    impact: null,
    codeLocation: null,
    details: null,
    ...fields,
  };
}

function firstSentence(text: string): string {
  const sentence = text.split(/(?<=[.!?。])\s/)[0] ?? text;
  return sentence.length > MAX_TITLE_LENGTH ? `${sentence.slice(0, MAX_TITLE_LENGTH - 1)}…` : sentence;
}

function warnWithoutSeverity(finding: Finding, ctx: PlanContext): void {
  if (finding.severity === null) ctx.warn(`Finding "${finding.title}" has no severity.`);
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
  return finding;
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
