/**
 * What an incident's internal webhooks hear about an approval request:
 * who asked, for which playbook on which hosts, and a link — never the
 * commands, parameters or observations (those are for signed-in approvers).
 * Pure.
 */
export type ApprovalNotice = {
  approvalId: string;
  requestedBy: string;
  playbook: string;
  hosts: string[];
  incidentTitle: string;
  baseUrl: string | null;
};

export function approvalWebhookPayload(n: ApprovalNotice): { text: string } {
  const link = `${(n.baseUrl ?? '').replace(/\/+$/, '')}/approvals/${encodeURIComponent(n.approvalId)}`;
  const hosts =
    n.hosts.length > 3 ? `${n.hosts.slice(0, 3).join(', ')} and ${n.hosts.length - 3} more` : n.hosts.join(', ');
  return {
    text: `[${clean(n.incidentTitle)}] approval requested by ${clean(n.requestedBy)}: ${clean(n.playbook)} on ${clean(hosts)}. Review: ${link}`,
  };
}

// Slack-style control characters in a title must not turn into mentions or links.
function clean(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c);
}
