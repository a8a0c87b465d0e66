import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import type { Recipient } from '../../../domain/case';
import type { PartyId } from '../../../domain/parties';
import { recipientFromText, recipientLine } from '../../../domain/documents';

const registry = loadParties(DEFAULT_PARTIES_FILE);

test.each([
  ['Länets kommuner', { organisation: 'Länets kommuner', group: 'lanets-kommuner' }],
  ['Kommunchef Krokoms kommun', { role: 'Kommunchef', organisation: 'Krokoms kommun', party: 'krokom' }],
  ['Region Jämtland Härjedalens beredskapschef', { role: 'Beredskapschef', organisation: 'Region Jämtland Härjedalen', party: 'region-jh' }],
  ['Tomas Jonsson, kommundirektör i Krokoms kommun', { name: 'Tomas Jonsson', role: 'Kommundirektör', organisation: 'Krokoms kommun', party: 'krokom' }],
  ['Dan Osterling Östersunds kommun', { name: 'Dan Osterling', organisation: 'Östersunds kommun', party: 'ostersund' }],
  // Nothing the registry knows: kept as written, so the registration asks for an address.
  ['Förvaltning Regional utveckling', { organisation: 'Förvaltning Regional utveckling' }],
  // A name inside a word is no name: "Bergsjö" is not Berg.
  ['Bergsjö bygdegård', { organisation: 'Bergsjö bygdegård' }],
])('%s', (text, want) => {
  expect(recipientFromText(text, registry)).toEqual(want);
});

test('a huvudman’s own official written bare is its party’s', () => {
  expect(recipientFromText('Kommundirektören', registry, 'krokom' as PartyId)).toEqual({ role: 'Kommundirektören', party: 'krokom' });
  expect(recipientFromText('Kommundirektören', registry)).toEqual({ organisation: 'Kommundirektören' });
});

test('recipientLine is read back by recipientFromText', () => {
  for (const r of [
    { role: 'Kommunchef', organisation: 'Krokoms kommun', party: 'krokom' },
    { name: 'Tomas Jonsson', role: 'Kommundirektör', organisation: 'Krokoms kommun', party: 'krokom' },
    { organisation: 'Länets kommuner', group: 'lanets-kommuner' },
  ] as Recipient[]) {
    expect(recipientFromText(recipientLine(r, registry), registry)).toEqual(r);
  }
  expect(recipientLine({ role: 'Kommundirektören', party: 'krokom' } as never, registry)).toBe('Kommundirektören, Krokoms kommun');
  expect(recipientLine({ name: 'Kim', email: 'kim@example.se' }, registry)).toBe('Kim <kim@example.se>');
});
