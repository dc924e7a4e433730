import { describe, expect, it } from 'vitest';
import { WebhookUrl, webhookUrlHint } from './webhook-url';

describe('webhook URLs', () => {
  it('hints with scheme, host and the last four characters only', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXsecretTOKENabcd';
    expect(webhookUrlHint(url)).toBe('https://hooks.slack.com/…abcd');
    expect(webhookUrlHint('http://127.0.0.1:8080/hook/s3cr3t-token-9f2e')).toBe('http://127.0.0.1:8080/…9f2e');
    expect(webhookUrlHint(url)).not.toContain('secret');
  });

  it('shows no tail for a URL so short the tail would be most of it', () => {
    expect(webhookUrlHint('http://a.b/xy')).toBe('http://a.b/…');
  });

  it('accepts http(s) URLs and names what is wrong with others', () => {
    expect(WebhookUrl.safeParse(' https://hooks.slack.com/services/x ').data).toBe(
      'https://hooks.slack.com/services/x',
    );
    expect(WebhookUrl.safeParse('http://10.0.0.5:9000/hook').success).toBe(true);
    for (const bad of ['', 'hooks.slack.com/x', 'ftp://x.test/a', 'javascript:alert(1)', 'file:///etc/passwd']) {
      expect(WebhookUrl.safeParse(bad).success, bad).toBe(false);
    }
    expect(WebhookUrl.safeParse('https://user:pw@x.test/a').error?.issues[0]?.message).toMatch(/token in the path/);
  });
});
