import { stringify } from 'yaml';

/**
 * "Make playbook" from a fix's script: a draft a commander reviews, edits
 * and saves. Literal ports, PIDs, unit names, paths, commit hashes and
 * hosts become typed parameters (the same literal, one parameter); what the
 * fixture got wrong is flagged with the safer built-in step instead —
 * `pkill -f` and `kill -9 <pid>` become the holder lookup (find the port's
 * listener, TERM that PID after re-checking it), `sleep N` becomes a check
 * that retries; the `ssh …` line becomes the host target. Pure: the
 * holder lookup is handed in from the built-in free-port-and-restart.
 */

export type DraftParam = {
  name: string;
  type: 'port' | 'unit' | 'path' | 'git-ref' | 'hostname';
  default?: string;
  from: string;
};
export type DraftFlag = {
  line: number;
  text: string;
  kind: 'pkill-by-name' | 'kill-literal-pid' | 'sleep';
  why: string;
  instead: string;
};
export type DraftHost = { address: string; user: string | null; line: number };
/** From the built-in free-port-and-restart: the holder observation, its stop step, its "port is free" check. */
export type HolderLookup = {
  observe: Record<string, unknown>;
  step: Record<string, unknown>;
  portFree: Record<string, unknown>;
  params: Record<string, unknown>;
};

export type PlaybookDraft = {
  name: string;
  params: DraftParam[];
  flags: DraftFlag[];
  hosts: DraftHost[];
  destructive: boolean;
  yaml: string;
};

type Cmd = { line: number; text: string; comment: string | null };

const DESTRUCTIVE =
  /\b(kill|pkill|killall|systemctl\s+(stop|restart|start|reload)|supervisorctl\s+(stop|restart|start)|git\s+(reset|pull|checkout)|rm\s|alembic\s+(upgrade|downgrade)|npm\s+(install|run\s+build))\b/;

