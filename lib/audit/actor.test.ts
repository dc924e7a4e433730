import { describe, expect, it } from 'vitest';
import { actorColumns, actorUserId, cliActor, systemActor } from './actor';

describe('audit actors', () => {
  it('stores a user as its id and email', () => {
    const user = { id: 'u1', email: 'ic@tms.test', name: 'Incident Commander', role: 'admin' };
    expect(actorColumns(user)).toEqual({ actorId: 'u1', actorEmail: 'ic@tms.test' });
    expect(actorUserId(user)).toBe('u1');
  });

  it('stores a named actor as its name, with no user id', () => {
    expect(actorColumns(systemActor('system:cadence-watch'))).toEqual({
      actorId: null,
      actorEmail: 'system:cadence-watch',
    });
    expect(actorUserId(systemActor('system:webhooks'))).toBeNull();
  });

  it('names the person at the CLI: the sudo user first, else the process owner', () => {
    expect(cliActor('alice', () => 'root').name).toBe('cli:alice');
    expect(cliActor(undefined, () => 'deploy').name).toBe('cli:deploy');
    expect(cliActor('', () => 'deploy').name).toBe('cli:deploy');
  });

  it('never stores a name that is not a unix login (or that could pass for an email)', () => {
    expect(cliActor('a@b.c', () => 'root').name).toBe('cli:unknown');
    expect(cliActor('x; rm -rf /', () => 'root').name).toBe('cli:unknown');
    expect(
      cliActor(undefined, () => {
        throw new Error('no passwd entry');
      }).name,
    ).toMatch(/^cli:uid-/);
  });

  it('refuses an actor that would be stored as nobody', () => {
    expect(() => actorColumns({ id: '', email: '' })).toThrow(/id and email/);
    expect(() => actorColumns({ kind: 'named', name: 'system:nobody' as 'system:startup' })).toThrow(
      /not a named actor/,
    );
    expect(() => actorColumns({ kind: 'named', name: 'cli:' })).toThrow(/not a named actor/);
  });
});
