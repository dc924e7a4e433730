import { CodeBlock } from '@/components/ui/code-block';
import { Markdown } from '@/components/ui/markdown';
import type { IncidentDetail } from '@/lib/incidents/queries';
import { Section } from './section';

export function RollbackSection({ steps }: { steps: IncidentDetail['rollback'] }) {
  if (!steps.length) return null;
  return (
    <Section title="Rollback plan" id="rollback">
      <ol className="list-decimal space-y-2 pl-5">
        {steps.map((s, i) => (
          <li key={i} data-testid="rollback-step">
            <span className="font-medium">{s.title}</span>
            {s.body && <Markdown>{s.body}</Markdown>}
            {s.scripts.map((sc, j) => (
              <CodeBlock key={j} code={sc.code} lang={sc.lang} />
            ))}
          </li>
        ))}
      </ol>
    </Section>
  );
}

/** Everything else the document held: nothing imported is hidden. */
export function ReferenceSections({ incident }: { incident: IncidentDetail }) {
  const rows = incident.estimatedTimeline;
  // The rollback steps already have their own section; the note they were read from would repeat it.
  const notes = incident.rollback.length
    ? incident.notes.filter((n) => !/^rollback( plan)?$/i.test(n.title.trim()))
    : incident.notes;
  const headers = Object.keys(rows[0] ?? {});
  return (
    <>
      {rows.length > 0 && (
        <Section title="Estimated timeline" id="estimated-timeline">
          <table className="w-full border-collapse text-left text-xs">
            <thead>
              <tr>
                {headers.map((h) => (
                  <th key={h} className="border-b border-slate-200 py-1 pr-3 dark:border-slate-800">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} data-testid="estimated-timeline-row">
                  {headers.map((h) => (
                    <td key={h} className="py-1 pr-3">
                      {r[h]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {incident.recentChanges.length > 0 && (
        <Section title="Recent changes" id="recent-changes">
          {incident.recentChanges.map((rc) => (
            <div key={rc.repository} className="mb-2">
              <h3 className="font-medium">{rc.repository}</h3>
              <ul className="font-mono text-xs">
                {rc.commits.map((c, i) => (
                  <li key={i}>
                    <span className="text-slate-500">{c.sha}</span> {c.message}
                  </li>
                ))}
              </ul>
              {rc.details && <Markdown>{rc.details}</Markdown>}
            </div>
          ))}
        </Section>
      )}
      {notes.length > 0 && (
        <Section title="Other sections" id="notes">
          <div className="space-y-1">
            {notes.map((n, i) => (
              <details
                key={i}
                data-testid="plan-note"
                className="rounded border border-slate-200 px-3 py-1.5 dark:border-slate-800"
              >
                <summary className="cursor-pointer font-medium">{n.title}</summary>
                <div className="mt-2">
                  <Markdown>{n.body}</Markdown>
                </div>
              </details>
            ))}
          </div>
        </Section>
      )}
      {incident.warnings.length > 0 && (
        <Section title="Import warnings" id="warnings">
          <ul className="list-disc pl-5 text-xs text-amber-700 dark:text-amber-300">
            {incident.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </Section>
      )}
    </>
  );
}
