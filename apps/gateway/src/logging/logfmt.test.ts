import { describe, expect, it } from 'vitest';
import { jsonRecordToLogfmt } from './logfmt.js';
import { createLogger } from './logger.js';

describe('jsonRecordToLogfmt', () => {
  it('puts ts, level, msg first and quotes only when needed', () => {
    const line = jsonRecordToLogfmt(
      JSON.stringify({
        level: 'info',
        ts: '2026-01-01T00:00:00.000Z',
        source: '127.0.0.1',
        msg: 'Listening on',
        empty: '',
        err: 'a "b"\nc',
        n: 3,
      }),
    );
    expect(line).toBe(
      'ts=2026-01-01T00:00:00.000Z level=info msg="Listening on" source=127.0.0.1 empty= err="a \\"b\\"\\nc" n=3\n',
    );
  });
});

describe('createLogger', () => {
  it('writes logfmt or JSON with Go’s field names, filtered by level', () => {
    const lines: string[] = [];
    const logfmt = createLogger({
      level: 'info',
      format: 'logfmt',
      destination: { write: (l) => lines.push(l) },
    });
    logfmt.debug('hidden');
    logfmt.warn({ address: ':9091' }, 'Listening on');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ts=\d{4}-\d\d-\d\dT[\d:.]+Z level=warn msg="Listening on" address=:9091\n$/);

    const json: string[] = [];
    const logger = createLogger({
      level: 'debug',
      format: 'json',
      destination: { write: (l) => json.push(l) },
    });
    logger.debug({ k: 'v' }, 'hello');
    expect(JSON.parse(json[0] ?? '')).toMatchObject({ level: 'debug', msg: 'hello', k: 'v' });
    expect(JSON.parse(json[0] ?? '')).toHaveProperty('ts');
  });
});
