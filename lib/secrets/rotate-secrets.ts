import crypto from 'node:crypto';
import fs from 'node:fs';
import { db } from '@/lib/db';
import { decryptSecret, encryptSecret } from '@/lib/crypto';
import { decodeSecretKey, getEnv, getSecrets, resetEnvForTests } from '@/lib/env';
import { cliActor } from '@/lib/audit/actor';
import { anchorSignatureOk, readAnchor, writeAnchor } from '@/lib/audit/anchor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { hostSecretAad } from '@/lib/hosts/host-target';
import { webhookAad } from '@/lib/comms/webhooks';
import { runningServerPid } from '@/lib/ops/pid-file';

export type RotateResult = { reencrypted: number; authSecretRotated: boolean; file: string };

/**
 * `warroom secrets rotate [--auth-secret]`: a new WARROOM_SECRET_KEY, every
 * stored secret (host keys, passphrases, webhook URLs) re-encrypted under it
 * in ONE transaction, and the signed audit head re-signed. The order keeps
 * the key to every ciphertext on disk at every moment:
 *
 *   1. the new secrets file is written beside the old (secrets.json.rotating),
 *   2. the transaction re-encrypts everything (all or nothing),
 *   3. the new file is renamed over the old one.
 *
 * Interrupted between 2 and 3, both files exist: the server refuses to start
 * (lib/bootstrap/ensure-secrets.ts) and the next `secrets rotate` keeps the
 * file whose key the ciphertexts are under, then rotates. Only for secrets kept in
 * config/secrets.json; keys from the environment are rotated in the secret
 * store, with WARROOM_NEW_SECRET_KEY given for the re-encryption.
 */
export async function rotateSecrets(opts: { authSecret: boolean; newKey?: Buffer }): Promise<RotateResult> {
  const env = getEnv();
  const pid = runningServerPid(env.dataDir);
  if (pid) throw new Error(`warroom is running (PID ${pid}); stop it first: it holds the old key in memory`);
  const rotating = `${env.secretsFile}.rotating`;
  await finishInterrupted(env.secretsFile, rotating);
  const old = getSecrets();
  if (old.source === 'env' && !opts.newKey) {
    throw new Error(
      'WARROOM_SECRET_KEY comes from the environment: set WARROOM_NEW_SECRET_KEY to the new key for this run, then replace it in your secret store',
    );
  }
  const newKey = opts.newKey ?? crypto.randomBytes(32);
  const file =
    old.source === 'file' ? (JSON.parse(fs.readFileSync(env.secretsFile, 'utf8')) as Record<string, unknown>) : null;
  if (file) {
    const next = {
      ...file,
      secretKey: newKey.toString('base64'),
      ...(opts.authSecret ? { authSecret: crypto.randomBytes(32).toString('base64url') } : {}),
      rotatedAt: new Date().toISOString(),
    };
    fs.writeFileSync(rotating, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  }
  const anchor = readAnchor();
  if (anchor && !anchorSignatureOk(anchor)) {
    throw new Error('the signed audit head does not verify under the current key; run `warroom audit verify` first');
  }

  const { data: reencrypted } = await reencryptAll(old.secretKey, newKey, opts.authSecret).catch((err: unknown) => {
    // All or nothing: the transaction rolled back, so the new key must not survive either.
    fs.rmSync(rotating, { force: true });
    throw err;
  });

  if (file) fs.renameSync(rotating, env.secretsFile);
  resetEnvForTests();
  // The audit head was signed with a key derived from the old one: sign it again.
  if (anchor) {
    const { signature: _s, ...fields } = anchor;
    writeAnchor(fields);
  }
  return { reencrypted, authSecretRotated: opts.authSecret && Boolean(file), file: env.secretsFile };
}

/** A rotation stopped between commit and rename: keep whichever file holds the key the ciphertexts are under. */
async function finishInterrupted(secretsFile: string, rotating: string): Promise<boolean> {
  if (!fs.existsSync(rotating)) return false;
  const next = JSON.parse(fs.readFileSync(rotating, 'utf8')) as { secretKey?: string };
  const sample = (await db.host.findFirst({ select: { id: true, privateKeyEncrypted: true } })) ?? null;
  const hook = sample ? null : await db.incidentWebhook.findFirst({ select: { id: true, urlEncrypted: true } });
  const key = decodeSecretKey(String(next.secretKey ?? ''));
  let newKeyCurrent = false;
  try {
    if (sample) decryptSecret(key, sample.privateKeyEncrypted, hostSecretAad(sample.id, 'privateKey'));
    else if (hook) decryptSecret(key, hook.urlEncrypted, webhookAad(hook.id));
    newKeyCurrent = Boolean(sample || hook);
  } catch {
    newKeyCurrent = false;
  }
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
