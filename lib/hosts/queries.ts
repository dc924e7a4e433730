import 'server-only';
import { db } from '@/lib/db';
import { splitTags, type ServiceManager } from './host-input';

/** What any page may show of a host. The encrypted key and passphrase are deliberately absent. */
export const HOST_VIEW_SELECT = {
  id: true,
  name: true,
  address: true,
  port: true,
  username: true,
  tags: true,
  serviceManager: true,
  passwordlessSudo: true,
  publicKey: true,
  hostKeyPin: true,
  hostKeyType: true,
  pinnedAt: true,
  pinnedBy: { select: { email: true } },
  lastTestAt: true,
  lastTestStatus: true,
  lastTestResult: true,
  lastTestMs: true,
  createdAt: true,
} as const;

export type HostView = {
  id: string;
  name: string;
  address: string;
  port: number;
  username: string;
  tags: string[];
  serviceManager: ServiceManager;
  passwordlessSudo: boolean;
  publicKey: string | null;
  hostKeyPin: string | null;
  hostKeyType: string | null;
  pinnedAt: string | null;
  pinnedBy: string | null;
  lastTestAt: string | null;
  lastTestStatus: string | null;
  lastTestResult: string | null;
  lastTestMs: number | null;
};

/** Plain, serialisable rows for server and client components. */
export async function listHosts(): Promise<HostView[]> {
  const rows = await db.host.findMany({ select: HOST_VIEW_SELECT, orderBy: { name: 'asc' } });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    address: row.address,
    port: row.port,
    username: row.username,
    tags: splitTags(row.tags),
    serviceManager: row.serviceManager as ServiceManager,
    passwordlessSudo: row.passwordlessSudo,
    publicKey: row.publicKey,
    hostKeyPin: row.hostKeyPin,
    hostKeyType: row.hostKeyType,
    pinnedAt: row.pinnedAt?.toISOString() ?? null,
    pinnedBy: row.pinnedBy?.email ?? null,
    lastTestAt: row.lastTestAt?.toISOString() ?? null,
    lastTestStatus: row.lastTestStatus,
    lastTestResult: row.lastTestResult,
    lastTestMs: row.lastTestMs,
  }));
}
