import { importCommand } from '@/lib/incidents/cli-commands';
import { backupCommand, restoreCommand } from '@/lib/ops/cli-commands';

/** Feature commands (import, export …), each owned by its lib/ feature. */
export type CliCommand = { name: string; usage: string; run: (args: string[]) => Promise<number> };

export const EXTRA_COMMANDS: CliCommand[] = [importCommand, backupCommand, restoreCommand];
