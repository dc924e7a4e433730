import { hostCommand } from '@/lib/hosts/cli-commands';
import { importCommand } from '@/lib/incidents/cli-commands';
import { backupCommand, restoreCommand } from '@/lib/ops/cli-commands';
import { secretsCommand } from '@/lib/secrets/cli-commands';
import { exportCommand } from '@/lib/postmortem/cli-commands';
import { playbookCommand } from '@/lib/playbooks/cli-commands';
import { runsCommand } from '@/lib/playbooks/cli-run';
import type { CliCommand } from './types';

/** Feature commands (import, export …), each owned by its lib/ feature. */
export const EXTRA_COMMANDS: CliCommand[] = [
  importCommand,
  exportCommand,
  hostCommand,
  playbookCommand,
  runsCommand,
  backupCommand,
  restoreCommand,
  secretsCommand,
];
