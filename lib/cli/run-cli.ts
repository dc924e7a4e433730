import { parseArgs } from 'node:util';
import { getEnv } from '@/lib/env';
import { closeDb, db } from '@/lib/db';
import { migrateDatabase } from '@/lib/db/migrate';
import { verifyAnchoredChain } from '@/lib/audit/anchor';
import { cliActor, systemActor } from '@/lib/audit/actor';
import { ROLES, permissionTableMarkdown } from '@/lib/auth/permissions';
import { CreateUserInput } from '@/lib/users/users';
import { addUser } from '@/lib/users/add-user';
import { prepareDatabase } from './prepare';
import { EXTRA_COMMANDS } from './extra-commands';

const USAGE = `usage: warroom <command>
  migrate                              apply pending database migrations
  prepare [--startup]                  migrate, generate secrets, first admin, demo incident
  user add <email> --role <role> [--name <name>]
                                       password from stdin, or generated and printed once
  audit verify                         check the audit hash chain and its signed head
  permissions                          print the role → permission table
${EXTRA_COMMANDS.map((c) => `  ${c.usage}`).join('\n')}`;

export async function runCli(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  try {
    switch (command) {
      case 'migrate': {
        const r = migrateDatabase(getEnv().databasePath);
        console.log(r.applied.length ? `applied ${r.applied.join(', ')}` : 'database is up to date');
        return 0;
      }
      case 'prepare':
        // `npm start` runs `prepare --startup`: the server starting, not a person at the CLI.
        await prepareDatabase(console.log, sub === '--startup' ? systemActor('system:startup') : cliActor());
        return 0;
      case 'user':
        if (sub !== 'add') break;
        return await userAdd(rest);
      case 'audit': {
        if (sub !== 'verify') break;
        const r = await verifyAnchoredChain(db);
        if (r.ok) {
          console.log(`audit chain ok: ${r.count} entries`);
          if (r.anchor && r.unsigned) {
            console.log(`  holds head seq ${r.anchor.seq}; its signature was not checked (no WARROOM_SECRET_KEY here)`);
          } else if (r.anchor) console.log(`  signed head seq ${r.anchor.seq} (${r.anchor.reason} ${r.anchor.at})`);
          return 0;
        }
        console.error(`audit chain BROKEN at seq ${r.badSeq}: ${r.reason}`);
        return 1;
      }
      case 'permissions':
        console.log(permissionTableMarkdown());
        return 0;
      default: {
        const extra = EXTRA_COMMANDS.find((c) => c.name === command);
        if (extra) return await extra.run([sub, ...rest].filter((x) => x !== undefined));
      }
    }
    console.error(USAGE);
    return 2;
  } finally {
    await closeDb();
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function userAdd(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' } },
  });
  if (positionals.length !== 1 || !values.role) {
    console.error(`usage: warroom user add <email> --role <${ROLES.join('|')}> [--name <name>]`);
    return 2;
  }
  migrateDatabase(getEnv().databasePath);
  const parsed = CreateUserInput.safeParse({
    email: positionals[0],
    role: values.role,
    name: values.name,
    password: (await readStdin()) || undefined,
  });
  if (!parsed.success) {
    console.error(`warroom: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return 2;
  }
  const { data } = await addUser(cliActor(), parsed.data);
  console.log(`added ${data.email} as ${parsed.data.role}`);
  if (data.generatedPassword) console.log(`password: ${data.generatedPassword}  (shown once)`);
  return 0;
}
