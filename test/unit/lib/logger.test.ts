// lib/logger.ts: the format rule, the settings from the environment, censored fields, the two
// pretty styles, and the SDK bridge of the worker (worker/logging.ts) on top of it.
import { PassThrough } from 'node:stream';
import { createLogger, defaultFormat, logSettingsFromEnvironment, type LoggerSettings } from '../../../lib/logger';
import { SdkLogBridge } from '../../../worker/logging';

function capture(settings: Omit<LoggerSettings, 'destination'>) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { logger: createLogger({ ...settings, destination: stream }), text: () => text };
}

test('JSON in production or into a pipe or file, pretty on a terminal', () => {
  expect(defaultFormat({ NODE_ENV: 'production' }, true)).toBe('json');
  expect(defaultFormat({}, false)).toBe('json');
  expect(defaultFormat({ NODE_ENV: 'development' }, true)).toBe('pretty');
});

test('ARENDE_LOG_LEVEL and ARENDE_LOG_FORMAT win; a bad value names the variable and the rule', () => {
  expect(logSettingsFromEnvironment('http', { source: { ARENDE_LOG_LEVEL: 'debug', ARENDE_LOG_FORMAT: 'pretty', NODE_ENV: 'production' } })).toMatchObject({ name: 'http', level: 'debug', format: 'pretty' });
  expect(logSettingsFromEnvironment('start', { source: {}, format: 'pretty' })).toMatchObject({ level: 'info', format: 'pretty' });
  expect(() => logSettingsFromEnvironment('http', { source: { ARENDE_LOG_LEVEL: 'loud' } })).toThrow(/ARENDE_LOG_LEVEL="loud": must be one of trace, debug, info, warn, error, fatal, silent/);
  expect(() => logSettingsFromEnvironment('http', { source: { ARENDE_LOG_FORMAT: 'xml' } })).toThrow(/ARENDE_LOG_FORMAT="xml": must be json or pretty/);
});

test('JSON lines carry name, level, ISO time and the fields; secrets in well-known fields are censored', () => {
  const { logger, text } = capture({ name: 'worker', level: 'info', format: 'json' });
  logger.debug('not at info');
  logger.info({ password: 'p4ss', smtp: { password: 'p4ss', host: 'smtp.example' }, req: { headers: { authorization: 'Bearer abc', cookie: 'arende_session=x' } }, token: 't0k' }, 'hello');
  const lines = text().trim().split('\n');
  expect(lines).toHaveLength(1);
  const line = JSON.parse(lines[0]!);
  expect(line).toMatchObject({ level: 30, name: 'worker', msg: 'hello', password: '[hidden]', smtp: { password: '[hidden]', host: 'smtp.example' }, req: { headers: { authorization: '[hidden]', cookie: '[hidden]' } }, token: '[hidden]' });
  expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(text()).not.toMatch(/p4ss|Bearer abc|arende_session|t0k/);
});

test('an error is logged with its type, message and stack, under err or (the SDK) error', () => {
  const { logger, text } = capture({ name: 'worker', level: 'info', format: 'json' });
  logger.error({ err: new TypeError('boom') }, 'failed');
  logger.error({ error: new RangeError('bang') }, 'failed too');
  const [first, second] = text().trim().split('\n').map((l) => JSON.parse(l));
  expect(first.err).toMatchObject({ type: 'TypeError', message: 'boom', stack: expect.stringContaining('TypeError: boom') });
  expect(second.error).toMatchObject({ type: 'RangeError', message: 'bang' });
});

test('pretty: one line per entry, time, level, name, message and fields; concise: `HH:MM:SS [name] message`, the level only from WARN up', () => {
  const full = capture({ name: 'http', level: 'info', format: 'pretty' });
  full.logger.info({ reqId: 'r-1' }, 'request completed');
  expect(full.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(http\): request completed \{"reqId":"r-1"\}\n$/);

  const concise = capture({ name: 'start', level: 'info', format: 'pretty', style: 'concise' });
  concise.logger.info('namespace arendeflode: ready, keeps closed cases 3650 days');
  concise.logger.error('worker exited unexpectedly (code 1)');
  expect(concise.text()).toMatch(/^\d\d:\d\d:\d\d \[start\] namespace arendeflode: ready, keeps closed cases 3650 days\n\d\d:\d\d:\d\d \[start\] ERROR worker exited unexpectedly \(code 1\)\n$/);
});

test("the SDK's log calls reach pino at the same level with their metadata, without the activity's task token", () => {
  const { logger, text } = capture({ name: 'worker', level: 'debug', format: 'json' });
  const bridge = new SdkLogBridge(logger);
  bridge.trace('too fine', {});
  bridge.debug('Workflow started', { sdkComponent: 'worker', workflowId: 'arende:RS-62-2026', [Symbol('timestamp')]: 1n });
  bridge.log('WARN', 'notification not sent yet', { sdkComponent: 'activity', activityId: '1', taskToken: 'CiQ5YzE2…' });
  const lines = text().trim().split('\n').map((l) => JSON.parse(l));
  expect(lines).toEqual([
    expect.objectContaining({ level: 20, msg: 'Workflow started', sdkComponent: 'worker', workflowId: 'arende:RS-62-2026' }),
    expect.objectContaining({ level: 40, msg: 'notification not sent yet', sdkComponent: 'activity', activityId: '1' }),
  ]);
  expect(lines[1]).not.toHaveProperty('taskToken');
});
