import { Badge, severityTone, statusTone } from '@/components/ui/badge';
import { Time } from '@/components/ui/time';
import { Markdown } from '@/components/ui/markdown';
import { ProgressBar } from '@/components/ui/progress-bar';
import { formatDuration } from '@/lib/incidents/durations';
import { PHASE_LABEL } from '@/lib/incidents/constants';
import { checklistCompletion, groupCompletion, keyEvents, phaseCompletion } from '@/lib/postmortem/analyze';
import type { PostmortemEditing } from '@/lib/postmortem/load-postmortem';
import { NARRATIVE_SECTIONS, NARRATIVE_TITLES, type Postmortem, type PostmortemEvent } from '@/lib/postmortem/schema';
import { ActionItems, PromoteForm } from './action-items';
import { NarrativeEditor } from './narrative-editor';
import { PostmortemRuns } from './postmortem-runs';
import { KeyToggle, PrintButton } from './small-controls';

export type FullTimeline = {
  total: number;
  page: number;
  pages: number;
  events: (PostmortemEvent & { id: string })[];
};

export type PostmortemViewProps = {
  pm: Postmortem;
  editing: PostmortemEditing;
  chartSvg: string;
  canEdit: boolean;
  canAudit: boolean;
  pdfUnavailable: string | null;
  fullTimeline: FullTimeline | null;
};

