/**
 * The gateway's structured logger: pino, writing to stderr like the Go
 * pushgateway, one record per line, either logfmt (the default, as in Go) or
 * JSON, with Go's field names `ts`, `level` (as a word) and `msg`.
 */
import { pino } from 'pino';
import { jsonRecordToLogfmt } from './logfmt.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'logfmt' | 'json';

/** Where finished log lines go. */
export interface LogDestination {
  write(line: string): void;
}

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly format: LogFormat;
  /** Where lines are written; stderr when absent. */
  readonly destination?: LogDestination;
}

/** The logger type the gateway passes around. */
export type Logger = pino.Logger;

/**
 * Creates a logger that drops records below `level` and writes each record
 * synchronously as one line in `format`. Fields are passed as pino's first
 * argument: `logger.info({ address }, 'Listening on')`.
 */
export function createLogger(options: LoggerOptions): Logger {
  const target = options.destination ?? stderr;
  const destination: LogDestination =
    options.format === 'json' ? target : { write: (line) => target.write(jsonRecordToLogfmt(line)) };
  return pino(
    {
      level: options.level,
      base: null,
      messageKey: 'msg',
      timestamp: () => `,"ts":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

const stderr: LogDestination = {
  write: (line) => {
    process.stderr.write(line);
  },
};
