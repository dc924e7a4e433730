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
import type { CliCommand } from '@/lib/cli/extra-commands';
import { createIncidentFromPlan } from './create-incident';
import { describeRcaError } from './import-document';

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import <file.md> [--dry-run] [--json]  import an RCA / fix-plan document as an incident',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    });
    if (positionals.length !== 1) {
      console.error('usage: warroom import <file.md> [--dry-run] [--json]');
      return 2;
    }
    const file = positionals[0];
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
          `${plan.title}\n  findings ${plan.findings.length}, fixes ${plan.fixes.length}, checklist items ${items}, cadences ${plan.cadences.length}, warnings ${plan.warnings.length}`,
        );
        for (const w of plan.warnings) console.log(`  warning: ${w}`);
      }
      return 0;
    }
    migrateDatabase(getEnv().databasePath);
    const { data } = await commitMutation(cliActor(), (tx) =>
      createIncidentFromPlan(tx, null, { plan, sourceMarkdown: bytes.toString('utf8') }),
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
