import type { Metadata } from 'next';
import { requirePermission } from '@/lib/auth/session';
import { listUsers } from '@/lib/users/queries';
import { ROLES } from '@/lib/auth/permissions';
import { AddUserForm } from './_components/add-user-form';
import { UserRow } from './_components/user-row';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const me = await requirePermission('user:manage');
  const users = await listUsers();
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <section className="min-w-0">
        <h1 className="mb-3 text-base font-semibold">Users</h1>
        <table className="table-cards w-full border-collapse text-left">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1.5 pr-3">Email</th>
              <th className="py-1.5 pr-3">Name</th>
              <th className="py-1.5 pr-3">Role</th>
              <th className="py-1.5 pr-3">State</th>
              <th className="py-1.5" />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow
                key={u.id}
                user={{ ...u, createdAt: u.createdAt.toISOString() }}
                roles={[...ROLES]}
                isSelf={u.id === me.id}
              />
            ))}
          </tbody>
        </table>
      </section>
      <aside>
        <h2 className="mb-3 text-base font-semibold">Add a user</h2>
        <AddUserForm roles={[...ROLES]} />
      </aside>
    </div>
  );
}
