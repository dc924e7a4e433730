import path from 'node:path';
import ts from 'typescript';
import { AUTH_ACTIONS_FILE, parse, readInventory, sourceFiles } from './action-inventory';

/**
 * The structure rules of docs/architecture.md, checked from the source in
 * about a second (no build): `npm test` runs this before anything slow.
 * Each problem names the file and line and the rule it breaks.
 */
export type Problem = { file: string; line: number; rule: string; detail: string };

/** The commit path and the bookkeeping helper: the only places a transaction is opened. */
export const TRANSACTION_FILES = ['lib/mutations/commit-mutation.ts', 'lib/mutations/bookkeeping.ts'];
const AUTH_EXPORTS = ['signInAction', 'ssoSignInAction', 'signOutAction'];
const APP_FORBIDDEN_MODULES = [
  /^@\/lib\/db$/,
  /^@\/lib\/db\//,
  /^@\/lib\/generated\//,
  /^@prisma\//,
  /^@\/lib\/mutations\/commit-mutation$/,
  /^@\/lib\/mutations\/execute-action$/,
];
const APP_FORBIDDEN_NAMES = ['commitMutation', 'executeAction', 'db'];
const WRITE_METHODS = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'upsert',
  'delete',
  'deleteMany',
]);
// Raw reads are fine anywhere in lib; a raw write would skip the audit.
const RAW_METHODS = new Set(['$executeRaw', '$executeRawUnsafe']);
/** Where raw writes may stand: the two transaction files and the connection's own write probe. */
const RAW_WRITE_FILES = [...TRANSACTION_FILES, 'lib/db.ts'];
/**
 * The better-sqlite3 connection under Prisma: health reads its pragmas, and
 * the commit path's prepared statements write through it inside the
 * mutation's open transaction (lib/mutations/tx-statements.ts). Anywhere else
 * it would be a write nobody audits.
 */
export const RAW_CONNECTION_FILES = ['lib/db.ts', 'lib/health.ts', 'lib/mutations/tx-statements.ts'];
/**
 * Prepared statements inside the commit path's open transaction
 * (lib/mutations/tx-statements.ts), for the hot and bulk writes only: every
 * audit link, a run's step records, and insertMany's thousands of rows.
 */
export const TX_STATEMENT_FILES = [
  'lib/mutations/tx-statements.ts',
  'lib/mutations/insert-many.ts',
  'lib/audit/append-audit.ts',
  'lib/playbooks/run-records.ts',
];
const CODE_DIRS = ['app', 'lib', 'components', 'bin'];
/**
 * Password hashing (scrypt, tens of ms): never inside a transaction, which holds SQLite's one write
 * lock against every other write in the process. An action hashes in `precompute`, a named actor
 * before commitMutation (lib/users/add-user.ts).
 */
const HASH_CALLS = new Set(['hashPassword', 'hashNewPassword', 'verifyPassword']);
const TRANSACTION_OPENERS = new Set(['commitMutation', 'commitMutationGrouped', 'bookkeeping', '$transaction']);

