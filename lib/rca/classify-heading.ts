import type { ChecklistKind, FixPhase } from './types';

/**
 * What a section is about, judged from its heading text alone. Authors word
 * these freely ("Fix Plan", "Remediation", "Action items"), so each role is a
 * small vocabulary, checked in an order where the more specific wins:
 * "Recent Changes Analysis" is about changes, not findings.
 */
export type SectionRole =
  'summary' | 'recent-changes' | 'findings' | 'fixes' | 'rollback' | 'timeline' | 'checklist' | 'note';

const ROLE_VOCABULARY: ReadonlyArray<[SectionRole, RegExp]> = [
  ['summary', /\b(executive summary|summary|overview|tl;?dr|synopsis)\b/i],
  ['rollback', /\b(roll[\s-]?back|revert|back[\s-]?out)\b/i],
  ['recent-changes', /\b(recent changes|what changed|change log|changelog|recent (commits|deploys|deployments))\b/i],
  [
    'findings',
    /\b(issues? (discovered|found|identified)|findings|root[\s-]?causes?|what happened|problems? (found|identified)|diagnosis|issues)\b/i,
  ],
  [
    'checklist',
    /\b(checklists?|testing|tests|test plan|success criteria|acceptance|definition of done|communications?|comms)\b/i,
  ],
  [
    'fixes',
    /\b(fix(es)? plan|fixes|remediation|action items?|actions|mitigations?|resolution|next steps|corrective|repair plan)\b/i,
  ],
  ['timeline', /\b(timeline|schedule|estimates?|eta)\b/i],
];

export function classifySection(title: string): SectionRole {
  for (const [role, pattern] of ROLE_VOCABULARY) if (pattern.test(title)) return role;
  return 'note';
}

const KIND_VOCABULARY: ReadonlyArray<[ChecklistKind, RegExp]> = [
  ['success', /\b(success|acceptance|criteria|definition of done|exit|done when)\b/i],
  ['communication', /\b(communicat\w*|comms|stakeholders?|status updates?|announce\w*|notify)\b/i],
  ['testing', /\b(test\w*|qa|verif\w*|validation)\b/i],
  ['deployment', /\b(deploy\w*|roll[\s-]?out|release|launch|pre[\s-]?flight|cut[\s-]?over)\b/i],
];

export function checklistKindOf(title: string): ChecklistKind {
  for (const [kind, pattern] of KIND_VOCABULARY) if (pattern.test(title)) return kind;
  return 'other';
}

/**
 * 'short' is kept apart because it means different phases in different
 * plans: "Immediate / Short-term / Long-term" puts it second, "Short-term /
 * Long-term" first. `resolvePhases` decides once all headings are known.
 */
export type PhaseHint = FixPhase | 'short';

// Explicit "-term" words and "Phase N" beat softer hints: "Long-term (after
// this week)" is long even though it says "this week".
const PHASE_VOCABULARY: ReadonlyArray<[PhaseHint, RegExp]> = [
  ['immediate', /\b(immediate(ly)?|emergency|hot[\s-]?fix(es)?|stop the bleeding)\b/i],
  ['short', /\bshort[\s-]?term\b/i],
  ['medium', /\b(medium|mid)[\s-]?term\b/i],
  ['long', /\blong[\s-]?term\b/i],
  ['immediate', /\b(phase|stage|step)\s*(1|one|i)\b/i],
  ['medium', /\b(phase|stage|step)\s*(2|two|ii)\b/i],
  ['long', /\b(phase|stage|step)\s*([3-9]|three|four|iii|iv)\b/i],
  ['immediate', /\b(now|asap|urgent|today|tonight|right away)\b/i],
  ['medium', /\b(this week|next (few )?days|follow[\s-]?ups?|soon)\b/i],
  ['long', /\b(next sprint|next quarter|this quarter|next month|later|future|strategic|prevent\w*|long run)\b/i],
];

export function phaseHintOf(title: string): PhaseHint | null {
  for (const [phase, pattern] of PHASE_VOCABULARY) if (pattern.test(title)) return phase;
  return null;
}

export function resolvePhase(hint: PhaseHint, allHints: readonly (PhaseHint | null)[]): FixPhase {
  if (hint !== 'short') return hint;
  return allHints.includes('immediate') ? 'medium' : 'immediate';
}

/** Fallback when a heading names no phase: first group immediate, second medium, the rest long. */
export function phaseByPosition(index: number): FixPhase {
  return index === 0 ? 'immediate' : index === 1 ? 'medium' : 'long';
}

const SEVERITY_LEVEL =
  /^\s*(SEV(?:ERITY)?[\s-]*([0-5])|P([0-5])|CRITICAL|BLOCKER|HIGH|MAJOR|MEDIUM|MODERATE|MINOR|LOW|INFO)\b\s*[-–—:,(]?\s*(.*)$/i;

/**
 * "CRITICAL - Production Down" → { level: "CRITICAL", qualifier: "Production Down" }.
 * Levels are kept as the document names them (uppercased), so SEV2 stays SEV2.
 */
export function normalizeSeverity(raw: string): { level: string; qualifier: string | null; recognized: boolean } {
  const match = SEVERITY_LEVEL.exec(raw);
  if (!match) return { level: raw.trim().toUpperCase(), qualifier: null, recognized: false };
  const [, word = '', sevNumber, pNumber, rest = ''] = match;
  const level = sevNumber ? `SEV${sevNumber}` : pNumber ? `P${pNumber}` : word.toUpperCase();
  const qualifier = rest.replace(/\)$/, '').trim();
  return { level, qualifier: qualifier || null, recognized: true };
}
