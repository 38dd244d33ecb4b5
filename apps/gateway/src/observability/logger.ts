import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * Paths pino replaces with "[redacted]": API keys in headers and in variables never reach a log, nor do the
 * values of a failed query (`err.params`: drizzle's error carries them, and they are customers' ids and
 * events; its SQL, with placeholders, stays).
 */
export const REDACTED_PATHS = [
  'err.params',
  'err.cause.params',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'req.headers["x-storewise-customer-token"]',
  'headers["x-storewise-customer-token"]',
  'key',
  '*.key',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
];

/** A JSON logger (pino) with keys redacted; `destination` for tests, stdout otherwise. */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'storewise-gateway' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** A logger that writes nothing (the default when embedding the gateway). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
