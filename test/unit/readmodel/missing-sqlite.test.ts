// better-sqlite3 is an optional dependency (a native addon npm may fail to build): without it the
// embedded store refuses with words that say what to install, and PostgreSQL needs none of it.
describe('openReadModel without better-sqlite3', () => {
  afterEach(() => jest.resetModules());

  test('the embedded store names the missing package and the way out, in Swedish', async () => {
    jest.doMock('better-sqlite3', () => {
      throw Object.assign(new Error("Cannot find module 'better-sqlite3' from 'readmodel/sqlite.ts'"), { code: 'MODULE_NOT_FOUND' });
    });
    const { openReadModel } = await import('../../../readmodel/open');
    await expect(openReadModel({ kind: 'embedded', file: ':memory:' })).rejects.toThrow(
      /^Läsmodellens inbyggda databas \(SQLite\) saknas: paketet better-sqlite3 kunde inte installeras\. Installera en C\+\+-verktygskedja .* eller använd PostgreSQL\.$/,
    );
  });

  test('any other failure to load it is not disguised as a missing package', async () => {
    jest.doMock('better-sqlite3', () => {
      throw new Error('invalid ELF header');
    });
    const { openReadModel } = await import('../../../readmodel/open');
    await expect(openReadModel({ kind: 'embedded', file: ':memory:' })).rejects.toThrow('invalid ELF header');
  });
});
