import 'server-only';
import { db } from '@/lib/db';
import { USER_SELECT } from './users';

export function listUsers() {
  return db.user.findMany({ select: USER_SELECT, orderBy: [{ disabled: 'asc' }, { email: 'asc' }] });
}

export function listActiveUsers() {
  return db.user.findMany({
    where: { disabled: false },
    select: { id: true, email: true, name: true, role: true },
    orderBy: { name: 'asc' },
  });
}
