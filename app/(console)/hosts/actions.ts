'use server';

import { revalidatePath } from 'next/cache';
import { action } from '@/lib/auth/action';
import { probeConfirmedHostKey, probeHostKey, runConnectionTest } from '@/lib/hosts/connect';
import {
  CreateHostInput,
  HostIdInput,
  PinHostKeyInput,
  RepinHostKeyInput,
  UpdateHostInput,
} from '@/lib/hosts/host-input';
import {
  createHost,
  deleteHost,
  pinHostKey,
  recordConnectionTest,
  recordHostKeyFetch,
  repinHostKey,
  updateHost,
} from '@/lib/hosts/hosts';

export const addHost = action({
  permission: 'host:manage',
  input: CreateHostInput,
  handler: async ({ user, input, tx }) => {
    const m = await createHost(tx, user, input);
    revalidatePath('/hosts');
    return m;
  },
});

export const editHost = action({
  permission: 'host:manage',
  input: UpdateHostInput,
  handler: async ({ user, input, tx }) => {
    const m = await updateHost(tx, user, input);
    revalidatePath('/hosts');
    return m;
  },
});

export const removeHost = action({
  permission: 'host:manage',
  input: HostIdInput,
  handler: async ({ user, input, tx }) => {
    const m = await deleteHost(tx, user, input);
    revalidatePath('/hosts');
    return m;
  },
});

/** Shows the key for an admin to compare; pins nothing. */
export const fetchHostKey = action({
  permission: 'host:manage',
  input: HostIdInput,
  prepare: ({ input }) => probeHostKey(input.hostId),
  handler: ({ user, input, tx, prepared }) => recordHostKeyFetch(tx, user, input.hostId, prepared),
});

export const trustHostKey = action({
  permission: 'host:manage',
  input: PinHostKeyInput,
  prepare: ({ user, input }) => probeConfirmedHostKey(user, input.hostId, input.fingerprint),
  handler: async ({ user, input, tx, prepared }) => {
    const m = await pinHostKey(tx, user, input, prepared);
    revalidatePath('/hosts');
    return m;
  },
});

export const repinHost = action({
  permission: 'host:manage',
  input: RepinHostKeyInput,
  prepare: ({ user, input }) => probeConfirmedHostKey(user, input.hostId, input.fingerprint),
  handler: async ({ user, input, tx, prepared }) => {
    const m = await repinHostKey(tx, user, input, prepared);
    revalidatePath('/hosts');
    return m;
  },
});

export const testHostConnection = action({
  permission: 'host:manage',
  input: HostIdInput,
  prepare: ({ user, input }) => runConnectionTest(user, input.hostId),
  handler: async ({ user, input, tx, prepared }) => {
    const m = await recordConnectionTest(tx, user, input.hostId, prepared);
    revalidatePath('/hosts');
    return m;
  },
});
