// "Expedieras till" on the case page: each line as written, then what it reaches in the registry,
// by name, only when the line does not already say it (no "Krokoms kommun, Krokoms kommun").
import { loadParties } from '../../../config/load-parties';
import { recipientText } from '../../../client/web/case-page';

const registry = loadParties();

test.each([
  [{ name: 'Tomas Jonsson', role: 'Kommundirektör', organisation: 'Krokoms kommun', party: 'krokom' }, 'Tomas Jonsson, Kommundirektör, Krokoms kommun'],
  [{ name: 'Kommunstyrelser i länets kommuner', group: 'lanets-kommuner' }, 'Kommunstyrelser i länets kommuner'],
  [{ role: 'Beredskapschef', party: 'region-jh' }, 'Beredskapschef (Region Jämtland Härjedalen)'],
  [{ party: 'krokom' }, 'Krokoms kommun'],
  [{ group: 'huvudman' }, 'Huvudmännen'],
  [{ name: 'Länsstyrelsen', email: 'jamtland@lansstyrelsen.se' }, 'Länsstyrelsen <jamtland@lansstyrelsen.se>'],
])('%j reads %s', (recipient, text) => {
  expect(recipientText(recipient as never, registry)).toBe(text);
});
