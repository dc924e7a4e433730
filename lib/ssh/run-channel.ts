import type { Client, ClientChannel } from 'ssh2';

/**
 * Opens an exec channel and hands it to `attach` synchronously, inside ssh2's
 * callback. A fast command's data, exit-status and close can arrive in the same
 * TCP read as the exec confirmation and are parsed in one go; listeners added a
 * microtask later (after an `await`) miss the 'exit' event, and the run would be
 * reported as closed without an exit status.
 *
 * ssh2 throws synchronously when the socket is already gone, and reports later
 * failures through the callback; both become a rejection.
 */
export function openExecChannel<T>(client: Client, command: string, attach: (channel: ClientChannel) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => (error ? reject(error) : resolve(attach(channel))));
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * The connection itself is gone (socket closed before or while the channel
 * opened), as opposed to the server refusing one channel on a live connection
 * (e.g. sshd's MaxSessions). Either way the exec request never ran.
 */
export function isDeadConnectionError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /Not connected|No response from server/i.test(message);
}

/** Runs a short internal command and returns its stdout; the channel is closed after `timeoutMs`. */
export async function runInternalCommand(client: Client, command: string, timeoutMs: number): Promise<string> {
  return openExecChannel(client, command, (channel) => collectStdout(channel, timeoutMs));
}

function collectStdout(channel: ClientChannel, timeoutMs: number): Promise<string> {
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
