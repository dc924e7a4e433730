import { Time } from '@/components/ui/time';
import type { IncidentDetail } from '@/lib/incidents/queries';
import { Section } from './section';

/** Only web links become anchors; anything else a document wrote ("OPS-89", "javascript:…") stays text. */
function isWebLink(link: string): boolean {
  return /^https?:\/\//i.test(link);
}

/** The document's own timeline, action items and lessons, as imported (the timeline entries are backdated copies). */
export function PostMortemSections({ incident }: { incident: IncidentDetail }) {
  const { events, actionItems, lessons } = incident;
  const lessonGroups: Array<[string, string[]]> = [
    ['What went well', lessons.wentWell],
    ['What went poorly', lessons.wentPoorly],
    ['Where we got lucky', lessons.lucky],
  ];
  return (
    <>
      {actionItems.length > 0 && (
        <Section title="Action items" id="action-items">
          <ul className="space-y-1">
            {actionItems.map((a, i) => (
              <li key={i} data-testid="action-item" data-done={a.done} className="flex gap-2">
                <span aria-label={a.done ? 'done' : 'open'} className={a.done ? 'text-emerald-600' : 'text-slate-400'}>
                  {a.done ? '✓' : '○'}
                </span>
                <span className="min-w-0 break-words">
                  {a.text}
                  {(a.owner || a.due || a.link) && (
                    <span className="ml-2 text-xs text-slate-500">
                      {a.owner && <span>owner {a.owner}</span>}
                      {a.due && <span> · due {a.due}</span>}
                      {a.link && (
                        <span>
                          {' · '}
                          {isWebLink(a.link) ? (
                            <a href={a.link} rel="noreferrer noopener" className="underline">
                              {a.link}
                            </a>
                          ) : (
                            a.link
                          )}
                        </span>
                      )}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {lessonGroups.some(([, points]) => points.length > 0) && (
        <Section title="Lessons learned" id="lessons">
          <div className="grid gap-3 sm:grid-cols-3">
            {lessonGroups.map(([title, points]) => (
              <div key={title}>
                <h3 className="font-medium">{title}</h3>
                {points.length > 0 ? (
                  <ul className="list-disc pl-5" data-testid="lesson">
                    {points.map((p, i) => (
                      <li key={i}>{p}</li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-xs text-slate-500">Nothing written.</p>
                )}
              </div>
            ))}
          </div>
        </Section>
      )}
      {events.length > 0 && (
        <Section title="Timeline in the document" id="document-timeline">
          <ol className="space-y-1 text-sm">
            {events.map((e, i) => (
              <li key={i} data-testid="document-event" className="flex gap-2">
                <span className="w-40 shrink-0 text-xs text-slate-500">
                  {e.at ? <Time iso={e.at} /> : 'time unknown'}
                  <span className="block">as written: {e.atText}</span>
                </span>
                <span className="min-w-0 break-words">{e.text}</span>
              </li>
            ))}
          </ol>
        </Section>
      )}
    </>
  );
}
