import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db/migrate';
import { cliActor } from '@/lib/audit/actor';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import {
  formatBytes,
  isWarroomExport,
  MAX_EXPORT_BYTES,
  MAX_EXPORT_LABEL,
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_LABEL,
} from '@/lib/rca/check-upload';
import { importPlan } from '@/lib/rca/import-plan';
import type { CliCommand } from '@/lib/cli/types';
import { AppError } from '@/lib/errors';
import { createIncidentFromPlan } from './create-incident';
import { attachPlan, findOpenMatch } from './attach-plan';
import { describeRcaError } from './import-document';

export const importCommand: CliCommand = {
  name: 'import',
  usage:
    'import <file.md> [--dry-run] [--json] [--attach <slug>]  import an RCA / fix-plan document as an incident, or attach it to one',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, attach: { type: 'string' } },
    });
    const [file, ...more] = positionals;
    if (file === undefined || more.length > 0) {
      console.error('usage: warroom import <file.md> [--dry-run] [--json] [--attach <slug>]');
      return 2;
    }
    let bytes: Buffer;
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) throw new Error('not a regular file');
      // Refuse before reading: a 5 GB file is named, not loaded. Only its
      // first bytes are read to tell a warroom export (its larger limit).
      const limit = st.size > MAX_UPLOAD_BYTES && isWarroomExport(readHead(file)) ? MAX_EXPORT_BYTES : MAX_UPLOAD_BYTES;
      if (st.size > limit) {
        const label = limit === MAX_EXPORT_BYTES ? `${MAX_EXPORT_LABEL} for a warroom export` : MAX_UPLOAD_LABEL;
        console.error(
          `warroom: ${file}: the document is ${formatBytes(st.size)}; the limit is ${label} (rca:too-large)`,
        );
        return 1;
      }
      bytes = fs.readFileSync(file);
    } catch (err) {
      console.error(`warroom: cannot read ${file}: ${(err as Error).message}`);
      return 1;
    }
    const result = importPlan(bytes);
    if (!result.ok) {
      console.error(`warroom: ${file}: ${describeRcaError(result.error)} (${result.error.code})`);
      return 1;
    }
    const { plan } = result;
    if (values['dry-run']) {
      if (values.json) {
        process.stdout.write(JSON.stringify(plan, null, 2) + '\n');
      } else {
        const items = plan.checklists.reduce((n, c) => n + c.groups.reduce((m, g) => m + g.items.length, 0), 0);
        console.log(
          `${plan.title}\n  findings ${plan.findings.length}, fixes ${plan.fixes.length}, checklist items ${items}, cadences ${plan.cadences.length}, events ${plan.events.length}, action items ${plan.actionItems.length}, lessons ${lessonCount(plan.lessons)}, warnings ${plan.warnings.length}`,
        );
        for (const w of plan.warnings) console.log(`  warning: ${w}`);
      }
      return 0;
    }
    migrateDatabase(getEnv().databasePath);
    const sourceMarkdown = bytes.toString('utf8');
    const into = values.attach;
    if (into !== undefined) {
      try {
        const { data } = await commitMutation(cliActor(), async (tx) => {
          const inc = await tx.incident.findUnique({ where: { slug: into }, select: { id: true } });
          if (!inc) throw new AppError('not_found:incident', `No incident with the slug ${into}.`);
          return attachPlan(tx, { incidentId: inc.id, plan, sourceMarkdown });
        });
        const url = `http://localhost:${getEnv().PORT}/incidents/${data.slug}`;
        console.log(values.json ? JSON.stringify({ id: data.id, slug: data.slug, url, added: data.added }) : url);
        return 0;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        console.error(`warroom: ${err.message} (${err.code})`);
        return 1;
      }
    }
    let matched: { slug: string } | null = null;
    const { data } = await commitMutation(cliActor(), async (tx) => {
      matched = await findOpenMatch(tx, plan.title);
      return createIncidentFromPlan(tx, null, { plan, sourceMarkdown });
    });
    // Scripts rely on import creating an incident; a person at the terminal is told it may be a second one.
    const match = matched as { slug: string } | null;
    if (match)
      console.error(
        `warroom: note: the open incident ${match.slug} matches this document; this created a new one. Use --attach ${match.slug} to add a plan to an incident instead.`,
      );
    const url = `http://localhost:${getEnv().PORT}/incidents/${data.slug}`;
    console.log(values.json ? JSON.stringify({ id: data.id, slug: data.slug, url }) : url);
    return 0;
  },
};

function readHead(file: string): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2048);
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

function lessonCount(lessons: { wentWell: string[]; wentPoorly: string[]; lucky: string[] }): number {
  return lessons.wentWell.length + lessons.wentPoorly.length + lessons.lucky.length;
}