export function checkStructure(root: string): Problem[] {
  const problems: Problem[] = [];
  const files = sourceFiles(root, CODE_DIRS).filter((f) => !/\.test\.tsx?$/.test(f));
  const inventory = readInventory(root);

  for (const u of inventory.unguarded) {
    problems.push({ file: u.file, line: u.line, rule: 'unguarded-export', detail: `export ${u.name}: ${u.reason}` });
  }

  for (const file of files) {
    const sf = parse(root, file);
    const at = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    const add = (node: ts.Node, rule: string, detail: string) => problems.push({ file, line: at(node), rule, detail });
    const isActionsFile = /^app\/.*\/actions\.ts$/.test(file);

    const visit = (node: ts.Node) => {
      if (
        ts.isExpressionStatement(node) &&
        ts.isStringLiteral(node.expression) &&
        node.expression.text === 'use server'
      ) {
        const fileLevel = node.parent === sf;
        if (!fileLevel)
          add(node, 'use-server-placement', "'use server' inside a function: only app/**/actions.ts, at the top");
        else if (!isActionsFile) add(node, 'use-server-placement', "'use server' outside app/**/actions.ts");
      }
      if (ts.isIdentifier(node) && node.text === 'rawConnection' && !RAW_CONNECTION_FILES.includes(file)) {
        add(
          node,
          'raw-connection',
          'rawConnection: the driver under Prisma is for health and lib/mutations/tx-statements',
        );
      }
      if (ts.isCallExpression(node) && HASH_CALLS.has(calleeName(node)) && insideTransaction(node)) {
        add(
          node,
          'hash-in-transaction',
          `${calleeName(node)} inside a transaction holds the write lock while it hashes: do it before (precompute)`,
        );
      }
      if (ts.isIdentifier(node) && node.text === 'txStatements' && !TX_STATEMENT_FILES.includes(file)) {
        add(
          node,
          'raw-connection',
          "txStatements: prepared SQL is for the audit chain and the runner's step records; use Prisma",
        );
      }
      if (ts.isPropertyAccessExpression(node)) {
        const name = node.name.text;
        if (name === '$transaction' && !TRANSACTION_FILES.includes(file)) {
          add(node, 'transaction-outside-commit-path', '$transaction: use commitMutation (audited) or bookkeeping()');
        }
        if (!file.startsWith('lib/mutations/') && isDbWrite(node)) {
          add(node, 'write-outside-commit-path', `${node.getText(sf)}: write through commitMutation or bookkeeping()`);
        }
        if (RAW_METHODS.has(name) && !RAW_WRITE_FILES.includes(file)) {
          add(node, 'raw-write', `${name}: a raw write skips the audit; write through commitMutation or bookkeeping()`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);

    if (file.startsWith('app/') || file.startsWith('components/')) {
      for (const st of sf.statements) {
        if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier) continue;
        if (!ts.isStringLiteral(st.moduleSpecifier)) continue;
        const spec = resolveSpecifier(file, st.moduleSpecifier.text);
        if (APP_FORBIDDEN_MODULES.some((re) => re.test(spec))) {
          add(
            st,
            'app-imports-commit-path',
            `imports ${st.moduleSpecifier.text}: app/ reaches data through lib/<feature>`,
          );
          continue;
        }
        const names = importedNames(st);
        for (const n of names.filter((x) => APP_FORBIDDEN_NAMES.includes(x))) {
          add(st, 'app-imports-commit-path', `imports ${n} from ${st.moduleSpecifier.text}`);
        }
      }
    }

    if (file === AUTH_ACTIONS_FILE) {
      for (const name of exportedNames(sf)) {
        if (!AUTH_EXPORTS.includes(name.text)) {
          add(name.node, 'unguarded-export', `export ${name.text}: only ${AUTH_EXPORTS.join(', ')} may skip action()`);
        }
      }
    }

    if (/^app\/.*\/route\.ts$/.test(file) && file !== AUTH_ROUTE_FILE) problems.push(...routeProblems(sf, file, at));

    if (/^lib\/[a-z0-9-]+\/actions\.ts$/.test(file)) problems.push(...definitionProblems(sf, file, at));
  }

  problems.push(...layerCycles(root, files));
  return problems;
}

function calleeName(call: ts.CallExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/**
 * Within a function that is given a transaction: one with a `tx` parameter (a handler's
 * `{ tx }`, a data function's `tx: Tx`), or one handed to commitMutation, bookkeeping() or
 * $transaction.
 */
function insideTransaction(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (!ts.isFunctionLike(n)) continue;
    if (n.parameters.some((p) => bindsTx(p.name))) return true;
    const call = n.parent;
    if (call && ts.isCallExpression(call) && call.arguments.some((a) => a === n)) {
      if (TRANSACTION_OPENERS.has(calleeName(call))) return true;
    }
  }
  return false;
}

function bindsTx(name: ts.BindingName): boolean {
  if (ts.isIdentifier(name)) return name.text === 'tx';
  return name.elements.some(
    (e) =>
      !ts.isOmittedExpression(e) &&
      ((e.propertyName !== undefined && ts.isIdentifier(e.propertyName) && e.propertyName.text === 'tx') ||
        bindsTx(e.name)),
  );
}

/** `db.<model>.<write>(…)` where `db` is the Prisma client (not a transaction's `tx`). */
function isDbWrite(node: ts.PropertyAccessExpression): boolean {
  if (!WRITE_METHODS.has(node.name.text)) return false;
  const model = node.expression;
  return ts.isPropertyAccessExpression(model) && ts.isIdentifier(model.expression) && model.expression.text === 'db';
}

/** A definition with remote work must declare its intent (the audit entry committed before it runs). */
function definitionProblems(sf: ts.SourceFile, file: string, at: (n: ts.Node) => number): Problem[] {
  const out: Problem[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'defineAction' &&
      node.arguments[0] &&
      ts.isObjectLiteralExpression(node.arguments[0])
    ) {
      const keys = node.arguments[0].properties.map((p) => (p.name && ts.isIdentifier(p.name) ? p.name.text : ''));
      if (keys.includes('prepare') && !keys.includes('intent')) {
        out.push({
          file,
          line: at(node),
          rule: 'prepare-without-intent',
          detail: 'an action with prepare must declare intent',
        });
      }
      if (keys.includes('prepare') && !keys.includes('authorize')) {
        out.push({
          file,
          line: at(node),
          rule: 'prepare-without-authorize',
          detail: 'an action with prepare must check its resource (authorize) before the remote work',
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Auth.js's own handlers: sign-in, callback, sign-out; they check CSRF, state and PKCE themselves. */
export const AUTH_ROUTE_FILE = 'app/api/auth/[...nextauth]/route.ts';
const ROUTE_CONFIG = new Set(['dynamic', 'runtime', 'revalidate', 'fetchCache', 'preferredRegion', 'maxDuration']);

/**
 * Every route handler is `export const GET = route(name, access, handler)` from lib/http/route.ts:
 * the access (a permission, signed in, or public with a reason) is checked inside the handler
 * itself. A bare `export async function GET` has no check anyone can see.
 */
function routeProblems(sf: ts.SourceFile, file: string, at: (n: ts.Node) => number): Problem[] {
  const problems: Problem[] = [];
  const imports = importsOf(sf);
  for (const { text, node } of exportedNames(sf)) {
    if (ROUTE_CONFIG.has(text)) continue;
    const init = ts.isVariableDeclaration(node) ? node.initializer : undefined;
    const guarded =
      init !== undefined &&
      ts.isCallExpression(init) &&
      ts.isIdentifier(init.expression) &&
      init.expression.text === 'route' &&
      imports.get('route') === '@/lib/http/route' &&
      init.arguments.length === 3;
    if (!guarded) {
      problems.push({
        file,
        line: at(node),
        rule: 'unguarded-route',
        detail: `export ${text}: a route handler must be route(name, access, handler) from @/lib/http/route`,
      });
    }
  }
  return problems;
}

function importsOf(sf: ts.SourceFile): Map<string, string> {
  const map = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    const bindings = st.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) {
      for (const el of bindings.elements) map.set(el.name.text, st.moduleSpecifier.text);
    }
  }
  return map;
}

function exportedNames(sf: ts.SourceFile): { text: string; node: ts.Node }[] {
  const out: { text: string; node: ts.Node }[] = [];
  for (const st of sf.statements) {
    const exported =
      ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isFunctionDeclaration(st) && exported) out.push({ text: st.name?.text ?? 'default', node: st });
    else if (ts.isVariableStatement(st) && exported) {
      for (const d of st.declarationList.declarations) out.push({ text: d.name.getText(sf), node: d });
    } else if (ts.isExportDeclaration(st) || ts.isExportAssignment(st)) out.push({ text: 'default', node: st });
  }
  return out;
}

function importedNames(st: ts.ImportDeclaration | ts.ExportDeclaration): string[] {
  if (ts.isImportDeclaration(st)) {
    const b = st.importClause?.namedBindings;
    const names = b && ts.isNamedImports(b) ? b.elements.map((e) => (e.propertyName ?? e.name).text) : [];
    if (st.importClause?.name) names.push(st.importClause.name.text);
    return names;
  }
  const c = st.exportClause;
  return c && ts.isNamedExports(c) ? c.elements.map((e) => (e.propertyName ?? e.name).text) : [];
}

/** '@/lib/db' stays as is; './x' and '../x' become '@/<path from root>'. */
function resolveSpecifier(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return '@/' + path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
}

/**
 * lib/auth is who may, lib/mutations is the commit: neither may sit in an
 * import cycle (through a feature or each other). Any cycle through a file of
 * either is reported once, with its path.
 */
function layerCycles(root: string, files: string[]): Problem[] {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files.filter((f) => f.startsWith('lib/'))) {
    const sf = parse(root, file);
    const deps: string[] = [];
    for (const st of sf.statements) {
      if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier) continue;
      if (!ts.isStringLiteral(st.moduleSpecifier)) continue;
      const spec = resolveSpecifier(file, st.moduleSpecifier.text);
      if (!spec.startsWith('@/lib/')) continue;
      const base = spec.slice(2);
      const target = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((c) => known.has(c));
      if (target) deps.push(target);
    }
    graph.set(file, deps);
  }
  const guarded = (f: string) => f.startsWith('lib/auth/') || f.startsWith('lib/mutations/');
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const start of [...graph.keys()].filter(guarded)) {
    const cycle = findCycle(graph, start);
    if (!cycle) continue;
    const key = [...cycle].sort().join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ file: start, line: 1, rule: 'import-cycle', detail: cycle.join(' → ') });
  }
  return problems;
}

/** A path start → … → start, if one exists (breadth-first, so the shortest). */
function findCycle(graph: Map<string, string[]>, start: string): string[] | null {
  const prev = new Map<string, string>();
  const queue = [...(graph.get(start) ?? [])];
  for (const q of queue) if (!prev.has(q)) prev.set(q, start);
  while (queue.length) {
    const node = queue.shift()!;
    if (node === start) {
      const pathBack = [start];
      let cur = prev.get(start)!;
      while (cur !== start) {
        pathBack.unshift(cur);
        cur = prev.get(cur)!;
      }
      return [start, ...pathBack];
    }
    for (const next of graph.get(node) ?? []) {
      if (prev.has(next)) continue;
      prev.set(next, node);
      queue.push(next);
    }
  }
  return null;
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.file}:${p.line}  ${p.rule}  ${p.detail}`).join('\n');
}
