import { importCommand } from '@/lib/incidents/cli-commands';
import { exportCommand } from '@/lib/postmortem/cli-commands';

/** Feature commands (import, export …), each owned by its lib/ feature. */
export type CliCommand = { name: string; usage: string; run: (args: string[]) => Promise<number> };

export const EXTRA_COMMANDS: CliCommand[] = [importCommand, exportCommand];
