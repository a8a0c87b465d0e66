// "Expedieras till" as the documents write it (issue 12, point 10): the lines of the seed protocols
// ("Regionstyrelsen Region Jämtland Härjedalen", "Kommunstyrelser i länets kommuner", "Länets
// kommuner", "Länsstyrelsen Jämtlands län", "Regionens samverkansråd") name parties and groups of the
// registry by name or alias and resolve to their addresses; a line the registry does not know, and an
// unknown party or group, is an issue naming the field.
import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import { CaseRegistration, checkCaseAgainstRegistry, withResolvedRecipients } from '../../../domain/case';
import { dispatchAddresses, resolveRecipient } from '../../../domain/dispatch';
import { demoCase } from '../../workflow/support';

const registry = loadParties(DEFAULT_PARTIES_FILE);
const KOMMUNER = ['berg', 'bracke', 'harjedalen', 'krokom', 'ragunda', 'stromsund', 'are', 'ostersund'];
const withRecipients = (expedierasTill: unknown[]) => CaseRegistration.parse({ ...structuredClone(demoCase('RS-62-2026.json').registration), expedierasTill });

describe('names from the documents resolve through the registry', () => {
  test.each([
    ['Kommunstyrelser i länets kommuner', { group: 'lanets-kommuner' }],
    ['Länets kommuner', { group: 'lanets-kommuner' }],
    ['Regionstyrelsen Region Jämtland Härjedalen', { party: 'region-jh' }],
    ['Region Jämtland Härjedalen', { party: 'region-jh' }],
    ['Länsstyrelsen Jämtlands län', { party: 'lansstyrelsen-z' }],
    ['Regionens samverkansråd', { party: 'rsr' }],
    ['Kommunförbundet', { party: 'kommunforbundet-jh' }],
    ['Gemensam nämnd avseende samordnad upphandling, lagerhållning och distribution av sjukvårdsprodukter', { party: 'gnus' }],
  ])('"%s"', (organisation, resolved) => {
    expect(resolveRecipient({ organisation }, registry)).toEqual({ organisation, ...resolved });
  });

  test('a line with its own address, party or group is taken as written', () => {
    expect(resolveRecipient({ organisation: 'Länets kommuner', email: 'kansli@example.se' }, registry)).toEqual({ organisation: 'Länets kommuner', email: 'kansli@example.se' });
    expect(resolveRecipient({ organisation: 'Krokoms kommun', party: 'are' as never }, registry)).toEqual({ organisation: 'Krokoms kommun', party: 'are' });
  });

  test('seed 002 §: "Region Jämtland Härjedalen" and "Länets kommuner" go to the region and every kommun, without issues', () => {
    const c = withRecipients([{ organisation: 'Region Jämtland Härjedalen' }, { organisation: 'Länets kommuner' }]);
    expect(checkCaseAgainstRegistry(c, registry)).toEqual([]);
    const { addresses, unresolved } = dispatchAddresses(c.expedierasTill, registry);
    expect(unresolved).toEqual([]);
    expect(addresses.map((a) => a.party)).toEqual(['region-jh', ...KOMMUNER]);
    expect(withResolvedRecipients(c, registry).expedierasTill).toEqual([
      { organisation: 'Region Jämtland Härjedalen', party: 'region-jh' },
      { organisation: 'Länets kommuner', group: 'lanets-kommuner' },
    ]);
  });
});

describe('unknown parties, groups and names are issues naming the field', () => {
  test('a role the registry does not know, an unknown party and group, in Expedieras till', () => {
    const c = withRecipients([{ role: 'Beredskapschef' }, { organisation: 'Atlantis kommun' }, { party: 'atlantis' }, { group: 'alla-regioner' }, { name: 'Kim', email: 'kim@example.se' }]);
    expect(checkCaseAgainstRegistry(c, registry)).toEqual([
      { path: 'expedierasTill.0', field: 'Expedieras till 1', message: '"Beredskapschef" finns inte i partregistret som part eller grupp; ange e-post ("Namn <adress>"), en part eller en grupp ur registret' },
      { path: 'expedierasTill.1', field: 'Expedieras till 2', message: '"Atlantis kommun" finns inte i partregistret som part eller grupp; ange e-post ("Namn <adress>"), en part eller en grupp ur registret' },
      { path: 'expedierasTill.2.party', field: 'Expedieras till 3 › Part', message: '"atlantis" finns inte i partregistret' },
      { path: 'expedierasTill.3.group', field: 'Expedieras till 4 › Grupp', message: '"alla-regioner" finns inte i partregistret' },
    ]);
  });

  test('an unknown huvudman and recommending body', () => {
    const base = structuredClone(demoCase('RS-62-2026.json').registration);
    const c = CaseRegistration.parse({ ...base, recommendedBy: 'atlantis-rad', recommendation: { ...base.recommendation, huvudman: ['krokom', 'atlantis'] } });
    expect(checkCaseAgainstRegistry(c, registry).map((i) => [i.path, i.message])).toEqual([
      ['recommendation.huvudman.1', '"atlantis" finns inte i partregistret'],
      ['recommendedBy', '"atlantis-rad" finns inte i partregistret'],
    ]);
  });
});
