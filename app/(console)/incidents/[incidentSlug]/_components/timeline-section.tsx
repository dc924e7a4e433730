import { Time } from '@/components/ui/time';
import { ReadOnlyNote } from '@/components/ui/read-only-note';
import { listTimeline } from '@/lib/incidents/queries';
import type { SuggestedTimelineEvent } from '@/lib/rca/suggest-timeline';
import { Section } from './section';
import { NoteForm, SuggestedEvents } from './note-form';

const KIND_DOT: Record<string, string> = {
  status: 'bg-sky-500',
  severity: 'bg-amber-500',
  'impact-start': 'bg-rose-500',
  import: 'bg-violet-500',
  imported: 'bg-violet-300',
  note: 'bg-slate-400',
  checklist: 'bg-emerald-500',
  'comms.update': 'bg-sky-400',
  'comms.webhook': 'bg-sky-300',
  'comms.missed': 'bg-rose-400',
  'comms.cadence': 'bg-sky-300',
};

export async function TimelineSection({
  incidentId,
  canNote,
  suggestions,
  role,
}: {
  incidentId: string;
  canNote: boolean;
  role: string;
  suggestions: SuggestedTimelineEvent[];
}) {
  const { events, hasMore } = await listTimeline(incidentId);
  return (
    <Section title="Timeline" id="timeline">
      {canNote ? (
        <NoteForm incidentId={incidentId} />
      ) : (
        <ReadOnlyNote role={role}>Only responders, commanders and admins can add notes.</ReadOnlyNote>
      )}
      {canNote && suggestions.length > 0 && <SuggestedEvents incidentId={incidentId} suggestions={suggestions} />}
      <ol className="mt-3 space-y-2 border-l border-slate-200 pl-3 dark:border-slate-800" data-testid="timeline">
        {events.map((e) => (
          <li key={e.id} className="relative" data-testid="timeline-event" data-kind={e.kind}>
            <span
              className={`absolute -left-[17px] top-1.5 h-2 w-2 rounded-full ${KIND_DOT[e.kind] ?? 'bg-slate-400'}`}
              aria-hidden
            />
            <div className="text-xs text-slate-500">
              <Time iso={e.at.toISOString()} sourceTz={e.sourceTz} seconds />
              {e.actor ? ` · ${e.actor.name}` : ''}
              {e.sourceTz ? ' · backdated' : ''}
              {e.atText !== null ? ` · imported from the document (“${e.atText}”)` : ''}
            </div>
            <div className="whitespace-pre-wrap break-words">{e.summary}</div>
          </li>
        ))}
      </ol>
      {hasMore && <p className="mt-2 text-xs text-slate-500">Older events are in the post-mortem export.</p>}
    </Section>
  );
}
