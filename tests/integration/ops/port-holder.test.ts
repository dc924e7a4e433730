import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { findPortHolder, isPortFree, portBusyMessage } from '@/lib/ops/port-holder';

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => resolve(s));
  });
}

describe('port holder', () => {
  it('names the PID and command holding a port, and never touches it', async () => {
    const server = await listen();
    const port = (server.address() as net.AddressInfo).port;
    try {
      expect(await isPortFree(port)).toBe(false);
      const holder = findPortHolder(port);
      expect(holder.pid).toBe(process.pid);
      expect(holder.command).toMatch(/node/);
      expect(portBusyMessage(port, holder)).toMatch(
        new RegExp(`port ${port} is already in use by PID ${process.pid} \\(.*node`),
      );
      expect(server.listening).toBe(true);
    } finally {
      server.close();
    }
  });

  it('reports a free port as free', async () => {
    const server = await listen();
    const port = (server.address() as net.AddressInfo).port;
    await new Promise((r) => server.close(r));
    expect(await isPortFree(port)).toBe(true);
    expect(findPortHolder(port)).toEqual({ pid: null, command: null });
  });
});
