import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkStructure, type Problem } from './check-structure';
import { readInventory } from './action-inventory';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const GUARDED_APP = `'use server';
import { action } from '@/lib/auth/action';
import { closeThingDef } from '@/lib/things/actions';

export const closeThing = action(closeThingDef);
`;
const DEFINITIONS = `import { defineAction } from '@/lib/mutations/define-action';
import { CloseThingInput } from './schemas';
import { closeThing } from './things';

export const closeThingDef = defineAction({
  permission: 'incident:update',
  input: CloseThingInput,
  handler: ({ user, input, tx }) => closeThing(tx, user, input),
});
`;
const SIGN_IN = `'use server';
export async function signInAction() {}
export async function signOutAction() {}
`;

/** A small app tree in a temp dir: the guarded shape, plus whatever a case adds or replaces. */
function tree(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-structure-'));
  dirs.push(root);
  const all = {
    'app/(console)/things/actions.ts': GUARDED_APP,
    'app/(auth)/login/actions.ts': SIGN_IN,
    'lib/things/actions.ts': DEFINITIONS,
    'lib/things/things.ts': `import type { Tx } from '@/lib/db';\nexport async function closeThing(tx: Tx) {\n  await tx.thing.update({ where: { id: 'x' }, data: {} });\n}\n`,
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

const rules = (problems: Problem[]) => problems.map((p) => `${p.file} ${p.rule}`);

describe('the structure check', () => {
  // Parses every source file once: seconds on a busy machine, so not the default 5 s budget.
  it('passes this repository', { timeout: 60_000 }, () => {
    expect(checkStructure(path.join(__dirname, '..', '..'))).toEqual([]);
  });

  it('passes the guarded shape and reads each action with its permission', () => {
    const root = tree();
    expect(checkStructure(root)).toEqual([]);
    expect(readInventory(root).actions).toEqual([
      {
        file: 'app/(console)/things/actions.ts',
        name: 'closeThing',
        def: 'closeThingDef',
        defFile: 'lib/things/actions.ts',
        permission: 'incident:update',
      },
    ]);
  });

  it('fails on an export of a use-server file that is not built by action()', () => {
    const root = tree({
      'app/(console)/things/actions.ts': `${GUARDED_APP}\nexport async function dropEverything() {}\n`,
    });
    const problems = checkStructure(root);
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'app/(console)/things/actions.ts',
        rule: 'unguarded-export',
        line: 7,
        detail: expect.stringContaining('dropEverything'),
      }),
    ]);
  });

  it('fails on an arrow function, an inline definition, or a definition not from lib/<feature>/actions.ts', () => {
    const root = tree({
      'app/(console)/things/actions.ts': `'use server';
import { action } from '@/lib/auth/action';
import { closeThingDef } from '@/lib/things/things';
export const quick = async () => 1;
export const inline = action({ permission: 'incident:update' } as never);
export const elsewhere = action(closeThingDef);
`,
    });
    const details = checkStructure(root).map((p) => p.detail);
    expect(details).toEqual([
      expect.stringContaining('export quick'),
      expect.stringContaining('export inline'),
      expect.stringContaining('closeThingDef must be imported from lib/<feature>/actions.ts'),
    ]);
  });

  it('allows sign-in and sign-out as the one named exception, nothing else there', () => {
    const root = tree({ 'app/(auth)/login/actions.ts': `${SIGN_IN}export async function impersonate() {}\n` });
    expect(checkStructure(root)).toEqual([
      expect.objectContaining({ rule: 'unguarded-export', detail: expect.stringContaining('impersonate') }),
    ]);
  });

  it("fails on 'use server' outside app/**/actions.ts, and inside a function", () => {
    const root = tree({
      'lib/things/helper.ts': `'use server';\nexport async function helper() {}\n`,
      'app/(console)/things/page.tsx': `export default function Page() {\n  async function save() {\n    'use server';\n  }\n  return null;\n}\n`,
    });
    expect(rules(checkStructure(root)).sort()).toEqual([
      'app/(console)/things/page.tsx use-server-placement',
      // Its export is a server action too, and an unguarded one.
      'lib/things/helper.ts unguarded-export',
      'lib/things/helper.ts use-server-placement',
    ]);
  });

  it('fails when app/ imports the database, commitMutation or executeAction', () => {
    const root = tree({
      'app/(console)/things/page.tsx': `import { db } from '@/lib/db';\nimport { commitMutation } from '@/lib/mutations/commit-mutation';\nimport { executeAction } from '../../../lib/mutations/execute-action';\nexport default function Page() { return null; }\n`,
      'app/(console)/things/widget.tsx': `import { commitMutation } from '@/lib/somewhere-else';\nexport const x = commitMutation;\n`,
    });
    expect(rules(checkStructure(root))).toEqual([
      'app/(console)/things/page.tsx app-imports-commit-path',
      'app/(console)/things/page.tsx app-imports-commit-path',
      'app/(console)/things/page.tsx app-imports-commit-path',
      'app/(console)/things/widget.tsx app-imports-commit-path',
    ]);
  });

  it('fails on $transaction or a bare db write outside the commit path and the bookkeeping helper', () => {
    const root = tree({
      'lib/things/sneaky.ts': `import { db } from '@/lib/db';\nexport async function sneak() {\n  await db.$transaction(async () => {});\n  await db.thing.deleteMany({});\n  await db.$executeRawUnsafe('DELETE FROM "AuditEntry"');\n}\n`,
      'lib/mutations/bookkeeping.ts': `import { db } from '@/lib/db';\nexport const bookkeeping = (w: never) => db.$transaction(w);\n`,
    });
    expect(rules(checkStructure(root))).toEqual([
      'lib/things/sneaky.ts transaction-outside-commit-path',
      'lib/things/sneaky.ts write-outside-commit-path',
      'lib/things/sneaky.ts raw-write',
    ]);
  });

  const driver = `import { rawConnection } from '@/lib/db';\nexport async function write() {\n  (await rawConnection()).prepare('DELETE FROM "AuditEntry"').run();\n}\n`;
  const statements = `import { txStatements } from '@/lib/mutations/tx-statements';\nexport async function write(tx: never) {\n  (await txStatements(tx, 'w')).run('DELETE FROM "AuditEntry"');\n}\n`;
  it.each([
    [
      "the driver connection: health and the commit path's prepared statements",
      driver,
      ['lib/mutations/tx-statements.ts', 'lib/health.ts'],
    ],
    [
      'prepared statements in the transaction: bulk inserts, the audit chain and the step records',
      statements,
      ['lib/mutations/insert-many.ts', 'lib/audit/append-audit.ts', 'lib/playbooks/run-records.ts'],
    ],
  ])('allows %s, nothing else', (_what, source, allowed) => {
    const root = tree(Object.fromEntries([...allowed, 'lib/things/side-door.ts'].map((file) => [file, source])));
    // The import and the call, each named.
    expect(rules(checkStructure(root))).toEqual([
      'lib/things/side-door.ts raw-connection',
      'lib/things/side-door.ts raw-connection',
    ]);
  });

  it('fails on a definition with remote work but no intent or no resource check', () => {
    const root = tree({
      'lib/things/actions.ts': DEFINITIONS.replace('handler:', 'prepare: async () => null,\n  handler:'),
    });
    expect(rules(checkStructure(root))).toEqual([
      'lib/things/actions.ts prepare-without-intent',
      'lib/things/actions.ts prepare-without-authorize',
    ]);
  });

  it('fails on a password hash inside a transaction, and passes one made before it', () => {
    const root = tree({
      'lib/things/passwords.ts': `import type { Tx } from '@/lib/db';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { commitMutation } from '@/lib/mutations/commit-mutation';
export async function storeInTx(tx: Tx, password: string) {
  await tx.thing.update({ where: { id: 'x' }, data: { hash: await hashPassword(password) } });
}
export async function storeBefore(password: string) {
  const hash = await hashPassword(password);
  return commitMutation(actor, async (t) => {
    await verifyPassword(password, hash);
    return t.thing.update({ where: { id: 'x' }, data: { hash } });
  });
}
`,
      'lib/things/actions.ts': DEFINITIONS.replace(
        'handler:',
        'precompute: ({ input }) => hashNewPassword(input.password),\n  handler: async ({ tx: t }) => hashNewPassword(await t.x()),\n  other:',
      ),
    });
    expect(rules(checkStructure(root))).toEqual([
      'lib/things/actions.ts hash-in-transaction',
      'lib/things/passwords.ts hash-in-transaction',
      'lib/things/passwords.ts hash-in-transaction',
    ]);
  });

  it('fails on an import cycle through lib/auth or lib/mutations', () => {
    const root = tree({
      'lib/auth/who.ts': `import { thing } from '@/lib/things/thing';\nexport const who = thing;\n`,
      'lib/things/thing.ts': `import { who } from '../auth/who';\nexport const thing = 1;\nexport const again = who;\n`,
    });
    expect(checkStructure(root)).toEqual([
      expect.objectContaining({
        rule: 'import-cycle',
        detail: 'lib/auth/who.ts → lib/things/thing.ts → lib/auth/who.ts',
      }),
    ]);
  });

  it('fails a route handler that lost its check, and passes the guarded one (e2e/security/routes.spec.ts tests them running)', () => {
    const guarded = `import { json, route } from '@/lib/http/route';
export const dynamic = 'force-dynamic';
export const GET = route('things', { permission: 'incident:view' }, async () => json(200, {}));
`;
    expect(rules(checkStructure(tree({ 'app/api/things/route.ts': guarded })))).toEqual([]);
    const bare = `import { NextResponse } from 'next/server';
export async function GET() {
  return NextResponse.json({ secrets: true });
}
`;
    expect(rules(checkStructure(tree({ 'app/api/things/route.ts': bare })))).toEqual([
      'app/api/things/route.ts unguarded-route',
    ]);
    const lookalike = `const route = (_n: string, _a: unknown, h: () => Promise<Response>) => h;
export const POST = route('things', { public: true, why: 'x' }, async () => new Response());
`;
    expect(rules(checkStructure(tree({ 'app/api/things/route.ts': lookalike })))).toEqual([
      'app/api/things/route.ts unguarded-route',
    ]);
  });
});
