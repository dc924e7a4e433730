/**
 * One severity scale for incidents: SEV1 (worst) … SEV4. RCA documents often
 * say CRITICAL/HIGH/MEDIUM/LOW instead; on import they map onto the scale by
 * this table (docs/severity.md). Findings are not incidents: they keep the
 * label their document gave them.
 *
 * Pure and browser-safe: the import preview shows the same result the
 * server will store.
 */
export const INCIDENT_SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

export const SEVERITY_FROM_LABEL: Record<string, IncidentSeverity> = {
  CRITICAL: 'SEV1',
  BLOCKER: 'SEV1',
  HIGH: 'SEV2',
  MAJOR: 'SEV2',
  MEDIUM: 'SEV3',
  MODERATE: 'SEV3',
  LOW: 'SEV4',
  MINOR: 'SEV4',
  INFO: 'SEV4',
};

/** What an incident gets when its document states no severity: serious until someone says otherwise. */
export const DEFAULT_SEVERITY: IncidentSeverity = 'SEV2';

export const SEVERITY_HINT: Record<IncidentSeverity, string> = {
  SEV1: 'SEV1 — critical: outage or data loss',
  SEV2: 'SEV2 — high: major feature down',
  SEV3: 'SEV3 — medium: degraded',
  SEV4: 'SEV4 — low: minor',
};

export type SeverityReading = { severity: IncidentSeverity; warning: string | null };

/** The incident severity a document's own label maps to, with a warning when it had none or an unknown one. */
export function incidentSeverityFrom(raw: string | null | undefined): SeverityReading {
  const text = (raw ?? '').trim();
  if (!text) {
    return {
      severity: DEFAULT_SEVERITY,
      warning: `The document states no severity; the incident is ${DEFAULT_SEVERITY} until someone changes it.`,
    };
  }
  const s = text.toUpperCase();
  // SEV0/P0 is the worst there is (SEV1 here); SEV5/P5 the least (SEV4).
  const sev = /^(?:SEV(?:ERITY)?\s*-?\s*|P)([0-5])$/.exec(s);
  if (sev) return { severity: `SEV${Math.min(4, Math.max(1, Number(sev[1])))}` as IncidentSeverity, warning: null };
  const mapped = SEVERITY_FROM_LABEL[s];
  if (mapped) return { severity: mapped, warning: null };
  return {
    severity: DEFAULT_SEVERITY,
    warning: `The document's severity "${text}" is not SEV1–SEV4 or CRITICAL/HIGH/MEDIUM/LOW; the incident is ${DEFAULT_SEVERITY} until someone changes it.`,
  };
}

export function isIncidentSeverity(value: unknown): value is IncidentSeverity {
  return typeof value === 'string' && (INCIDENT_SEVERITIES as readonly string[]).includes(value);
}
