import { ProgressBar } from '@/components/ui/progress-bar';
import { CHECKLIST_KIND_LABEL } from '@/lib/incidents/constants';
import type { IncidentDetail } from '@/lib/incidents/queries';
import { Section } from './section';

export function ChecklistsSection({ checklists }: { checklists: IncidentDetail['checklists'] }) {
  if (!checklists.length) return null;
  const all = checklists.flatMap((c) => c.groups.flatMap((g) => g.items));
  return (
    <Section
      title="Checklists"
      id="checklists"
      aside={
        <div className="w-56">
          <ProgressBar done={all.filter((i) => i.done).length} total={all.length} label="All checklists" />
        </div>
      }
    >
      <div className="grid gap-4 lg:grid-cols-2">
        {checklists.map((c) => {
          const items = c.groups.flatMap((g) => g.items);
          return (
            <div key={c.id} data-testid={`checklist-${c.kind}`} className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
              <div className="mb-2 flex items-center justify-between gap-3">
                <h3 className="font-semibold">{c.title || CHECKLIST_KIND_LABEL[c.kind]}</h3>
                <div className="w-40">
                  <ProgressBar done={items.filter((i) => i.done).length} total={items.length} label={c.title} />
                </div>
              </div>
              <div className="space-y-3">
                {c.groups.map((g) => (
                  <div key={g.id} data-testid="checklist-group">
                    <div className="mb-1 flex items-center justify-between gap-3">
                      <h4 className="text-xs font-semibold uppercase text-slate-500">{g.title}</h4>
                      <div className="w-28">
                        <ProgressBar done={g.items.filter((i) => i.done).length} total={g.items.length} label={g.title} />
                      </div>
                    </div>
                    <ul className="space-y-0.5">
                      {g.items.map((item) => (
                        <li key={item.id} data-testid="checklist-item" data-done={item.done} className="flex items-start gap-2" style={{ paddingLeft: `${item.depth * 1.25}rem` }}>
                          <span aria-hidden className={`mt-0.5 inline-block h-3.5 w-3.5 shrink-0 rounded border ${item.done ? 'border-emerald-500 bg-emerald-500' : 'border-slate-400'}`} />
                          <span className={item.done ? 'text-slate-500 line-through' : ''}>{item.text}</span>
                          {item.doneBy && <span className="ml-auto shrink-0 text-xs text-slate-500">{item.doneBy.name}</span>}
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </Section>
  );
}
