import { seedDemoIncident } from '@/lib/incidents/seed-demo';

/** Start-up tasks after migration and the first admin (demo seed, crash recovery …). */
export type StartupTask = (say: (line: string) => void) => Promise<void>;

export const STARTUP_TASKS: StartupTask[] = [seedDemoIncident];
