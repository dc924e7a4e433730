import { describe, expect, it } from 'vitest';
import { escapeSlack, statusUpdatePayload, testMessagePayload } from './webhook-payload';

const input = {
  incidentTitle: 'TMS Critical Issues',
  status: 'mitigating',
  audience: 'public' as const,
  body: 'Frontend restored on :3000 <for real> & SSO fixed.',
  publishedAt: new Date('2026-01-08T09:15:00.000Z'),
};

describe('statusUpdatePayload', () => {
  it('is Slack incoming-webhook JSON whose text alone carries the whole update', () => {
    const p = statusUpdatePayload(input);
    expect(Object.keys(p).sort()).toEqual(['blocks', 'text']);
    expect(p.text).toBe(
      'TMS Critical Issues\nStatus update (public) — mitigating\n\nFrontend restored on :3000 &lt;for real&gt; &amp; SSO fixed.',
    );
    expect(p.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(p.blocks[2]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'Status update (public) — mitigating · 2026-01-08 09:15:00 UTC' }],
    });
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('truncates blocks to Slack limits but never the text', () => {
    const long = 'x'.repeat(5000);
    const p = statusUpdatePayload({ ...input, body: long, incidentTitle: 't'.repeat(300) });
    const header = p.blocks[0] as { text: { text: string } };
    const section = p.blocks[1] as { text: { text: string } };
    expect(header.text.text.length).toBe(150);
    expect(section.text.text.length).toBe(3000);
    expect(p.text).toContain(long);
  });

  it('escapes only Slack control characters', () => {
    expect(escapeSlack('a<b>&c "d" *e*')).toBe('a&lt;b&gt;&amp;c "d" *e*');
  });
});

describe('testMessagePayload', () => {
  it('is marked as a test in the text, the header and the body', () => {
    const p = testMessagePayload({ incidentTitle: 'Sign-in trouble', sentAt: new Date('2026-01-08T09:15:00Z') });
    expect(p.text.startsWith('[TEST] Sign-in trouble\n')).toBe(true);
    expect(p.text).toContain('not a status update');
    expect(p.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '[TEST] Sign-in trouble' } });
    expect(JSON.stringify(p.blocks[1])).toContain('[TEST] warroom test message');
    expect(JSON.stringify(p.blocks[2])).toContain('2026-01-08 09:15:00 UTC');
  });
});
