import type { Logger } from './logger.js';

/**
 * Work a request starts but does not wait for (the password-reset mail, so the answer takes the
 * same time whether or not the account exists). Failures are logged, never thrown at nobody; the
 * number in flight is capped so a flood of requests cannot pile up unbounded work; and `drain()`
 * lets shutdown (app.close) wait for what was already started.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly logger: Logger,
    private readonly maxInFlight = 1000,
  ) {}

  /** Starts `task` now and returns at once. Returns false (and logs) when too much is in flight. */
  run(name: string, task: () => Promise<void>): boolean {
    if (this.running.size >= this.maxInFlight) {
      this.logger.warn({ task: name, inFlight: this.running.size }, 'background work dropped: too much in flight');
      return false;
    }
    // The promise chain keeps the request's async context, so the task's log lines carry its id.
    const promise = Promise.resolve()
      .then(task)
      .catch((error: unknown) => this.logger.error({ err: error, task: name }, 'background task failed'))
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
    return true;
  }

  /** Resolves once every task started so far (and any they start) has settled. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
