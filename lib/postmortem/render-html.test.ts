import { describe, expect, it } from 'vitest';
import { fixturePlan, postmortemFromPlan } from '../../tests/support/postmortem-sample';
import { markdownToHtml } from './markdown-html';
import { HTML_TIMELINE_LIMIT, renderPostmortemHtml } from './render-html';

describe('renderPostmortemHtml', () => {
  const pm = postmortemFromPlan(fixturePlan());

  it('is one document with every post-mortem section, the chart inline', () => {
    const html = renderPostmortemHtml(pm);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const title of [
      'Summary',
      'Key times',
      'Timeline chart',
      'Important events',
      'Root causes',
      'What was done',
      'Checklist completion',
      'Narrative',
      'Action items',
    ])
      expect(html).toContain(`<h2>${title}</h2>`);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('@page');
  });

  it('never turns document text into markup or external requests', () => {
    const hostile = postmortemFromPlan(fixturePlan(), {});
    hostile.incident = {
      ...hostile.incident,
      summary:
        '<script>alert(1)</script>\n\nSee [x](javascript:alert(1)) and ![i](http://evil.test/p.png) <img src=x onerror=alert(1)>',
    };
    const html = renderPostmortemHtml(hostile);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/href="javascript|<img|<[^>]*\ssrc=/i);
    expect(html).not.toContain('http://evil.test');
    expect(html).toContain('<p>See x and [i] <code>&#60;img src=x onerror=alert(1)&#62;</code></p>');
    expect(html).toContain('&#60;script&#62;');
  });

  it('renders Markdown bodies: lists, code, task boxes', () => {
    expect(markdownToHtml('- a\n- [x] b\n\n```sh\nls <x>\n```')).toBe(
      '<ul><li>a</li><li>☑ b</li></ul><pre><code>ls &#60;x&#62;</code></pre>',
    );
  });

  it('caps the full-timeline appendix and says where the rest is', () => {
    const timeline = Array.from({ length: HTML_TIMELINE_LIMIT + 5 }, (_, n) => ({
      at: new Date(Date.parse('2026-01-12T05:00:00Z') + n * 1000).toISOString(),
      kind: 'note',
      summary: `note ${n}`,
      actor: null,
      sourceTz: null,
      key: false,
    }));
    const html = renderPostmortemHtml({ ...pm, timeline });
    expect(html).toContain(`Full timeline (${HTML_TIMELINE_LIMIT + 5} events)`);
    expect(html).toContain('5 later events are in the Markdown and JSON exports.');
    expect(html).not.toContain(`note ${HTML_TIMELINE_LIMIT}<`);
  });
});
