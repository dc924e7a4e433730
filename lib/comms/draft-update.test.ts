import { describe, expect, it } from 'vitest';
import { draftStatusUpdate, type DraftEvent } from './draft-update';

const t = (hhmm: string) => new Date(`2026-01-08T${hhmm}:00.000Z`);
const ev = (kind: string, summary: string, at: string, data: Record<string, unknown> = {}): DraftEvent => ({
  kind,
  summary,
  at: t(at),
  data,
});

describe('draftStatusUpdate', () => {
  it('summarises status, ticked items, notes and the next update time', () => {
    const draft = draftStatusUpdate({
      status: 'mitigating',
      severity: 'CRITICAL',
      since: t('09:00'),
      nextUpdateBy: t('09:30'),
      items: {
        a: { text: 'Kill zombie Next.js processes (Fix 1)', done: true },
        b: { text: 'Restart tms-frontend', done: true },
      },
      events: [
        ev('status', 'Status investigating → identified', '09:02', { from: 'investigating', to: 'identified' }),
        ev('checklist', 'Ticked "Kill zombie Next.js processes (Fix 1)"', '09:05', { itemId: 'a' }),
        ev('status', 'Status identified → mitigating', '09:08', { from: 'identified', to: 'mitigating' }),
        ev('checklist', 'Ticked "Restart tms-frontend"', '09:09', { itemId: 'b' }),
        ev('note', 'Port 3000 is free again', '09:10'),
        ev('roles', 'Commander: cmd@tms.test; comms lead: nobody', '09:11'),
      ],
    });
    expect(draft).toBe(
      [
        'Status: mitigating (was investigating).',
        'Done since 09:00 UTC: Kill zombie Next.js processes (Fix 1), Restart tms-frontend.',
        'Notes: Port 3000 is free again.',
        'Next update by 09:30 UTC.',
      ].join('\n'),
    );
    expect(draft).not.toContain('cmd@tms.test');
  });

  it('says only the status when nothing happened, and no next time without a cadence', () => {
    expect(
      draftStatusUpdate({ status: 'monitoring', severity: 'SEV2', since: t('09:00'), nextUpdateBy: null, events: [] }),
    ).toBe('Status: monitoring.');
  });

  it('reports a severity change and leaves out items unticked again', () => {
    const draft = draftStatusUpdate({
      status: 'identified',
      severity: 'SEV1',
      since: null,
      nextUpdateBy: t('10:15'),
      items: { a: { text: 'Deploy fix', done: false } },
      events: [
        ev('severity', 'Severity CRITICAL → SEV1', '10:00', { from: 'CRITICAL', to: 'SEV1' }),
        ev('checklist', 'Ticked "Deploy fix"', '10:01', { itemId: 'a' }),
        ev('checklist', 'Unticked "Deploy fix"', '10:02', { itemId: 'a' }),
        ev('checklist', 'Ticked "Removed later"', '10:03', { itemId: 'gone' }),
        ev('playbook.run', 'Playbook restart-frontend succeeded on tms-1', '10:04'),
      ],
    });
    expect(draft).toBe(
      [
        'Status: identified. Severity: SEV1 (was CRITICAL).',
        'Done: Removed later.',
        'Runs: Playbook restart-frontend succeeded on tms-1.',
        'Next update by 10:15 UTC.',
      ].join('\n'),
    );
  });

  it('does not claim a status change that was reverted', () => {
    const draft = draftStatusUpdate({
      status: 'identified',
      severity: 'HIGH',
      since: t('09:00'),
      nextUpdateBy: null,
      events: [
        ev('status', 'x', '09:01', { from: 'identified', to: 'mitigating' }),
        ev('status', 'y', '09:02', { from: 'mitigating', to: 'identified' }),
      ],
    });
    expect(draft).toBe('Status: identified.');
  });
});
