import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_PARTIES_FILE, PartiesFileError, loadParties, parsePartiesText, partiesFilePath } from '../../../config/load-parties';
import { validate } from '../../../domain/errors';
import { PartiesFile, createPartyRegistry } from '../../../domain/parties';

const registry = loadParties(DEFAULT_PARTIES_FILE);

describe('the shipped party registry (config/parties.json)', () => {
  test('Region Jämtland Härjedalen and the 8 municipalities are the huvudmän, with stable ids', () => {
    expect(registry.huvudman().map((p) => [p.id, p.name])).toEqual([
      ['region-jh', 'Region Jämtland Härjedalen'],
      ['berg', 'Bergs kommun'],
      ['bracke', 'Bräcke kommun'],
      ['harjedalen', 'Härjedalens kommun'],
      ['krokom', 'Krokoms kommun'],
      ['ragunda', 'Ragunda kommun'],
      ['stromsund', 'Strömsunds kommun'],
      ['are', 'Åre kommun'],
      ['ostersund', 'Östersunds kommun'],
    ]);
    expect(registry.getOrThrow('region-jh').organs[0]).toBe('Regionstyrelsen');
    expect(registry.getOrThrow('krokom').organs[0]).toBe('Kommunstyrelsen');
  });

  test('the other bodies of the seeds are there', () => {
    for (const id of ['rsr', 'svom', 'buz', 'folkhalso-z', 'hsn', 'kommunforbundet-jh', 'lansstyrelsen-z']) {
      expect(registry.get(id)).toBeDefined();
    }
    expect(registry.organisation.council).toBe('rsr');
  });

  test('every shipped address is on a reserved example domain', () => {
    const addresses = [registry.organisation.managerEmail, ...registry.parties.map((p) => p.registrator)];
    for (const address of addresses) expect(address).toMatch(/@[a-z0-9.-]+\.example$/);
    expect(registry.getOrThrow('krokom').registrator).toBe('registrator@krokom.example');
  });

  test.each([
    ['Regionstyrelsen', 'party', 'region-jh'],
    ['Regionstyrelsen Region Jämtland Härjedalen', 'party', 'region-jh'],
    ['Krokoms kommun', 'party', 'krokom'],
    ['  kommunstyrelsen i  Östersunds kommun ', 'party', 'ostersund'],
    ['Kommunförbundet', 'party', 'kommunforbundet-jh'],
    ['Länsstyrelsen Jämtlands län', 'party', 'lansstyrelsen-z'],
    ['Regionens samverkansråd', 'party', 'rsr'],
    ['Hälso- och sjukvårdsnämnden', 'party', 'hsn'],
    ['SVOM', 'party', 'svom'],
    ['Kommunstyrelser i länets kommuner,', 'group', 'lanets-kommuner'],
    ['Länets kommuner', 'group', 'lanets-kommuner'],
    ['Region Jämtland Härjedalen samt länets kommuner', 'group', 'huvudman'],
  ])('resolves "%s" as written in the documents', (text, kind, id) => {
    const resolved = registry.resolve(text);
    expect(resolved?.kind).toBe(kind);
    expect(resolved?.kind === 'party' ? resolved.party.id : resolved?.group.id).toBe(id);
  });

  test('a group resolves to its members; unknown names resolve to nothing', () => {
    const group = registry.resolve('Kommunstyrelser i länets kommuner');
    expect(group?.kind === 'group' && group.members.map((p) => p.id)).toEqual(['berg', 'bracke', 'harjedalen', 'krokom', 'ragunda', 'stromsund', 'are', 'ostersund']);
    expect(registry.resolve('Beredskapschef')).toBeUndefined();
    expect(() => registry.getOrThrow('nowhere')).toThrow('parten "nowhere" finns inte i partregistret');
  });
});

