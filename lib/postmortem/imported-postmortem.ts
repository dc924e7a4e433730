import { parse as parseYaml } from 'yaml';
import type { IncidentPlan } from '@/lib/rca/types';
import { STATUS_ORDER } from './analyze';
import type { NarrativeSection } from './schema';
import { IMPORTED_EVENT_KIND } from '@/lib/incidents/constants';

/**
 * What an imported document brings for the post-mortem beyond the plan's
 * incident tables: its timeline events, action items and lessons, and — for
 * warroom's own export — the status and milestones its front matter states.
 * Pure: createIncidentFromPlan writes what this returns.
 */
export type ImportedPostmortem = {
  events: { at: Date; kind: string; summary: string; data: Record<string, unknown> }[];
  actionItems: { text: string; done: boolean; owner: string | null; due: string | null; link: string | null }[];
  narrative: Partial<Record<NarrativeSection, string>>;
  incident: {
    status?: string;
    startedAt?: Date;
    detectedAt?: Date;
    mitigatedAt?: Date;
    resolvedAt?: Date;
  };
};

export function importedPostmortem(plan: IncidentPlan): ImportedPostmortem {
  // Backdated 'imported' entries, as the importer's own tests expect; an event
  // whose instant the document leaves unknown ("[???]") stays in the plan
  // only: a backdated entry needs a time.
  const events = plan.events.flatMap((e) => {
    const at = e.at ? new Date(e.at) : null;
    if (!at || Number.isNaN(at.getTime())) return [];
    return [
      {
        at,
        kind: IMPORTED_EVENT_KIND,
        summary: (e.text || e.atText).slice(0, 4000),
        data: { imported: true, atText: e.atText },
      },
    ];
  });
  const narrative: ImportedPostmortem['narrative'] = {};
  if (plan.lessons.wentWell.length) narrative.wentWell = plan.lessons.wentWell.join('\n');
  if (plan.lessons.wentPoorly.length) narrative.wentPoorly = plan.lessons.wentPoorly.join('\n');
  if (plan.lessons.lucky.length) narrative.lucky = plan.lessons.lucky.join('\n');
  // The importer keeps what sits under "Lessons learned" before its
  // went-well/poorly/lucky parts as a note: that text is the lessons.
  const lessonsNote = plan.notes.find((n) => /^lessons(\s+learn(ed|t))?$/i.test(n.title.trim()));
  if (lessonsNote) {
    const lines = lessonsNote.body
      .split('\n')
      .map((l) => l.replace(/^\s*[-*+]\s+/, '').trim())
      .filter(Boolean);
    if (lines.length) narrative.lessons = lines.join('\n');
  }
  return {
    events,
    actionItems: plan.actionItems.map((a) => ({
      text: a.text,
      done: a.done,
      owner: a.owner,
      due: a.due && /^\d{4}-\d{2}-\d{2}$/.test(a.due) ? a.due : null,
      link: a.link,
    })),
    narrative,
    incident: exportMilestones(plan),
  };
}

/**
 * Status and milestones from the front matter of warroom's own export
 * (`warroom: export`); nothing for any other document.
 */
function exportMilestones(plan: IncidentPlan): ImportedPostmortem['incident'] {
  const note = plan.notes.find((n) => n.title === 'Front matter');
  if (!note) return {};
  let data: unknown;
  try {
    data = parseYaml(note.body);
  } catch {
    return {};
  }
  if (!data || typeof data !== 'object' || (data as Record<string, unknown>).warroom !== 'export') return {};
  const fields = data as Record<string, unknown>;
  const out: ImportedPostmortem['incident'] = {};
  if (typeof fields.status === 'string' && (STATUS_ORDER as readonly string[]).includes(fields.status))
    out.status = fields.status;
  for (const key of ['startedAt', 'detectedAt', 'mitigatedAt', 'resolvedAt'] as const) {
    const raw = fields[key];
    const d = raw instanceof Date ? raw : typeof raw === 'string' ? new Date(raw) : null;
    if (d && !Number.isNaN(d.getTime())) out[key] = d;
  }
  return out;
}
