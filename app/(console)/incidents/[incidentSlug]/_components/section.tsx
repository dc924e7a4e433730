export function Section({
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
    <section id={id} aria-labelledby={`${id}-title`} data-testid={`section-${id}`} className="scroll-mt-28">
      <div className="mb-2 flex items-baseline justify-between gap-2 border-b border-slate-200 pb-1 dark:border-slate-800">
        <h2
          id={`${id}-title`}
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
