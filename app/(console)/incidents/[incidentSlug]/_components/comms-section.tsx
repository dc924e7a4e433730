import type { IncidentDetail } from '@/lib/incidents/queries';
import { Section } from './section';

export function CommsSection({ cadences }: { cadences: IncidentDetail['cadences'] }) {
  return (
    <Section title="Communication plan" id="comms">
      {cadences.length === 0 ? (
        <p className="text-slate-500">No update cadence in the plan.</p>
      ) : (
        <ul className="space-y-1">
          {cadences.map((c) => (
            <li key={c.id} data-testid="cadence" className="flex items-center justify-between gap-2">
              <span>{c.text}</span>
              <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs tabular-nums dark:bg-slate-800">every {c.everyMinutes} min</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
