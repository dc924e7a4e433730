import { Badge, severityTone } from '@/components/ui/badge';
import { CodeBlock } from '@/components/ui/code-block';
import { Markdown } from '@/components/ui/markdown';
import type { IncidentDetail } from '@/lib/incidents/queries';
import { Section } from './section';

export function FindingsSection({ findings }: { findings: IncidentDetail['findings'] }) {
  if (!findings.length) return null;
  return (
    <Section title={`Findings (${findings.length})`} id="findings">
      <ol className="space-y-3">
        {findings.map((f) => (
          <li key={f.id} data-testid="finding" className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
            <details open={findings.length <= 3}>
              <summary className="flex cursor-pointer flex-wrap items-center gap-2">
                {f.severity && <Badge tone={severityTone(f.severity)}>{f.severity}</Badge>}
                <span className="font-medium">{f.title}</span>
              </summary>
              <div className="mt-2 space-y-2">
                {f.status && (
                  <p>
                    <span className="font-medium">Status: </span>
                    {f.status}
                  </p>
                )}
                {f.rootCause && (
                  <div>
                    <h3 className="text-xs font-semibold uppercase text-slate-500">Root cause</h3>
                    <Markdown>{f.rootCause}</Markdown>
                  </div>
                )}
                {f.evidence.length > 0 && (
                  <div>
                    <h3 className="text-xs font-semibold uppercase text-slate-500">Evidence</h3>
                    {f.evidence.map((e, i) =>
                      e.kind === 'code' ? (
                        <CodeBlock key={i} code={e.code} lang={e.lang} />
                      ) : (
                        <Markdown key={i}>{e.text}</Markdown>
                      ),
                    )}
                  </div>
                )}
                {f.codeLocation && (
                  <div>
                    <h3 className="text-xs font-semibold uppercase text-slate-500">Code location</h3>
                    <Markdown>{f.codeLocation}</Markdown>
                  </div>
                )}
                {f.impact && (
                  <div>
                    <h3 className="text-xs font-semibold uppercase text-slate-500">Impact</h3>
                    <Markdown>{f.impact}</Markdown>
                  </div>
                )}
                {f.details && <Markdown>{f.details}</Markdown>}
              </div>
            </details>
          </li>
        ))}
      </ol>
    </Section>
  );
}
