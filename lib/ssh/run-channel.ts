import type { Client, ClientChannel } from 'ssh2';

/**
 * Opens an exec channel. ssh2 throws synchronously when the socket is already
 * gone, and reports later failures through the callback; both become a rejection.
 */
export function openExecChannel(client: Client, command: string): Promise<ClientChannel> {
  return new Promise<ClientChannel>((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel)));
    } catch (error) {
      reject(error);
    }
  });
}

/** Failures that prove the command was never started, so retrying cannot run it twice. */
export function isNeverStartedError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Not connected|No response from server|Channel open failure|No free channels/i.test(message);
}

/** Runs a short internal command and returns its stdout; the channel is closed after `timeoutMs`. */
export async function runInternalCommand(client: Client, command: string, timeoutMs: number): Promise<string> {
  const channel = await openExecChannel(client, command);
  return new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => channel.close(), timeoutMs);
    channel.on('data', (chunk: Buffer) => chunks.push(chunk));
    channel.stderr.resume();
    channel.once('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    channel.end();
  });
}
