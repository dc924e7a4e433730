/**
 * Stands in for the running app in the backup test: a separate process that
 * ticks checklist items through the real commit path as fast as it can, with
 * the server's pid file, until SIGTERM. Prints "ticks N" now and then.
 */
import { writePidFile, removePidFile } from '@/lib/ops/pid-file';
import { getEnv } from '@/lib/env';
import { db, closeDb } from '@/lib/db';
import { commitMutation } from '@/lib/mutations/commit-mutation';
import { tickItem } from '@/lib/checklists/mutations';
import { defined } from '@/tests/support/defined';

async function main() {
  const dataDir = getEnv().dataDir;
  writePidFile(dataDir);
  const user = await db.user.findFirstOrThrow({
    where: { role: 'admin' },
    select: { id: true, email: true, name: true },
  });
  const actor = { ...user, role: 'admin' as const };
  const items = await db.checklistItem.findMany({ select: { id: true, version: true, done: true }, take: 30 });
  let stop = false;
  process.once('SIGTERM', () => (stop = true));
  let n = 0;
  while (!stop) {
    const item = defined(items[n % items.length], `checklist item ${n % items.length}`);
    await commitMutation(user, (tx) =>
      tickItem(tx, actor as never, { itemId: item.id, done: !item.done, version: item.version }),
    );
    item.done = !item.done;
    item.version += 1;
    n++;
    if (n % 10 === 0) console.log(`ticks ${n}`);
    await new Promise((r) => setImmediate(r));
  }
  await closeDb();
  removePidFile(dataDir);
  console.log(`stopped after ${n} ticks`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
