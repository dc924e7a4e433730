import type { Actor } from '@/lib/audit/actor';
import { seedDemoIncident } from '@/lib/incidents/seed-demo';

/** Start-up tasks after migration and the first admin (demo seed, crash recovery …). */
/** `actor` is who the task's audit entries name: system:startup, or cli:<user> for `warroom prepare`. */
export type StartupTask = (say: (line: string) => void, actor: Actor) => Promise<void>;

export const STARTUP_TASKS: StartupTask[] = [seedDemoIncident];
