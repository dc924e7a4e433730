import { Client } from 'ssh2';
import { SshConnectError } from './errors';
import { fingerprintHostKey, hostKeyType } from './fingerprint';

export interface FetchedHostKey {
  keyType: string;
  fingerprint: string;
}

export interface FetchHostKeyOptions {
  /** Bound on TCP connect + key exchange. Default 10 s. */
  timeoutMs?: number;
}

/**
 * Reads a host's key for an admin to confirm. Stops inside key exchange by
 * rejecting the key, so no authentication is attempted and nothing runs.
 */
export function fetchHostKey(
  address: string,
  port: number,
  { timeoutMs = 10_000 }: FetchHostKeyOptions = {},
): Promise<FetchedHostKey> {
  return new Promise<FetchedHostKey>((resolve, reject) => {
    const client = new Client();
    let seen: FetchedHostKey | undefined;
    const finish = () => {
      client.removeAllListeners('error');
      client.on('error', () => {});
      client.destroy();
      if (seen) resolve(seen);
      else reject(new SshConnectError('host_unreachable', `${address}:${port}: closed before presenting a host key`));
    };
    client.on('error', (error: Error & { code?: string }) => {
      if (!seen) {
        const detail = error.code ? `${error.code} ${error.message}` : error.message;
        reject(new SshConnectError('host_unreachable', `${address}:${port}: ${detail}`));
      }
      finish();
    });
    client.on('close', finish);
    client.connect({
      host: address,
      port,
      // The name is never used: key exchange ends before user authentication.
      username: 'warroom-host-key-probe',
      readyTimeout: timeoutMs,
      hostVerifier: (keyBlob: Buffer) => {
        seen = { keyType: hostKeyType(keyBlob), fingerprint: fingerprintHostKey(keyBlob) };
        return false;
      },
    });
  });
}
