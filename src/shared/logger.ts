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

// A request path can carry a credential too (PUT /users/:id/token/:token): keep the shape, not the value.
function redactPath(path: unknown): unknown {
  if (typeof path !== 'string') return path;
  return path.replace(/(\/token\/)[^/?#]+/gi, '$1[redacted]').replace(/[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/g, '[redacted]');
}

/** `destination` defaults to stdout; tests pass a buffer to check what would be logged. */
export function createLogger(level: string, service: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { path: redactPath },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const scope = requestScope.getStore();
      return scope ? { requestId: scope.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
