import { createHash } from 'node:crypto';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { metrics } from '@/lib/metrics';
import { SshConnectError } from './errors';
import { fingerprintHostKey, fingerprintsEqual, hostKeyType } from './fingerprint';
import { SPARE_SESSION } from './remote-command';
import type { HostKeyMismatch, HostTarget } from './types';

export interface PoolOptions {
  /** Channels open at once per connection; more wait in a queue. Default 8. */
  maxChannelsPerConnection?: number;
  /** Close a connection after it has had no channel for this long. Default 30 s. */
  idleTimeoutMs?: number;
  /** Default 5 s; with keepaliveCountMax 3 a dead peer is noticed within ~20 s. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** Bound on TCP connect + handshake + auth. Default 10 s. */
  readyTimeoutMs?: number;
  /**
   * Keep one login shell started ahead on each connection (SPARE_SESSION), so
   * a command's start is one trip to the host, not a channel open, an exec
   * request and a fork. The spare holds one of the maxChannelsPerConnection
   * slots only while one is free (a command that finds none takes the spare's),
   * and ends with the connection. Default true.
   */
  spareSessions?: boolean;
}

export interface ChannelLease {
  client: Client;
  /** The connection was opened for this lease (not reused from the pool). */
  fresh: boolean;
  release(): void;
  /** Drop the connection (e.g. a reused one that turned out dead) and release. */
  discard(): void;
  /**
   * The connection's spare session, handed to this lease (with `takeSpare`) when
   * one was ready: the command goes on its stdin (spareSessionInput), not in an
   * exec request. The lease's slot is the command's, as for an exec'd channel.
   */
  spare?: ClientChannel;
}

export interface AcquireOptions {
  signal?: AbortSignal;
  /**
   * Skip the channel limit. Kill channels use this: if eight commands time out at
   * once they each need a channel to kill themselves, and waiting in the queue
   * behind themselves would deadlock.
   */
  bypassLimit?: boolean;
  /** Hand over the connection's spare session if one is ready. */
  takeSpare?: boolean;
  /** Start the next spare as soon as this one is taken, not when the lease ends. */
  replaceSpareNow?: boolean;
}

/** A login shell started ahead, waiting for its command on stdin. */
interface Spare {
  /** Known once sshd has started the shell. */
  channel?: ClientChannel;
  /** It ended, failed to start, or was dropped: never to be handed out. */
  gone: boolean;
  /** Resolves once it is ready or gone. */
  settled: Promise<void>;
  forget(): void;
}

interface PooledConnection {
  key: string;
  client: Client;
  ready: Promise<void>;
  dead: boolean;
  active: number;
  waiters: Array<(granted: boolean) => void>;
  idleTimer?: NodeJS.Timeout;
  reused: boolean;
  spare?: Spare;
  /** Spares in a row that ended before a command took them; at SPARE_GIVE_UP the connection keeps none. */
  sparesLost: number;
}

/**
 * A login shell that cannot run SPARE_SESSION (not a POSIX-like shell) ends at
 * once, every time: after this many in a row the connection stops starting them.
 */
const SPARE_GIVE_UP = 3;

const DEFAULTS = {
  maxChannelsPerConnection: 8,
  idleTimeoutMs: 30_000,
  keepaliveIntervalMs: 5_000,
  keepaliveCountMax: 3,
  readyTimeoutMs: 10_000,
  spareSessions: true,
} satisfies Required<PoolOptions>;

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** One ssh2 connection per host, shared by all commands to that host. */
export class ConnectionPool {
  private readonly options: Required<PoolOptions>;
  private readonly connections = new Map<string, PooledConnection>();

