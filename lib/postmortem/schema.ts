import { z } from 'zod';
import { FindingSchema, FixSchema, NoteSchema, RecentChangeSchema, RollbackStepSchema } from '@/lib/rca/types';

/**
 * The post-mortem of one incident: what the page shows, what the JSON export
 * is (validated by this schema before it is written) and what the Markdown,
 * HTML and SVG renderers read. `docs/postmortem-export.schema.json` is
 * generated from it (`npm run -s warroom -- export-schema`); bump
 * `schemaVersion` on any change that breaks a reader.
 *
 * Nothing secret is in it by construction: hosts appear by name only, webhooks
 * by name and URL hint, and a run's secret parameters as `"••••"`.
 */
export const POSTMORTEM_SCHEMA_VERSION = 1;

const Iso = z.string().describe('ISO-8601 instant, UTC');
const Person = z.object({ name: z.string(), email: z.string() }).nullable();

export const NARRATIVE_SECTIONS = ['wentWell', 'wentPoorly', 'lucky', 'lessons'] as const;
export type NarrativeSection = (typeof NARRATIVE_SECTIONS)[number];

export const NARRATIVE_TITLES: Record<NarrativeSection, string> = {
  wentWell: 'What went well',
  wentPoorly: 'What went poorly',
  lucky: 'Where we got lucky',
  lessons: 'Lessons',
};

export const PostmortemChecklistItemSchema = z.object({
  text: z.string(),
  done: z.boolean(),
  depth: z.number().int().nonnegative(),
  doneAt: Iso.nullable(),
  doneBy: Person,
  assignee: Person,
  comment: z.string().nullable(),
});

export const PostmortemChecklistSchema = z.object({
  kind: z.string(),
  title: z.string(),
  groups: z.array(z.object({ title: z.string(), items: z.array(PostmortemChecklistItemSchema) })),
});

export const PostmortemEventSchema = z.object({
  at: Iso,
  kind: z.string(),
  summary: z.string(),
  actor: Person,
  /** The zone a backdated note was given in ("CST (UTC-06:00)"), or null. */
  sourceTz: z.string().nullable(),
  /** A note someone marked as key for the post-mortem. */
  key: z.boolean(),
});

export const StatusUpdateSchema = z.object({
  at: Iso,
  audience: z.string(),
  body: z.string(),
  author: Person,
});

export const CadenceSummarySchema = z.object({
  text: z.string(),
  everyMinutes: z.number().int().positive(),
  active: z.boolean(),
  lastSentAt: Iso.nullable(),
  lastMissedAt: Iso.nullable(),
});

/**
 * A playbook run of the incident, or an approval request that never became
 * one (rejected, expired, pending: `id` is then `approval:<id>`), with how
 * each host ended and what each kill did. No step output: a host's output
 * may carry anything.
 */
export const PostmortemRunSchema = z.object({
  id: z.string(),
  playbook: z.string(),
  status: z.string(),
  requestedBy: Person,
  approvedBy: Person,
  requestedAt: Iso,
  startedAt: Iso.nullable(),
  endedAt: Iso.nullable(),
  hosts: z.array(z.string()),
  /** Secret parameters are masked before they reach this model. */
  params: z.array(z.object({ name: z.string(), value: z.string(), secret: z.boolean() })),
  /** The console path of the run (`/runs/12`) or of the request (`/approvals/…`). */
  link: z.string().nullable(),
  /** The run's closing message ("host web-1: http-answers failed"), or why it never ran. */
  result: z.string().nullable(),
  approval: z
    .object({
      id: z.string(),
      status: z.string(),
      decidedBy: z.string().nullable(),
      decidedAt: Iso.nullable(),
      reason: z.string().nullable(),
    })
    .nullable(),
  hostResults: z.array(
    z.object({
      host: z.string(),
      status: z.string(),
      /** Each step's last attempt. `kill`: what stopping its remote process group did (cancel, timeout, crash). */
      steps: z.array(
        z.object({
          name: z.string(),
          status: z.string(),
          rollback: z.boolean(),
          exitCode: z.number().int().nullable(),
          kill: z.string().nullable(),
        }),
      ),
    }),
  ),
});

export const NarrativeEntrySchema = z.object({
  body: z.string(),
  version: z.number().int().nonnegative(),
  updatedAt: Iso.nullable(),
  updatedBy: Person,
});

export const ActionItemSchema = z.object({
  id: z.string().nullable(),
  text: z.string(),
  done: z.boolean(),
  owner: z.string().nullable(),
  /** YYYY-MM-DD */
  due: z.string().nullable(),
  link: z.string().nullable(),
  /** Where it was promoted from: "fix" or "checklist-item", or null when written directly. */
  source: z.string().nullable(),
});

export const PostmortemSchema = z.object({
  schemaVersion: z.literal(POSTMORTEM_SCHEMA_VERSION),
  generatedAt: Iso,
  incident: z.object({
    slug: z.string(),
    title: z.string(),
    severity: z.string(),
    status: z.string(),
    impact: z.string().nullable(),
    summary: z.string().nullable(),
    planDate: z.string().nullable(),
    startedAt: Iso.nullable(),
    detectedAt: Iso,
    mitigatedAt: Iso.nullable(),
    resolvedAt: Iso.nullable(),
    commander: Person,
    commsLead: Person,
  }),
  durations: z.object({
    toDetectMs: z.number().nullable(),
    toMitigateMs: z.number().nullable(),
    toResolveMs: z.number().nullable(),
  }),
  findings: z.array(FindingSchema),
  fixes: z.array(FixSchema),
  checklists: z.array(PostmortemChecklistSchema),
  cadences: z.array(CadenceSummarySchema),
  statusUpdates: z.array(StatusUpdateSchema),
  timeline: z.array(PostmortemEventSchema),
  runs: z.array(PostmortemRunSchema),
  narrative: z.object({
    wentWell: NarrativeEntrySchema,
    wentPoorly: NarrativeEntrySchema,
    lucky: NarrativeEntrySchema,
    lessons: NarrativeEntrySchema,
  }),
  actionItems: z.array(ActionItemSchema),
  /** What else the source document held, kept so nothing is lost. */
  reference: z.object({
    notes: z.array(NoteSchema),
    rollback: z.array(RollbackStepSchema),
    recentChanges: z.array(RecentChangeSchema),
    estimatedTimeline: z.array(z.record(z.string(), z.string())),
  }),
  /** Webhooks by name and hint only: the URL is a secret. */
  webhooks: z.array(z.object({ name: z.string(), urlHint: z.string(), active: z.boolean() })),
});

export type Postmortem = z.infer<typeof PostmortemSchema>;
export type PostmortemEvent = z.infer<typeof PostmortemEventSchema>;
export type PostmortemChecklist = z.infer<typeof PostmortemChecklistSchema>;
export type PostmortemRun = z.infer<typeof PostmortemRunSchema>;
export type ActionItemView = z.infer<typeof ActionItemSchema>;
export type NarrativeEntry = z.infer<typeof NarrativeEntrySchema>;

/** The JSON Schema of the export, as committed in docs/postmortem-export.schema.json. */
export function postmortemJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PostmortemSchema, { target: 'draft-2020-12' });
  return {
    $schema: schema.$schema,
    title: 'warroom post-mortem export',
    description: `schemaVersion ${POSTMORTEM_SCHEMA_VERSION}. Generated from lib/postmortem/schema.ts by \`warroom export --schema\`.`,
    ...schema,
  };
}
