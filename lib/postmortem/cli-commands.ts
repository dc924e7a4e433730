import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getEnv } from '@/lib/env';
import { migrateDatabase } from '@/lib/db/migrate';
import { AppError } from '@/lib/errors';
import type { CliCommand } from '@/lib/cli/types';
import { EXPORT_FORMATS, exportPostmortem, type ExportFormat } from './export-files';
import { verifyCommand } from './audit-bundle';
import { postmortemJsonSchema } from './schema';

const USAGE = 'export <slug> --format md|json|pdf|bundle [--out <file>] [--stdout] | export --schema';

/**
 * `warroom export <slug> --format …`: writes the file into the current
 * directory (or --out). Markdown gets its chart written beside it as SVG.
 * `--schema` prints the JSON Schema of the JSON export.
 */
export const exportCommand: CliCommand = {
  name: 'export',
  usage: `${USAGE}\n                                       export an incident's post-mortem`,
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        options: {
          format: { type: 'string', short: 'f' },
          out: { type: 'string', short: 'o' },
          stdout: { type: 'boolean' },
          schema: { type: 'boolean' },
        },
      });
    } catch (err) {
      console.error(`warroom: ${(err as Error).message}\nusage: warroom ${USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (values.schema) {
      process.stdout.write(JSON.stringify(postmortemJsonSchema(), null, 2) + '\n');
      return 0;
    }
    const format = values.format as ExportFormat | undefined;
    const [slug, ...extra] = positionals;
    if (slug === undefined || extra.length > 0 || !format || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
      console.error(`usage: warroom ${USAGE}`);
      return 2;
    }
    migrateDatabase(getEnv().databasePath);
    try {
      if (values.stdout) {
        process.stdout.write((await exportPostmortem(slug, format)).body);
        return 0;
      }
      const first = await exportPostmortem(slug, format === 'md' ? 'svg' : format);
      const out = path.resolve(values.out ?? first.filename);
      if (format === 'md') {
        // The chart beside the Markdown, and an image line pointing at it.
        const md = values.out ? out : path.resolve(first.filename.replace(/-timeline\.svg$/, '.md'));
        const svgPath = md.replace(/\.md$/i, '') + '-timeline.svg';
        fs.writeFileSync(svgPath, first.body);
        const file = await exportPostmortem(slug, 'md', { chartFile: path.basename(svgPath) });
        fs.writeFileSync(md, file.body);
        console.log(md);
        console.log(svgPath);
        return 0;
      }
      fs.writeFileSync(out, first.body);
      console.log(out);
      if (format === 'bundle') {
        const dir = slug.slice(0, 60);
        console.log(`verify offline: tar -xf ${path.basename(out)} && ${verifyCommand(dir)}`);
      }
      return 0;
    } catch (err) {
      if (err instanceof AppError) {
        console.error(`warroom: ${err.message} (${err.code})`);
        return 1;
      }
      throw err;
    }
  },
};
