import { z } from 'zod';

/**
 * The data an RCA / fix-plan Markdown document turns into.
 *
 * Everything here is *data*: strings keep whatever the author wrote, including
 * raw HTML such as `<script>` or `javascript:` links, as inert text. Whoever
 * renders a plan must escape it (React text nodes do; a Markdown renderer must
 * run with raw HTML disabled and URL sanitising on). The parser never turns
 * text into markup.
 *
 * The top-level keys are a contract with the CLI (`import --dry-run --json`)
 * and the importer; keep them stable.
 */

export const CHECKLIST_KINDS = ['deployment', 'testing', 'success', 'communication', 'other'] as const;
export const FIX_PHASES = ['immediate', 'medium', 'long'] as const;

/** A fenced code block, verbatim. `lang` is the fence's info word, or null. */
export const ScriptSchema = z.object({
  lang: z.string().nullable(),
  code: z.string(),
});

/** Evidence is either a code block (verbatim) or the Markdown of prose/lists. */
export const EvidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('code'), lang: z.string().nullable(), code: z.string() }),
  z.object({ kind: z.literal('text'), text: z.string() }),
]);

export const FindingSchema = z.object({
  title: z.string(),
  /** Normalised uppercase level (CRITICAL, HIGH, SEV1 …) or null when absent. */
  severity: z.string().nullable(),
  status: z.string().nullable(),
  /** Markdown of the root-cause field (also "Problems", "Cause"). */
  rootCause: z.string().nullable(),
  evidence: z.array(EvidenceSchema),
  impact: z.string().nullable(),
  codeLocation: z.string().nullable(),
  /** Markdown of any other labelled field or block, so nothing is lost. */
  details: z.string().nullable(),
});

export const CommitSchema = z.object({
  /** Abbreviated or full hash when the line starts with one. */
  sha: z.string().nullable(),
  message: z.string(),
});

export const RecentChangeSchema = z.object({
  repository: z.string(),
  commits: z.array(CommitSchema),
  /** Markdown of the analysis and anything else in the section. */
  details: z.string().nullable(),
});

export const FixSchema = z.object({
  phase: z.enum(FIX_PHASES),
  /** The phase heading as written ("Immediate Fixes (Deploy Now - 15 mins)"). */
  phaseTitle: z.string(),
  title: z.string(),
  /** Markdown of the whole fix section, verbatim (scripts included). */
  body: z.string(),
  priority: z.string().optional(),
  time: z.string().optional(),
  scripts: z.array(ScriptSchema),
});

export const ChecklistItemSchema = z.object({
  text: z.string(),
  done: z.boolean(),
  /** 0 for a top-level task, 1 for a task nested in another list item, … */
  depth: z.number().int().nonnegative(),
});

export const ChecklistGroupSchema = z.object({
  title: z.string(),
  items: z.array(ChecklistItemSchema),
});

export const ChecklistSchema = z.object({
  kind: z.enum(CHECKLIST_KINDS),
  title: z.string(),
  groups: z.array(ChecklistGroupSchema),
});

export const CadenceSchema = z.object({
  text: z.string(),
  everyMinutes: z.number().int().positive(),
});

export const RollbackStepSchema = z.object({
  title: z.string(),
  /** Markdown of the step beyond its title, or null. */
  body: z.string().nullable(),
  scripts: z.array(ScriptSchema),
});

/**
 * What happened when, from a timeline section (bullets, a table with a time
 * column, headings with a time, times nested under a day). Timestamps in
 * code blocks, raw HTML and chat-log appendices are never events.
 */
export const EventSchema = z.object({
  /**
   * The instant, ISO-8601 in UTC, when the document makes it knowable: a
   * missing year or date comes from the document's date or the day the
   * event sits under, a missing zone from a zone the document states. Null
   * otherwise ("[???]", a time in a document that names no zone).
   */
  at: z.string().nullable(),
  /** The timestamp as written ("2017/01/31 23:27 UTC", "14h02", "???"). */
  atText: z.string(),
  text: z.string(),
});

/** A follow-up: "Action items", "Next steps", "Prevention", tracking tables, "Action point:" lines. */
export const ActionItemSchema = z.object({
  text: z.string(),
  /** `[x]`, "(done)", a "Done" / "erledigt" / "完了" status cell. */
  done: z.boolean(),
  owner: z.string().nullable(),
  link: z.string().nullable(),
  due: z.string().optional(),
});

/** Lessons learned, one string per point, as written (plain text). */
export const LessonsSchema = z.object({
  wentWell: z.array(z.string()),
  wentPoorly: z.array(z.string()),
  lucky: z.array(z.string()),
});

export const NoteSchema = z.object({
  title: z.string(),
  /** Markdown, verbatim from the document. */
  body: z.string(),
});

export const IncidentPlanSchema = z.object({
  title: z.string(),
  date: z.string().nullable(),
  severity: z.string().nullable(),
  impact: z.string().nullable(),
  summary: z.string().nullable(),
  findings: z.array(FindingSchema),
  recentChanges: z.array(RecentChangeSchema),
  fixes: z.array(FixSchema),
  checklists: z.array(ChecklistSchema),
  cadences: z.array(CadenceSchema),
  rollback: z.array(RollbackStepSchema),
  /** Rows of the estimated-timeline table, keyed by the header cells. */
  timeline: z.array(z.record(z.string(), z.string())),
  // Defaults: plans stored before these keys existed (planJson) still parse.
  events: z.array(EventSchema).default([]),
  actionItems: z.array(ActionItemSchema).default([]),
  lessons: LessonsSchema.default({ wentWell: [], wentPoorly: [], lucky: [] }),
  notes: z.array(NoteSchema),
  warnings: z.array(z.string()),
});

export type ChecklistKind = (typeof CHECKLIST_KINDS)[number];
export type FixPhase = (typeof FIX_PHASES)[number];
export type Script = z.infer<typeof ScriptSchema>;
export type Evidence = z.infer<typeof EvidenceSchema>;
export type Finding = z.infer<typeof FindingSchema>;
export type Commit = z.infer<typeof CommitSchema>;
export type RecentChange = z.infer<typeof RecentChangeSchema>;
export type Fix = z.infer<typeof FixSchema>;
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;
export type ChecklistGroup = z.infer<typeof ChecklistGroupSchema>;
export type Checklist = z.infer<typeof ChecklistSchema>;
export type Cadence = z.infer<typeof CadenceSchema>;
export type RollbackStep = z.infer<typeof RollbackStepSchema>;
export type Note = z.infer<typeof NoteSchema>;
export type PlanEvent = z.infer<typeof EventSchema>;
export type ActionItem = z.infer<typeof ActionItemSchema>;
export type Lessons = z.infer<typeof LessonsSchema>;
export type IncidentPlan = z.infer<typeof IncidentPlanSchema>;

/** Errors an import can end in; each names the problem (and the line when known). */
export type RcaErrorCode =
  'rca:empty' | 'rca:too-large' | 'rca:binary' | 'rca:too-deep' | 'rca:no-sections' | 'rca:unclosed-fence';

export interface RcaError {
  code: RcaErrorCode;
  message: string;
  line?: number;
}
