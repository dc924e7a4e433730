import type { ChecklistKind, FixPhase } from './types';

/**
 * What a section is about, judged from its heading text alone. Authors word
 * these freely ("Fix Plan", "Remediation", "Action items"), so each role is a
 * small vocabulary, checked in an order where the more specific wins:
 * "Recent Changes Analysis" is about changes, not findings; "Appendix:
 * timeline of the chat" is an appendix.
 */
export type SectionRole =
  | 'appendix'
  | 'summary'
  | 'recent-changes'
  | 'lessons'
  | 'action-items'
  | 'findings'
  | 'fixes'
  | 'rollback'
  | 'timeline'
  | 'checklist'
  | 'note';

// English first, then the French, German and Japanese words post-mortems use
// for the same sections. Shape decides the rest (see parse-plan.ts).
const ROLE_VOCABULARY: ReadonlyArray<[SectionRole, RegExp]> = [
  // Chat logs, raw material and logs of things already on the timeline (warroom's
  // export lists published updates and playbook runs): their timestamps are not events.
  [
    'appendix',
    /\b(appendix|appendices|annexe?s?|anhang|chat[\s-]?logs?|irc logs?|slack (transcript|log|thread|export)s?|transcripts?|raw logs?|published updates|playbook runs|run log|comms log|communications? log)\b|付録|別紙|チャットログ/i,
  ],
  [
    'summary',
    /\b(executive summary|summary|overview|tl;?dr|synopsis|zusammenfassung|sommaire|synthèse)\b|résumé|概要/i,
  ],
  ['rollback', /\b(roll[\s-]?back|revert|back[\s-]?out)\b/i],
  ['recent-changes', /\b(recent changes|what changed|change log|changelog|recent (commits|deploys|deployments))\b/i],
  [
    'lessons',
    /\b(lessons?( learned| learnt)?|learnings|takeaways|what we learned|went well|went wrong|went poorly|got lucky|leçons|lecons|enseignements|retour d['’]expérience|erkenntnisse|lehren)\b|教訓|学び|振り返り/i,
  ],
  [
    'action-items',
    /\b(action items?|action points?|actions|follow[\s-]?ups?|next steps|prevention|preventive|preventative|corrective actions?|to-?dos?|actions correctives|plan d['’]action|prochaines étapes|maßnahmen|massnahmen|aktionspunkte|nächste schritte)\b|再発防止|今後の対応|対策|アクション/i,
  ],
  [
    'findings',
    /\b(issues? (discovered|found|identified)|findings|root[\s-]?causes?|contributing factors?|what happened|why it happened|problems?|diagnosis|issues|causes? racines?|causes|facteurs contributifs|ursachen?|grundursache|beitragende faktoren)\b|原因|問題点|要因/i,
  ],
  [
    'checklist',
    /\b(checklists?|testing|tests|test plan|success criteria|acceptance|definition of done|communications?|comms)\b/i,
  ],
  ['fixes', /\b(fix(es)? plan|fixes|remediation|mitigations?|resolution|corrective|repair plan)\b/i],
  [
    'timeline',
    /\b(timeline|schedule|estimates?|eta|chronolog(y|ie)|sequence of events|zeitablauf|zeitverlauf|ablauf)\b|経緯|時系列|タイムライン/i,
  ],
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
  const sevNumber = match[2];
  const pNumber = match[3];
  const level = sevNumber ? `SEV${sevNumber}` : pNumber ? `P${pNumber}` : (match[1] ?? '').toUpperCase();
  const qualifier = (match[4] ?? '').replace(/\)$/, '').trim();
  return { level, qualifier: qualifier || null, recognized: true };
}
