import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/session';
import { AuditFilter, listAuditEntries } from '@/lib/audit/queries';
import { Input } from '@/components/ui/input';
import { LocalTime } from '@/components/ui/local-time';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePermission('audit:view');
  const filter = AuditFilter.parse(await searchParams);
  const { rows, nextBefore } = await listAuditEntries(filter);
  const nextQuery = new URLSearchParams(
    Object.entries({ ...filter, before: nextBefore ?? undefined })
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  );
  return (
    <div>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-base font-semibold">Audit log</h1>
          <p className="text-xs text-slate-500">
            Append-only and hash-chained. Verify it with <code>npm run -s warroom -- audit verify</code>.
          </p>
        </div>
        <form className="flex flex-wrap gap-2" role="search">
          <Input
            name="action"
            size="sm"
            fullWidth={false}
            placeholder="action (e.g. user.)"
            defaultValue={filter.action}
            aria-label="Filter by action"
          />
          <Input
            name="actor"
            size="sm"
            fullWidth={false}
            placeholder="actor email"
            defaultValue={filter.actor}
            aria-label="Filter by actor"
          />
          <Input
            name="target"
            size="sm"
            fullWidth={false}
            placeholder="target type or id"
            defaultValue={filter.target}
            aria-label="Filter by target"
          />
          <button className="rounded-md bg-slate-800 px-3 py-1 text-white dark:bg-slate-200 dark:text-slate-900">
            Filter
          </button>
        </form>
      </div>
      <table className="w-full border-collapse text-left text-xs">
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
          {rows.map((r) => (
            <tr
              key={r.seq}
              data-testid="audit-row"
              className="border-t border-slate-200 align-top dark:border-slate-800"
            >
              <td className="py-1.5 pr-3 tabular-nums text-slate-500">{r.seq}</td>
              <td className="py-1.5 pr-3 whitespace-nowrap">
                <LocalTime iso={r.at.toISOString()} />
              </td>
              <td className="py-1.5 pr-3">{r.actorEmail ?? 'system'}</td>
              <td className="py-1.5 pr-3 font-mono">{r.action}</td>
              <td className="py-1.5 pr-3 font-mono text-slate-500">
                {r.targetType}
                {r.targetId ? `:${r.targetId.slice(0, 10)}` : ''}
              </td>
              <td className="max-w-md truncate py-1.5 pr-3 font-mono text-slate-500" title={r.payload}>
                {r.payload}
              </td>
              <td className="py-1.5 font-mono text-slate-400" title={r.hash}>
                {r.hash.slice(0, 10)}
              </td>
            </tr>
          ))}
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
