import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Every server action of the app, read from the source (no build, no
 * import of server code): the exports of each app/**\/actions.ts, the
 * definition each one wraps with action(), and that definition's
 * permission, read from lib/<feature>/actions.ts. Used by the structure
 * check (scripts/check-structure.ts) and by e2e/actions-refuse.spec.ts.
 */
export type DeclaredAction = {
  /** The app file, relative to the root: app/(console)/hosts/actions.ts */
  file: string;
  /** Its export: addHost */
  name: string;
  /** The definition it wraps and where that lives: addHostDef in lib/hosts/actions.ts */
  def: string;
  defFile: string;
  permission: string;
};

/** An export of a 'use server' file that is not `action(<definition>)`. */
export type Unguarded = { file: string; name: string; line: number; reason: string };

export type Inventory = { actions: DeclaredAction[]; unguarded: Unguarded[]; useServerFiles: string[] };

/** Sign-in and sign-out: Auth.js drives them, there is no session to authorize yet. The one named exception. */
export const AUTH_ACTIONS_FILE = 'app/(auth)/login/actions.ts';

const SOURCE_DIRS = ['app', 'lib', 'components'];

export function sourceFiles(root: string, dirs = SOURCE_DIRS): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'generated') walk(p);
      } else if (/\.(ts|tsx|mts)$/.test(e.name)) {
        out.push(path.relative(root, p).split(path.sep).join('/'));
      }
    }
  };
  for (const d of dirs) walk(path.join(root, d));
  return out.sort();
}

// One parse per file per run: the inventory, the rules and the cycle check all read the same files.
const parsed = new Map<string, { mtimeMs: number; sf: ts.SourceFile }>();

export function parse(root: string, file: string): ts.SourceFile {
  const full = path.join(root, file);
  const mtimeMs = fs.statSync(full).mtimeMs;
  const hit = parsed.get(full);
  if (hit && hit.mtimeMs === mtimeMs) return hit.sf;
  const sf = parseText(file, fs.readFileSync(full, 'utf8'));
  parsed.set(full, { mtimeMs, sf });
  return sf;
}

function parseText(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
}

/** A file-level 'use server' directive (the first statements that are string literals). */
export function hasUseServer(sf: ts.SourceFile): boolean {
  for (const st of sf.statements) {
    if (!ts.isExpressionStatement(st) || !ts.isStringLiteral(st.expression)) return false;
    if (st.expression.text === 'use server') return true;
  }
  return false;
}

const lineOf = (sf: ts.SourceFile, node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;

function isExported(node: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
}

/** Where each imported identifier comes from: name → module specifier. */
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

/** `export const X = defineAction({ permission: '…', … })` → X → permission. */
export function definitionsIn(root: string, file: string): Map<string, string> {
  const sf = parse(root, file);
  const defs = new Map<string, string>();
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st) || !isExported(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.initializer || !ts.isCallExpression(d.initializer)) continue;
      const call = d.initializer;
      if (!ts.isIdentifier(call.expression) || call.expression.text !== 'defineAction') continue;
      const obj = call.arguments[0];
      if (!obj || !ts.isObjectLiteralExpression(obj)) continue;
      for (const prop of obj.properties) {
        if (
          ts.isPropertyAssignment(prop) &&
          ts.isIdentifier(prop.name) &&
          prop.name.text === 'permission' &&
          ts.isStringLiteral(prop.initializer)
        ) {
          defs.set(d.name.text, prop.initializer.text);
        }
      }
    }
  }
  return defs;
}

const LIB_ACTIONS = /^@\/(lib\/[a-z0-9-]+\/actions)$/;

export function readInventory(root: string): Inventory {
  const actions: DeclaredAction[] = [];
  const unguarded: Unguarded[] = [];
  const useServerFiles: string[] = [];
  const defCache = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(root)) {
    const sf = parse(root, file);
    if (!hasUseServer(sf)) continue;
    useServerFiles.push(file);
    if (file === AUTH_ACTIONS_FILE) continue;
    const imports = importsOf(sf);
    const flag = (name: string, node: ts.Node, reason: string) =>
      unguarded.push({ file, name, line: lineOf(sf, node), reason });
    for (const st of sf.statements) {
      if (ts.isFunctionDeclaration(st) && isExported(st)) {
        flag(st.name?.text ?? 'default', st, 'a function, not action(<definition>)');
      } else if (ts.isExportAssignment(st) || ts.isExportDeclaration(st)) {
        flag('default', st, 'a re-export or default export, not action(<definition>)');
      } else if (ts.isVariableStatement(st) && isExported(st)) {
        for (const d of st.declarationList.declarations) {
          const name = ts.isIdentifier(d.name) ? d.name.text : d.name.getText(sf);
          const init = d.initializer;
          const isActionCall =
            init &&
            ts.isCallExpression(init) &&
            ts.isIdentifier(init.expression) &&
            init.expression.text === 'action' &&
            imports.get('action') === '@/lib/auth/action' &&
            init.arguments.length === 1 &&
            ts.isIdentifier(init.arguments[0]!);
          if (!isActionCall) {
            flag(name, d, 'not built by action(<definition>)');
            continue;
          }
          const def = (init.arguments[0] as ts.Identifier).text;
          const from = imports.get(def);
          const lib = from ? LIB_ACTIONS.exec(from) : null;
          if (!lib) {
            flag(name, d, `${def} must be imported from lib/<feature>/actions.ts`);
            continue;
          }
          const defFile = `${lib[1]}.ts`;
          if (!defCache.has(defFile)) {
            defCache.set(defFile, fs.existsSync(path.join(root, defFile)) ? definitionsIn(root, defFile) : new Map());
          }
          const permission = defCache.get(defFile)!.get(def);
          if (!permission) {
            flag(name, d, `${defFile} has no \`export const ${def} = defineAction({ permission: '…', … })\``);
            continue;
          }
          actions.push({ file, name, def, defFile, permission });
        }
      }
    }
  }
  return { actions, unguarded, useServerFiles };
}
