// What the case and track rules share (domain/rules.ts): the envelope guard of the update
// validators, whose an event is, how a rule refuses, and the list of human event types that must
// match the zod schema's union (domain/events.ts) — workflow code cannot import zod, so the list is
// written out twice.
import { parseOrThrow } from '../../../domain/errors';
import { HumanEvent } from '../../../domain/events';
import { HUMAN_EVENT_TYPES, SYSTEM_ACTOR, checkEventRequest, eventParty, refuse } from '../../../domain/rules';

const ev = (input: Record<string, unknown>): HumanEvent => parseOrThrow(HumanEvent, input);
const ALLOWED = 'beredning-recorded, rsr-decided, justering-recorded, anslag-posted, huvudman-decided, appeal-filed, withdrawn, correction-recorded';
const NO_ACTOR = 'ange vem som registrerar händelsen (actor)';

describe('HUMAN_EVENT_TYPES', () => {
  test("are the discriminator values of HumanEvent's union, in its order", () => {
    expect(HumanEvent.def.discriminator).toBe('type');
    expect(HumanEvent.options.map((o) => o.shape.type.value)).toEqual([...HUMAN_EVENT_TYPES]);
    expect(HUMAN_EVENT_TYPES.join(', ')).toBe(ALLOWED);
  });
});

describe('checkEventRequest: the envelope an update validator sees', () => {
  test.each([
    ['no request', undefined],
    ['no actor', { event: { type: 'withdrawn' } }],
    ['an empty actor', { actor: '', event: { type: 'withdrawn' } }],
    ['a blank actor', { actor: ' \t ', event: { type: 'withdrawn' } }],
    ['an actor that is not text', { actor: 42, event: { type: 'withdrawn' } }],
    ['neither actor nor event', {}],
  ])('%s: refused, asking who reports it', (_what, request) => {
    expect(() => checkEventRequest(request)).toThrow(new Error(NO_ACTOR));
  });

  test.each([
    ['no event', { actor: 'registrator@krokom.example' }, 'undefined'],
    ['an event without a type', { actor: 'registrator@krokom.example', event: { date: '2026-02-10' } }, 'undefined'],
    ['a null event', { actor: 'registrator@krokom.example', event: null }, 'undefined'],
    ['an unknown type', { actor: 'registrator@krokom.example', event: { type: 'vote' } }, 'vote'],
    ['a type in the wrong case', { actor: 'registrator@krokom.example', event: { type: 'Withdrawn' } }, 'Withdrawn'],
    ['a type that is not text', { actor: 'registrator@krokom.example', event: { type: 7 } }, '7'],
  ])('%s: refused, listing the allowed types', (_what, request, shown) => {
    expect(() => checkEventRequest(request)).toThrow(new Error(`okänd händelsetyp "${shown}"; tillåtna: ${ALLOWED}`));
  });

  test.each(HUMAN_EVENT_TYPES.map((type) => [type]))('%s, with an actor, passes (its payload was validated by the client)', (type) => {
    expect(() => checkEventRequest({ actor: 'registrator@krokom.example', event: { type } })).not.toThrow();
  });
});

describe('eventParty: whose decision track an event belongs to', () => {
  test("a huvudman's decision is always its party's", () => {
    expect(eventParty(ev({ type: 'huvudman-decided', party: 'krokom', organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 41, outcome: 'bifall' }))).toBe('krokom');
  });

  test("justering, anslag and appeal belong to the party's track when they name one, else to the case", () => {
    expect(eventParty(ev({ type: 'justering-recorded', party: 'berg', justerare: ['A'], date: '2026-03-12' }))).toBe('berg');
    expect(eventParty(ev({ type: 'anslag-posted', party: 'are', posted: '2026-03-13' }))).toBe('are');
    expect(eventParty(ev({ type: 'appeal-filed', party: 'ostersund', filedOn: '2026-03-20' }))).toBe('ostersund');
    expect(eventParty(ev({ type: 'justering-recorded', justerare: ['A'], date: '2026-02-02' }))).toBeUndefined();
    expect(eventParty(ev({ type: 'anslag-posted', posted: '2026-02-03' }))).toBeUndefined();
    expect(eventParty(ev({ type: 'appeal-filed', filedOn: '2026-02-10' }))).toBeUndefined();
  });

  test("a beredning's party is the preparing body, not a huvudman: the event is the case's", () => {
    expect(eventParty(ev({ type: 'beredning-recorded', organ: 'SVOM', party: 'svom', meetingDate: '2026-01-20', outcome: 'forslag' }))).toBeUndefined();
  });

  test("the recommending body's decision and a withdrawal are the case's", () => {
    expect(eventParty(ev({ type: 'rsr-decided', meetingDate: '2026-01-26', paragraf: 2, beslut: ['Delta'] }))).toBeUndefined();
    expect(eventParty(ev({ type: 'withdrawn', date: '2026-02-10', reason: 'Ersatt' }))).toBeUndefined();
  });
});

describe('refuse', () => {
  test('throws a plain Error whose message starts with the event type', () => {
    expect(() => refuse('anslag-posted', 'anslaget är redan uppsatt 2026-02-03')).toThrow(new Error('anslag-posted: anslaget är redan uppsatt 2026-02-03'));
  });

  test('the system actor of the timeline is "system"', () => {
    expect(SYSTEM_ACTOR).toBe('system');
  });
});
