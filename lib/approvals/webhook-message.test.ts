import { describe, expect, it } from 'vitest';
import { approvalWebhookPayload } from './webhook-message';

describe('approvalWebhookPayload', () => {
  it('names who asked and links to the request, never the commands', () => {
    const p = approvalWebhookPayload({
      approvalId: 'ck1',
      requestedBy: 'oncall@example.com',
      playbook: 'free-port-and-restart',
      hosts: ['web-1'],
      incidentTitle: 'TMS down <!channel>',
      baseUrl: 'https://warroom.example.com/',
    });
    expect(p.text).toBe(
      '[TMS down &lt;!channel&gt;] approval requested by oncall@example.com: free-port-and-restart on web-1. Review: https://warroom.example.com/approvals/ck1',
    );
    expect(p.text).not.toMatch(/kill|ss -ltn|supervisorctl|port=/);
  });
});
