import 'server-only';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Tx } from '@/lib/db';
import { AppError, notFound } from '@/lib/errors';
import type { AuditRecord, Mutation } from '@/lib/mutations/types';
import type { SessionUser } from '@/lib/auth/types';
import { generateEd25519KeyPair } from '@/lib/ssh/keygen';
import type { FetchedHostKey } from '@/lib/ssh/fetch-host-key';
import type { HostKeyMismatch } from '@/lib/ssh/types';
import { encryptHostSecret } from './host-target';
import {
  joinTags,
  type CreateHostInput,
  type HostIdInput,
  type PinHostKeyInput,
  type RepinHostKeyInput,
  type UpdateHostInput,
} from './host-input';
import { isHostKeyRefusal, testAuditPayload, type ConnectionTestReport } from './connection-report';

/**
 * Host mutations. Each runs inside the guarded action's transaction and
 * returns its audit record; audit payloads name the fields that changed,
 * never a secret's value.
 */

type Actor = Pick<SessionUser, 'id' | 'email'>;

export type HostCreated = { id: string; name: string; publicKey: string | null; generated: boolean };

/** Fields that say where and how to connect; a change to any of them makes the last test stale. */
const CONNECTION_FIELDS = ['address', 'port', 'username'] as const;

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const clash = await tx.host.findUnique({ where: { name }, select: { id: true } });
  if (clash && clash.id !== exceptId) {
    throw new AppError('conflict:host-name', `A host named ${name} already exists.`, {
      fieldErrors: { name: ['already in use'] },
    });
  }
}

/** Encrypted key fields for row `id`: the pasted key, or a fresh ed25519 pair. */
function keyMaterial(
  id: string,
  name: string,
  input: { privateKey?: string; passphrase?: string; generate: boolean; publicKey?: string },
) {
  if (input.generate) {
    const pair = generateEd25519KeyPair(`warroom-${name}`);
    return {
      data: {
        privateKeyEncrypted: encryptHostSecret(id, 'privateKey', pair.privateKey),
        passphraseEncrypted: null,
        publicKey: pair.publicKey,
      },
      keyType: 'ssh-ed25519',
    };
  }
  if (!input.privateKey)
    throw new AppError('invalid:host-key', 'Paste a private key, or choose "Generate an ed25519 key".');
  return {
    data: {
      privateKeyEncrypted: encryptHostSecret(id, 'privateKey', input.privateKey),
      passphraseEncrypted: input.passphrase ? encryptHostSecret(id, 'passphrase', input.passphrase) : null,
      publicKey: input.publicKey ?? null,
    },
    keyType: input.publicKey?.split(' ')[0] ?? 'unknown',
  };
}

export async function createHost(tx: Tx, input: CreateHostInput): Promise<Mutation<HostCreated>> {
  await assertNameFree(tx, input.name);
  // The id is chosen before encrypting: it is part of each ciphertext's AAD.
  const id = randomUUID();
  const key = keyMaterial(id, input.name, input);
  await tx.host.create({
    data: {
      id,
      name: input.name,
      address: input.address,
      port: input.port,
      username: input.username,
      tags: joinTags(input.tags),
      serviceManager: input.serviceManager,
      passwordlessSudo: input.passwordlessSudo,
      ...key.data,
    },
    select: { id: true },
  });
  return {
    data: { id, name: input.name, publicKey: key.data.publicKey, generated: input.generate },
    audit: {
      action: 'host.create',
      targetType: 'host',
      targetId: id,
      payload: {
        name: input.name,
        address: input.address,
        port: input.port,
        username: input.username,
        tags: input.tags,
        serviceManager: input.serviceManager,
        passwordlessSudo: input.passwordlessSudo,
        key: {
          source: input.generate ? 'generated' : 'pasted',
          type: key.keyType,
          passphrase: Boolean(key.data.passphraseEncrypted),
        },
      },
    },
  };
}

export type HostUpdated = { id: string; name: string; changed: string[]; publicKey: string | null; generated: boolean };

