export const INCIDENT_STATUSES = ['investigating', 'identified', 'mitigating', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** One scale for incidents (lib/incidents/severity.ts maps document labels onto it). */
export { INCIDENT_SEVERITIES as SEVERITIES, type IncidentSeverity as Severity } from './severity';

export const CHECKLIST_KIND_LABEL: Record<string, string> = {
  deployment: 'Deployment checklist',
  testing: 'Testing strategy',
  success: 'Success criteria',
  communication: 'Communication plan',
  other: 'Checklist',
};

export const PHASE_LABEL: Record<string, string> = {
  immediate: 'Immediate',
  medium: 'Medium-term',
  long: 'Long-term',
};

/**
 * Timeline kind of an event read from the imported document's own timeline:
 * backdated to when it happened, its `data.atText` the time as written.
 */
export const IMPORTED_EVENT_KIND = 'imported';
