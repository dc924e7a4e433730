/**
 * Slack-compatible incoming-webhook JSON. `text` is complete on its own
 * (notifications, clients without blocks, and non-Slack receivers read only
 * it); `blocks` are the richer rendering, truncated to Slack's limits.
 */
export type StatusPayloadInput = {
  incidentTitle: string;
  status: string;
  audience: 'internal' | 'public';
  body: string;
  publishedAt: Date;
};

export type SlackPayload = {
  text: string;
  blocks: (
    | { type: 'header'; text: { type: 'plain_text'; text: string } }
    | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
    | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  )[];
};

// https://api.slack.com/reference/block-kit/blocks: header ≤ 150, section text ≤ 3000.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;

/** Slack treats &, < and > as control characters in text; everything else is literal. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function statusUpdatePayload(input: StatusPayloadInput): SlackPayload {
  const title = escapeSlack(input.incidentTitle);
  const body = escapeSlack(input.body);
  const label = `Status update (${input.audience}) — ${input.status}`;
  const at = input.publishedAt
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  return {
    text: `${title}\n${label}\n\n${body}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(input.incidentTitle, HEADER_MAX) } },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(body, SECTION_MAX) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeSlack(label)} · ${at}` }] },
    ],
  };
}

export const TEST_MESSAGE_MARK = '[TEST]';

/**
 * "Send test": clearly marked in every part a reader might see alone (the
 * notification text, the header, the body), so nobody takes it for news.
 */
export function testMessagePayload(input: { incidentTitle: string; sentAt: Date }): SlackPayload {
  const at = input.sentAt
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  const line = `${TEST_MESSAGE_MARK} warroom test message — this is not a status update; no action needed.`;
  const header = `${TEST_MESSAGE_MARK} ${input.incidentTitle}`;
  return {
    text: `${escapeSlack(header)}\n${line}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(header, HEADER_MAX) } },
      { type: 'section', text: { type: 'mrkdwn', text: line } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `Webhook test · ${at}` }] },
    ],
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
