import type { Role } from './permissions';

export type SessionUser = { id: string; email: string; name: string; role: Role };
