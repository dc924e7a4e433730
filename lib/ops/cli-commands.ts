import { getEnv } from '@/lib/env';
import type { CliCommand } from '@/lib/cli/types';
import { backupDatabase } from './backup';
import { restoreDatabase } from './restore';

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup <file>                        consistent copy of the live database (safe while warroom runs)',
  async run(args) {
    const [file, ...extra] = args;
    if (file === undefined || extra.length > 0) {
      console.error('usage: warroom backup <file>');
      return 2;
    }
    try {
      const r = await backupDatabase(getEnv().databasePath, file);
      console.log(
        `backup written: ${r.file} (${(r.bytes / 1_048_576).toFixed(1)} MiB, audit head seq ${r.auditHead}, sha256 ${r.sha256})`,
      );
      return 0;
    } catch (err) {
      console.error(`warroom: backup failed: ${(err as Error).message}`);
      return 1;
    }
  },
};

export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'restore <file>                       replace the database with a backup (warroom must be stopped)',
  async run(args) {
    const [file, ...extra] = args;
    if (file === undefined || extra.length > 0) {
      console.error('usage: warroom restore <file>');
      return 2;
    }
    const env = getEnv();
    try {
      const r = await restoreDatabase({ backupFile: file, databasePath: env.databasePath, dataDir: env.dataDir });
      console.log(`restored ${file} into ${env.databasePath} (sha256 ${r.sha256})`);
      console.log(`  audit chain verified; restored head seq ${r.restoredHead?.seq ?? 0}, signed checkpoint recorded`);
      if (r.appliedMigrations.length) console.log(`  migrations applied: ${r.appliedMigrations.join(', ')}`);
      if (r.keptAt)
        console.log(`  the replaced database is kept at ${r.keptAt} (head seq ${r.replacedHead?.seq ?? 0})`);
      return 0;
    } catch (err) {
      console.error(`warroom: restore refused: ${(err as Error).message}`);
      return 1;
    }
  },
};
