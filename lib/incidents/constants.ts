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
