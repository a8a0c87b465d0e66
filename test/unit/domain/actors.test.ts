// The actor of an event as a person reads it (domain/actors.ts): the log keeps the id, the timeline,
// the CLI, the mail and the refusals name it in words, a party by its name.
import { actorWords, parsePersonActor, personActor, reportLinkActor, SYSTEM_ACTOR } from '../../../domain/actors';
import { SYSTEM_ACTOR as RULES_SYSTEM_ACTOR } from '../../../domain/rules';

const names = { krokom: 'Krokoms kommun' };

test.each([
  [SYSTEM_ACTOR, 'Ärendeflöde (automatiskt)'],
  ['administrator', 'administratör'],
  ['manager', 'förvaltare'],
  ['registrator/krokom', 'registrator för Krokoms kommun'],
  [reportLinkActor('krokom'), 'rapportlänk (Krokoms kommun)'],
  ['cli:anna', 'kommandot arende (anna)'],
  ['api', 'kommandot arende via API:t'],
])('%s reads "%s"', (actor, words) => {
  expect(actorWords(actor, names)).toBe(words);
});

test('a party is named by a lookup function too; an unknown party keeps its id rather than inventing a name', () => {
  expect(actorWords('rapportlänk/krokom', (id) => (id === 'krokom' ? 'Krokoms kommun' : undefined))).toBe('rapportlänk (Krokoms kommun)');
  expect(actorWords('registrator/okand', names)).toBe('registrator för okand');
  expect(actorWords('registrator/krokom')).toBe('registrator för krokom');
});

test('an actor someone chose (ARENDE_ACTOR, an address) is shown as it is', () => {
  expect(actorWords('Anna Andersson', names)).toBe('Anna Andersson');
  expect(actorWords('admin@regionjh.example', names)).toBe('admin@regionjh.example');
});

test('the workflows log with the same system actor the words know', () => {
  expect(RULES_SYSTEM_ACTOR).toBe(SYSTEM_ACTOR);
  expect(reportLinkActor('krokom')).toBe('rapportlänk/krokom');
});

describe('a person signed in with the organisation account (OIDC)', () => {
  test('is recorded with role, stable id and name, and read as their name with the role', () => {
    const actor = personActor({ roleName: 'registrator/krokom', id: 'a1b2/c3 d4', name: 'Anna Berg' });
    expect(actor).toBe('person/registrator/krokom/a1b2%2Fc3%20d4/Anna Berg');
    expect(parsePersonActor(actor)).toEqual({ roleName: 'registrator/krokom', role: 'registrator', party: 'krokom', id: 'a1b2/c3 d4', name: 'Anna Berg' });
    expect(actorWords(actor, names)).toBe('Anna Berg (registrator för Krokoms kommun)');
    expect(actorWords(personActor({ roleName: 'administrator', id: '00000000-0000-0000-0000-000000000001', name: 'Kim Östlund' }))).toBe('Kim Östlund (administratör)');
    expect(actorWords(personActor({ roleName: 'manager', id: 'x', name: 'Bo' }))).toBe('Bo (förvaltare)');
  });

  test('a name with slashes or line breaks stays one name; an actor that only looks like one is shown as it is', () => {
    const actor = personActor({ roleName: 'administrator', id: 'id-1', name: 'Berg, Anna / IT\nenheten' });
    expect(parsePersonActor(actor)?.name).toBe('Berg, Anna / IT enheten');
    expect(actorWords('person/okand-roll/id/Namn')).toBe('person/okand-roll/id/Namn');
    expect(actorWords('person/administrator')).toBe('person/administrator');
    expect(parsePersonActor('administrator')).toBeUndefined();
  });
});
