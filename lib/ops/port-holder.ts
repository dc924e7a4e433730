import fs from 'node:fs';
import net from 'node:net';

/**
 * Who holds a TCP port. The fixture's outage (Issue 1) was a stale
 * next-server holding :3000 and a "fix" of `pkill -f next-server`. warroom
 * names the holder and exits; it never kills what it did not start.
 */
export type PortHolder = { pid: number; command: string } | { pid: null; command: null };

export function isPortFree(port: number, host = '::'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** LISTEN sockets on `port` from /proc/net/tcp{,6}: their inodes. */
export function listeningInodes(port: number, tables = ['/proc/net/tcp', '/proc/net/tcp6']): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of tables) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // cols: sl local_address rem_address st ... inode(9)
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (local === undefined || inode === undefined) continue;
      if (local.split(':').pop() === hexPort && state === '0A') inodes.add(inode);
    }
  }
  return inodes;
}

export function findPortHolder(port: number): PortHolder {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return { pid: null, command: null };
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    for (const fd of safeReaddir(`/proc/${entry}/fd`)) {
      let target: string;
      try {
        target = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return { pid: Number(entry), command: readCommand(Number(entry)) };
    }
  }
  return { pid: null, command: null };
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function readCommand(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ') || '?';
  } catch {
    return '?';
  }
}

export function portBusyMessage(port: number, holder: PortHolder): string {
  const who = holder.pid
    ? `PID ${holder.pid} (${holder.command})`
    : 'another process (its PID is not visible to this user; try `ss -ltnp`)';
  return (
    `warroom: port ${port} is already in use by ${who}. ` +
    `warroom will not stop it. Stop that process yourself if it is a stale server, or start warroom on another port: PORT=3001 npm start`
  );
}
