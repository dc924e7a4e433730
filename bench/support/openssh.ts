import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostTarget } from '@/lib/ssh/types';
import type { TestHosts } from '@/tests/support/sshd';

/** OpenSSH beside warroom's executor in the benches: the same pinned keys, read from the test sshd. */
export async function writeKnownHosts(sshd: TestHosts): Promise<string> {
  const lines = await Promise.all(
    sshd.hosts.map(async (host, i) => {
      const [type, key] = (await readFile(sshd.hostKeyPubPath(i), 'utf8')).trim().split(/\s+/);
      return `[${host.address}]:${host.port} ${type} ${key}`;
    }),
  );
  const path = join(sshd.dir, 'known_hosts');
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** The same trust model as the executor: pinned host key, key auth only, no prompts. */
export function openSshArgs(sshd: TestHosts, host: HostTarget, knownHosts: string, options: string[] = []): string[] {
  return [
    '-F',
    '/dev/null',
    '-i',
    sshd.clientKeyPath,
    '-p',
    String(host.port),
    '-o',
    'BatchMode=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'LogLevel=ERROR',
    ...options.flatMap((o) => ['-o', o]),
    `${host.username}@${host.address}`,
  ];
}
