import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db/migrate';
import { AppError } from '@/lib/errors';
import { cliActor } from '@/lib/audit/actor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import type { CliCommand } from '@/lib/cli/types';
import { CreateHostInput, MAX_PRIVATE_KEY_CHARS } from './host-input';
import { createHost, hostKeyRefusal, pinHostKey } from './hosts';
import { probeHostKey } from './connect';

const USAGE = [
  'host add --name <n> --address <a> [--port <p>] --user <u> --key-file <f> [--tags <t,…>]',
  '         [--service-manager systemd|supervisor] [--passwordless-sudo]',
  '                                          add an SSH host (key passphrase, if any, from stdin)',
  'host trust <name> --fingerprint SHA256:…  pin the host key you verified on the host itself',
].join('\n  ');

/** The CLI as hosts.ts's pin record sees it: no user row (pinnedById stays null), named in the audit entry. */
function pinnedByCli() {
  return { id: '', email: cliActor().name };
}

export const hostCommand: CliCommand = {
  name: 'host',
  usage: USAGE,
  async run([sub, ...args]) {
    try {
      if (sub === 'add') return await add(args);
      if (sub === 'trust') return await trust(args);
    } catch (error) {
      if (error instanceof AppError) {
        console.error(`warroom: ${error.message} (${error.code})`);
        return 1;
      }
      throw error;
    }
    console.error(`usage: warroom ${USAGE}`);
    return 2;
  },
};

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function add(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      address: { type: 'string' },
      port: { type: 'string' },
      user: { type: 'string' },
      'key-file': { type: 'string' },
      tags: { type: 'string' },
      'service-manager': { type: 'string' },
      'passwordless-sudo': { type: 'boolean' },
    },
  });
  if (!values.name || !values.address || !values.user || !values['key-file']) {
    console.error(`usage: warroom ${USAGE.split('\n')[0]}`);
    return 2;
  }
  let privateKey: string;
  try {
    if (fs.statSync(values['key-file']).size > MAX_PRIVATE_KEY_CHARS * 2)
      throw new Error('too large to be a private key');
    privateKey = fs.readFileSync(values['key-file'], 'utf8');
  } catch (error) {
    console.error(`warroom: cannot read the key file ${values['key-file']}: ${(error as Error).message}`);
    return 1;
  }
  const parsed = CreateHostInput.safeParse({
    name: values.name,
    address: values.address,
    port: values.port ?? '',
    username: values.user,
    tags: values.tags ?? '',
    serviceManager: values['service-manager'] ?? 'systemd',
    passwordlessSudo: values['passwordless-sudo'] ?? false,
    privateKey,
    passphrase: (await readStdin()) || undefined,
    generate: false,
  });
  if (!parsed.success) {
    console.error(
      `warroom: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
    );
    return 2;
  }
  migrateDatabase(getEnv().databasePath);
  const { data } = await commitMutation(cliActor(), (tx) => createHost(tx, parsed.data));
  console.log(`added host ${data.name} (${data.id})`);
  try {
    const key = await probeHostKey(data.id);
    console.log(
      `it presents ${key.keyType} ${key.fingerprint}\n` +
        `compare that with \`ssh-keygen -lf /etc/ssh/ssh_host_${key.keyType.replace(/^ssh-/, '')}_key.pub\` on the host itself, then:\n` +
        `  warroom host trust ${data.name} --fingerprint <the fingerprint you verified>`,
    );
  } catch (error) {
    console.log(`its host key could not be read yet (${(error as Error).message}); trust it once it is reachable`);
  }
  return 0;
}

async function trust(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { fingerprint: { type: 'string' } },
  });
  if (positionals.length !== 1 || !values.fingerprint) {
    console.error('usage: warroom host trust <name> --fingerprint SHA256:…');
    return 2;
  }
  const confirmed = values.fingerprint.trim();
  if (!/^SHA256:[A-Za-z0-9+/]{43}$/.test(confirmed)) {
    console.error(
      'warroom: expected a fingerprint like SHA256:AbC… (43 base64 characters), as ssh-keygen -lf prints it',
    );
    return 2;
  }
  migrateDatabase(getEnv().databasePath);
  const host = await db.host.findUnique({ where: { name: positionals[0] }, select: { id: true, name: true } });
  if (!host) {
    console.error(`warroom: no host named ${positionals[0]}`);
    return 1;
  }
  const probed = await probeHostKey(host.id);
  if (probed.fingerprint !== confirmed) {
    await commitMutation(cliActor(), async () => ({
      data: null,
      audit: hostKeyRefusal(host, {
        reason: 'confirm-mismatch',
        code: 'HOST_KEY_CHANGED',
        hostKey: { expected: confirmed, actual: probed.fingerprint, keyType: probed.keyType },
        via: 'pin',
      }),
    }));
    console.error(
      `warroom: HOST_KEY_CHANGED: ${host.name} presents ${probed.keyType} ${probed.fingerprint}, not ${confirmed}. Nothing was pinned.`,
    );
    return 1;
  }
  const { data } = await commitMutation(cliActor(), (tx) =>
    pinHostKey(tx, pinnedByCli(), { hostId: host.id, fingerprint: confirmed }, probed),
  );
  console.log(`${data.name} now trusts ${data.keyType} ${data.fingerprint}`);
  return 0;
}
