import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';
import { writeLockFree } from '../../support/write-lock';

/**
 * `precompute`: CPU-only work on the input (a password hash) done after the
 * permission check and the parse, before the transaction — so SQLite's
 * write lock is free while it runs — and its result handed to the handler.
 * The lock is checked from a second connection on the real file.
 */
const { dbPath } = useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { defineAction } = await import('@/lib/mutations/define-action');
const { AppError, forbidden } = await import('@/lib/errors');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');

const admin = { id: '', email: 'admin@precompute.test', name: 'Admin', role: 'admin' as const };
beforeAll(async () => {
  const { data } = await addUser(
    systemActor('system:startup'),
    CreateUserInput.parse({ email: admin.email, role: 'admin' }),
  );
  admin.id = data.id;
});
afterAll(() => closeDb());

const auditActions = async () => (await db.auditEntry.findMany({ orderBy: { seq: 'asc' } })).map((e) => e.action);

let seen: { step: string; lockFree?: boolean; entries?: number }[] = [];
beforeEach(() => {
  seen = [];
});

const Input = z.object({ word: z.string().min(1), refuse: z.boolean().optional() });

const shout = defineAction({
  permission: 'user:manage',
  input: Input,
  authorize: async ({ input }) => {
    seen.push({ step: 'authorize' });
    if (input.refuse) throw forbidden('user-manage');
  },
  precompute: async ({ input }) => {
    seen.push({ step: 'precompute', lockFree: writeLockFree(dbPath) });
    if (input.word === 'boom') throw new AppError('invalid', 'That word cannot be shouted.');
    return input.word.toUpperCase();
  },
  handler: async ({ precomputed }) => {
    seen.push({ step: 'handler', lockFree: writeLockFree(dbPath) });
    return { data: precomputed, audit: { action: 'test.shout', targetType: 'test', payload: { word: precomputed } } };
  },
});

/** With remote work: precompute after the first resource check, before the intent is committed. */
const shoutRemotely = defineAction({
  permission: 'user:manage',
  input: Input,
  authorize: shout.authorize,
  precompute: async ({ input }) => {
    seen.push({ step: 'precompute', entries: await db.auditEntry.count() });
    return input.word.toUpperCase();
  },
  intent: () => ({ action: 'test.shout.intent', targetType: 'test' }),
  prepare: async () => {
    seen.push({ step: 'prepare' });
    return 'prepared';
  },
  handler: async ({ precomputed, prepared }) => ({
    data: `${precomputed} ${prepared}`,
    audit: { action: 'test.shout-remotely', targetType: 'test' },
  }),
});

describe('an action with precompute', () => {
  it('runs it before the transaction, with the write lock free, and hands its result to the handler', async () => {
    const r = await executeAction(shout, admin, { word: 'quiet' });
    expect(r).toEqual({ ok: true, data: 'QUIET' });
    expect(seen).toEqual([
      { step: 'precompute', lockFree: true },
      { step: 'authorize' },
      // Inside the transaction the lock is held: the check can fail.
      { step: 'handler', lockFree: false },
    ]);
    expect((await db.auditEntry.findFirstOrThrow({ where: { action: 'test.shout' } })).payload).toBe(
      JSON.stringify({ word: 'QUIET' }),
    );
  });

  it('does not run it for nobody, a role without the permission, or an invalid input', async () => {
    const before = await auditActions();
    expect(await executeAction(shout, null, { word: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(await executeAction(shout, { ...admin, role: 'responder' }, { word: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden:user:manage' },
    });
    expect(await executeAction(shout, admin, { word: '' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(seen).toEqual([]);
    expect(await auditActions()).toEqual(before);
  });

  it('reports its refusal as the action result and writes nothing', async () => {
    const before = await auditActions();
    const r = await executeAction(shout, admin, { word: 'boom' });
    expect(r).toEqual({ ok: false, error: { code: 'invalid', message: 'That word cannot be shouted.' } });
    expect(seen.map((s) => s.step)).toEqual(['precompute']);
    expect(await auditActions()).toEqual(before);
  });

  it('with prepare: after the first resource check, before the intent is on record', async () => {
    const refused = await executeAction(shoutRemotely, admin, { word: 'x', refuse: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden:user-manage' } });
    expect(seen).toEqual([{ step: 'authorize' }]);

    seen = [];
    const entries = await db.auditEntry.count();
    const r = await executeAction(shoutRemotely, admin, { word: 'loud' });
    expect(r).toEqual({ ok: true, data: 'LOUD prepared' });
    expect(seen).toEqual([
      { step: 'authorize' },
      { step: 'precompute', entries },
      { step: 'prepare' },
      { step: 'authorize' },
    ]);
    expect((await auditActions()).slice(-2)).toEqual(['test.shout.intent', 'test.shout-remotely']);
  });
});
