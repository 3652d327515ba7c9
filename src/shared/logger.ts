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
  // Asynchronous stdout: a line per request written synchronously is a write(2) on the request's
  // path; asynchronously, lines written while one write is under way go out together. pino flushes
  // what is buffered when the process exits.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}
