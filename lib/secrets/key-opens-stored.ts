import { db } from '@/lib/db';
import { decryptSecret } from '@/lib/crypto';
import { hostSecretAad } from '@/lib/hosts/host-target';
import { webhookAad } from '@/lib/comms/webhooks';

/**
 * Does this key open what is stored? One host key (else one webhook URL) is
 * tried: every ciphertext is under the same key, since a rotation re-encrypts
 * all of them in one transaction. Null when nothing is stored (then no key
 * can be wrong, and none can be lost).
 */
export async function keyOpensStoredSecrets(key: Buffer): Promise<boolean | null> {
  const host = await db.host.findFirst({ select: { id: true, privateKeyEncrypted: true } });
  const hook = host ? null : await db.incidentWebhook.findFirst({ select: { id: true, urlEncrypted: true } });
  if (!host && !hook) return null;
  try {
    if (host) decryptSecret(key, host.privateKeyEncrypted, hostSecretAad(host.id, 'privateKey'));
    else if (hook) decryptSecret(key, hook.urlEncrypted, webhookAad(hook.id));
    return true;
  } catch {
    return false;
  }
}
