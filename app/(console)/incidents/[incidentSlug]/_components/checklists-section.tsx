import type { IncidentDetail } from '@/lib/incidents/queries';
import { LiveChecklists, type ChecklistView, type CommentView } from './live-checklists';
import type { PlaybookLinks } from './checklist-item-playbook';

type Person = { id: string; name: string; email: string };

export function ChecklistsSection({
  slug,
  checklists,
  canTick,
  canEdit,
  people,
  role,
  comments,
  since,
  playbookLinks,
}: {
  slug: string;
  since?: number;
  checklists: IncidentDetail['checklists'];
  canTick: boolean;
  canEdit: boolean;
  people: Person[];
  playbookLinks: PlaybookLinks;
  role: string;
  comments: Record<string, CommentView[]>;
}) {
  if (!checklists.length) {
    return (
      <p
        data-testid="no-checklists"
        className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-500 dark:border-slate-700"
      >
        No checklists yet. Attach a plan to bring in its checklists, fixes and findings.
      </p>
    );
  }
  const view: ChecklistView[] = checklists.map((c) => ({
    id: c.id,
    kind: c.kind,
    title: c.title,
    groups: c.groups.map((g) => ({
      id: g.id,
      title: g.title,
      items: g.items.map((i) => ({
        id: i.id,
        groupId: g.id,
        position: 0,
        text: i.text,
        depth: i.depth,
        done: i.done,
        doneAt: i.doneAt ? i.doneAt.toISOString() : null,
        comment: i.comment,
        playbookId: i.playbookId,
        runId: i.runId,
        evidence: i.evidence,
        version: i.version,
        doneBy: i.doneBy,
        assignee: i.assignee,
      })),
    })),
  }));
  return (
    <LiveChecklists
      slug={slug}
      since={since}
      checklists={view}
      canTick={canTick}
      canEdit={canEdit}
      people={people}
      playbookLinks={playbookLinks}
      role={role}
      comments={comments}
    />
  );
}
