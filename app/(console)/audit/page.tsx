import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/session';
import { AuditFilter, listAuditEntries, listIncidentsForFilter, type AuditRow } from '@/lib/audit/queries';
import { describePayload } from '@/lib/audit/describe-targets';
import { groupNoisyEntries } from '@/lib/audit/group-entries';
import { Time } from '@/components/ui/time';
import { readViewerZone } from '@/lib/time/viewer-zone';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('audit:view');
  const filter = AuditFilter.parse(await searchParams);
  // The zone the labels name is the zone the filter reads: the one the browser reported (lib/time/viewer-zone.ts).
  const zone = await readViewerZone();
  const [{ rows, nextBefore }, incidents] = await Promise.all([
    listAuditEntries(filter, zone),
    listIncidentsForFilter(),
  ]);
  const groups = groupNoisyEntries(rows);
  const field = 'rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-950';
  const nextQuery = new URLSearchParams(
    Object.entries({ ...filter, before: nextBefore ?? undefined })
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
  return (
    <div>
      <div className="mb-4 space-y-3">
        <div>
          <h1 className="text-base font-semibold">Audit log</h1>
          <p className="text-xs text-slate-500">
            Append-only and hash-chained. Verify it with <code>npm run -s warroom -- audit verify</code>. Repeated
            system events are folded into one row.
          </p>
        </div>
        <form className="flex flex-wrap items-end gap-2 text-xs" role="search">
          <label className="flex flex-col text-slate-500">
            Incident
            <select
              name="incident"
              defaultValue={filter.incident ?? ''}
              className={field}
              aria-label="Filter by incident"
            >
              <option value="">any incident</option>
              {incidents.map((i) => (
                <option key={i.slug} value={i.slug}>
                  {i.title}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-slate-500">
            Actor
            <input
              name="actor"
              placeholder="email or system:…"
              defaultValue={filter.actor}
              className={field}
              aria-label="Filter by actor"
            />
          </label>
          <label className="flex flex-col text-slate-500">
            Action
            <input
              name="action"
              placeholder="e.g. checklist."
              defaultValue={filter.action}
              className={field}
              aria-label="Filter by action"
            />
          </label>
          <label className="flex flex-col text-slate-500">
            From ({zone})
            <input type="datetime-local" name="from" defaultValue={filter.from} className={field} aria-label="From" />
          </label>
          <label className="flex flex-col text-slate-500">
            To ({zone})
            <input type="datetime-local" name="to" defaultValue={filter.to} className={field} aria-label="To" />
          </label>
          <label className="flex flex-col text-slate-500">
            Target
            <input
              name="target"
              placeholder="type or id"
              defaultValue={filter.target}
              className={field}
              aria-label="Filter by target"
            />
          </label>
          <button className="rounded-md bg-slate-800 px-3 py-1.5 text-white dark:bg-slate-200 dark:text-slate-900">
            Filter
          </button>
          <Link href="/audit" className="px-1 py-1.5 text-sky-700 underline dark:text-sky-400">
            Clear
          </Link>
        </form>
      </div>
      <table className="table-cards w-full border-collapse text-left text-xs">
        <thead className="uppercase text-slate-500">
          <tr>
            <th className="py-1.5 pr-3">#</th>
            <th className="py-1.5 pr-3">When</th>
            <th className="py-1.5 pr-3">Actor</th>
            <th className="py-1.5 pr-3">Action</th>
            <th className="py-1.5 pr-3">Target</th>
            <th className="py-1.5 pr-3">Details</th>
            <th className="py-1.5">Hash</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) =>
            g.entries.length === 1 ? (
              <Row key={g.first.seq} r={g.first} />
            ) : (
              <tr
                key={g.first.seq}
                data-testid="audit-group"
                className="border-t border-slate-200 align-top dark:border-slate-800"
              >
                <td className="py-1.5 pr-3 tabular-nums text-slate-500">
                  {(g.entries.at(-1) ?? g.first).seq}–{g.first.seq}
                </td>
                <td className="py-1.5 pr-3 whitespace-nowrap">
                  <Time iso={(g.entries.at(-1) ?? g.first).at.toISOString()} /> –{' '}
                  <Time iso={g.first.at.toISOString()} />
                </td>
                <td className="py-1.5 pr-3">{g.first.actorEmail}</td>
                <td className="py-1.5 pr-3 font-mono">
                  {g.first.action}{' '}
                  <span className="rounded bg-slate-200 px-1 dark:bg-slate-800">×{g.entries.length}</span>
                </td>
                <td className="py-1.5 pr-3" colSpan={3}>
                  <details>
                    <summary className="cursor-pointer text-slate-500">
                      {g.entries.length} entries —{' '}
                      {[...new Set(g.entries.map((e) => e.target.label))].slice(0, 3).join(', ')}
                    </summary>
                    <ul className="mt-1 space-y-0.5">
                      {g.entries.map((e) => (
                        <li key={e.seq} className="text-slate-500">
                          #{e.seq} <Time iso={e.at.toISOString()} /> — <Target r={e} /> {describePayload(e.payload)}
                        </li>
                      ))}
                    </ul>
                  </details>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      {rows.length === 0 && <p className="py-6 text-center text-slate-500">No entries match.</p>}
      {nextBefore && (
        <Link href={`/audit?${nextQuery}`} className="mt-3 inline-block text-sky-600 underline dark:text-sky-400">
          Older entries
        </Link>
      )}
    </div>
  );
}

function Row({ r }: { r: AuditRow }) {
  return (
    <tr data-testid="audit-row" className="border-t border-slate-200 align-top dark:border-slate-800">
      <td className="py-1.5 pr-3 tabular-nums text-slate-500">{r.seq}</td>
      <td className="py-1.5 pr-3 whitespace-nowrap">
        <Time iso={r.at.toISOString()} />
      </td>
      <td className="py-1.5 pr-3">{r.actorEmail ?? 'system'}</td>
      <td className="py-1.5 pr-3 font-mono">{r.action}</td>
      <td className="py-1.5 pr-3" data-testid="audit-target">
        <Target r={r} />
      </td>
      <td className="max-w-md truncate py-1.5 pr-3 text-slate-500" title={r.payload}>
        {describePayload(r.payload)}
      </td>
      <td className="py-1.5 font-mono text-slate-400" title={r.hash}>
        {r.hash.slice(0, 10)}
      </td>
    </tr>
  );
}

function Target({ r }: { r: AuditRow }) {
  const t = r.target;
  return (
    <span>
      <span className="text-slate-400">{t.kind} </span>
      {t.href ? (
        <Link href={t.href} className="text-sky-700 underline dark:text-sky-400">
          {t.label}
        </Link>
      ) : (
        <span>{t.label}</span>
      )}
      {t.context && <span className="text-slate-400"> · {t.context}</span>}
    </span>
  );
}
