/**
 * The warroom CLI: `npm run -s warroom -- <command>`. Every command calls
 * lib/; nothing here re-implements it.
 */
import { runCli } from '@/lib/cli/run-cli';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: Error) => {
    console.error(`warroom: ${err.message}`);
    process.exitCode = 1;
  },
);
