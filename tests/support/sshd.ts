import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fingerprintPublicKeyLine } from '@/lib/ssh/fingerprint';
import type { HostTarget } from '@/lib/ssh/types';

const run = promisify(execFile);
// Relative to the repo root: Vitest and `npx tsx bench/…` both run from there, and
// import.meta is unavailable when tsx loads this file as CommonJS.
const SCRIPT = join(process.cwd(), 'scripts/test-sshd.sh');
export const TEST_USER = 'warroom-test';

export interface TestHosts {
  hosts: HostTarget[];
  /** Instance i's target; throws for an instance that was not started. */
  host(i: number): HostTarget;
  dir: string;
  /** Path of the client private key (for OpenSSH in the bench). */
  clientKeyPath: string;
  /** Path of instance i's host public key. */
  hostKeyPubPath(i: number): string;
  /** `warroom host add` arguments that register instance i under `name` (pin it with `host trust`). */
  hostAddArgs(i: number, name: string): string[];
  /** Stops every instance (listener and its live sessions), removes the directory. */
  stop(): Promise<void>;
  /** Kills instance i with its sessions, gives it a new host key, starts it again on the same port. */
  restartWithNewHostKey(i: number): Promise<string>;
  /** SIGKILLs instance i and every sshd/session process under it; the port is left closed. */
  kill(i: number): Promise<void>;
  /** Starts a killed instance i again with its existing host key. */
  start(i: number): Promise<void>;
  /**
   * SIGSTOPs instance i and its sessions: TCP stays up (the kernel still ACKs)
   * but sshd answers nothing, like a hung host. `thaw` resumes it.
   */
  freeze(i: number): Promise<void>;
  thaw(i: number): Promise<void>;
  /** Live processes under instance i's sshd (its sessions and what they run), with their command lines. */
  sessionProcesses(i: number): Promise<HostProcess[]>;
}

export type HostProcess = { pid: number; args: string };

