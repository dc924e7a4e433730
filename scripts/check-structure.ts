import path from 'node:path';
import { checkStructure, formatProblems } from './structure/check-structure';

/**
 * `npm test`'s structure step (scripts/test-all.sh, before the build): every
 * server action is guarded, the commit path is the only way to write. See
 * docs/architecture.md, "How one mutation flows".
 */
const root = path.join(__dirname, '..');
const problems = checkStructure(root);
if (problems.length) {
  console.error(
    `structure check: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${formatProblems(problems)}`,
  );
  process.exit(1);
}
console.log('structure check: ok');
