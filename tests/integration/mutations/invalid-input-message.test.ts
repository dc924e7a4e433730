import { afterAll, describe, expect, it } from 'vitest';
import { useTempDatabase } from '../../support/temp-env';

/**
 * The one message every form shows for bad input (issue 18 (4)): the
 * field's label, the schema's words, exactly one full stop — never the
 * internal key or "URL..".
 */
useTempDatabase();
const { closeDb } = await import('@/lib/db');
const { executeAction } = await import('@/lib/mutations/execute-action');
const { addWebhookDef, addCadenceDef } = await import('@/lib/comms/actions');

const commander = { id: 'no-such-user', email: 'c@msg.test', name: 'C', role: 'commander' as const };

afterAll(async () => {
  await closeDb();
});

describe('invalid input message', () => {
  it('names the field by its label and ends with one full stop', async () => {
    const r = await executeAction(addWebhookDef, commander, {
      incidentId: 'x',
      name: 'ops',
      url: 'ftp://example.com/h',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid');
    expect(r.error.message).toBe('Webhook URL: Use an http:// or https:// URL.');
    expect(r.error.fieldErrors?.url).toEqual(['Use an http:// or https:// URL.']);
  });

  it('puts a full stop on a message without one, and names an unlabelled field in words', async () => {
    const r = await executeAction(addCadenceDef, commander, { text: 'every 15 minutes' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toMatch(/^Incident id: [^.]*[^.]\.$/);
  });
});
