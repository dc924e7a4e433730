import { z } from 'zod';
import { MAX_EXPORT_BYTES, MAX_EXPORT_LABEL } from '@/lib/rca/check-upload';
import { INCIDENT_STATUSES, SEVERITIES } from './constants';
import { isTimeZone } from '@/lib/time/format-time';

export const ImportInput = z.object({
  // Allow a little over the limit so lib/rca, not zod, reports the size.
  markdown: z.string().max(MAX_EXPORT_BYTES * 2, `The document is larger than ${MAX_EXPORT_LABEL}.`),
  filename: z.string().max(255).optional(),
  /** "ask": refuse when an open incident matches, so the person chooses; "create": make a new one anyway. */
  mode: z.enum(['ask', 'create']).optional().default('ask'),
});

const Id = z.string().min(1).max(64);

export const SetPublicPageInput = z.object({ incidentId: Id, disabled: z.boolean() });
export const SetStatusInput = z.object({
  incidentId: Id,
  status: z.enum(INCIDENT_STATUSES),
  /** Resolving is asked twice: true once the person saw what is left. */
  confirmed: z.boolean().optional(),
});
export const SetSeverityInput = z.object({ incidentId: Id, severity: z.enum(SEVERITIES) });
const Flag = z
  .union([z.boolean(), z.enum(['on', 'true', 'false'])])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true');

export const SetRoleInput = z.object({
  incidentId: Id,
  role: z.enum(['commander', 'commsLead']),
  userId: z
    .string()
    .max(64)
    .nullable()
    .optional()
    .transform((v) => v || null),
  /** The roles' version the page showed: a stale one is a conflict. */
  version: z.coerce.number().int().positive(),
});

export const DeclareIncidentInput = z.object({
  title: z
    .string()
    .trim()
    .min(3, 'Give the incident a title (3 characters or more).')
    .max(300, 'Keep the title under 300 characters.'),
  severity: z.enum(SEVERITIES, 'Choose a severity, SEV1 to SEV4.'),
  commanderId: z
    .string()
    .max(64)
    .nullable()
    .optional()
    .transform((v) => v || null),
});

export const ArchiveIncidentInput = z.object({ incidentId: Id, archived: Flag });
export const DeleteIncidentInput = z.object({ incidentId: Id, confirmSlug: z.string().trim().max(200) });

export const AddNoteInput = z.object({
  incidentId: Id,
  text: z.string().trim().min(1, 'Write the note.').max(4000, 'Keep a note under 4000 characters.'),
  /** Free text such as "2026-01-08 13:54:07 CST"; empty means now. */
  when: z.string().trim().max(100).optional().default(''),
  /** The IANA zone the form said it reads a zone-less "when" in (the viewer's); absent means UTC. */
  zone: z
    .string()
    .optional()
    .refine((z) => z === undefined || isTimeZone(z), 'Not a time zone the server knows.'),
  /** Marks the note as when impact began (sets the incident's start). */
  impactStart: z
    .union([z.boolean(), z.enum(['on', 'true', 'false'])])
    .optional()
    .transform((v) => v === true || v === 'on' || v === 'true'),
});
