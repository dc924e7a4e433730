import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { path: string; contentType: string | undefined; body: string };
/** A status code to answer with, or 'hang' to never answer. */
export type Reply = number | 'hang';

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests: answers from a
 * script of replies (the last one repeats) and keeps every request.
 */
export async function startReceiver() {
  const received: Received[] = [];
  let script: Reply[] = [200];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      // The script's last reply repeats for every request after it.
      const reply = (script.length > 1 ? script.shift() : script[0]) ?? 200;
      if (reply === 'hang') return;
      res.writeHead(reply, { 'content-type': 'text/plain' });
      res.end(reply < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    reply(...replies: Reply[]) {
      script = replies;
      received.length = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * What the comms integration tests start from: a receiver, loopback allowed
 * as the internal chat server an admin allowed (webhook-ssrf.test.ts: refused
 * otherwise), and a short delivery policy so the failing cases are quick (the
 * policy itself is unit-tested). Call it after useTempDatabase() and before
 * the app reads its env; `stop()` puts the policy back and closes the server.
 */
export async function useWebhookReceiver(policy: { maxRetries: number; baseDelayMs: number; timeoutMs: number }) {
  process.env.WARROOM_WEBHOOK_ALLOW_INTERNAL = '127.0.0.1';
  const { setDeliveryPolicy } = await import('@/lib/comms/delivery-outbox');
  const receiver = await startReceiver();
  setDeliveryPolicy(policy);
  return Object.assign(receiver, {
    async stop() {
      setDeliveryPolicy(null);
      await receiver.close();
    },
  });
}
