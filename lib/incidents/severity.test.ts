import { describe, expect, it } from 'vitest';
import { incidentSeverityFrom } from './severity';

describe('incidentSeverityFrom', () => {
  it('maps the document labels onto SEV1–SEV4', () => {
    expect(incidentSeverityFrom('CRITICAL')).toEqual({ severity: 'SEV1', warning: null });
    expect(incidentSeverityFrom('High')).toEqual({ severity: 'SEV2', warning: null });
    expect(incidentSeverityFrom('MEDIUM').severity).toBe('SEV3');
    expect(incidentSeverityFrom('LOW').severity).toBe('SEV4');
    expect(incidentSeverityFrom('sev-3').severity).toBe('SEV3');
    expect(incidentSeverityFrom('P1').severity).toBe('SEV1');
    expect(incidentSeverityFrom('SEV0').severity).toBe('SEV1');
    expect(incidentSeverityFrom('BLOCKER').severity).toBe('SEV1');
  });

  it('warns when the document states none or an unknown one', () => {
    const none = incidentSeverityFrom(null);
    expect(none.severity).toBe('SEV2');
    expect(none.warning).toMatch(/states no severity/);
    expect(incidentSeverityFrom('  ').warning).toMatch(/states no severity/);
    expect(incidentSeverityFrom('spicy').warning).toMatch(/"spicy" is not SEV1–SEV4/);
  });
});
