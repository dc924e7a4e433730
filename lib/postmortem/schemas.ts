import { z } from 'zod';
import { NARRATIVE_SECTIONS } from './schema';

const Id = z.string().min(1).max(64);
const Optional = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${what} under ${max} characters.`)
    .optional()
    .nullable()
    .transform((v) => v || null);

/** Narrative sections are prose a team writes together; 20,000 characters is pages of it. */
export const MAX_NARRATIVE_CHARS = 20_000;

export const SaveNarrativeInput = z.object({
  incidentId: Id,
  section: z.enum(NARRATIVE_SECTIONS),
  body: z.string().max(MAX_NARRATIVE_CHARS, `Keep a section under ${MAX_NARRATIVE_CHARS} characters.`),
  /** The version the editor started from: 0 for a section nobody has written yet. */
  version: z.coerce.number().int().nonnegative(),
});

const DueDate = z
  .string()
  .trim()
  .optional()
  .nullable()
  .transform((v) => v || null)
  .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))), {
    message: 'Give the due date as YYYY-MM-DD.',
  });

const Link = Optional(2000, 'link').refine((v) => v === null || /^https?:\/\/\S+$/i.test(v), {
  message: 'A link must be an http(s) URL.',
});

const ActionFields = {
  text: z.string().trim().min(1, 'Write the action item.').max(500, 'Keep an action item under 500 characters.'),
  owner: Optional(200, 'owner'),
  due: DueDate,
  link: Link,
};

export const AddActionItemInput = z.object({
  incidentId: Id,
  ...ActionFields,
  sourceType: z.enum(['fix', 'checklist-item']).optional().nullable(),
  sourceId: Id.optional().nullable(),
});

export const UpdateActionItemInput = z.object({
  actionItemId: Id,
  version: z.coerce.number().int().positive(),
  ...ActionFields,
  done: z
    .union([z.boolean(), z.enum(['on', 'true', 'false'])])
    .optional()
    .transform((v) => v === true || v === 'on' || v === 'true'),
});

export const RemoveActionItemInput = z.object({ actionItemId: Id, version: z.coerce.number().int().positive() });

export const MarkKeyEventInput = z.object({ eventId: Id, key: z.boolean() });