export function draftFromScript(script: string, opts: { title: string; holder: HolderLookup }): PlaybookDraft {
  const params: DraftParam[] = [];
  const flags: DraftFlag[] = [];
  const hosts: DraftHost[] = [];
  // A script with functions or control flow is one step: its lines only make sense together.
  const compound = /^\s*(if|for|while|case)\b|\{\s*$/m.test(script);
  const commands = compound ? compoundCommand(script) : splitCommands(script);
  const steps: Record<string, unknown>[] = [];
  let holderUsed = false;

  const param = (type: DraftParam['type'], value: string, from: string): string => {
    const found = params.find((p) => p.type === type && p.default === value);
    if (found) return found.name;
    const base = type === 'git-ref' ? 'ref' : type === 'hostname' ? 'host' : type;
    const count = params.filter((p) => p.type === type).length;
    const name = count === 0 ? base : `${base}_${count + 1}`;
    params.push({ name, type, default: value, from });
    return name;
  };

  for (const cmd of commands) {
    const words = compound ? [] : cmd.text.trim().split(/\s+/);
    const head = words[0];
    if (head === 'ssh') {
      const target = words.slice(1).find((w, i, all) => !w.startsWith('-') && !/^-[ioplF]$/.test(all[i - 1] ?? ''));
      if (target) {
        const [user, address] = target.includes('@') ? target.split('@', 2) : [null, target];
        hosts.push({ address, user, line: cmd.line });
      }
      continue;
    }
    if (head === 'pkill' || head === 'killall') {
      flags.push({
        line: cmd.line,
        text: cmd.text,
        kind: 'pkill-by-name',
        why: 'kills every process whose command line matches the pattern, including ones nobody meant (the fixture’s own bug)',
        instead:
          'the holder lookup: find the process listening on {{ port }} and TERM exactly that PID (free-port-and-restart’s stop-holder step)',
      });
      holderUsed = true;
      continue;
    }
    if (head === 'kill' && words.slice(1).some((w) => /^\d+$/.test(w))) {
      flags.push({
        line: cmd.line,
        text: cmd.text,
        kind: 'kill-literal-pid',
        why: 'a PID typed into a script is someone else’s process by the time it runs again (PIDs are reused)',
        instead:
          'the holder lookup: the dry run shows the PID on {{ port }} with its start time, and the kill re-checks both',
      });
      holderUsed = true;
      continue;
    }
    if (head === 'sleep' && /^\d+(\.\d+)?$/.test(words[1] ?? '')) {
      flags.push({
        line: cmd.line,
        text: cmd.text,
        kind: 'sleep',
        why: `waiting a fixed ${words[1]} s is too short on a slow day and wasted on a fast one`,
        instead: 'a check step with retry that waits for the condition itself (port free, unit active)',
      });
      continue;
    }
    // `lsof -i :3000  # Should return nothing` succeeds only when the port is held: the built-in check says what it means.
    const [, lsofPort] = /^lsof\s+-i\s*:(\d+)$/.exec(cmd.text.trim()) ?? [];
    if (lsofPort !== undefined) {
      param('port', lsofPort, `"${cmd.text.trim()}"`);
      steps.push(opts.holder.portFree);
      continue;
    }
    const text = cmd.text
      .split('\n')
      .map((l) => templatize(l, param))
      .join('\n');
    steps.push({
      id: `step-${steps.length + 1}`,
      name: (cmd.comment ?? cmd.text).slice(0, 120),
      kind: /^(lsof|curl|nc|ss|systemctl\s+(status|is-active))\b/.test(cmd.text.trim()) ? 'check' : 'run',
      run: text,
    });
  }

  if (holderUsed && !params.some((p) => p.type === 'port'))
    params.unshift({ name: 'port', type: 'port', from: 'the holder lookup' });
  const destructive = holderUsed || commands.some((c) => DESTRUCTIVE.test(c.text));
  const name = slug(opts.title);
  const doc: Record<string, unknown> = {
    name,
    title: opts.title.slice(0, 120),
    description: `Drafted from "${opts.title}". Review every step before saving.`,
    destructive,
    params: {
      ...Object.fromEntries(
        params.map((p) => [
          p.name,
          {
            type: p.type,
            ...(p.default ? { default: p.type === 'port' ? Number(p.default) : p.default } : {}),
            description: (p.default ? `was ${p.default} in ${p.from}` : `no value in ${p.from}: required`).slice(
              0,
              200,
            ),
          },
        ]),
      ),
      ...(holderUsed ? opts.holder.params : {}),
    },
    ...(hosts.length > 0 ? { targets: { hosts: hosts.map((h) => h.address) } } : {}),
    ...(holderUsed ? { observe: [opts.holder.observe] } : {}),
    steps: [...(holderUsed ? [opts.holder.step] : []), ...steps],
  };
  return { name, params, flags, hosts, destructive, yaml: stringify(doc, { lineWidth: 0 }) };
}

function compoundCommand(script: string): Cmd[] {
  const body = script
    .split('\n')
    .filter((l) => !l.startsWith('#!'))
    .join('\n')
    .trim();
  const comment = /^#\s*(.+)$/m.exec(body)?.[1] ?? null;
  return [{ line: 1, text: body, comment }];
}

/** Lines of the script, continuation lines joined; comments name the command after them. */
function splitCommands(script: string): Cmd[] {
  const out: Cmd[] = [];
  let comment: string | null = null;
  const lines = script.split('\n');
  for (let i = 0; i < lines.length; i++) {
    // i stays below lines.length, so the fallbacks never apply.
    let text = lines[i] ?? '';
    const line = i + 1;
    while (text.endsWith('\\') && i + 1 < lines.length) text = text.slice(0, -1) + (lines[++i] ?? '');
    const trimmed = text.trim();
    if (!trimmed || trimmed.startsWith('#!')) continue;
    if (trimmed.startsWith('#')) {
      comment = trimmed.replace(/^#+\s*/, '');
      continue;
    }
    // A trailing "# Should return nothing" is a note to the reader, not part of the command.
    const code = trimmed.replace(/\s+#.*$/, '');
    // One line, one step: `cd dir && git pull` must stay in one shell.
    out.push({ line, text: code, comment });
    comment = null;
  }
  return out;
}

const SYSTEMCTL =
  /^(systemctl|supervisorctl)\s+((?:--\S+\s+)*)(start|stop|restart|reload|status|is-active)\s+((?:--\S+\s+)*)(.+)$/;

function templatize(text: string, param: (type: DraftParam['type'], value: string, from: string) => string): string {
  const indent = /^\s*/.exec(text)?.[0] ?? '';
  const from = text.trim();
  if (!from || from.startsWith('#')) return text;
  let out = from;
  const ref = (type: DraftParam['type'], value: string) => `{{ ${param(type, value, `"${from}"`)} }}`;
  // Every group of SYSTEMCTL takes part in a match (the option groups may be empty).
  const [, tool = '', before = '', verb = '', after = '', unitList] = SYSTEMCTL.exec(out) ?? [];
  if (unitList !== undefined) {
    const units = unitList.split(/\s+/).map((u) => (/^[A-Za-z0-9@._-]+$/.test(u) ? ref('unit', u) : u));
    out = `${tool} ${before}${verb} ${after}${units.join(' ')}`;
  }
  // Quoted unit names handed to a function (check_service "tms-backend" 8000): unit, then port.
  out = out.replace(
    /"([a-z][a-z0-9@._-]*)"\s+(\d{2,5})\b/g,
    (_m, unit: string, port: string) => `${ref('unit', unit)} ${ref('port', port)}`,
  );
  out = out.replace(
    /(localhost|127\.0\.0\.1|\s|^):(\d{2,5})\b/g,
    (_m, pre: string, port: string) => `${pre}:${ref('port', port)}`,
  );
  out = out.replace(/<(previous-commit|commit|sha|ref)>/g, () => `{{ ${param('git-ref', '', `"${from}"`)} }}`);
  out = out.replace(/(^|\s)([0-9a-f]{7,40})(?=\s|$)/g, (m, pre: string, sha: string) =>
    /[a-f]/.test(sha) && /\d/.test(sha) ? `${pre}${ref('git-ref', sha)}` : m,
  );
  out = out.replace(
    /(^|\s)(\/[A-Za-z0-9._\/-]+)/g,
    (_m, pre: string, p: string) => `${pre}${ref('path', p.replace(/\/+$/, '') || '/')}`,
  );
  // git reset --hard <ref> takes the ref before "--" (git would read it as paths after).
  out = out.replace(/^git reset --hard (\{\{ \w+ \}\})$/, 'git reset --hard $1 --');
  return indent + out;
}

function slug(title: string): string {
  const s = title
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return /^[a-z]/.test(s) ? s : `fix-${s || 'draft'}`;
}
