/**
 * A background task run again and again on a timer that never keeps the process alive, never two
 * runs at once: `runOnce()` joins a run in progress, and `stop()` stops the rescheduling and waits
 * for the run in progress. The retention job and the webhook worker both run on one of these.
 */
export class PeriodicTask<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;
  private stopped = false;

  constructor(
    private readonly task: () => Promise<T>,
    private readonly delays: {
      /** Before the first run after start(). */
      firstMs: number;
      /** After each scheduled run, from its result (undefined when it threw). */
      nextMs: (result: T | undefined) => number;
    },
    /** A scheduled run that threw: the task runs again after `nextMs(undefined)`. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Set by stop() until the next start(): a long run may check it between its steps. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Runs `task` now, or joins the run in progress (whichever task that run is). */
  runOnce(task: () => Promise<T> = this.task): Promise<T> {
    this.running ??= task().finally(() => (this.running = undefined));
    return this.running;
  }

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.schedule(this.delays.firstMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(async () => {
      this.timer = undefined;
      let result: T | undefined;
      try {
        result = await this.runOnce();
      } catch (error) {
        this.onError(error);
      }
      if (!this.stopped) this.schedule(this.delays.nextMs(result));
    }, delayMs).unref();
  }
}
