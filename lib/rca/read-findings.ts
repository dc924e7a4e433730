import { normalizeSeverity } from './classify-heading';
import { readLabelledFields, type LabelledField } from './labelled-fields';
import { sectionSource, sourceOf, type Section } from './markdown-tree';
import { appendText, fieldText, type PlanContext } from './plan-context';
import type { Evidence, Finding } from './types';

const ROOT_CAUSE_LABELS = new Set(['root cause', 'root causes', 'cause', 'causes', 'problems', 'problem', 'why']);
const EVIDENCE_LABELS = new Set(['evidence', 'logs', 'log', 'proof', 'observations', 'symptoms', 'output']);
const IMPACT_LABELS = new Set(['impact', 'user impact', 'effect', 'effects', 'blast radius']);
const LOCATION_LABELS = new Set(['code location', 'location', 'where', 'file', 'files']);

export function readFindings(section: Section, ctx: PlanContext): Finding[] {
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

function readEvidence(field: LabelledField, source: string): Evidence[] {
  const evidence: Evidence[] = [];
  if (field.value) evidence.push({ kind: 'text', text: field.value });
  for (const block of field.blocks) {
    if (block.type === 'code') evidence.push({ kind: 'code', lang: block.lang ?? null, code: block.value });
    else evidence.push({ kind: 'text', text: sourceOf(source, [block]) });
  }
  return evidence;
}
