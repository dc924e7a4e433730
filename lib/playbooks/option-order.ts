import type { ParamSpec } from './param-types';

/**
 * Where `--` goes depends on the command. No rendered value starts with "-"
 * (param-types refuses it), so a value can never be taken for an option; what
 * remains is git, where `--` separates revisions from paths:
 * `git reset --hard <ref> --` names a commit, `git reset --hard -- <ref>`
 * names a *file* called <ref>. Pure.
 */

/** git subcommands of the form `<options> <revision>… -- <paths>…`. */
const REVISION_THEN_PATHS = new Set(['reset', 'checkout', 'log', 'diff', 'show', 'rev-list', 'restore', 'blame']);

/** git's global options that take a separate value (`git -C dir …`). */
const GIT_OPTIONS_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace']);

const PLACEHOLDER = /\{\{([^}]+)\}\}/g;

export function checkOptionOrder(commands: string[][], params: Record<string, ParamSpec>): string[] {
  const problems: string[] = [];
  for (const words of commands) {
    const start = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w) && w !== 'sudo' && w !== 'command');
    if (start < 0 || words[start] !== 'git') continue;
    let i = start + 1;
    for (let word = words[i]; word?.startsWith('-'); word = words[i]) i += GIT_OPTIONS_WITH_VALUE.has(word) ? 2 : 1;
    const sub = words[i];
    if (!sub || !REVISION_THEN_PATHS.has(sub)) continue;
    const dashDash = words.indexOf('--', i + 1);
    for (const [w, word] of words.entries()) {
      if (w <= i) continue;
      for (const [, ref] of word.matchAll(PLACEHOLDER)) {
        if (ref === undefined || params[ref]?.type !== 'git-ref') continue;
        if (dashDash === -1) {
          problems.push(
            `git ${sub} … {{ ${ref} }} needs a "--" after the ref (git ${sub} <options> <ref> --), or git may read it as a path`,
          );
        } else if (w > dashDash) {
          problems.push(
            `git ${sub} -- {{ ${ref} }} makes git read the ref as a path: put it before "--" (git ${sub} <options> <ref> --)`,
          );
        }
      }
    }
  }
  return problems;
}