  constructor(options: PoolOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** A slot on the host's connection, connecting (and verifying the host key) if needed. */
  async acquire(
    target: HostTarget,
    { signal, bypassLimit = false, takeSpare = false, replaceSpareNow = false }: AcquireOptions = {},
  ): Promise<ChannelLease> {
    for (;;) {
      signal?.throwIfAborted();
      const connection = this.connectionFor(target);
      const fresh = !connection.reused;
      connection.reused = true;
      await abortable(connection.ready, signal);
      if (connection.dead) continue;
      if (bypassLimit) {
        connection.active++;
        return this.lease(connection, fresh);
      }
      if (this.occupied(connection) < this.options.maxChannelsPerConnection) {
        connection.active++;
        return this.lease(connection, fresh, takeSpare, replaceSpareNow);
      }
      // Every slot is taken, one of them by the spare: a command takes it over (once it is ready).
      const spare = connection.spare;
      if (takeSpare && spare) {
        if (spare.channel && !spare.gone) {
          connection.active++;
          return this.lease(connection, fresh, true, replaceSpareNow);
        }
        await abortable(spare.settled, signal);
        continue;
      }
      // A granted wait hands over a slot that is already counted in `active`.
      if (await this.waitForSlot(connection, signal)) return this.lease(connection, fresh, takeSpare, replaceSpareNow);
    }
  }

  /** Connections currently pooled (for metrics and tests). */
  get size(): number {
    return this.connections.size;
  }

  /** Commands started in a spare session since this pool was made (for tests and benches). */
  sparesUsed = 0;

  /** Whether the host's connection has a spare session ready, once its starting one settles (tests, benches). */
  async spareReady(target: HostTarget): Promise<boolean> {
    const spare = this.connections.get(connectionKey(target))?.spare;
    if (!spare) return false;
    await spare.settled;
    return !spare.gone && spare.channel !== undefined;
  }

  async closeAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((connection) => this.close(connection)));
  }

  private connectionFor(target: HostTarget): PooledConnection {
    const key = connectionKey(target);
    const existing = this.connections.get(key);
    if (existing && !existing.dead) return existing;
    const connection = this.open(key, target);
    this.connections.set(key, connection);
    return connection;
  }

  private open(key: string, target: HostTarget): PooledConnection {
    const client = new Client();
    const connection: PooledConnection = {
      key,
      client,
      ready: Promise.resolve(),
      dead: false,
      active: 0,
      waiters: [],
      reused: false,
      sparesLost: 0,
    };
    connection.ready = connectClient(client, target, this.options).catch((error: unknown) => {
      if (error instanceof SshConnectError) metrics().sshConnectionErrors.inc({ kind: error.status });
      throw error;
    });
    // Errors after `ready` (keepalive timeout, reset) always end in 'close'; this
    // listener only keeps them from becoming uncaught exceptions.
    client.on('error', () => {});
    client.on('close', () => this.forget(connection));
    connection.ready.then(
      () => {
        if (connection.active === 0) this.scheduleIdleClose(connection);
        this.startSpare(connection);
      },
      () => this.forget(connection),
    );
    return connection;
  }

  /** A dropped connection leaves the pool so the next exec reconnects. */
  private forget(connection: PooledConnection): void {
    connection.dead = true;
    clearTimeout(connection.idleTimer);
    connection.spare?.forget();
    if (this.connections.get(connection.key) === connection) this.connections.delete(connection.key);
    for (const wake of connection.waiters.splice(0)) wake(false);
  }

  /** Slots held: by leases, and by the spare (ready or starting). */
  private occupied(connection: PooledConnection): number {
    return connection.active + (connection.spare ? 1 : 0);
  }

  private lease(connection: PooledConnection, fresh: boolean, takeSpare = false, replaceNow = false): ChannelLease {
    clearTimeout(connection.idleTimer);
    const spare = takeSpare ? this.takeSpare(connection, replaceNow) : undefined;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.releaseSlot(connection);
    };
    return {
      client: connection.client,
      fresh,
      spare,
      release,
      discard: () => {
        release();
        this.forget(connection);
        void this.close(connection);
      },
    };
  }

  /**
   * The ready spare, handed over. The next one starts when the lease ends
   * (releaseSlot), or with `replaceNow` right after the commands being sent in
   * this turn of the event loop.
   */
  private takeSpare(connection: PooledConnection, replaceNow: boolean): ClientChannel | undefined {
    const spare = connection.spare;
    if (!spare?.channel || spare.gone) return undefined;
    connection.spare = undefined;
    spare.channel.removeListener('exit', spare.forget);
    spare.channel.removeListener('close', spare.forget);
    this.sparesUsed++;
    connection.sparesLost = 0;
    if (replaceNow) setImmediate(() => this.startSpare(connection));
    return spare.channel;
  }

  /**
   * Starts the connection's next spare session (one at most, in a free slot).
   * It runs nothing until a command arrives on its stdin; if it ends first
   * (killed on the host, refused by sshd), it is forgotten, its slot goes to a
   * waiting command, and the next take or release starts another.
   */
  private startSpare(connection: PooledConnection): void {
    if (!this.options.spareSessions || connection.dead || connection.spare) return;
    if (connection.sparesLost >= SPARE_GIVE_UP) return;
    if (connection.active >= this.options.maxChannelsPerConnection) return;
    let settle!: () => void;
    const spare: Spare = {
      gone: false,
      settled: new Promise<void>((resolve) => (settle = resolve)),
      forget: () => {
        if (spare.gone) return;
        spare.gone = true;
        settle();
        spare.channel?.close();
        if (connection.spare !== spare) return;
        connection.spare = undefined;
        if (!connection.dead) {
          connection.sparesLost++;
          metrics().sshSparesLost.inc();
        }
        const next = connection.dead ? undefined : connection.waiters.shift();
        if (next) {
          connection.active++;
          next(true);
        }
      },
    };
    connection.spare = spare;
    try {
      connection.client.exec(SPARE_SESSION, (error, channel) => {
        if (error) return spare.forget();
        spare.channel = channel;
        if (spare.gone) return void channel.close();
        channel.once('exit', spare.forget);
        channel.once('close', spare.forget);
        settle();
      });
    } catch {
      spare.forget();
    }
  }

  private releaseSlot(connection: PooledConnection): void {
    connection.active--;
    const next = connection.waiters.shift();
    if (next) {
      // The slot passes straight to the next waiter; it is never free in between,
      // so a newcomer cannot overtake the queue.
      connection.active++;
      next(true);
      return;
    }
    if (connection.active === 0 && !connection.dead) this.scheduleIdleClose(connection);
    this.startSpare(connection);
  }

  private waitForSlot(connection: PooledConnection, signal?: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const onAbort = () => {
        const index = connection.waiters.indexOf(wake);
        if (index >= 0) connection.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      const wake = (granted: boolean) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(granted);
      };
      connection.waiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private scheduleIdleClose(connection: PooledConnection): void {
    clearTimeout(connection.idleTimer);
    connection.idleTimer = setTimeout(() => {
      if (connection.active > 0 || connection.dead) return;
      this.forget(connection);
      void this.close(connection);
    }, this.options.idleTimeoutMs);
    // An idle connection must not keep a CLI or test process alive.
    connection.idleTimer.unref();
  }

  private close(connection: PooledConnection): Promise<void> {
    clearTimeout(connection.idleTimer);
    connection.dead = true;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(forceTimer);
        resolve();
      };
      const forceTimer = setTimeout(() => {
        connection.client.destroy();
        resolve();
      }, 1_000);
      connection.client.once('close', done);
      connection.client.end();
    });
  }
}

