/** Where controls are withheld, say so and why — instead of leaving them silently missing. */
export function ReadOnlyNote({ role, children }: { role: string; children: React.ReactNode }) {
  return (
    <p
      data-testid="read-only-note"
      className="flex flex-wrap items-center gap-2 text-xs text-slate-500 dark:text-slate-400"
    >
      <span className="rounded bg-slate-200 px-1.5 py-0.5 font-semibold uppercase tracking-wide text-slate-700 dark:bg-slate-800 dark:text-slate-300">
        Read-only
      </span>
      <span>
        {children} Your role is {role}.
      </span>
    </p>
  );
}
