/**
 * Runs the real cadence watcher (lib/comms/cadence-watch) against the e2e
 * server's database with a clock ahead, as many times as asked: a short
 * cadence left unanswered, without waiting for it. Usage:
 *   node --conditions=react-server --import tsx e2e/support/missed-cadences.ts <times> <stepMinutes>
 */
import { recordMissedCadences } from '@/lib/comms/cadence-watch';

async function main() {
  const times = Number(process.argv[2] ?? 3);
  const step = Number(process.argv[3] ?? 16);
  let recorded = 0;
  for (let i = 1; i <= times; i++) {
    recorded += (await recordMissedCadences(new Date(Date.now() + i * step * 60_000))).length;
  }
  console.log(JSON.stringify({ recorded }));
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