describe('another deployer: SKR with 290 municipalities and 21 regions, no code change', () => {
  test('a generated registry validates and its lookups work', () => {
    const parties = [
      ...Array.from({ length: 21 }, (_, i) => ({ id: `region-${i + 1}`, name: `Region ${i + 1}`, kind: 'region', huvudman: true, organs: ['Regionstyrelsen'], registrator: `registrator@region-${i + 1}.example` })),
      ...Array.from({ length: 290 }, (_, i) => ({ id: `kommun-${i + 1}`, name: `Kommun ${i + 1}`, kind: 'kommun', huvudman: true, organs: ['Kommunstyrelsen'], registrator: `registrator@kommun-${i + 1}.example` })),
      { id: 'skr-styrelse', name: 'SKR:s styrelse', kind: 'forbund', organs: ['Styrelsen'], registrator: 'registrator@skr.example' },
    ];
    const file = {
      organisation: { name: 'SKR', managerEmail: 'kansli@skr.example', council: 'skr-styrelse' },
      parties,
      groups: [{ id: 'alla-kommuner', name: 'Alla kommuner', members: parties.filter((p) => p.kind === 'kommun').map((p) => p.id) }],
    };
    const result = validate(PartiesFile, file);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const skr = createPartyRegistry(result.value);
    expect(skr.huvudman()).toHaveLength(311);
    expect(skr.resolve('kommun 290')?.kind).toBe('party');
    expect(skr.members('alla-kommuner')).toHaveLength(290);
  });
});

describe('loading the data file fails clearly, naming the file, the party and the field', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'arende-parties-'));
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const good = JSON.parse(JSON.stringify(registry, ['organisation', 'name', 'managerEmail', 'council', 'parties', 'id', 'shortName', 'kind', 'huvudman', 'organs', 'registrator', 'aliases', 'groups', 'members']));

  test('a missing file', () => {
    expect(() => loadParties(path.join(dir, 'missing.json'))).toThrow(/missing\.json: partregistret är ogiltigt:\n.*filen kan inte läsas \(ENOENT\); sätt ARENDE_PARTIES_FILE/);
  });

  test('a file that is not JSON', () => {
    expect(() => loadParties(write('broken.json', '{ "parties": ['))).toThrow(/broken\.json: .*filen är inte giltig JSON/s);
  });

  test('a bad address names the party by id and the field in Swedish', () => {
    const bad = structuredClone(good);
    bad.parties[4].registrator = 'registrator-at-krokom';
    const file = write('bad.json', JSON.stringify(bad));
    expect(() => loadParties(file)).toThrow(PartiesFileError);
    expect(() => loadParties(file)).toThrow(`part "krokom" (nr 5) › Registrator (e-post): "registrator-at-krokom" är inte en giltig e-postadress [parties.4.registrator]`);
  });

  test('an ambiguous name, a duplicate id and a group member that does not exist are refused', () => {
    const bad = structuredClone(good);
    bad.parties[1].aliases.push('Regionstyrelsen');
    bad.parties[2].id = 'berg';
    bad.groups[0].members.push('atlantis');
    const messages = (() => {
      try {
        parsePartiesText(JSON.stringify(bad), 'x.json');
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(messages).toContain('namnet "Regionstyrelsen" används redan av parten "region-jh"');
    expect(messages).toContain('id "berg" förekommer mer än en gång');
    expect(messages).toContain('"atlantis" finns inte bland parterna');
  });

  test('ARENDE_PARTIES_FILE chooses the file; unset, the shipped one is used', () => {
    expect(partiesFilePath({})).toBe(DEFAULT_PARTIES_FILE);
    expect(partiesFilePath({ ARENDE_PARTIES_FILE: 'other/parties.json' })).toBe(path.resolve('other/parties.json'));
    const file = write('own.json', JSON.stringify(good));
    expect(loadParties(partiesFilePath({ ARENDE_PARTIES_FILE: file })).huvudman()).toHaveLength(9);
  });
});