export async function updateHost(tx: Tx, input: UpdateHostInput): Promise<Mutation<HostUpdated>> {
  const host = await tx.host.findUnique({
    where: { id: input.hostId },
    select: {
      id: true,
      name: true,
      address: true,
      port: true,
      username: true,
      tags: true,
      serviceManager: true,
      passwordlessSudo: true,
    },
  });
  if (!host) throw notFound('host');
  if (input.name !== host.name) await assertNameFree(tx, input.name, host.id);
  const next = {
    name: input.name,
    address: input.address,
    port: input.port,
    username: input.username,
    tags: joinTags(input.tags),
    serviceManager: input.serviceManager,
    passwordlessSudo: input.passwordlessSudo,
  };
  const changed: string[] = (Object.keys(next) as (keyof typeof next)[]).filter((field) => next[field] !== host[field]);
  const rekey = input.generate || Boolean(input.privateKey);
  const key = rekey ? keyMaterial(host.id, input.name, input) : undefined;
  if (key) changed.push('privateKey', ...(key.data.passphraseEncrypted ? ['passphrase'] : []));
  if (changed.length === 0) {
    throw new AppError('conflict:host-unchanged', `Nothing to save: ${host.name} already has these settings.`);
  }
  const staleTest = rekey || CONNECTION_FIELDS.some((field) => changed.includes(field));
  await tx.host.update({
    where: { id: host.id },
    data: {
      ...next,
      ...(key?.data ?? {}),
      ...(staleTest ? { lastTestAt: null, lastTestStatus: null, lastTestResult: null, lastTestMs: null } : {}),
    },
    select: { id: true },
  });
  return {
    data: { id: host.id, name: input.name, changed, publicKey: key?.data.publicKey ?? null, generated: input.generate },
    audit: {
      action: 'host.update',
      targetType: 'host',
      targetId: host.id,
      payload: {
        name: input.name,
        changed,
        ...(key ? { key: { source: input.generate ? 'generated' : 'pasted', type: key.keyType } } : {}),
      },
    },
  };
}

export async function deleteHost(tx: Tx, input: z.infer<typeof HostIdInput>): Promise<Mutation<{ id: string }>> {
  const host = await tx.host.findUnique({
    where: { id: input.hostId },
    select: { id: true, name: true, address: true, port: true },
  });
  if (!host) throw notFound('host');
  await tx.host.delete({ where: { id: host.id } });
  return {
    data: { id: host.id },
    audit: {
      action: 'host.delete',
      targetType: 'host',
      targetId: host.id,
      payload: { name: host.name, address: host.address, port: host.port },
    },
  };
}

export type FetchedKeyView = FetchedHostKey & {
  hostId: string;
  /** The current pin, to show "matches" or "differs (old → new)". */
  pinned: string | null;
};

/** Fetching a key changes nothing, but it is a connection made on someone's behalf: it is recorded. */
export async function recordHostKeyFetch(
  tx: Tx,
  hostId: string,
  fetched: FetchedHostKey,
): Promise<Mutation<FetchedKeyView>> {
  const host = await tx.host.findUnique({ where: { id: hostId }, select: { id: true, name: true, hostKeyPin: true } });
  if (!host) throw notFound('host');
  return {
    data: { hostId: host.id, keyType: fetched.keyType, fingerprint: fetched.fingerprint, pinned: host.hostKeyPin },
    audit: {
      action: 'host.fetch-key',
      targetType: 'host',
      targetId: host.id,
      payload: { name: host.name, keyType: fetched.keyType, fingerprint: fetched.fingerprint, pinned: host.hostKeyPin },
    },
  };
}

/** What `prepare` probed, so the handler can refuse if the host moved meanwhile. */
export type ProbedKey = FetchedHostKey & { address: string; port: number };

async function hostForPin(tx: Tx, hostId: string, probed: ProbedKey) {
  const host = await tx.host.findUnique({
    where: { id: hostId },
    select: { id: true, name: true, address: true, port: true, hostKeyPin: true },
  });
  if (!host) throw notFound('host');
  if (host.address !== probed.address || host.port !== probed.port) {
    throw new AppError(
      'conflict:host-moved',
      `${host.name} now points at ${host.address}:${host.port}, not ${probed.address}:${probed.port}. Fetch its host key again.`,
    );
  }
  return host;
}

export type PinResult = { hostId: string; name: string; keyType: string; fingerprint: string; previous: string | null };

