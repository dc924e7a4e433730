/**
 * Anchors to the parts of a long incident page: on a phone the status-update
 * composer is otherwise thousands of pixels below 61 checklist items. Sticky
 * under the top bar, so it is one tap from anywhere on the page.
 */
export function JumpBar({ runs }: { runs: boolean }) {
  const links = [
    { href: '#checklists', label: 'Checklists' },
    { href: '#comms', label: 'Comms' },
    { href: '#timeline', label: 'Timeline' },
    ...(runs ? [{ href: '#runs', label: 'Runs' }] : []),
  ];
  return (
    <nav
      aria-label="Jump to"
      className="sticky top-12 z-10 -mx-4 border-b border-slate-200 bg-slate-50/95 px-4 backdrop-blur print:hidden dark:border-slate-800 dark:bg-slate-950/95"
    >
      <ul className="flex gap-1">
        {links.map((l) => (
          <li key={l.href} className="flex-1 sm:flex-none">
            <a
              href={l.href}
              className="flex min-h-11 items-center justify-center rounded px-2 text-sm font-medium text-slate-700 hover:bg-slate-200 sm:min-h-9 dark:text-slate-200 dark:hover:bg-slate-800"
            >
              {l.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
