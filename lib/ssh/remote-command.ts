import { SshError } from './errors';

/** First line the wrapper prints, before the user's command can print anything. */
export const PID_MARKER = '__WARROOM_PID=';

/** POSIX single-quoting: the only character needing care inside '…' is ' itself. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkEnvName(name: string): void {
  if (!ENV_NAME.test(name))
    throw new SshError('ssh:bad-env', `Environment variable name ${JSON.stringify(name)} is not a shell identifier`);
}

/**
 * Secret values as the wrapper reads them from stdin: one line each, in the
 * order of `secretNames`. A newline or NUL would end (or truncate) a line,
 * so such values are refused rather than silently cut.
 */
export function secretStdin(secretEnv: Record<string, string>): string {
  return Object.entries(secretEnv)
    .map(([name, value]) => {
      checkEnvName(name);
      if (/[\n\r\0]/.test(value))
        throw new SshError('ssh:bad-env', `The secret ${name} contains a newline or NUL, which cannot be sent`);
      return `${value}\n`;
    })
    .join('');
}

/**
 * Wraps a command so it runs as the leader of its own process group, and
 * reports that PID (= PGID) on the first stdout line. Timeout and cancel then
 * kill the whole group — every child the command spawned — not just the
 * channel (the stale `next-server` that held port 3000 was a child its
 * supervisor never killed).
 *
 * Fast path: OpenSSH already calls setsid() for each session, so the login
 * shell usually leads a fresh group; that is checked with builtins only (read
 * of /proc/$$/stat: pgrp == $$) and the command is exec'd in place — no fork;
 * when the login shell is itself a POSIX sh ($0 is sh or dash, as sshd names
 * it) the command runs in it (`eval`), not even a second exec.
 * Otherwise `setsid -w` makes the group; it forks (the caller leads a group)
 * and waits, so the channel's exit status is still the command's. setsid's own
 * stderr ("child N did not exit normally" after our TERM) goes to /dev/null;
 * the command gets the real stderr back from fd 3.
 *
 * Secrets never travel in this string: it becomes the remote login shell's
 * command line (visible in `ps`, in sshd's logs). `secretNames` are read
 * from stdin with the `read` builtin (one line each, see secretStdin) and
 * exported to the command only; the rest of stdin is the command's.
 * `env` values are inlined and therefore must not be secret.
 *
 * The user command is quoted once and handed to `sh -c` (or, in a POSIX login
 * shell, to `eval` in it: the same interpreter); nothing in it is parsed by
 * the wrapper itself.
 */
export function wrapCommand(command: string, env: Record<string, string> = {}, secretNames: string[] = []): string {
  const parts = commandParts(command, env, secretNames);
  const { envPrefix, readSecrets, quoted } = parts;
  const inner = `exec 2>&3 3>&-; printf '${PID_MARKER}%s\\n' "$$"; ${readSecrets}exec sh -c "$1"`;
  return [
    `if ${LEADS_ITS_GROUP}; then`,
    ...asGroupLeader(parts),
    `fi`,
    `command -v setsid >/dev/null 2>&1 || { echo 'warroom: setsid not found on this host' >&2; exit 127; }`,
    `exec ${envPrefix}setsid -w sh -c ${shellQuote(inner)} warroom ${quoted} 3>&2 2>/dev/null`,
  ].join('\n');
}

/** Builtins only: the shell's process group (field 5 of /proc/$$/stat) is its own PID. Leaves `s` and $1… set. */
const LEADS_ITS_GROUP = `read -r s 2>/dev/null < /proc/$$/stat && set -- \${s##*") "} && [ "$3" = "$$" ]`;

type CommandParts = { envPrefix: string; readSecrets: string; quoted: string };

function commandParts(command: string, env: Record<string, string>, secretNames: string[]): CommandParts {
  // Playbooks refuse it when saved (definition.ts); this is the last line for any other caller.
  if ([command, ...Object.values(env)].some((text) => text.includes('\0')))
    throw new SshError('ssh:bad-command', 'The command or an environment value contains a NUL character');
  const assignments = Object.entries(env).map(([name, value]) => {
    checkEnvName(name);
    return `${name}=${shellQuote(value)}`;
  });
  secretNames.forEach(checkEnvName);
  return {
    envPrefix: assignments.length > 0 ? `env ${assignments.join(' ')} ` : '',
    readSecrets: secretNames.length
      ? `${secretNames.map((name) => `IFS= read -r ${name}`).join(' && ')} || { echo 'warroom: secrets missing on stdin' >&2; exit 125; }; export ${secretNames.join(' ')}; `
      : '',
    quoted: shellQuote(command),
  };
}

/** What a login shell that leads its own process group runs: the PID line, the secrets, then the command. */
function asGroupLeader({ envPrefix, readSecrets, quoted }: CommandParts): string[] {
  // In a POSIX sh (sshd names the login shell in $0), the command runs in that very shell: the
  // same interpreter `sh -c` would start, without a second exec of it (about 0.7 ms per step).
  // The wrapper's own variable and positional parameters are cleared first, and its status is
  // the command's.
  const inPlace = envPrefix ? [] : [`  case $0 in sh | dash) unset s; set --; eval ${quoted}; exit ;; esac`];
  return [`  printf '${PID_MARKER}%s\\n' "$$"; ${readSecrets}`, ...inPlace, `  exec ${envPrefix}sh -c ${quoted}`];
}

