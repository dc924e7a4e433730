import { Badge } from '@/components/ui/badge';
import { ReadOnlyNote } from '@/components/ui/read-only-note';
import { Time } from '@/components/ui/time';
import { getCurrentUser } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { getCommsPanel, type CommsPanel } from '@/lib/comms/queries';
import { Section } from './section';
import { CommsCadences } from './comms-cadences';
import { CommsCompose, type PublishedView } from './comms-compose';
import { CommsWebhooks, type DeliveryView } from './comms-webhooks';
import { PublicPageToggle } from './public-page-toggle';
import { CommsPublicFace } from './comms-public-face';

/**
 * The communication plan: cadence countdowns (everyone), the compose form
 * (comms:publish), recent updates, and webhooks (comms:manage). The page
 * refreshes it on the incident stream's comms.* events.
 */
export async function CommsSection({ incidentId }: { incidentId: string }) {
  const user = await getCurrentUser();
  if (!user) return null;
  const canPublish = can(user.role, 'comms:publish');
  const canManage = can(user.role, 'comms:manage');
  const panel = await getCommsPanel(incidentId, { withWebhooks: canManage, withDraft: canPublish });
  if (!panel) return null;
  return (
    <Section
      title="Communication plan"
      id="comms"
      aside={
        <span className="flex items-center gap-2">
          {can(user.role, 'incident:update') && (
            <PublicPageToggle incidentId={panel.id} disabled={panel.publicPageDisabled} />
          )}
          <a
            href={`/status/${panel.slug}`}
            target="_blank"
            rel="noreferrer"
            className="text-xs text-sky-600 underline dark:text-sky-400"
            data-testid="public-status-link"
          >
            Public status page
          </a>
        </span>
      }
    >
      <div className="space-y-4">
        <CommsCadences
          incidentId={panel.id}
          resolved={panel.status === 'resolved'}
          canManage={canManage}
          cadences={panel.cadences.map((c) => ({
            id: c.id,
            text: c.text,
            everyMinutes: c.everyMinutes,
            startedAt: c.startedAt.toISOString(),
            lastSentAt: c.lastSentAt?.toISOString() ?? null,
            audience: c.audience,
            linkedItem: (c.linkedItemId && panel.linkedItems[c.linkedItemId]) || null,
          }))}
        />
        {canPublish ? (
          <CommsCompose
            incidentId={panel.id}
            draft={panel.draft}
            publicDraft={panel.publicDraft}
            draftKey={panel.draftKey}
            preview={{ publicTitle: panel.publicTitleShown, status: panel.status, hooks: panel.previewHooks }}
            latest={latestView(panel.statusUpdates[0])}
          />
        ) : (
          <ReadOnlyNote role={user.role}>
            Only responders, commanders and admins can publish status updates.
          </ReadOnlyNote>
        )}
        <div>
          <h3 className="mb-1 text-xs font-semibold uppercase text-slate-500">Published updates</h3>
          {panel.statusUpdates.length === 0 ? (
            <p className="text-slate-500">None yet.</p>
          ) : (
            <ol className="space-y-2" data-testid="status-updates">
              {panel.statusUpdates.map((u) => (
                <li
                  key={u.id}
                  data-testid="status-update"
                  data-audience={u.audience}
                  className="rounded-md border border-slate-200 p-2 dark:border-slate-800"
                >
                  <div className="mb-1 flex items-center gap-2 text-xs text-slate-500">
                    <Badge tone={u.audience === 'public' ? 'blue' : 'gray'}>{u.audience}</Badge>
                    <Time iso={u.publishedAt.toISOString()} />
                    {u.author ? <span>· {u.author.name}</span> : null}
                  </div>
                  <p className="whitespace-pre-wrap break-words">{u.body}</p>
                </li>
              ))}
            </ol>
          )}
        </div>
        {canManage && (
          <CommsPublicFace
            incidentId={panel.id}
            publicTitle={panel.publicTitle ?? ''}
            publicSummary={panel.publicSummary ?? ''}
          />
        )}
        {canManage && (
          <CommsWebhooks
            incidentId={panel.id}
            webhooks={panel.webhooks.map((w) => ({
              id: w.id,
              name: w.name,
              urlHint: w.urlHint,
              active: w.active,
              audience: w.audience,
              last: lastDeliveryView(w.deliveries[0]),
            }))}
          />
        )}
      </div>
    </Section>
  );
}

function lastDeliveryView(d: CommsPanel['webhooks'][number]['deliveries'][number] | undefined): DeliveryView | null {
  return d
    ? {
        id: d.id,
        kind: d.kind,
        status: d.status,
        attempts: d.attempts,
        detail: d.detail,
        at: (d.finishedAt ?? d.requestedAt).toISOString(),
      }
    : null;
}

function latestView(u: CommsPanel['statusUpdates'][number] | undefined): PublishedView | null {
  return u ? { id: u.id, body: u.body, audience: u.audience, author: u.author?.name ?? null } : null;
}
