import Link from 'next/link';
import { cookies } from 'next/headers';
import { requireUser } from '@/lib/auth/session';
import { can, type Permission } from '@/lib/auth/permissions';
import { signOutAction } from '../(auth)/login/actions';
import { NavLink } from './_components/nav-link';
import { StorageFaultBanner } from './_components/storage-fault-banner';
import { AuditChainBanner } from './_components/audit-chain-banner';
import { NavApprovals } from './_components/nav-approvals';
import { countPendingApprovals } from '@/lib/approvals/queries';
import { readViewerZone } from '@/lib/time/viewer-zone';
import { KeyboardLayer } from '@/components/keyboard/keyboard-layer';
import { ThemeToggle } from '@/components/ui/theme-toggle';
import { THEME_COOKIE, parseTheme } from '@/lib/ui/theme';
import { ConsoleProviders } from './_components/console-providers';
import { CollapsibleNav } from './_components/collapsible-nav';

const NAV: { href: string; label: string; permission: Permission }[] = [
  { href: '/incidents', label: 'Incidents', permission: 'incident:view' },
  { href: '/playbooks', label: 'Playbooks', permission: 'playbook:view' },
  { href: '/runs', label: 'Runs', permission: 'playbook:view' },
  { href: '/hosts', label: 'Hosts', permission: 'host:view' },
  { href: '/audit', label: 'Audit', permission: 'audit:view' },
  { href: '/admin/users', label: 'Admin', permission: 'user:manage' },
];

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const approver = can(user.role, 'playbook:approve');
  const pending = approver ? await countPendingApprovals() : 0;
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  const zone = await readViewerZone();
  const nav = NAV.filter((n) => can(user.role, n.permission));
  return (
    <ConsoleProviders zone={zone}>
      <div className="min-h-screen">
        <header className="sticky top-0 z-20 border-b border-slate-200 print:hidden bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
          <div className="mx-auto flex min-h-12 max-w-7xl flex-wrap items-center gap-x-6 px-4">
            <Link href="/incidents" className="flex min-h-11 items-center gap-2 font-semibold">
              <span className="h-2.5 w-2.5 rounded-full bg-rose-500" aria-hidden />
              warroom
            </Link>
            <CollapsibleNav>
              <nav aria-label="Main" className="flex flex-col gap-1 lg:flex-row lg:items-center">
                {nav.map((n) => (
                  <NavLink key={n.href} href={n.href}>
                    {n.label}
                  </NavLink>
                ))}
                {approver ? (
                  <NavApprovals pending={pending} />
                ) : (
                  can(user.role, 'host:view') && <NavLink href="/approvals">Approvals</NavLink>
                )}
              </nav>
              <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-2 text-xs text-slate-600 lg:ml-auto lg:border-0 lg:pt-0 dark:border-slate-800 dark:text-slate-400">
                <span data-testid="current-user" className="break-all">
                  {user.email} · <span className="uppercase">{user.role}</span>
                </span>
                <ThemeToggle theme={theme} />
                <form action={signOutAction}>
                  <button
                    type="submit"
                    className="min-h-11 rounded px-2 py-1 hover:bg-slate-200 lg:min-h-0 dark:hover:bg-slate-800"
                  >
                    Sign out
                  </button>
                </form>
              </div>
            </CollapsibleNav>
          </div>
        </header>
        {user.role === 'admin' ? <StorageFaultBanner /> : null}
        {user.role === 'admin' ? <AuditChainBanner /> : null}
        <KeyboardLayer
          nav={nav.map(({ href, label }) => ({ href, label }))}
          canRunPlaybooks={can(user.role, 'playbook:request')}
        />
        <main className="mx-auto max-w-7xl px-4 py-6 print:max-w-none print:p-0">{children}</main>
      </div>
    </ConsoleProviders>
  );
}
