import { AccessControl, bearerToken, parseApiTokens } from '../../../client/api/access';

const tokens = 'administrator=admin-token-0123456789, manager=manager-token-0123456789 registrator/krokom=krokom-token-0123456789';

describe('API tokens (ARENDE_API_TOKENS)', () => {
  const access = new AccessControl(parseApiTokens(tokens));

  test('each token maps to its role, and a registrator to its party', () => {
    expect(access.principalFor('admin-token-0123456789')).toEqual({ role: 'administrator', name: 'administrator' });
    expect(access.principalFor('manager-token-0123456789')).toEqual({ role: 'manager', name: 'manager' });
    expect(access.principalFor('krokom-token-0123456789')).toEqual({ role: 'registrator', party: 'krokom', name: 'registrator/krokom' });
  });

  test('an unknown token, or a prefix of a real one, is nobody', () => {
    expect(access.principalFor('admin-token-012345678')).toBeUndefined();
    expect(access.principalFor('')).toBeUndefined();
  });

  test('a malformed entry names the entry and the rule', () => {
    expect(() => parseApiTokens('administrator=short')).toThrow(/ARENDE_API_TOKENS entry 1: .*at least 16 characters/);
    expect(() => parseApiTokens('manager=manager-token-0123456789,boss=boss-token-0123456789')).toThrow(/entry 2/);
  });

  test('no tokens configured means nobody gets in', () => {
    expect(new AccessControl(parseApiTokens(undefined)).principalFor('anything-at-all-123')).toBeUndefined();
  });

  test('the bearer token is read from the Authorization header', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
