import 'server-only';
import { db, type Tx } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import { SecretError } from '@/lib/crypto';
import { AuditedRefusal } from '@/lib/mutations/audited-refusal';
import type { AuditRecord } from '@/lib/mutations/types';
import { exec } from '@/lib/ssh/exec';
import { fetchHostKey } from '@/lib/ssh/fetch-host-key';
import { SshConnectError } from '@/lib/ssh/errors';
import type { ConnectionPool } from '@/lib/ssh/connection-pool';
import type { HostTarget } from '@/lib/ssh/types';
import { findHostWithSecrets, findHostsWithSecrets, toHostTarget } from './host-target';
import { hostKeyRefusal, type ProbedKey } from './hosts';
import { reportConnectionTest, type ConnectionTestReport } from './connection-report';

/**
 * The SSH side of the hosts page. Everything here runs in an action's
 * `prepare` step, before its transaction opens: no write lock is ever held
 * across a network call.
 */

export const TEST_COMMAND = 'id';
export const TEST_TIMEOUT_MS = 10_000;

/** Connects only as far as key exchange, reads the host key, and hangs up. Nothing is saved. */
export async function probeHostKey(hostId: string): Promise<ProbedKey & { name: string }> {
  const host = await db.host.findUnique({
    where: { id: hostId },
    select: { id: true, name: true, address: true, port: true },
  });
  if (!host) throw notFound('host');
  try {
    const fetched = await fetchHostKey(host.address, host.port);
    return { ...fetched, name: host.name, address: host.address, port: host.port };
  } catch (error) {
    if (error instanceof SshConnectError) {
      throw new AppError(
        'unavailable:host-unreachable',
        `HOST_UNREACHABLE: could not read the host key of ${host.name} (${error.message}). Check the address, the port and that sshd is running.`,
      );
    }
    throw error;
  }
}

/**
 * Re-fetches the key right before pinning and compares it with the one the
 * admin confirmed. A difference (a key rotated in between, or someone in the
 * middle) is refused and audited; the admin must look again.
 */
export async function probeConfirmedHostKey(hostId: string, confirmed: string): Promise<ProbedKey> {
  const probed = await probeHostKey(hostId);
  if (probed.fingerprint !== confirmed.trim()) {
    throw new AuditedRefusal(
      new AppError(
        'conflict:host-key',
        `HOST_KEY_CHANGED: ${probed.name} now presents ${probed.keyType} ${probed.fingerprint}, not the ${confirmed} you confirmed. ` +
          'Nothing was pinned. Fetch the key again and compare it with the server console.',
      ),
      hostKeyRefusal(
        { id: hostId, name: probed.name },
        {
          reason: 'confirm-mismatch',
          code: 'HOST_KEY_CHANGED',
          hostKey: { expected: confirmed, actual: probed.fingerprint, keyType: probed.keyType },
          via: 'pin',
        },
      ),
    );
  }
  return { keyType: probed.keyType, fingerprint: probed.fingerprint, address: probed.address, port: probed.port };
}

/** Decrypts the host's key for one connection. A key that fails authentication is named, not shown. */
export async function loadHostTarget(hostId: string): Promise<HostTarget> {
  return decryptTarget(await findHostWithSecrets(hostId));
}

/**
 * A run's hosts in one query, each decrypted on its own: a host whose key
 * cannot be decrypted (or that was deleted) is a rejected promise for that
 * host alone.
 */
export function loadHostTargets(hostIds: string[]): Map<string, Promise<HostTarget>> {
  const rows = findHostsWithSecrets(hostIds);
  const targets = new Map<string, Promise<HostTarget>>();
  for (const id of hostIds) {
    const target = rows.then((found) => {
      const row = found.find((r) => r.id === id);
      if (!row) throw notFound('host');
      return decryptTarget(row);
    });
    // Each is awaited by the step that needs it; a host that never runs must not be an unhandled rejection.
    target.catch(() => {});
    targets.set(id, target);
  }
  return targets;
}

function decryptTarget(row: Awaited<ReturnType<typeof findHostWithSecrets>>): HostTarget {
  try {
    return toHostTarget(row);
  } catch (error) {
    if (error instanceof SecretError) {
      throw new AppError(
        'conflict:host-secret',
        `The stored private key of ${row.name} cannot be decrypted (WARROOM_SECRET_KEY changed, or the row was tampered with). Re-key the host.`,
      );
    }
    throw error;
  }
}

function notTrusted(host: { id: string; name: string }): AuditedRefusal {
  return new AuditedRefusal(
    new AppError(
      'forbidden:host-key-unknown',
      `HOST_KEY_UNKNOWN: ${host.name} has no trusted host key, so warroom will not connect to it. Fetch its host key, compare it with the server console, and trust it. Nothing ran.`,
    ),
    hostKeyRefusal(host, { reason: 'not-pinned', code: 'HOST_KEY_UNKNOWN', hostKey: null, via: 'test' }),
  );
}

/** The resource check of every action that connects to a host: it exists. */
export async function findHostToConnect(reader: Tx, hostId: string) {
  const host = await reader.host.findUnique({
    where: { id: hostId },
    select: { id: true, name: true, address: true, port: true, username: true, hostKeyPin: true },
  });
  if (!host) throw notFound('host');
  return host;
}

/** Running a command needs a trusted key: an unpinned host is refused, and the refusal audited, before any connection. */
export async function assertHostTrusted(reader: Tx, hostId: string): Promise<void> {
  const host = await findHostToConnect(reader, hostId);
  if (!host.hostKeyPin) throw notTrusted(host);
}

/** The intent entry committed before connecting: which host, and what will happen there. */
export async function connectIntent(
  reader: Tx,
  hostId: string,
  what: { action: string; via: 'fetch-key' | 'pin' | 'repin' | 'test'; command?: string },
): Promise<AuditRecord> {
  const host = await findHostToConnect(reader, hostId);
  return {
    action: what.action,
    targetType: 'host',
    targetId: host.id,
    payload: {
      name: host.name,
      address: host.address,
      port: host.port,
      via: what.via,
      ...(what.command ? { username: host.username, command: what.command } : { reads: 'host key' }),
    },
  };
}

/**
 * Runs `id` on a pinned host. `authorize` refused an unpinned host already;
 * the check here holds if the pin went away meanwhile. A key mismatch found
 * while connecting comes back as a report (status host_key_changed/unknown)
 * for the action's handler to record.
 */
export async function runConnectionTest(hostId: string, pool?: ConnectionPool): Promise<ConnectionTestReport> {
  const target = await loadHostTarget(hostId);
  const host = { name: target.name, address: target.address, port: target.port, username: target.username };
  if (!target.hostKeyPin) throw notTrusted(target);
  const secrets = [target.privateKey, ...(target.passphrase ? [target.passphrase] : [])];
  const result = await exec(target, TEST_COMMAND, { timeoutMs: TEST_TIMEOUT_MS, secrets }, pool);
  return reportConnectionTest(host, result);
}
