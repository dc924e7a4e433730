import crypto from 'node:crypto';
import fs from 'node:fs';
import { decryptSecret, encryptSecret } from '@/lib/crypto';
import { decodeSecretKey, getEnv, getSecrets, resetEnvForTests } from '@/lib/env';
import { cliActor } from '@/lib/audit/actor';
import { anchorSignatureOk, readAnchor, writeAnchor } from '@/lib/audit/anchor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { hostSecretAad } from '@/lib/hosts/host-target';
import { webhookAad } from '@/lib/comms/webhooks';
import { runningServerPid } from '@/lib/ops/pid-file';
import { keyOpensStoredSecrets } from './key-opens-stored';
import { settlePendingEnvSecrets, writePendingEnvSecrets, type PendingEnvSecrets } from './pending-env-secrets';

export type RotateResult = {
  reencrypted: number;
  authSecretRotated: boolean;
  file: string;
  /** Keys from the environment: what the operator must put into the EnvironmentFile, and where it waits. */
  env: PendingEnvSecrets | null;
};

/**
 * `warroom secrets rotate [--auth-secret]`: a new WARROOM_SECRET_KEY, every
 * stored secret (host keys, passphrases, webhook URLs) re-encrypted under it
 * in ONE transaction, and the signed audit head re-signed. Offline only (the
 * server is stopped): a running server holds the old key in memory, and no
 * second key is ever accepted for decryption, so at every moment exactly one
 * key opens everything. The order keeps that key on disk at every moment:
 *
 *   1. the new key is written beside the old one and flushed
 *      (config/secrets.json.rotating, or config/rotated-secrets.env when the
 *      keys come from the environment: lib/secrets/pending-env-secrets.ts),
 *   2. the transaction re-encrypts everything (all or nothing; on failure
 *      the new key is removed again),
 *   3. secrets.json: the new file is renamed over the old one. Environment:
 *      the operator puts the new values into the EnvironmentFile; the next
 *      start removes the pending file once they are there, and refuses to
 *      start with the old key.
 *
 * Interrupted between 2 and 3, both files exist: the server refuses to start
 * (lib/bootstrap/ensure-secrets.ts) and the next `secrets rotate` keeps the
 * file whose key the ciphertexts are under, then rotates.
 */
export async function rotateSecrets(opts: { authSecret: boolean; newKey?: Buffer }): Promise<RotateResult> {
  const env = getEnv();
  const pid = runningServerPid(env.dataDir);
  if (pid) throw new Error(`warroom is running (PID ${pid}); stop it first: it holds the old key in memory`);
  const rotating = `${env.secretsFile}.rotating`;
  await finishInterrupted(env.secretsFile, rotating);
  const old = getSecrets();
  // The key alone decides: a WARROOM_SECRET_KEY in the environment wins over secrets.json.
  const keyFromEnv = Boolean(env.WARROOM_SECRET_KEY);
  if (keyFromEnv) await settlePendingEnvSecrets(() => {});
  const newKey = opts.newKey ?? crypto.randomBytes(32);
  if (newKey.equals(old.secretKey))
    throw new Error('the new key is the current WARROOM_SECRET_KEY; give a different one');
  const newAuthSecret = opts.authSecret ? crypto.randomBytes(32).toString('base64url') : null;
  const file = !keyFromEnv ? (JSON.parse(fs.readFileSync(env.secretsFile, 'utf8')) as Record<string, unknown>) : null;
  const anchor = readAnchor();
  if (anchor && !anchorSignatureOk(anchor)) {
    throw new Error('the signed audit head does not verify under the current key; run `warroom audit verify` first');
  }
  let pending: PendingEnvSecrets | null = null;
  if (file) {
    const next = {
      ...file,
      secretKey: newKey.toString('base64'),
      ...(newAuthSecret ? { authSecret: newAuthSecret } : {}),
      rotatedAt: new Date().toISOString(),
    };
    fs.writeFileSync(rotating, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  } else {
    pending = writePendingEnvSecrets({
      secretKey: newKey,
      secretKeyGenerated: !opts.newKey,
      authSecret: newAuthSecret,
    });
  }

  const { data: reencrypted } = await reencryptAll(old.secretKey, newKey, opts.authSecret).catch((err: unknown) => {
    // All or nothing: the transaction rolled back, so the new key must not survive either.
    fs.rmSync(pending?.file ?? rotating, { force: true });
    throw err;
  });

  if (file) fs.renameSync(rotating, env.secretsFile);
  resetEnvForTests();
  // The audit head was signed with a key derived from the old one: sign it again (with the new
  // key itself: with keys from the environment, the environment does not have it yet).
  if (anchor) {
    const { signature: _s, ...fields } = anchor;
    writeAnchor(fields, undefined, newKey);
  }
  return {
    reencrypted,
    authSecretRotated: Boolean(newAuthSecret),
    file: pending?.file ?? env.secretsFile,
    env: pending,
  };
}

/** A rotation stopped between commit and rename: keep whichever file holds the key the ciphertexts are under. */
async function finishInterrupted(secretsFile: string, rotating: string): Promise<boolean> {
  if (!fs.existsSync(rotating)) return false;
  const next = JSON.parse(fs.readFileSync(rotating, 'utf8')) as { secretKey?: string };
  const newKeyCurrent = (await keyOpensStoredSecrets(decodeSecretKey(String(next.secretKey ?? '')))) === true;
  if (newKeyCurrent) fs.renameSync(rotating, secretsFile);
  else fs.rmSync(rotating);
  resetEnvForTests();
  return newKeyCurrent;
}

function reencryptAll(oldKey: Buffer, newKey: Buffer, authSecret: boolean) {
  return commitMutation(cliActor(), async (tx) => {
    let n = 0;
    const hosts = await tx.host.findMany({
      select: { id: true, privateKeyEncrypted: true, passphraseEncrypted: true },
    });
    for (const h of hosts) {
      const privateKey = decryptSecret(oldKey, h.privateKeyEncrypted, hostSecretAad(h.id, 'privateKey'));
      const passphrase = h.passphraseEncrypted
        ? decryptSecret(oldKey, h.passphraseEncrypted, hostSecretAad(h.id, 'passphrase'))
        : null;
      await tx.host.update({
        where: { id: h.id },
        data: {
          privateKeyEncrypted: encryptSecret(newKey, privateKey, hostSecretAad(h.id, 'privateKey')),
          passphraseEncrypted:
            passphrase === null ? null : encryptSecret(newKey, passphrase, hostSecretAad(h.id, 'passphrase')),
        },
      });
      n += passphrase === null ? 1 : 2;
    }
    const hooks = await tx.incidentWebhook.findMany({ select: { id: true, urlEncrypted: true } });
    for (const w of hooks) {
      const url = decryptSecret(oldKey, w.urlEncrypted, webhookAad(w.id));
      await tx.incidentWebhook.update({
        where: { id: w.id },
        data: { urlEncrypted: encryptSecret(newKey, url, webhookAad(w.id)) },
      });
      n++;
    }
    return {
      data: n,
      audit: {
        action: 'secrets.rotate',
        targetType: 'secrets',
        targetId: null,
        payload: { reencrypted: n, hosts: hosts.length, webhooks: hooks.length, authSecret },
      },
    };
  });
}