function Part({
  title,
  id,
  children,
  aside,
}: {
  title: string;
  id: string;
  children: React.ReactNode;
  aside?: React.ReactNode;
}) {
  return (
    <section aria-labelledby={`pm-${id}`} data-testid={`pm-${id}`} className="break-inside-avoid-page space-y-2">
      <div className="flex items-baseline justify-between gap-2 border-b border-slate-200 pb-1 dark:border-slate-800">
        <h2
          id={`pm-${id}`}
          className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
        >
          {title}
        </h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

function When({ iso }: { iso: string | null }) {
  return iso ? <Time iso={iso} seconds /> : <span className="text-slate-400">—</span>;
}

/** The post-mortem page's body: pure props in, markup out (the page fetches). */
export function PostmortemView({
  pm,
  editing,
  chartSvg,
  canEdit,
  canAudit,
  pdfUnavailable,
  fullTimeline,
}: PostmortemViewProps) {
  const inc = pm.incident;
  const base = `/api/incidents/${inc.slug}/postmortem`;
  const events = keyEvents(pm.timeline);
  const phases = phaseCompletion(pm);
  const fixPhases = [...new Set(pm.fixes.map((f) => f.phaseTitle))];
  return (
    <article className="postmortem space-y-8">
      <header className="space-y-2">
        <p className="text-xs uppercase tracking-wide text-slate-500">
          <a href={`/incidents/${inc.slug}`} className="hover:underline print:hidden">
            ← Incident
          </a>
          <span className="hidden print:inline">warroom post-mortem</span>
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <Badge tone={severityTone(inc.severity)}>{inc.severity}</Badge>
          <Badge tone={statusTone(inc.status)}>
            <span data-testid="pm-status">{inc.status}</span>
          </Badge>
        </div>
        <h1 className="text-xl font-semibold leading-tight">Post-mortem: {inc.title}</h1>
        <nav aria-label="Exports" className="flex flex-wrap items-center gap-2 print:hidden" data-testid="pm-exports">
          <a
            className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            href={`${base}?format=md`}
            download
          >
            Markdown
          </a>
          <a
            className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            href={`${base}?format=svg`}
            download
          >
            Chart (SVG)
          </a>
          <a
            className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            href={`${base}?format=json`}
            download
          >
            JSON
          </a>
          {pdfUnavailable ? (
            <span
              className="rounded-md border border-dashed border-slate-300 px-2 py-1 text-xs text-slate-500"
              title={pdfUnavailable}
              data-testid="pm-pdf-unavailable"
            >
              PDF unavailable: {pdfUnavailable}
            </span>
          ) : (
            <a
              className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
              href={`${base}?format=pdf`}
              download
            >
              PDF
            </a>
          )}
          {canAudit && (
            <a
              className="rounded-md border border-slate-300 px-2 py-1 text-xs font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
              href={`${base}?format=bundle`}
              download
            >
              Audit bundle
            </a>
          )}
          <PrintButton />
        </nav>
      </header>

      <Part title="Summary and impact" id="summary">
        {inc.summary ? <Markdown>{inc.summary}</Markdown> : <p className="text-slate-500">No summary.</p>}
        {inc.impact && (
          <p>
            <span className="font-medium">Impact: </span>
            {inc.impact}
          </p>
        )}
      </Part>

      <Part title="Key times" id="times">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          {(
            [
              ['Started', inc.startedAt],
              ['Detected', inc.detectedAt],
              ['Mitigated', inc.mitigatedAt],
              ['Resolved', inc.resolvedAt],
            ] as const
          ).map(([label, iso]) => (
            <div key={label}>
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd data-testid={`pm-time-${label.toLowerCase()}`}>
                <When iso={iso} />
              </dd>
            </div>
          ))}
          {(
            [
              ['Time to detect', pm.durations.toDetectMs],
              ['Time to mitigate', pm.durations.toMitigateMs],
              ['Time to resolve', pm.durations.toResolveMs],
            ] as const
          ).map(([label, ms]) => (
            <div key={label}>
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className="font-semibold tabular-nums">{formatDuration(ms)}</dd>
            </div>
          ))}
        </dl>
      </Part>

      <Part title="Timeline chart" id="chart">
        {/* Our own renderer's output: every text in it is escaped, it has no script or link. */}
        <figure
          className="overflow-x-auto rounded-md border border-slate-200 bg-white dark:border-slate-800 [&_svg]:h-auto [&_svg]:w-full"
          dangerouslySetInnerHTML={{ __html: chartSvg }}
        />
      </Part>

      <Part
        title={`Important events (${events.length})`}
        id="events"
        aside={
          <a
            href="?timeline=1#pm-full-timeline"
            className="text-xs text-sky-600 hover:underline print:hidden dark:text-sky-400"
          >
            Full timeline ({pm.timeline.length > events.length ? 'all events' : 'every event'})
          </a>
        }
      >
        <EventList events={events} />
        <PostmortemRuns runs={pm.runs} />
      </Part>

      <Part title={`Root causes (${pm.findings.length})`} id="root-causes">
        {pm.findings.map((f) => (
          <div key={f.title} className="break-inside-avoid space-y-1">
            <h3 className="flex flex-wrap items-center gap-2 font-medium">
              {f.severity && <Badge tone={severityTone(f.severity)}>{f.severity}</Badge>}
              {f.title}
            </h3>
            {f.rootCause ? (
              <Markdown>{f.rootCause}</Markdown>
            ) : (
              <p className="text-slate-500">No root cause written.</p>
            )}
          </div>
        ))}
      </Part>

      <Part title="What was done" id="fixes">
        {fixPhases.map((title) => {
          const fixes = pm.fixes.filter((f) => f.phaseTitle === title);
          // fixPhases comes from pm.fixes, so every title has at least one fix.
          const [first] = fixes;
          if (!first) return null;
          const c = phases[first.phase];
          return (
            <div key={title} className="space-y-1">
              <h3 className="flex flex-wrap items-center gap-2 font-medium">
                {title}
                <span className="text-xs font-normal text-slate-500">{PHASE_LABEL[first.phase]}</span>
              </h3>
              {c && <ProgressBar done={c.done} total={c.total} label={`Checklist completion of ${title}`} />}
              <ul className="list-disc space-y-1 pl-5">
                {fixes.map((f) => {
                  const promotable = editing.longTermFixes.find((l) => l.title === f.title);
                  return (
                    <li key={f.title}>
                      {f.title}
                      {canEdit && promotable && !promotable.promoted && (
                        <div>
                          <PromoteForm
                            incidentId={editing.incidentId}
                            text={f.title}
                            sourceType="fix"
                            sourceId={promotable.id}
                          />
                        </div>
                      )}
                      {promotable?.promoted && <span className="ml-2 text-xs text-emerald-700">action item</span>}
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </Part>

      <Part title={`Communication log (${pm.statusUpdates.length})`} id="comms">
        {pm.statusUpdates.length === 0 ? (
          <p className="text-slate-500">No status update was published.</p>
        ) : (
          <ol className="space-y-2">
            {pm.statusUpdates.map((u, i) => (
              <li key={i} className="break-inside-avoid">
                <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                  <When iso={u.at} />
                  <Badge tone={u.audience === 'public' ? 'blue' : 'gray'}>{u.audience}</Badge>
                  {u.author?.name}
                </div>
                <p className="whitespace-pre-wrap">{u.body}</p>
              </li>
            ))}
          </ol>
        )}
        {pm.timeline.some((e) => e.kind === 'comms.missed') && (
          <p className="text-sm text-rose-700 dark:text-rose-400">
            Missed cadences: {pm.timeline.filter((e) => e.kind === 'comms.missed').length}
          </p>
        )}
      </Part>

      <Part title="Checklist completion" id="checklists">
        <div className="grid gap-4 sm:grid-cols-2">
          {pm.checklists.map((c) => {
            const all = checklistCompletion(c);
            return (
              <div key={c.title} className="break-inside-avoid space-y-1" data-testid="pm-checklist">
                <h3 className="font-medium">{c.title}</h3>
                <ProgressBar done={all.done} total={all.total} label={`${c.title} completion`} />
                <ul className="space-y-0.5 pl-3 text-sm">
                  {c.groups.map((g) => {
                    const gc = groupCompletion(g.items);
                    return (
                      <li key={g.title} className="flex items-center justify-between gap-2">
                        <span className="truncate">{g.title}</span>
                        <span className="shrink-0 tabular-nums text-xs text-slate-500">
                          {gc.done}/{gc.total}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </div>
            );
          })}
        </div>
        <details open={editing.undoneItems.length <= 12}>
          <summary className="cursor-pointer font-medium">Left undone ({editing.undoneItems.length})</summary>
          <ul className="mt-2 space-y-1 text-sm" data-testid="pm-undone">
            {editing.undoneItems.map((i) => (
              <li key={i.id}>
                <span>☐ {i.text}</span> <span className="text-xs text-slate-500">— {i.where}</span>
                {canEdit && !i.promoted && (
                  <div>
                    <PromoteForm
                      incidentId={editing.incidentId}
                      text={i.text}
                      sourceType="checklist-item"
                      sourceId={i.id}
                    />
                  </div>
                )}
                {i.promoted && <span className="ml-2 text-xs text-emerald-700">action item</span>}
              </li>
            ))}
          </ul>
        </details>
      </Part>

      <Part title="Narrative" id="narrative">
        <div className="grid gap-4 md:grid-cols-2">
          {NARRATIVE_SECTIONS.map((s) => (
            <NarrativeEditor
              key={s}
              incidentId={editing.incidentId}
              section={s}
              title={NARRATIVE_TITLES[s]}
              entry={pm.narrative[s]}
              canEdit={canEdit}
            />
          ))}
        </div>
      </Part>

      <Part title={`Action items (${editing.actionItems.length})`} id="action-items">
        <ActionItems items={editing.actionItems} canEdit={canEdit} />
        {canEdit && <PromoteForm incidentId={editing.incidentId} text="" label="Add an action item" />}
      </Part>

      {fullTimeline && (
        <Part title={`Full timeline (${fullTimeline.total} events)`} id="full-timeline">
          <ol className="space-y-1 text-sm">
            {fullTimeline.events.map((e) => (
              <li key={e.id} className="flex flex-wrap items-baseline gap-2" data-testid="pm-timeline-event">
                <span className="shrink-0 tabular-nums text-xs text-slate-500">
                  <When iso={e.at} />
                </span>
                <span className="text-xs text-slate-500">{e.kind}</span>
                <span className="min-w-0 whitespace-pre-wrap">{e.summary}</span>
                {e.actor && <span className="text-xs text-slate-500">— {e.actor.name}</span>}
                {canEdit && (e.kind === 'note' || e.kind === 'impact-start' || e.key) && (
                  <KeyToggle eventId={e.id} isKey={e.key} />
                )}
              </li>
            ))}
          </ol>
          <nav aria-label="Timeline pages" className="flex items-center gap-3 text-sm print:hidden">
            {fullTimeline.page > 1 && <a href={`?timeline=${fullTimeline.page - 1}#pm-full-timeline`}>← Earlier</a>}
            <span className="text-slate-500">
              Page {fullTimeline.page} of {fullTimeline.pages}
            </span>
            {fullTimeline.page < fullTimeline.pages && (
              <a href={`?timeline=${fullTimeline.page + 1}#pm-full-timeline`}>Later →</a>
            )}
          </nav>
        </Part>
      )}
    </article>
  );
}

function EventList({ events }: { events: PostmortemEvent[] }) {
  if (!events.length) return <p className="text-slate-500">No key events yet.</p>;
  return (
    <ol className="space-y-1 text-sm">
      {events.map((e, i) => (
        <li key={i} className="flex flex-wrap items-baseline gap-2" data-testid="pm-key-event">
          <span className="shrink-0 tabular-nums text-xs text-slate-500">
            <When iso={e.at} />
          </span>
          <span className="min-w-0 whitespace-pre-wrap">{e.summary}</span>
          {e.actor && <span className="text-xs text-slate-500">— {e.actor.name}</span>}
        </li>
      ))}
    </ol>
  );
}
