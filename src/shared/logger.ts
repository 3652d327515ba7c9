import pino, { type Logger } from 'pino';
import { requestScope } from './request-scope.js';

export type { Logger };

// Anything that can carry a credential is censored wherever it appears in a log object.
const REDACT = [
  'password',
  'oldPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'secret',
  'code',
  'twofa',
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'headers["x-twofa"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.clientSecret',
  '*.refreshToken',
  '*.authorization',
];

/** `destination` defaults to stdout; tests pass a buffer to check what would be logged. */
export function createLogger(level: string, service: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACT, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const scope = requestScope.getStore();
      return scope ? { requestId: scope.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
