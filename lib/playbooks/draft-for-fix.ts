import 'server-only';
import { parse } from 'yaml';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { loadBuiltins } from './builtins';
import { draftFromScript, type HolderLookup, type PlaybookDraft } from './draft-from-script';

/** The holder lookup, taken from the built-in so a draft stops processes exactly the way it does. */
function holderLookup(): HolderLookup {
  const builtin = loadBuiltins().get('free-port-and-restart');
  if (!builtin) throw new Error('the built-in free-port-and-restart is missing');
  const doc = parse(builtin.source) as {
    observe: Record<string, unknown>[];
    steps: { id: string }[];
    params: Record<string, unknown>;
  };
  const step = (id: string) => doc.steps.find((s) => s.id === id) as Record<string, unknown>;
  const [observe] = doc.observe;
  if (!observe) throw new Error('the built-in free-port-and-restart has no observe command');
  return {
    observe,
    step: step('stop-holder'),
    portFree: step('port-free'),
    params: { grace_seconds: doc.params.grace_seconds },
  };
}

/** "Make playbook" on one script of one fix of an incident. */
export async function draftForFix(
  incidentId: string,
  fixId: string,
  scriptIndex: number,
): Promise<PlaybookDraft & { fixTitle: string }> {
  const fix = await db.fix.findFirst({ where: { id: fixId, incidentId }, select: { title: true, scripts: true } });
  if (!fix) throw new AppError('not_found:fix', 'No such fix on this incident.');
  const scripts = JSON.parse(fix.scripts) as { lang: string | null; code: string }[];
  const script = scripts[scriptIndex];
  if (!script) throw new AppError('not_found:script', `${fix.title} has no script #${scriptIndex + 1}.`);
  return { ...draftFromScript(script.code, { title: fix.title, holder: holderLookup() }), fixTitle: fix.title };
}
