import type { Metadata } from 'next';
import { ReadOnlyNote } from '@/components/ui/read-only-note';
import { requirePermission } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { listHosts } from '@/lib/hosts/queries';
import { AddHostForm } from './_components/add-host-form';
import { HostRow } from './_components/host-row';

export const metadata: Metadata = { title: 'Hosts' };

export default async function HostsPage() {
  const user = await requirePermission('host:view');
  const canManage = can(user.role, 'host:manage');
  const hosts = await listHosts();
  const unpinned = hosts.filter((h) => !h.hostKeyPin).length;
  return (
    <div className={canManage ? 'grid gap-6 xl:grid-cols-[1fr_22rem]' : ''}>
      <section aria-labelledby="hosts-heading" className="min-w-0">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h1 id="hosts-heading" className="text-base font-semibold">
            Hosts <span className="font-normal text-slate-500">({hosts.length})</span>
          </h1>
          <p className="text-xs text-slate-500">
            A host is usable only once an admin has trusted its host key.
            {unpinned > 0 ? ` ${unpinned} not trusted yet.` : ''}
          </p>
        </div>
        {!canManage && (
          <div className="mb-3">
            <ReadOnlyNote role={user.role}>
              Only admins can add hosts, trust host keys or test connections.
            </ReadOnlyNote>
          </div>
        )}
        {hosts.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-slate-500 dark:border-slate-700">
            No hosts yet.{canManage ? ' Add one with the form.' : ' An admin adds them.'}
          </p>
        ) : (
          <div>
            <table className="table-cards w-full border-collapse text-left text-sm" data-testid="hosts-table">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-1.5 pr-3">Name</th>
                  <th className="py-1.5 pr-3">Address</th>
                  <th className="py-1.5 pr-3">User</th>
                  <th className="py-1.5 pr-3">Tags</th>
                  <th className="py-1.5 pr-3">Services</th>
                  <th className="py-1.5 pr-3">Host key</th>
                  <th className="py-1.5 pr-3">Last test</th>
                  {canManage && <th className="py-1.5" />}
                </tr>
              </thead>
              <tbody>
                {hosts.map((host) => (
                  <HostRow key={host.id} host={host} canManage={canManage} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {canManage && (
        <aside>
          <h2 className="mb-3 text-base font-semibold">Add a host</h2>
          <AddHostForm />
        </aside>
      )}
    </div>
  );
}
