import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestScope {
  requestId: string;
}

/** Carries the request id to every log line written while a request is handled. */
export const requestScope = new AsyncLocalStorage<RequestScope>();
