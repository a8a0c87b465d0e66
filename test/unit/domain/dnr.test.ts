import fc from 'fast-check';
import { dnr, dnrParts, dnrSlug, parseWorkflowId, trackWorkflowId, workflowIdForDnr } from '../../../domain/dnr';
import { validate } from '../../../domain/errors';
import { PartyId } from '../../../domain/parties';
import { Dnr } from '../../../domain/values';

describe('Dnr: ORGAN/NUMMER/ÅR', () => {
  test.each(['RS/62/2026', 'HSN/2088/2025', 'RUN/206/2015', 'RS/1/2026'])('accepts %s', (value) => {
    expect(validate(Dnr, value).ok).toBe(true);
  });
  test.each(['rs/62/2026', 'RS-62-2026', 'RS/062/2026', 'RS/62/26', 'RS/2014-207', ' RS/62/2026', 'RS//2026'])('refuses %s naming the form', (value) => {
    const result = validate(Dnr, value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.summary).toContain(`"${value}" ska skrivas ORGAN/NUMMER/ÅR`);
  });
  test('parts', () => {
    expect(dnrParts(dnr('HSN/2088/2025'))).toEqual({ organ: 'HSN', number: 2088, year: 2025 });
  });
});

describe('workflow ids: stable, valid for Temporal, reversible', () => {
  test('case and track ids of RS/62/2026', () => {
    expect(workflowIdForDnr(dnr('RS/62/2026'))).toBe('arende:RS-62-2026');
    expect(trackWorkflowId(dnr('RS/62/2026'), PartyId.parse('krokom'))).toBe('arende:RS-62-2026:krokom');
    expect(dnrSlug(dnr('HSN/2088/2025'))).toBe('HSN-2088-2025');
  });
  test('parsing gives back the Dnr and party, and nothing for foreign ids', () => {
    expect(parseWorkflowId('arende:HSN-2088-2025')).toEqual({ dnr: 'HSN/2088/2025' });
    expect(parseWorkflowId('arende:RS-62-2026:region-jh')).toEqual({ dnr: 'RS/62/2026', partyId: 'region-jh' });
    for (const other of ['RS-62-2026', 'arende:RS-62', 'arende:RS-62-2026:Krokom', 'arende:RS-62-2026:a:b', 'other:RS-62-2026']) {
      expect(parseWorkflowId(other)).toBeUndefined();
    }
  });
  test('round trip for any Dnr and party id (fast-check)', () => {
    const organ = fc.stringMatching(/^[A-ZÅÄÖ]{1,10}$/);
    const number = fc.integer({ min: 1, max: 9_999_999 });
    const year = fc.integer({ min: 1990, max: 2199 });
    const party = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}$/);
    fc.assert(
      fc.property(organ, number, year, party, (o, n, y, p) => {
        const value = dnr(`${o}/${n}/${y}`);
        const partyId = PartyId.parse(p);
        const caseId = workflowIdForDnr(value);
        const trackId = trackWorkflowId(value, partyId);
        return (
          parseWorkflowId(caseId)?.dnr === value &&
          parseWorkflowId(caseId)?.partyId === undefined &&
          parseWorkflowId(trackId)?.dnr === value &&
          parseWorkflowId(trackId)?.partyId === partyId &&
          Buffer.byteLength(trackId) < 1000
        );
      }),
    );
  });
});
