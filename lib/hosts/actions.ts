import 'server-only';
import { defineAction } from '@/lib/mutations/define-action';
import {
  TEST_COMMAND,
  assertHostTrusted,
  connectIntent,
  findHostToConnect,
  probeConfirmedHostKey,
  probeHostKey,
  runConnectionTest,
} from './connect';
import { CreateHostInput, HostIdInput, PinHostKeyInput, RepinHostKeyInput, UpdateHostInput } from './host-input';
import {
  createHost,
  deleteHost,
  pinHostKey,
  recordConnectionTest,
  recordHostKeyFetch,
  repinHostKey,
  updateHost,
} from './hosts';

/**
 * The hosts page's actions, defined once: app/(console)/hosts/actions.ts
 * wraps them with action(), integration tests run them with executeAction.
 * Every action that connects checks the host first, commits its intent, and
 * only then opens a connection.
 */
const HOSTS = ['/hosts'];

export const addHostDef = defineAction({
  permission: 'host:manage',
  input: CreateHostInput,
  handler: ({ input, tx }) => createHost(tx, input),
  revalidate: HOSTS,
});

export const editHostDef = defineAction({
  permission: 'host:manage',
  input: UpdateHostInput,
  handler: ({ input, tx }) => updateHost(tx, input),
  revalidate: HOSTS,
});

export const removeHostDef = defineAction({
  permission: 'host:manage',
  input: HostIdInput,
  handler: ({ input, tx }) => deleteHost(tx, input),
  revalidate: HOSTS,
});

/** Shows the key for an admin to compare; pins nothing. */
export const fetchHostKeyDef = defineAction({
  permission: 'host:manage',
  input: HostIdInput,
  authorize: async ({ input, db }) => void (await findHostToConnect(db, input.hostId)),
  intent: ({ input, db }) => connectIntent(db, input.hostId, { action: 'host.fetch-key.intent', via: 'fetch-key' }),
  prepare: ({ input }) => probeHostKey(input.hostId),
  handler: ({ input, tx, prepared }) => recordHostKeyFetch(tx, input.hostId, prepared),
});

export const trustHostKeyDef = defineAction({
  permission: 'host:manage',
  input: PinHostKeyInput,
  authorize: async ({ input, db }) => void (await findHostToConnect(db, input.hostId)),
  intent: ({ input, db }) => connectIntent(db, input.hostId, { action: 'host.pin.intent', via: 'pin' }),
  prepare: ({ input }) => probeConfirmedHostKey(input.hostId, input.fingerprint),
  handler: ({ user, input, tx, prepared }) => pinHostKey(tx, user, input, prepared),
  revalidate: HOSTS,
});

export const repinHostDef = defineAction({
  permission: 'host:manage',
  input: RepinHostKeyInput,
  authorize: async ({ input, db }) => void (await findHostToConnect(db, input.hostId)),
  intent: ({ input, db }) => connectIntent(db, input.hostId, { action: 'host.repin.intent', via: 'repin' }),
  prepare: ({ input }) => probeConfirmedHostKey(input.hostId, input.fingerprint),
  handler: ({ user, input, tx, prepared }) => repinHostKey(tx, user, input, prepared),
  revalidate: HOSTS,
});

export const testHostConnectionDef = defineAction({
  permission: 'host:manage',
  input: HostIdInput,
  authorize: ({ input, db }) => assertHostTrusted(db, input.hostId),
  intent: ({ input, db }) =>
    connectIntent(db, input.hostId, { action: 'host.test.intent', via: 'test', command: TEST_COMMAND }),
  prepare: ({ input }) => runConnectionTest(input.hostId),
  handler: ({ input, tx, prepared }) => recordConnectionTest(tx, input.hostId, prepared),
  revalidate: HOSTS,
});
