import { parseArgs } from 'node:util';
import { db } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db/migrate';
import { AppError } from '@/lib/errors';
import { cliActor } from '@/lib/audit/actor';
import { realtimeBus } from '@/lib/realtime/bus';
import { closeAllConnections } from '@/lib/ssh/exec';
import type { CliCommand } from '@/lib/cli/types';
import { parseParamPairs } from './params';
import { runChannel, type RunOutputEvent, type RunStatusEvent } from './run-events';
import { startRun } from './runs';
import { loadRunView, type RunView } from './run-queries';
import { windowText } from './output-window';

/**
 * `warroom playbook run` and `warroom runs show`. The run happens in this
 * process (the runner is in lib), its output streamed to stdout as it
 * arrives; the exit code is the run's result. A destructive playbook runs
 * only with `--approval <id>`: an approval a second person gave in the
 * browser for exactly this dry run, acted on as `cli:<unix user>`. The CLI
 * cannot approve.
 */

async function readLines(count: number): Promise<string[]> {
  if (count === 0) return [];
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/).slice(0, count);
}

export async function runPlaybookCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      host: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      secret: { type: 'string', multiple: true },
      incident: { type: 'string' },
      approval: { type: 'string' },
    },
  });
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) {
    console.error(
      'usage: warroom playbook run <name> --host <h>… [--param k=v…] [--secret <name>…] [--incident <slug>] [--approval <id>]',
    );
    return 2;
  }
  const pairs = parseParamPairs(values.param ?? []);
  if (!pairs.ok) {
    console.error(`warroom: ${pairs.message}`);
    return 2;
  }
  const secretNames = values.secret ?? [];
  const lines = await readLines(secretNames.length);
  if (lines.length < secretNames.length || lines.some((l) => l === '')) {
    console.error(`warroom: expected ${secretNames.length} secret line(s) on stdin (${secretNames.join(', ')})`);
    return 2;
  }
  migrateDatabase(getEnv().databasePath);
  try {
    let incidentId: string | null = null;
    if (values.incident) {
      const incident = await db.incident.findUnique({ where: { slug: values.incident }, select: { id: true } });
      if (!incident) throw new AppError('not_found:incident', `No incident ${values.incident}.`);
      incidentId = incident.id;
    }
    // One line per secret, in order (checked above: as many lines as names, none empty).
    const secrets = Object.fromEntries(secretNames.map((secret, i) => [secret, lines[i] ?? '']));
    const { runId, done } = await startRun(
      cliActor(),
      {
        playbook: name,
        hosts: values.host,
        tags: values.tag,
        params: pairs.raw,
        secrets,
        incidentId,
        approvalId: values.approval,
      },
      { via: 'cli' },
    );
    console.error(`warroom: run #${runId} started`);
    const many = (values.host?.length ?? 0) + (values.tag?.length ?? 0) > 1;
    const names = new Map<string, string>();
    const sub = realtimeBus().subscribe(runChannel(runId, true), (event) => {
      if (event.type === 'output') {
        const o = event.data as RunOutputEvent;
        process.stdout.write(many ? prefixLines(names.get(o.hostId) ?? o.hostId, o.text) : o.text);
      } else if ((event.data as RunStatusEvent).what === 'step-started') void announce(runId, names);
    });
    const status = await done;
    sub.unsubscribe();
    const view = await loadRunView(runId);
    if (view) printSummary(view);
    return status === 'succeeded' ? 0 : 1;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`warroom: ${error.message} (${error.code})`);
      return 1;
    }
    throw error;
  } finally {
    await closeAllConnections();
  }
}

async function announce(runId: number, names: Map<string, string>) {
  const step = await db.stepResult.findFirst({
    where: { runId, status: 'running' },
    orderBy: { startedAt: 'desc' },
    select: { hostId: true, hostName: true, stepName: true, attempt: true },
  });
  if (!step) return;
  names.set(step.hostId, step.hostName);
  console.error(`== ${step.hostName}: ${step.stepName}${step.attempt > 1 ? ` (attempt ${step.attempt})` : ''}`);
}

function prefixLines(host: string, text: string): string {
  return text.replace(/^(?=.)/gm, `[${host}] `);
}

function printSummary(view: RunView) {
  console.error(`run #${view.id} ${view.playbookName}: ${view.status}${view.message ? ` (${view.message})` : ''}`);
  for (const host of view.hosts) {
    for (const s of host.steps) {
      const facts = [
        s.status,
        s.exitCode !== null ? `exit ${s.exitCode}` : null,
        s.killOutcome ? `kill ${s.killOutcome}` : null,
      ];
      console.error(
        `  ${host.name} ${s.stepId}${s.attempt > 1 ? `#${s.attempt}` : ''}: ${facts.filter(Boolean).join(', ')}`,
      );
    }
  }
}

export const runsCommand: CliCommand = {
  name: 'runs',
  usage: 'runs show <id> [--json]                   a run: status, each step on each host, output',
  async run([sub, ...args]) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    const id = Number(positionals[0]);
    if (sub !== 'show' || positionals.length !== 1 || !Number.isSafeInteger(id)) {
      console.error('usage: warroom runs show <id> [--json]');
      return 2;
    }
    migrateDatabase(getEnv().databasePath);
    const view = await loadRunView(id);
    if (!view) {
      console.error(`warroom: no run #${id}`);
      return 1;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      return 0;
    }
    printSummary(view);
    for (const host of view.hosts) {
      for (const s of host.steps) {
        if (s.output.total === 0) continue;
        process.stdout.write(`== ${host.name}: ${s.stepName}\n${windowText(s.output)}\n`);
      }
    }
    return 0;
  },
};
