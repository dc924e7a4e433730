import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '@/lib/rca/parse-plan';
import { suggestPlaybook } from './suggest-playbook';

const BUILTINS = ['free-port-and-restart', 'service-health', 'deploy', 'rollback', 'tail-logs'];
const plan = parsePlan(fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/tms-rca.md'), 'utf8'));
const items = plan.checklists.flatMap((c) => c.groups.flatMap((g) => g.items.map((i) => i.text)));

describe('suggestPlaybook on the fixture’s checklist', () => {
  it('links the items that name a fix to its playbook', () => {
    const suggested = Object.fromEntries(
      items.map((t) => [t, suggestPlaybook(t, BUILTINS)] as const).filter(([, p]) => p !== null),
    );
    expect(suggested['Kill zombie Next.js processes (Fix 1)']).toBe('free-port-and-restart');
    expect(suggested['Add health check script (Fix 4)']).toBe('service-health');
    expect(suggested['Update deployment script (Fix 5)']).toBe('deploy');
  });

  it('suggests nothing for items no playbook does, and only playbooks that exist', () => {
    expect(suggestPlaybook('Notify stakeholders of the outage', BUILTINS)).toBeNull();
    expect(suggestPlaybook('Kill zombie Next.js processes (Fix 1)', ['deploy'])).toBeNull();
  });
});
