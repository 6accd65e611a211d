import { ConfigError, loadConfig, parseDatabaseUrl } from '../../src/config/env.js';

describe('configuration from the environment', () => {
  it('defaults to port 5000, SQLite in data/, the Sandbox and the simulator', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 5000,
      host: '0.0.0.0',
      provider: 'simulator',
      publicUrl: 'http://localhost:5000',
      database: { dialect: 'sqlite', path: 'data/gerbang.sqlite' },
      midtrans: { isProduction: false, snapBaseUrl: 'https://app.sandbox.midtrans.com', apiBaseUrl: 'https://api.sandbox.midtrans.com' },
    });
    expect(Object.isFrozen(config.midtrans)).toBe(true);
  });

  it('reads empty values as unset, so .env.example works as it is', () => {
    const config = loadConfig({ PUBLIC_URL: '', MIDTRANS_SERVER_KEY: '', PORT: ' ', SECRET_KEY: '' });
    expect(config).toMatchObject({ port: 5000, provider: 'simulator', publicUrl: 'http://localhost:5000', secretKey: undefined });
  });

  it('uses Midtrans production hosts with MIDTRANS_IS_PRODUCTION=true and a server key', () => {
    const config = loadConfig({ MIDTRANS_IS_PRODUCTION: 'true', MIDTRANS_SERVER_KEY: 'Mid-server-abc', SECRET_KEY: 'x'.repeat(32) });
    expect(config.provider).toBe('midtrans');
    expect(config.midtrans.snapBaseUrl).toBe('https://app.midtrans.com');
    expect(config.midtrans.apiBaseUrl).toBe('https://api.midtrans.com');
  });

  it.each([
    [{ MIDTRANS_SERVER_KEY: 'Mid-server-abc' }, 'this is a Production key (Mid-server-…) but MIDTRANS_IS_PRODUCTION is false'],
    [
      { MIDTRANS_SERVER_KEY: 'SB-Mid-server-abc', MIDTRANS_IS_PRODUCTION: 'true', SECRET_KEY: 'x'.repeat(32) },
      'this is a Sandbox key (SB-Mid-server-…) but MIDTRANS_IS_PRODUCTION=true',
    ],
    [{ MIDTRANS_SERVER_KEY: 'SB-Mid-client-abc' }, 'this is a client key'],
    [{ MIDTRANS_SERVER_KEY: 'Mid-client-abc', MIDTRANS_IS_PRODUCTION: 'true', SECRET_KEY: 'x'.repeat(32) }, 'this is a client key'],
  ])('refuses a server key of the wrong kind for the environment: %j', (env, problem) => {
    expect(() => loadConfig(env)).toThrow(`MIDTRANS_SERVER_KEY: ${problem}`);
  });

  it('derives the notification URL each Snap payment carries from a public PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://pay.example.id/' }).midtrans.notification).toEqual({
      header: 'X-Override-Notification',
      url: 'https://pay.example.id/notifications/midtrans',
    });
    expect(loadConfig({ PUBLIC_URL: 'https://pay.example.id', MIDTRANS_NOTIFICATION_MODE: 'append' }).midtrans.notification?.header).toBe(
      'X-Append-Notification',
    );
    expect(loadConfig({ PUBLIC_URL: 'https://pay.example.id', MIDTRANS_NOTIFICATION_MODE: 'off' }).midtrans.notification).toBeUndefined();
    for (const local of ['http://localhost:5000', 'http://127.0.0.1:5000', 'http://[::1]:5000']) {
      expect(loadConfig({ PUBLIC_URL: local }).midtrans.notification).toBeUndefined();
    }
    expect(() => loadConfig({ MIDTRANS_NOTIFICATION_MODE: 'sometimes' })).toThrow('MIDTRANS_NOTIFICATION_MODE: must be override, append or off');
  });

  it('lets the Midtrans base URLs be overridden', () => {
    const config = loadConfig({
      MIDTRANS_SERVER_KEY: 'SB-Mid-server-x',
      MIDTRANS_SNAP_BASE_URL: 'http://127.0.0.1:9/',
      MIDTRANS_API_BASE_URL: 'http://127.0.0.1:8',
    });
    expect(config.midtrans.snapBaseUrl).toBe('http://127.0.0.1:9');
    expect(config.midtrans.apiBaseUrl).toBe('http://127.0.0.1:8');
  });

  it('names every bad value on its own line', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '99999', MIDTRANS_IS_PRODUCTION: 'sometimes', LOG_LEVEL: 'loud', MIDTRANS_SNAP_BASE_URL: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/^PORT: must be between 0 and 65535/m);
    expect(problems.join('\n')).toMatch(/^MIDTRANS_IS_PRODUCTION: must be true or false/m);
    expect(problems.join('\n')).toMatch(/^LOG_LEVEL: /m);
    expect(problems.join('\n')).toMatch(/^MIDTRANS_SNAP_BASE_URL: must be an http\(s\) URL/m);
  });

  it('refuses production without a server key, with a sandbox key, or without SECRET_KEY', () => {
    expect(() => loadConfig({ MIDTRANS_IS_PRODUCTION: 'true', SECRET_KEY: 'x'.repeat(32) })).toThrow(/MIDTRANS_SERVER_KEY: required/);
    expect(() => loadConfig({ MIDTRANS_IS_PRODUCTION: 'true', MIDTRANS_SERVER_KEY: 'SB-Mid-server-1', SECRET_KEY: 'x'.repeat(32) })).toThrow(/Sandbox key/);
    expect(() => loadConfig({ MIDTRANS_IS_PRODUCTION: 'true', MIDTRANS_SERVER_KEY: 'Mid-server-1' })).toThrow(/SECRET_KEY: required in production/);
  });

  it('never puts the server key in a configuration error', () => {
    expect(() => loadConfig({ MIDTRANS_IS_PRODUCTION: 'true', MIDTRANS_SERVER_KEY: 'SB-Mid-server-SECRET' })).toThrow(ConfigError);
    try {
      loadConfig({ MIDTRANS_IS_PRODUCTION: 'true', MIDTRANS_SERVER_KEY: 'SB-Mid-server-SECRET' });
    } catch (e) {
      expect((e as Error).message).not.toContain('SB-Mid-server-SECRET');
    }
  });

  it.each([
    ['sqlite:data/x.sqlite', 'data/x.sqlite'],
    ['sqlite:///var/lib/gerbang/db.sqlite', '/var/lib/gerbang/db.sqlite'],
    ['file:db.sqlite', 'db.sqlite'],
    ['/abs/db.sqlite', '/abs/db.sqlite'],
    [':memory:', ':memory:'],
  ])('DATABASE_URL %s means the SQLite file %s', (url, path) => {
    expect(parseDatabaseUrl(url)).toEqual({ dialect: 'sqlite', path });
  });

  it('refuses a database it does not support', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@localhost/gerbang' })).toThrow(/DATABASE_URL: unsupported database "mysql"/);
  });
});
