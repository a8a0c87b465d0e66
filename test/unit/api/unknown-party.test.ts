// A party event (decision, justering, anslag, appeal, correction) naming a party the registry does
// not know is bad input naming the field — 400 through the API — before any workflow is asked
// (client/cases.ts recordEvent). The client here throws if it is used at all.
import type { Client } from '@temporalio/client';
import { recordEvent } from '../../../client/cases';
import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import type { Dnr } from '../../../domain/dnr';
import { ValidationError } from '../../../domain/errors';
import type { HumanEvent } from '../../../domain/events';

const registry = loadParties(DEFAULT_PARTIES_FILE);
const untouched = new Proxy({}, { get: (_t, name) => { throw new Error(`the Temporal client was used (${String(name)})`); } }) as Client;

test.each([
  { type: 'huvudman-decided', party: 'nonexistent', organ: 'KS', meetingDate: '2026-02-01', paragraf: 1, outcome: 'bifall' },
  { type: 'justering-recorded', party: 'nonexistent', date: '2026-02-01', justerare: ['A'] },
  { type: 'anslag-posted', party: 'nonexistent', posted: '2026-02-01' },
  { type: 'appeal-filed', party: 'nonexistent', filedOn: '2026-02-01' },
])('$type for an unknown party: a validation error naming Part', async (event) => {
  const recorded = recordEvent(untouched, 'RS/62/2026' as Dnr, { event: event as HumanEvent, actor: 'administrator' }, { registry });
  await expect(recorded).rejects.toBeInstanceOf(ValidationError);
  await expect(recorded).rejects.toMatchObject({ issues: [{ path: 'party', field: 'Part', message: '"nonexistent" finns inte i partregistret' }] });
});