/** Trust on first use, by an admin's explicit confirmation of the fingerprint they were shown. */
export async function pinHostKey(
  tx: Tx,
  actor: Actor,
  input: z.infer<typeof PinHostKeyInput>,
  probed: ProbedKey,
): Promise<Mutation<PinResult>> {
  const host = await hostForPin(tx, input.hostId, probed);
  if (host.hostKeyPin) {
    throw new AppError(
      'conflict:host-pinned',
      host.hostKeyPin === probed.fingerprint
        ? `${host.name} already trusts ${host.hostKeyPin}.`
        : `${host.name} already trusts ${host.hostKeyPin}. Replacing a pin is a re-pin: use "Re-pin".`,
    );
  }
  await tx.host.update({
    where: { id: host.id },
    data: {
      hostKeyPin: probed.fingerprint,
      hostKeyType: probed.keyType,
      pinnedAt: new Date(),
      pinnedById: actor.id || null,
    },
    select: { id: true },
  });
  return {
    data: {
      hostId: host.id,
      name: host.name,
      keyType: probed.keyType,
      fingerprint: probed.fingerprint,
      previous: null,
    },
    audit: {
      action: 'host.pin',
      targetType: 'host',
      targetId: host.id,
      payload: { name: host.name, keyType: probed.keyType, fingerprint: probed.fingerprint },
    },
  };
}

/** Replaces a pin (host rebuilt, keys rotated). Old and new are both named, in the request and in the audit. */
export async function repinHostKey(
  tx: Tx,
  actor: Actor,
  input: z.infer<typeof RepinHostKeyInput>,
  probed: ProbedKey,
): Promise<Mutation<PinResult>> {
  const host = await hostForPin(tx, input.hostId, probed);
  if (!host.hostKeyPin) {
    throw new AppError('conflict:host-not-pinned', `${host.name} has no pinned key yet: use "Trust this key".`);
  }
  if (host.hostKeyPin !== input.previousFingerprint) {
    throw new AppError(
      'conflict:host-pin-changed',
      `The pin of ${host.name} is now ${host.hostKeyPin}, not ${input.previousFingerprint}: someone changed it meanwhile. Reload and compare again.`,
    );
  }
  if (host.hostKeyPin === probed.fingerprint) {
    throw new AppError('conflict:host-pinned', `${host.name} already trusts ${host.hostKeyPin}; nothing to re-pin.`);
  }
  await tx.host.update({
    where: { id: host.id },
    data: {
      hostKeyPin: probed.fingerprint,
      hostKeyType: probed.keyType,
      pinnedAt: new Date(),
      pinnedById: actor.id || null,
      lastTestAt: null,
      lastTestStatus: null,
      lastTestResult: null,
      lastTestMs: null,
    },
    select: { id: true },
  });
  return {
    data: {
      hostId: host.id,
      name: host.name,
      keyType: probed.keyType,
      fingerprint: probed.fingerprint,
      previous: host.hostKeyPin,
    },
    audit: {
      action: 'host.repin',
      targetType: 'host',
      targetId: host.id,
      payload: { name: host.name, keyType: probed.keyType, from: host.hostKeyPin, to: probed.fingerprint },
    },
  };
}

export type ConnectionTestView = ConnectionTestReport & { hostId: string; name: string; testedAt: string };

/**
 * Stores the outcome of "Test connection". A refused host key is not a
 * failed action: the refusal itself is what gets recorded (`host.key-refused`),
 * in the same transaction as the host's last-test fields.
 */
export async function recordConnectionTest(
  tx: Tx,
  hostId: string,
  report: ConnectionTestReport,
): Promise<Mutation<ConnectionTestView>> {
  const host = await tx.host.findUnique({ where: { id: hostId }, select: { id: true, name: true } });
  if (!host) throw notFound('host');
  const testedAt = new Date();
  await tx.host.update({
    where: { id: host.id },
    data: {
      lastTestAt: testedAt,
      lastTestStatus: report.status,
      lastTestResult: report.summary,
      lastTestMs: report.durationMs,
    },
    select: { id: true },
  });
  const refused = isHostKeyRefusal(report.status);
  return {
    data: { ...report, hostId: host.id, name: host.name, testedAt: testedAt.toISOString() },
    audit: {
      action: refused ? 'host.key-refused' : 'host.test',
      targetType: 'host',
      targetId: host.id,
      payload: { name: host.name, via: 'test', ...testAuditPayload(report) },
    },
  };
}

/** The audit record of a refused host key, for an AuditedRefusal (it outlives the rolled-back action). */
export function hostKeyRefusal(
  host: { id: string; name: string },
  refusal: {
    reason: 'not-pinned' | 'confirm-mismatch';
    code: 'HOST_KEY_UNKNOWN' | 'HOST_KEY_CHANGED';
    hostKey: HostKeyMismatch | null;
    via: string;
  },
): AuditRecord {
  return {
    action: 'host.key-refused',
    targetType: 'host',
    targetId: host.id,
    payload: { name: host.name, ...refusal },
  };
}
