import { z } from 'zod';
import { WebhookUrl } from './webhook-url';

const Id = z.string().min(1).max(64);

export const AUDIENCES = ['internal', 'public'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** What a webhook receives: every update (what every webhook received before audiences), or public ones only. */
export const WEBHOOK_AUDIENCES = ['all', 'public'] as const;
export type WebhookAudience = (typeof WEBHOOK_AUDIENCES)[number];

export const PublishUpdateInput = z
  .object({
    incidentId: Id,
    body: z
      .string()
      .trim()
      .min(1, 'Write the update.')
      .max(4000, 'Keep an update under 4000 characters.')
      // A browser submits a textarea's line breaks as CRLF: stored and sent as the preview showed them.
      .transform((v) => v.replace(/\r\n?/g, '\n')),
    audience: z.enum(AUDIENCES, { message: 'Choose internal or public.' }),
    /** "yes" once the person saw the preview: a public update is never published in one click. */
    reviewed: z.string().optional(),
  })
  .refine((v) => v.audience !== 'public' || v.reviewed === 'yes', {
    message: 'Review the public update in its preview, then confirm it.',
    path: ['reviewed'],
  });

export const SetPublicFaceInput = z.object({
  incidentId: Id,
  publicTitle: z.string().trim().max(120, 'Keep the public title under 120 characters.'),
  publicSummary: z.string().trim().max(500, 'Keep the public summary under 500 characters.'),
});

export const AddCadenceInput = z.object({
  incidentId: Id,
  text: z
    .string()
    .trim()
    .min(1, 'Say how often, e.g. "Status update every 30 minutes".')
    .max(200, 'Keep it under 200 characters.'),
  /** Which published updates keep it: an internal update never resets a public cadence, and vice versa. */
  audience: z
    .enum(AUDIENCES, { message: 'Choose whether internal or public updates keep this cadence.' })
    .default('public'),
});

export const CadenceIdInput = z.object({ cadenceId: Id });

export const AddWebhookInput = z.object({
  incidentId: Id,
  name: z
    .string()
    .trim()
    .min(1, 'Name the webhook, e.g. ops-slack.')
    .max(60, 'Keep the name under 60 characters.')
    .regex(/^[\p{L}\p{N} ._#-]+$/u, 'Use letters, digits, spaces and . _ # - in the name.'),
  url: WebhookUrl,
  // 'all' unless said: what every webhook received before audiences existed.
  audience: z
    .enum(WEBHOOK_AUDIENCES, { message: 'Choose public updates only, or public and internal.' })
    .default('all'),
});

export const WebhookIdInput = z.object({ webhookId: Id });

export const SetWebhookAudienceInput = z.object({
  webhookId: Id,
  audience: z.enum(WEBHOOK_AUDIENCES, { message: 'Choose public updates only, or public and internal.' }),
});

export const DeliveryIdInput = z.object({ deliveryId: Id });
