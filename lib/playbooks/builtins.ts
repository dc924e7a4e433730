import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { formatProblem, parsePlaybook } from './parse-playbook';
import type { PlaybookDefinition } from './definition';

/**
 * The built-in playbooks, read from `playbooks/*.yaml`. A built-in that does
 * not lint is a bug in warroom itself: loading throws, naming file and line.
 */

export type LoadedPlaybook = {
  definition: PlaybookDefinition;
  hash: string;
  source: string;
  builtIn: boolean;
};

export const BUILTIN_DIR = path.join(process.cwd(), 'playbooks');

let cache: Map<string, LoadedPlaybook> | undefined;

export function loadBuiltins(dir = BUILTIN_DIR): Map<string, LoadedPlaybook> {
  if (dir === BUILTIN_DIR && cache) return cache;
  const loaded = new Map<string, LoadedPlaybook>();
  for (const file of readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    const source = readFileSync(/*turbopackIgnore: true*/ path.join(dir, file), 'utf8');
    const parsed = parsePlaybook(source);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => formatProblem(`playbooks/${file}`, p)).join('\n'));
    if (`${parsed.definition.name}.yaml` !== file) {
      throw new Error(
        `playbooks/${file}: its name is ${parsed.definition.name}; the file must be ${parsed.definition.name}.yaml`,
      );
    }
    loaded.set(parsed.definition.name, { definition: parsed.definition, hash: parsed.hash, source, builtIn: true });
  }
  if (dir === BUILTIN_DIR) cache = loaded;
  return loaded;
}