/**
 * Verifies the host key against the pin during key exchange — before any
 * authentication, so a wrong host never even sees our key's signature — then
 * authenticates.
 */
function connectClient(client: Client, target: HostTarget, options: Required<PoolOptions>): Promise<void> {
  let refusal: HostKeyMismatch | undefined;
  const hostVerifier = (keyBlob: Buffer): boolean => {
    const actual = fingerprintHostKey(keyBlob);
    const expected = target.hostKeyPin?.trim() || null;
    if (expected && fingerprintsEqual(expected, actual)) return true;
    refusal = { expected, actual, keyType: hostKeyType(keyBlob) };
    return false;
  };
  const config: ConnectConfig = {
    host: target.address,
    port: target.port,
    username: target.username,
    privateKey: target.privateKey,
    passphrase: target.passphrase,
    readyTimeout: options.readyTimeoutMs,
    keepaliveInterval: options.keepaliveIntervalMs,
    keepaliveCountMax: options.keepaliveCountMax,
    hostVerifier,
    // Public-key auth only: never fall back to an agent or a password prompt.
    agent: undefined,
    tryKeyboard: false,
  };
  return new Promise<void>((resolve, reject) => {
    const onReady = () => {
      cleanup();
      // setNoDelay: Nagle would hold each small request back ~40 ms waiting for an ACK.
      client.setNoDelay(true);
      resolve();
    };
    const onError = (error: Error & { level?: string; code?: string }) => {
      cleanup();
      reject(classifyConnectError(error, target, refusal));
    };
    const onClose = () => {
      cleanup();
      reject(classifyConnectError(new Error('Connection closed during handshake'), target, refusal));
    };
    const cleanup = () => {
      client.off('ready', onReady);
      client.off('error', onError);
      client.off('close', onClose);
    };
    client.on('ready', onReady).on('error', onError).on('close', onClose);
    try {
      client.connect(config);
    } catch (error) {
      cleanup();
      // ssh2 throws synchronously when the private key (or its passphrase) is unusable.
      reject(
        new SshConnectError('auth_failed', `${describe(target)}: private key unusable: ${(error as Error).message}`),
      );
    }
  });
}

function classifyConnectError(
  error: Error & { level?: string; code?: string },
  target: HostTarget,
  refusal: HostKeyMismatch | undefined,
): SshConnectError {
  const where = describe(target);
  if (refusal && refusal.expected === null) {
    return new SshConnectError(
      'host_key_unknown',
      `${where}: host key ${refusal.actual} (${refusal.keyType}) is not pinned; refusing before authentication`,
      refusal,
    );
  }
  if (refusal) {
    return new SshConnectError(
      'host_key_changed',
      `${where}: host key changed: pinned ${refusal.expected}, host presented ${refusal.actual}; refusing before authentication`,
      refusal,
    );
  }
  if (error.level === 'client-authentication') {
    return new SshConnectError('auth_failed', `${where}: authentication refused for user ${target.username}`);
  }
  if (error.level === 'client-timeout') {
    return new SshConnectError('host_unreachable', `${where}: ${error.message}`);
  }
  if (error.code && UNREACHABLE_CODES.has(error.code)) {
    return new SshConnectError('host_unreachable', `${where}: ${error.code} ${error.message}`);
  }
  return new SshConnectError('host_unreachable', `${where}: ${error.message}`);
}

function describe(target: HostTarget): string {
  return `${target.name} (${target.username}@${target.address}:${target.port})`;
}

/** A new pin or key must never reuse a connection verified or authenticated under the old one. */
function connectionKey(target: HostTarget): string {
  const credentials = createHash('sha256')
    .update(target.privateKey)
    .update('\0')
    .update(target.passphrase ?? '')
    .digest('hex');
  return [target.id, target.address, target.port, target.username, target.hostKeyPin ?? '', credentials].join('|');
}

function abortable<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