/** n real sshd instances on loopback, each on its own free port with its own ed25519 host key. */
export async function startTestHosts(n: number): Promise<TestHosts> {
  const dir = await mkdtemp(join(tmpdir(), 'warroom-sshd-'));
  const ports = await freePorts(n);
  await run('bash', [SCRIPT, 'start', dir, ...ports.map(String)]);
  const clientKeyPath = join(dir, 'client_ed25519');
  const privateKey = await readFile(clientKeyPath, 'utf8');
  const instanceDir = (i: number) => join(dir, `sshd-${ports[i]}`);
  const hostKeyPubPath = (i: number) => join(instanceDir(i), 'ssh_host_ed25519_key.pub');
  const readPin = async (i: number) => fingerprintPublicKeyLine(await readFile(hostKeyPubPath(i), 'utf8'));

  const hosts: HostTarget[] = await Promise.all(
    ports.map(async (port, i) => ({
      id: `test-host-${i}`,
      name: `test-${i}`,
      address: '127.0.0.1',
      port,
      username: TEST_USER,
      privateKey,
      hostKeyPin: await readPin(i),
    })),
  );

  const kill = async (i: number) => {
    const pidFile = join(instanceDir(i), 'sshd.pid');
    const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
    if (pid > 1) await waitUntilDead(killTree(pid, 'SIGKILL', await processTable()));
    await rm(pidFile, { force: true });
  };
  const signalInstance = async (i: number, signal: NodeJS.Signals) => {
    const pid = Number((await readFile(join(instanceDir(i), 'sshd.pid'), 'utf8').catch(() => '')).trim());
    if (pid > 1) killTree(pid, signal, await processTable());
  };
  const start = async (i: number) => {
    await run('bash', [SCRIPT, 'start', dir, String(ports[i])]);
  };

  const host = (i: number) => {
    const target = hosts[i];
    if (!target) throw new Error(`test sshd: no instance ${i} (started ${hosts.length})`);
    return target;
  };

  return {
    hosts,
    host,
    dir,
    clientKeyPath,
    hostAddArgs(i, name) {
      const h = host(i);
      return [
        'host',
        'add',
        '--name',
        name,
        '--address',
        h.address,
        '--port',
        String(h.port),
        '--user',
        h.username,
        '--key-file',
        clientKeyPath,
      ];
    },
    hostKeyPubPath,
    kill,
    start,
    async sessionProcesses(i) {
      const pid = Number((await readFile(join(instanceDir(i), 'sshd.pid'), 'utf8').catch(() => '')).trim());
      if (!(pid > 1)) return [];
      const table = await processTable();
      const under: number[] = [];
      const walk = (parent: number) => {
        for (const [child, p] of table) {
          if (p !== parent) continue;
          under.push(child);
          walk(child);
        }
      };
      walk(pid);
      const live = await Promise.all(
        under.map(async (child) => {
          const state = await processState(child);
          const args = (await readFile(`/proc/${child}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ').trim();
          return state === null || state === 'Z' ? null : { pid: child, args };
        }),
      );
      return live.filter((p): p is HostProcess => p !== null);
    },
    freeze: (i) => signalInstance(i, 'SIGSTOP'),
    thaw: (i) => signalInstance(i, 'SIGCONT'),
    async restartWithNewHostKey(i) {
      await kill(i);
      await rm(join(instanceDir(i), 'ssh_host_ed25519_key'), { force: true });
      await rm(hostKeyPubPath(i), { force: true });
      await start(i);
      return readPin(i);
    },
    async stop() {
      const table = await processTable();
      for (let i = 0; i < ports.length; i++) {
        const pid = Number((await readFile(join(instanceDir(i), 'sshd.pid'), 'utf8').catch(() => '')).trim());
        if (pid > 1) killTree(pid, 'SIGTERM', table);
      }
      await run('bash', [SCRIPT, 'stop', dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Ports the kernel just handed out; all held open together so none repeats. */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const server = createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** pid → parent pid, from /proc: descendants are found by parentage, never by name. */
async function processTable(): Promise<Map<number, number>> {
  const table = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Field 4 is the ppid; the command name (field 2) may contain spaces, so parse after its ')'.
    const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (afterName.length > 1) table.set(Number(entry), Number(afterName[1]));
  }
  return table;
}

/**
 * Signals root, then its descendants (from one snapshot, so orphans are still
 * found). Top-down on purpose: once the sshd processes are dead no exit status
 * can be sent for the command, which is what a dropped connection looks like.
 * Returns every PID signalled.
 */
function killTree(root: number, signal: NodeJS.Signals, table: Map<number, number>): number[] {
  const signalled: number[] = [];
  try {
    process.kill(root, signal);
    signalled.push(root);
  } catch {
    // Already gone.
  }
  for (const child of [...table].filter(([, parent]) => parent === root).map(([pid]) => pid)) {
    signalled.push(...killTree(child, signal, table));
  }
  return signalled;
}

/**
 * SIGKILL is delivered when the target is next scheduled; until then the
 * listener still accepts, and a client would see ECONNRESET, not a refusal.
 */
async function waitUntilDead(pids: number[]): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const states = await Promise.all(pids.map((pid) => processState(pid)));
    if (states.every((state) => state === null || state === 'Z')) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`processes ${pids.join(', ')} did not die`);
}

async function processState(pid: number): Promise<string | null> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat === null ? null : stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** Live (non-zombie) processes of the test user whose command line contains `needle`. */
export async function liveProcessesMatching(needle: string): Promise<string[]> {
  // ps exits 1 when the user has no process at all: that is an answer (none), not a failure.
  const { stdout } = await run('ps', ['-u', TEST_USER, '-o', 'pid=,stat=,args=']).catch(
    (err: { code?: number; stdout?: string }) => {
      if (err.code === 1 && !err.stdout?.trim()) return { stdout: '' };
      throw err;
    },
  );
  return (
    stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && line.includes(needle))
      // "pid stat args…": a zombie (stat Z…) has already exited.
      .filter((line) => !(line.split(/\s+/)[1] ?? '').startsWith('Z'))
  );
}