/**
 * A spare session: a login shell started ahead of its command, so that a
 * step's start costs one one-way trip to the host instead of a channel open,
 * an exec request and sshd forking the session (see ConnectionPool). It runs
 * nothing until its command arrives on stdin (spareSessionInput): a line
 * count, then that many lines — the group leader's part of the wrapper an
 * exec request would have carried (spareCommand) — which it evaluates in
 * place. It checks that it leads its own process group when it starts, off
 * the command's path (a shell that does not ends at once: the pool then stops
 * keeping spares there, and commands take the exec path with its setsid
 * fallback). From there the session is exactly a freshly exec'd one: the
 * login shell reports its PID, reads the secrets, runs the command, and its
 * exit status is the channel's. Builtins only (`read` takes one byte at a time from a pipe,
 * so the secrets and the rest of stdin stay for the wrapper and the command).
 * EOF before a command (the pool closed the spare or the connection) ends it
 * quietly; a command cut short exits 125 without running any of it. Its own
 * variables are unset before the wrapper runs. Secrets never travel in it: it
 * is the same for every command, and `ps` on the host shows only it.
 */
export const SPARE_SESSION = [
  // Named in `ps` on the host for whoever wonders what the idle shell is.
  `: warroom spare session`,
  `${LEADS_ITS_GROUP} || exit 0`,
  `IFS= read -r n || exit 0`,
  `c=`,
  `while [ "$n" -gt 0 ] 2>/dev/null && IFS= read -r l; do c="$c$l`,
  `"; n=$((n - 1)); done`,
  `[ "$n" = 0 ] || { echo 'warroom: the command did not arrive whole' >&2; exit 125; }`,
  `unset n l`,
  `eval "unset c; $c"`,
].join('\n');

/** What a spare session evaluates for `command`: wrapCommand's part for a group leader (a few lines, read a byte at a time). */
export function spareCommand(command: string, env: Record<string, string> = {}, secretNames: string[] = []): string {
  return asGroupLeader(commandParts(command, env, secretNames)).join('\n');
}

/** What a spare session reads before the command's own stdin: spareCommand's text, framed by its line count. */
export function spareSessionInput(text: string): string {
  return `${text.split('\n').length}\n${text}\n`;
}

/**
 * Kills a process group: TERM, up to `graceMs` for it to exit, KILL, then a
 * check that no live member is left. Runs on the host in one channel so the
 * grace period is not stretched by round-trips. Prints the outcome.
 * Zombies are ignored: they are already dead, only unreaped (PID 1 in some
 * containers never reaps), and `kill -0` alone would count them as alive.
 */
export function killGroupCommand(pgid: number, graceMs: number, checkFirst = false): string {
  if (!Number.isInteger(pgid) || pgid <= 1) throw new RangeError(`Refusing to kill process group ${pgid}`);
  const graceTicks = Math.max(1, Math.ceil(graceMs / 100));
  return [
    `pg=${pgid}`,
    // `kill -s SIG -- -PGID`: the one spelling both dash and bash accept for a group.
    `alive() { kill -s 0 -- "-$pg" 2>/dev/null || return 1; command -v ps >/dev/null 2>&1 || return 0; ps -e -o pgid=,stat= | awk -v g="$pg" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'; }`,
    // Only with `checkFirst`: after a crash the group may long be gone, and saying "exited after TERM" would be a guess.
    ...(checkFirst ? ['alive || { echo already-gone; exit 0; }'] : []),
    `kill -s TERM -- "-$pg" 2>/dev/null`,
    `i=0; while alive && [ "$i" -lt ${graceTicks} ]; do sleep 0.1; i=$((i + 1)); done`,
    `alive || { echo exited-after-term; exit 0; }`,
    `kill -s KILL -- "-$pg" 2>/dev/null`,
    `i=0; while alive && [ "$i" -lt 30 ]; do sleep 0.1; i=$((i + 1)); done`,
    `if alive; then echo survived; else echo killed; fi`,
  ].join('\n');
}

/**
 * Strips the wrapper's PID line from the front of stdout. Everything after it
 * passes through untouched; if the first line is not ours (the wrapper failed
 * to start) it passes through too.
 */
export class PidLineParser {
  pid: number | undefined;
  private buffered: Buffer | null = Buffer.alloc(0);

  /** Returns the bytes that belong to the command's own stdout. */
  push(chunk: Buffer): Buffer {
    if (this.buffered === null) return chunk;
    const data = Buffer.concat([this.buffered, chunk]);
    const newline = data.indexOf(0x0a);
    const markerBytes = Buffer.from(PID_MARKER);
    const prefixMatches = data
      .subarray(0, markerBytes.length)
      .equals(markerBytes.subarray(0, Math.min(data.length, markerBytes.length)));
    if (!prefixMatches) return this.give(data);
    if (newline === -1) {
      // A PID line is short; anything longer is not ours.
      if (data.length > 64) return this.give(data);
      this.buffered = data;
      return Buffer.alloc(0);
    }
    const pid = Number(data.subarray(markerBytes.length, newline).toString('ascii'));
    if (!Number.isInteger(pid) || pid <= 1) return this.give(data);
    this.pid = pid;
    return this.give(data.subarray(newline + 1));
  }

  /** Bytes still held when the stream ended without a complete PID line. */
  flush(): Buffer {
    const rest = this.buffered ?? Buffer.alloc(0);
    this.buffered = null;
    return rest;
  }

  private give(data: Buffer): Buffer {
    this.buffered = null;
    return data;
  }
}
