/**
 * A user-space stand-in for `tc qdisc … netem delay`: a transparent TCP proxy
 * that holds every chunk, in each direction, for a fixed one-way delay before
 * forwarding it. The bench uses one per test host so fan-out is measured with
 * network round trips in it, not only the hosts' CPU.
 *
 * Each chunk is forwarded on its own once its delay has passed (chunks that
 * fall due together are written in one tick, in arrival order; nothing is held
 * longer to batch it). Half-closes are delayed like data; a reset or error
 * tears both sides down at once. No bandwidth limit and no backpressure: this
 * is for small command traffic, not bulk transfer.
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface DelayProxy {
  /** Port the proxy listens on (127.0.0.1). */
  port: number;
  /**
   * How long each chunk forwarded since the last call was actually held, in ms
   * (≥ the delay: timers are ms-grained and share this process's event loop).
   */
  drainHoldTimes(): number[];
  /** Stops listening, destroys every proxied connection and drops queued chunks. */
  close(): Promise<void>;
}

/** Listens on an ephemeral loopback port and forwards to `target` with `oneWayDelayMs` each way. */
export async function startDelayProxy(
  target: { host: string; port: number },
  oneWayDelayMs: number,
): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  const pipes = new Set<DelayedPipe>();
  let holds: number[] = [];
  const recordHold = (ms: number) => holds.push(ms);
  const forget = (pipe: DelayedPipe) => pipes.delete(pipe);
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server: Server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    const upstream = createConnection({ host: target.host, port: target.port, allowHalfOpen: true, noDelay: true });
    track(client);
    track(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    // A reset or error on either side drops the whole connection, as a dead
    // network would; an orderly close travels as a delayed FIN (see DelayedPipe).
    const teardown = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', teardown);
    upstream.on('error', teardown);
    // Chunks from the client may arrive before the upstream connect completes;
    // net.Socket buffers writes until then.
    pipes.add(new DelayedPipe(client, upstream, oneWayDelayMs, forget, recordHold));
    pipes.add(new DelayedPipe(upstream, client, oneWayDelayMs, forget, recordHold));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    port: (server.address() as AddressInfo).port,
    drainHoldTimes() {
      const drained = holds;
      holds = [];
      return drained;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const pipe of [...pipes]) pipe.dispose();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** One direction: `from`'s chunks (and its end) reach `to` after `delayMs`, in order. */
class DelayedPipe {
  /** `null` marks the source's end (FIN), forwarded as `to.end()`. */
  private readonly queue: Array<{ arrived: number; chunk: Buffer | null }> = [];
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    from: Socket,
    private readonly to: Socket,
    private readonly delayMs: number,
    private readonly onDisposed: (pipe: DelayedPipe) => void = () => {},
    private readonly onForwarded: (heldMs: number) => void = () => {},
  ) {
    from.on('data', (chunk: Buffer) => this.enqueue(chunk));
    from.on('end', () => this.enqueue(null));
    // Nothing more can be delivered once the destination is gone.
    to.once('close', () => this.dispose());
  }

  dispose(): void {
    if (this.disposed) return;
    this.onDisposed(this);
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private enqueue(chunk: Buffer | null): void {
    if (this.disposed) return;
    this.queue.push({ arrived: performance.now(), chunk });
    if (!this.timer) this.schedule();
  }

  private schedule(): void {
    const head = this.queue[0];
    if (!head) return;
    this.timer = setTimeout(() => this.flushDue(), Math.max(0, head.arrived + this.delayMs - performance.now()));
  }

  /** Forwards every chunk whose delay has passed, then waits for the next one. */
  private flushDue(): void {
    this.timer = undefined;
    if (this.disposed) return;
    const now = performance.now();
    for (let due = this.queue[0]; due && due.arrived + this.delayMs <= now; due = this.queue[0]) {
      this.queue.shift();
      const { arrived, chunk } = due;
      if (this.to.destroyed) continue;
      this.onForwarded(now - arrived);
      if (chunk === null) this.to.end();
      else this.to.write(chunk);
    }
    this.schedule();
  }
}
