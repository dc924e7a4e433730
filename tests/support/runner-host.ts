import { cliActor } from '@/lib/audit/actor';
import { startTestHosts, type TestHosts } from './sshd';
import { startSupervisor, type TestSupervisor } from './supervisord';

/**
 * The runner tests' host: a real sshd (tests/support/sshd.ts) added as
 * `web-1`, pinned as an admin would trust it, optionally with Debian's
 * supervisord managing an HTTP service on it (tests/support/supervisord.ts),
 * and the playbooks the test needs saved. Call after useTempDatabase(): the
 * app modules are imported here, once the database env is set.
 */
export type RunnerHost = {
  sshd: TestHosts;
  supervisor: TestSupervisor | null;
  hostId: string;
  stop(): Promise<void>;
};

/** Echoes, then sleeps `seconds`: a step that is still running when the test acts on it. */
export const SLEEPER = `name: sleeper
description: Sleeps, printing first.
destructive: false
params:
  seconds: { type: int, min: 1, max: 7200 }
steps:
  - id: sleep
    name: Sleep
    kind: run
    timeout: 10m
    run: echo sleeping; sleep {{ seconds }}
`;

export async function startRunnerHost(
  options: { name?: string; supervisorPort?: number; serveDir?: string; playbooks?: string[] } = {},
): Promise<RunnerHost> {
  const sshd = await startTestHosts(1);
  let supervisor: TestSupervisor | null = null;
  try {
    if (options.supervisorPort) {
      supervisor = await startSupervisor(options.supervisorPort, 'web', { serveDir: options.serveDir });
    }
    const hostId = await addPinnedHost(sshd, 0, options.name ?? 'web-1', 'supervisor');
    const { commitMutation } = await import('@/lib/mutations/commit-mutation');
    const { savePlaybook } = await import('@/lib/playbooks/saved-playbooks');
    const actor = cliActor();
    for (const source of options.playbooks ?? []) await commitMutation(actor, (tx) => savePlaybook(tx, actor, source));
    return {
      sshd,
      supervisor,
      hostId,
      stop: async () => {
        const { closeAllConnections } = await import('@/lib/ssh/exec');
        await supervisor?.stop();
        await closeAllConnections();
        await sshd.stop();
      },
    };
  } catch (err) {
    await supervisor?.stop();
    await sshd.stop();
    throw err;
  }
}

/** sshd host `i` as a warroom host, its key pinned; returns the host id. */
export async function addPinnedHost(
  sshd: TestHosts,
  i: number,
  name: string,
  serviceManager: 'systemd' | 'supervisor',
): Promise<string> {
  const { db } = await import('@/lib/db');
  const { commitMutation } = await import('@/lib/mutations/commit-mutation');
  const { CreateHostInput } = await import('@/lib/hosts/host-input');
  const { createHost } = await import('@/lib/hosts/hosts');
  const h = sshd.host(i);
  const input = CreateHostInput.parse({
    name,
    address: h.address,
    port: String(h.port),
    username: h.username,
    serviceManager,
    privateKey: h.privateKey,
  });
  const { data } = await commitMutation(cliActor(), (tx) => createHost(tx, input));
  await db.host.update({ where: { id: data.id }, data: { hostKeyPin: h.hostKeyPin } });
  return data.id;
}

/** Polls `read` until it gives something truthy (every 50 ms, up to 30 s), naming what it waited for. */
export async function waitUntil<T>(what: string, read: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await read();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
