import type { CliCommand } from '@/lib/cli/types';
import { decodeSecretKey, getEnv } from '@/lib/env';
import { rotateSecrets } from './rotate-secrets';

export const secretsCommand: CliCommand = {
  name: 'secrets',
  usage: 'secrets rotate [--auth-secret]      new encryption key, every stored secret re-encrypted in one transaction',
  async run(args) {
    const [sub, ...flags] = args;
    const unknown = flags.filter((f) => f !== '--auth-secret');
    if (sub !== 'rotate' || unknown.length) {
      console.error('usage: warroom secrets rotate [--auth-secret]');
      return 2;
    }
    try {
      const given = getEnv().WARROOM_NEW_SECRET_KEY;
      const r = await rotateSecrets({
        authSecret: flags.includes('--auth-secret'),
        newKey: given ? decodeSecretKey(given) : undefined,
      });
      console.log(`re-encrypted ${r.reencrypted} stored secret(s) under a new WARROOM_SECRET_KEY (${r.file})`);
      if (r.env) {
        if (given) console.log('  the new WARROOM_SECRET_KEY is the WARROOM_NEW_SECRET_KEY you gave');
        // Like the first admin's password: generated secrets are shown on a terminal, never in a log.
        if (r.env.lines.length && process.stdout.isTTY) {
          console.log('  put these into your EnvironmentFile, replacing the old values:');
          for (const line of r.env.lines) console.log(`    ${line}`);
        } else if (r.env.lines.length) {
          console.log(`  the new values are in ${r.env.file} (mode 600)`);
        }
        console.log(
          '  then start warroom: it refuses to start with the old key (which opens nothing now) and removes ' +
            `${r.env.file} once the environment holds the new one`,
        );
      }
      if (r.authSecretRotated) {
        console.log('  AUTH_SECRET rotated too: every session has ended, everyone must sign in again');
      }
      if (!r.env) {
        console.log(`  keep a copy of ${getEnv().secretsFile} somewhere safe; the old key no longer opens anything`);
      }
      return 0;
    } catch (err) {
      console.error(`warroom: secrets rotate failed, nothing changed: ${(err as Error).message}`);
      return 1;
    }
  },
};
