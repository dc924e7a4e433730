import fs from 'node:fs';
import { cliActor } from '@/lib/audit/actor';
import { parseArgs } from 'node:util';
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db/migrate';
import { AppError } from '@/lib/errors';
import { closeAllConnections } from '@/lib/ssh/exec';
import type { CliCommand } from '@/lib/cli/types';
import { runPlaybookCommand } from './cli-run';
import { dryRunPlaybook } from './dry-run-playbook';
import { formatDryRun } from './format-dry-run';
import { parseParamPairs } from './params';
import { findPlaybook, savePlaybook } from './saved-playbooks';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { formatProblem, parsePlaybook, MAX_PLAYBOOK_BYTES } from './parse-playbook';

const USAGE = [
  'playbook lint <file.yaml…>                check playbook files; problems name the line and key',
  'playbook save <file.yaml>                 save (or version) a playbook in the database',
  'playbook render <name> --host <h>… [--tag <t>…] [--param k=v…] [--json]',
  '                                          the dry run, observing the real hosts',
  'playbook run <name> --host <h>… [--tag <t>…] [--param k=v…] [--secret <name>…] [--incident <slug>] [--approval <id>]',
  '                                          run it, streaming output; secrets are read from stdin, one line each',
].join('\n  ');

export const playbookCommand: CliCommand = {
  name: 'playbook',
  usage: USAGE,
  async run([sub, ...args]) {
    if (sub === 'lint') return lint(args);
    if (sub === 'save') return save(args);
    if (sub === 'render') return render(args);
    if (sub === 'run') return runPlaybookCommand(args);
    console.error(`usage: warroom ${USAGE}`);
    return 2;
  },
};

function lint(files: string[]): number {
  if (files.length === 0) {
    console.error('usage: warroom playbook lint <file.yaml…>');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    let source: string;
    try {
      if (fs.statSync(file).size > MAX_PLAYBOOK_BYTES) throw new Error(`larger than ${MAX_PLAYBOOK_BYTES / 1024} KiB`);
      source = fs.readFileSync(file, 'utf8');
    } catch (error) {
      console.error(`${file}: cannot read: ${(error as Error).message}`);
      failed++;
      continue;
    }
    const parsed = parsePlaybook(source);
    if (parsed.ok) {
      console.log(`${file}: ok (${parsed.definition.name} ${parsed.hash})`);
    } else {
      for (const problem of parsed.problems) console.error(formatProblem(file, problem));
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

async function save(files: string[]): Promise<number> {
  const [file, ...extra] = files;
  if (file === undefined || extra.length > 0) {
    console.error('usage: warroom playbook save <file.yaml>');
    return 2;
  }
  let source: string;
  try {
    if (fs.statSync(file).size > MAX_PLAYBOOK_BYTES) throw new Error(`larger than ${MAX_PLAYBOOK_BYTES / 1024} KiB`);
    source = fs.readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`warroom: cannot read ${file}: ${(error as Error).message}`);
    return 1;
  }
  migrateDatabase(getEnv().databasePath);
  try {
    const { data } = await commitMutation(cliActor(), (tx) => savePlaybook(tx, cliActor(), source));
    console.log(`saved ${data.name} ${data.hash}${data.created ? ' (new)' : ''}`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`warroom: ${error.message} (${error.code})`);
      return 1;
    }
    throw error;
  }
}

async function render(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      host: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      param: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
  });
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0) {
    console.error('usage: warroom playbook render <name> --host <h>… [--tag <t>…] [--param k=v…] [--json]');
    return 2;
  }
  const pairs = parseParamPairs(values.param ?? []);
  if (!pairs.ok) {
    console.error(`warroom: ${pairs.message}`);
    return 2;
  }
  migrateDatabase(getEnv().databasePath);
  try {
    const playbook = await findPlaybook(name);
    // A secret on the command line is in `ps` and in shell history: it is refused, not used.
    const secretGiven = Object.keys(pairs.raw).find((k) => playbook.definition.params[k]?.type === 'secret');
    if (secretGiven) {
      console.error(
        `warroom: ${secretGiven} is a secret: it is never taken from the command line (and a dry run does not need it)`,
      );
      return 2;
    }
    const dry = await dryRunPlaybook(
      cliActor(),
      { playbook: name, hosts: values.host, tags: values.tag, params: pairs.raw },
      { via: 'cli' },
    );
    process.stdout.write(values.json ? `${JSON.stringify(dry, null, 2)}\n` : formatDryRun(dry));
    return dry.ok ? 0 : 1;
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
