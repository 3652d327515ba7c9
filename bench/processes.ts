import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Child processes of the benchmark: the service, the baselines and the peer. Every child is
 * registered so that `stopAll` ends it however the run ends (error, Ctrl-C, normal exit).
 */
export interface Child {
  name: string;
  process: ChildProcess;
  /** The last few kB the child wrote, for error messages. */
  tail(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const children = new Set<Child>();
const TAIL_BYTES = 8192;

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string },
): Child {
  const proc = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-TAIL_BYTES);
  };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const child: Child = {
    name,
    process: proc,
    tail: () => tail,
    exited,
    async stop() {
      children.delete(child);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  children.add(child);
  return child;
}

/** The first line `BENCH_READY <json>` a baseline child prints once it serves. */
export function readyMessage<T>(child: Child, timeoutMs = 300_000): Promise<T> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => fail(new Error(`${child.name} did not start in time:\n${child.tail()}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /^BENCH_READY (.*)$/m.exec(buffer);
      if (!match) return;
      cleanup();
      resolve(JSON.parse(match[1]!) as T);
    };
    const onExit = () => fail(new Error(`${child.name} exited before it was ready:\n${child.tail()}`));
    function cleanup() {
      clearTimeout(timer);
      child.process.stdout!.off('data', onData);
      child.process.off('exit', onExit);
    }
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
    child.process.stdout!.on('data', onData);
    child.process.once('exit', onExit);
  });
}

/** Polls `url` until it answers 200; returns the milliseconds since `since`. */
export async function firstOk(child: Child, url: string, since: number, timeoutMs = 300_000): Promise<number> {
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited during start-up:\n${child.tail()}`);
    const status = await fetch(url)
      .then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      })
      .catch(() => 0);
    if (status === 200) return performance.now() - since;
    if (performance.now() - since > timeoutMs)
      throw new Error(`${child.name} not ready after ${timeoutMs} ms:\n${child.tail()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resident set size now and its peak, in MB, from /proc (Linux). */
export function memoryOf(child: Child): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${child.process.pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => child.stop()));
}

/** Last resort when the bench process itself is ending: no awaiting possible here. */
export function killAllNow(): void {
  for (const child of children) child.process.kill('SIGKILL');
  children.clear();
}
