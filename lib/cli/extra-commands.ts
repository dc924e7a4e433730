import { hostCommand } from '@/lib/hosts/cli-commands';
import { importCommand } from '@/lib/incidents/cli-commands';
import { playbookCommand } from '@/lib/playbooks/cli-commands';
import { runsCommand } from '@/lib/playbooks/cli-run';

/** Feature commands (import, export …), each owned by its lib/ feature. */
export type CliCommand = { name: string; usage: string; run: (args: string[]) => Promise<number> };

export const EXTRA_COMMANDS: CliCommand[] = [importCommand, hostCommand, playbookCommand, runsCommand];
