import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_PARTIES_FILE, loadParties } from '../../../config/load-parties';
import { CaseFile } from '../../../domain/case-file';
import { Recipient } from '../../../domain/case';
import { dispatchAddresses } from '../../../domain/dispatch';

const registry = loadParties(DEFAULT_PARTIES_FILE);

describe('Expedieras till → e-mail addresses', () => {
  test('RS/62/2026: the region, every kommunstyrelse (one message to Krokom), and GNUS', () => {
    const file = CaseFile.parse(JSON.parse(readFileSync(path.join(__dirname, '../../../demo/cases/RS-62-2026.json'), 'utf8')));
    const { addresses, unresolved } = dispatchAddresses(file.registration.expedierasTill, registry);
    expect(unresolved).toEqual([]);
    expect(addresses.map((a) => a.to)).toEqual([
      'registrator@regionjh.example',
      'registrator@berg.example',
      'registrator@bracke.example',
      'registrator@harjedalen.example',
      'registrator@krokom.example',
      'registrator@ragunda.example',
      'registrator@stromsund.example',
      'registrator@are.example',
      'registrator@ostersund.example',
      'gnus@gnus.example',
    ]);
    expect(addresses.find((a) => a.party === 'krokom')?.label).toBe('Krokoms kommun; Tomas Jonsson, Kommundirektör, Krokoms kommun');
  });

  test('an own address wins over the party registrator; unknown parties are reported, not dropped', () => {
    const recipients = [
      Recipient.parse({ role: 'Beredskapschef', party: 'region-jh', email: 'beredskap@regionjh.example' }),
      Recipient.parse({ organisation: 'Atlantis kommun', party: 'atlantis' }),
    ];
    const { addresses, unresolved } = dispatchAddresses(recipients, registry);
    expect(addresses).toEqual([{ to: 'beredskap@regionjh.example', label: 'Beredskapschef', party: 'region-jh' }]);
    expect(unresolved).toEqual([{ index: 1, label: 'Atlantis kommun', reason: 'parten "atlantis" finns inte i partregistret' }]);
  });
});
