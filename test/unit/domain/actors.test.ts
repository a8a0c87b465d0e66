// The actor of an event as a person reads it (domain/actors.ts): the log keeps the id, the timeline,
// the CLI, the mail and the refusals name it in words, a party by its name.
import { actorWords, reportLinkActor, SYSTEM_ACTOR } from '../../../domain/actors';
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
