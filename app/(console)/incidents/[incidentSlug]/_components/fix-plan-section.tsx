import Link from 'next/link';
import { Markdown } from '@/components/ui/markdown';
import { PHASE_LABEL } from '@/lib/incidents/constants';
import type { IncidentDetail } from '@/lib/incidents/queries';
import { fixAnchor, fixNumber } from '@/lib/checklists/fix-refs';
import { Section } from './section';

export function FixPlanSection({ fixes, slug }: { fixes: IncidentDetail['fixes']; slug?: string }) {
  if (!fixes.length) return null;
  const phases = ['immediate', 'medium', 'long']
    .map((phase) => ({ phase, fixes: fixes.filter((f) => f.phase === phase) }))
    .filter((p) => p.fixes.length);
  return (
    <Section title={`Fix plan (${fixes.length})`} id="fixes">
      <div className="space-y-5">
        {phases.map((p) => (
          <div key={p.phase} data-testid={`phase-${p.phase}`}>
            <h3 className="mb-2 font-semibold">
              {PHASE_LABEL[p.phase]} <span className="font-normal text-slate-500">— {p.fixes[0]?.phaseTitle}</span>
            </h3>
            <ol className="space-y-2">
              {p.fixes.map((f) => (
                <li
                  key={f.id}
                  id={fixNumber(f.title) ? fixAnchor(fixNumber(f.title)!) : undefined}
                  data-testid="fix"
                  className="scroll-mt-16 rounded-md border border-slate-200 target:ring-2 target:ring-sky-400 dark:border-slate-800"
                >
                  <details>
                    <summary className="flex cursor-pointer flex-wrap items-center gap-2 px-3 py-2">
                      <span className="font-medium">{f.title}</span>
                      {f.priority && <span className="text-xs text-slate-500">{f.priority}</span>}
                      {f.time && <span className="text-xs text-slate-500">· {f.time}</span>}
                      {f.scripts.length > 0 && (
                        <span className="ml-auto text-xs text-slate-500">
                          {f.scripts.length} script{f.scripts.length === 1 ? '' : 's'}
                        </span>
                      )}
                    </summary>
                    <div className="border-t border-slate-200 px-3 py-2 dark:border-slate-800">
                      <Markdown>{f.body}</Markdown>
                      {slug &&
                        f.scripts.map((s, i) =>
                          s.lang === 'bash' || s.lang === 'sh' || s.lang === null ? (
                            <Link
                              key={i}
                              className="mr-2 text-xs text-sky-600 underline dark:text-sky-400"
                              href={`/incidents/${slug}/make-playbook?fix=${encodeURIComponent(f.id)}&script=${i}`}
                            >
                              Make playbook{f.scripts.length > 1 ? ` from script ${i + 1}` : ''}
                            </Link>
                          ) : null,
                        )}
                    </div>
                  </details>
                </li>
              ))}
            </ol>
          </div>
        ))}
      </div>
    </Section>
  );
}
