import { afterAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/** bookkeeping(): a transaction for internal progress writes, never an audit entry. */
useTempDatabase();
const { db, closeDb } = await import('@/lib/db');
const { bookkeeping } = await import('@/lib/mutations/bookkeeping');
const { systemActor } = await import('@/lib/audit/actor');
const { CreateUserInput } = await import('@/lib/users/users');
const { addUser } = await import('@/lib/users/add-user');

afterAll(() => closeDb());

describe('bookkeeping writes', () => {
  it('commit without an audit entry, timeline event or publish; a throw rolls the whole write back', async () => {
    const { data: user } = await addUser(
      systemActor('system:startup'),
      CreateUserInput.parse({ email: 'heartbeat@tms.test', role: 'viewer' }),
    );
    const audited = await db.auditEntry.count();

    // Stands in for a lease heartbeat: progress on something already audited.
    const beats = await bookkeeping('test-heartbeat', async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { name: 'beat 1' } });
      await tx.user.update({ where: { id: user.id }, data: { name: 'beat 2' } });
      return 2;
    });
    expect(beats).toBe(2);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('beat 2');
    expect(await db.auditEntry.count()).toBe(audited);
    expect(await db.timelineEvent.count()).toBe(0);

    await expect(
      bookkeeping('test-heartbeat', async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { name: 'beat 3' } });
        throw new Error('lease lost');
      }),
    ).rejects.toThrow('lease lost');
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('beat 2');
  });
});
