import { createRequire } from 'node:module';
import { Client } from 'ssh2';
import { vi } from 'vitest';

/** ssh2's protocol layer, the same module instance its Client uses (a CommonJS dependency). */
const Protocol = createRequire(import.meta.url)('ssh2/lib/protocol/Protocol.js') as {
  prototype: { channelData(chan: number, data: Buffer | string): void };
};

/**
 * Watches what leaves for the host: every exec request (its command line) and
 * every block of channel data (stdin, where a spare session gets its command),
 * at the moment ssh2 writes it. `seen` is called synchronously, before the
 * bytes go. Returns the function that stops watching.
 */
export function watchWhatLeaves(seen: (what: { kind: 'exec' | 'stdin'; text: string }) => void): () => void {
  const realExec = Client.prototype.exec;
  const realData = Protocol.prototype.channelData;
  const exec = vi.spyOn(Client.prototype, 'exec').mockImplementation(function (this: Client, ...args: unknown[]) {
    seen({ kind: 'exec', text: String(args[0]) });
    return (realExec as (...a: unknown[]) => Client).apply(this, args);
  });
  const data = vi.spyOn(Protocol.prototype, 'channelData').mockImplementation(function (
    this: unknown,
    chan: number,
    bytes: Buffer | string,
  ) {
    seen({ kind: 'stdin', text: Buffer.from(bytes).toString('utf8') });
    return realData.call(this, chan, bytes);
  });
  return () => {
    exec.mockRestore();
    data.mockRestore();
  };
}
