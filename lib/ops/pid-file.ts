import fs from 'node:fs';
import path from 'node:path';

/**
 * data/warroom.pid: written by the server once it listens, removed when it
 * stops cleanly. `warroom restore` reads it to refuse while the app runs.
 * A pid file left by a killed server is stale, not a refusal: the process
 * must exist and still be the same start (its /proc start time matches).
 */
export const PID_FILE = 'warroom.pid';

type PidRecord = { pid: number; startTicks: string | null; startedAt: string };

function startTicks(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat (after the parenthesised command, which may hold spaces).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function writePidFile(dataDir: string, pid = process.pid): void {
  const record: PidRecord = { pid, startTicks: startTicks(pid), startedAt: new Date().toISOString() };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, PID_FILE), JSON.stringify(record) + '\n');
}

export function removePidFile(dataDir: string, pid = process.pid): void {
  const file = path.join(dataDir, PID_FILE);
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as PidRecord;
    if (record.pid === pid) fs.unlinkSync(file);
  } catch {
    // no pid file, or not ours
  }
}

/** The PID of the warroom server using this data directory, or null when none runs. */
export function runningServerPid(dataDir: string): number | null {
  let record: PidRecord;
  try {
    record = JSON.parse(fs.readFileSync(path.join(dataDir, PID_FILE), 'utf8')) as PidRecord;
  } catch {
    return null;
  }
  if (!Number.isInteger(record.pid) || record.pid <= 0) return null;
  const ticks = startTicks(record.pid);
  if (ticks === null) return null;
  if (record.startTicks !== null && ticks !== record.startTicks) return null;
  return record.pid;
}
