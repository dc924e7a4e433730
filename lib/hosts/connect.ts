import 'server-only';
import { db } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import { SecretError } from '@/lib/crypto';
import { commitMutation } from '@/lib/auth/execute-action';
import type { SessionUser } from '@/lib/auth/types';
import { exec } from '@/lib/ssh/exec';
import { fetchHostKey } from '@/lib/ssh/fetch-host-key';
import { SshConnectError } from '@/lib/ssh/errors';
import type { ConnectionPool } from '@/lib/ssh/connection-pool';
import type { HostTarget } from '@/lib/ssh/types';
import { findHostWithSecrets, toHostTarget } from './host-target';
import { hostKeyRefusalMutation, type ProbedKey } from './hosts';
import { reportConnectionTest, type ConnectionTestReport } from './connection-report';

/**
 * The SSH side of the hosts page. Everything here runs in an action's
 * `prepare` step, before its transaction opens: no write lock is ever held
 * across a network call.
 */

type Actor = Pick<SessionUser, 'id' | 'email'>;

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
export async function probeConfirmedHostKey(actor: Actor, hostId: string, confirmed: string): Promise<ProbedKey> {
  const probed = await probeHostKey(hostId);
  if (probed.fingerprint !== confirmed.trim()) {
    await commitMutation(actor, async () =>
      hostKeyRefusalMutation(
        actor,
        { id: hostId, name: probed.name },
        {
          reason: 'confirm-mismatch',
          code: 'HOST_KEY_CHANGED',
          hostKey: { expected: confirmed, actual: probed.fingerprint, keyType: probed.keyType },
          via: 'pin',
        },
      ),
    );
    throw new AppError(
      'conflict:host-key',
      `HOST_KEY_CHANGED: ${probed.name} now presents ${probed.keyType} ${probed.fingerprint}, not the ${confirmed} you confirmed. ` +
        'Nothing was pinned. Fetch the key again and compare it with the server console.',
    );
  }
  return { keyType: probed.keyType, fingerprint: probed.fingerprint, address: probed.address, port: probed.port };
}

/** Decrypts the host's key for one connection. A key that fails authentication is named, not shown. */
export async function loadHostTarget(hostId: string): Promise<HostTarget> {
  const row = await findHostWithSecrets(hostId);
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

/**
 * Runs `id` on a pinned host. An unpinned host is refused before any
 * connection is made, and the refusal is audited. A key mismatch found while
 * connecting comes back as a report (status host_key_changed/unknown) for the
 * action's handler to record.
 */
export async function runConnectionTest(
  actor: Actor,
  hostId: string,
  pool?: ConnectionPool,
): Promise<ConnectionTestReport> {
  const target = await loadHostTarget(hostId);
  const host = { name: target.name, address: target.address, port: target.port, username: target.username };
  if (!target.hostKeyPin) {
    await commitMutation(actor, async () =>
      hostKeyRefusalMutation(
        actor,
        { id: target.id, name: target.name },
        {
          reason: 'not-pinned',
          code: 'HOST_KEY_UNKNOWN',
          hostKey: null,
          via: 'test',
        },
      ),
    );
    throw new AppError(
      'forbidden:host-key-unknown',
      `HOST_KEY_UNKNOWN: ${target.name} has no trusted host key, so warroom will not connect to it. Fetch its host key, compare it with the server console, and trust it. Nothing ran.`,
    );
  }
  const secrets = [target.privateKey, ...(target.passphrase ? [target.passphrase] : [])];
  const result = await exec(target, TEST_COMMAND, { timeoutMs: TEST_TIMEOUT_MS, secrets }, pool);
  return reportConnectionTest(host, result);
}
