import 'server-only';
import { db } from '@/lib/db';

/** A target as a person reads it: "Kill zombie processes" in "TMS outage", linked where it still exists. */
export type TargetName = { kind: string; label: string; href: string | null; context: string | null };

type Entry = { seq: number; targetType: string; targetId: string | null; payload: string };

const KIND: Record<string, string> = {
  incident: 'incident',
  'checklist-item': 'item',
  host: 'host',
  user: 'user',
  cadence: 'cadence',
  'incident-webhook': 'webhook',
  'status-update': 'status update',
};

function payloadOf(text: string): Record<string, unknown> {
  try {
    const v = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/**
 * Names for each entry's target, looked up in batches (one query per kind).
 * A target deleted since is named from what its own entry recorded (an
 * item's text, an incident's title), without a link.
 */
export async function describeTargets(entries: Entry[]): Promise<Map<number, TargetName>> {
  const ids = (type: string) => [
    ...new Set(entries.filter((e) => e.targetType === type && e.targetId).map((e) => e.targetId!)),
  ];
  const [incidents, items, hosts, users, cadences, webhooks, updates] = await Promise.all([
    db.incident.findMany({ where: { id: { in: ids('incident') } }, select: { id: true, slug: true, title: true } }),
    db.checklistItem.findMany({
      where: { id: { in: ids('checklist-item') } },
      select: {
        id: true,
        text: true,
        group: { select: { checklist: { select: { incident: { select: { slug: true, title: true } } } } } },
      },
    }),
    db.host.findMany({ where: { id: { in: ids('host') } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: ids('user') } }, select: { id: true, email: true, name: true } }),
    db.cadence.findMany({
      where: { id: { in: ids('cadence') } },
      select: { id: true, text: true, incident: { select: { slug: true, title: true } } },
    }),
    db.incidentWebhook.findMany({
      where: { id: { in: ids('incident-webhook') } },
      select: { id: true, name: true, incident: { select: { slug: true, title: true } } },
    }),
    db.statusUpdate.findMany({
      where: { id: { in: ids('status-update') } },
      select: { id: true, body: true, incident: { select: { slug: true, title: true } } },
    }),
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const inc = byId(incidents);
  const item = byId(items);
  const host = byId(hosts);
  const user = byId(users);
  const cadence = byId(cadences);
  const webhook = byId(webhooks);
  const update = byId(updates);
  const out = new Map<number, TargetName>();
  for (const e of entries) {
    const p = payloadOf(e.payload);
    const kind = KIND[e.targetType] ?? e.targetType;
    const id = e.targetId ?? '';
    let name: TargetName = {
      kind,
      label: e.targetId ? `${e.targetType}:${e.targetId.slice(0, 10)}` : e.targetType,
      href: null,
      context: null,
    };
    if (e.targetType === 'incident') {
      const i = inc.get(id);
      name = i
        ? { kind, label: i.title, href: `/incidents/${i.slug}`, context: null }
        : {
            kind,
            label: str(p.title) ?? name.label,
            href: null,
            context: str(p.slug) ? `${p.slug} (deleted)` : 'deleted',
          };
    } else if (e.targetType === 'checklist-item') {
      const i = item.get(id);
      const incident = i?.group.checklist.incident;
      name = i
        ? { kind, label: i.text, href: `/incidents/${incident!.slug}`, context: incident!.title }
        : { kind, label: str(p.text) ?? str(p.to) ?? name.label, href: null, context: 'removed since' };
    } else if (e.targetType === 'host') {
      const h = host.get(id);
      name = h
        ? { kind, label: h.name, href: '/hosts', context: null }
        : { kind, label: str(p.name) ?? name.label, href: null, context: 'deleted' };
    } else if (e.targetType === 'user') {
      const u = user.get(id);
      name = u
        ? { kind, label: u.email, href: '/admin/users', context: u.name }
        : { kind, label: str(p.email) ?? name.label, href: null, context: null };
    } else if (e.targetType === 'cadence') {
      const c = cadence.get(id);
      if (c) name = { kind, label: c.text, href: `/incidents/${c.incident.slug}`, context: c.incident.title };
    } else if (e.targetType === 'incident-webhook') {
      const w = webhook.get(id);
      if (w) name = { kind, label: w.name, href: `/incidents/${w.incident.slug}`, context: w.incident.title };
    } else if (e.targetType === 'status-update') {
      const u = update.get(id);
      if (u)
        name = {
          kind,
          label: u.body.length > 60 ? `${u.body.slice(0, 57)}…` : u.body,
          href: `/incidents/${u.incident.slug}`,
          context: u.incident.title,
        };
    }
    out.set(e.seq, name);
  }
  return out;
}

/** The payload as "done: yes · from: investigating → to: resolved", ids and versions left out. */
export function describePayload(text: string): string {
  const p = payloadOf(text);
  const skip = /^(id|version|intentSeq|snapshot|hash)$|Id$/;
  return Object.entries(p)
    .filter(([k, v]) => !skip.test(k) && v !== null && v !== undefined && v !== '')
    .map(
      ([k, v]) =>
        `${k}: ${typeof v === 'boolean' ? (v ? 'yes' : 'no') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    )
    .join(' · ');
}
