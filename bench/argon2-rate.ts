import argon2 from 'argon2';
import { loadConfig } from '../src/config.js';

/*
 * The raw argon2id verify rate, the baseline for password login, run as its own process by
 * bench/run.ts with the service's UV_THREADPOOL_SIZE and the service's argon2 settings (from the
 * same environment, through the service's own config defaults). CONCURRENCY verifications are
 * kept in flight for SECONDS; prints `BENCH_READY {"rate","p50","p99"}` (verifies/s, ms).
 */

const config = loadConfig({
  ARGON2_MEMORY_KIB: process.env.ARGON2_MEMORY_KIB,
  ARGON2_TIME_COST: process.env.ARGON2_TIME_COST,
  ARGON2_PARALLELISM: process.env.ARGON2_PARALLELISM,
});
const seconds = Number(process.env.SECONDS ?? 4);
const concurrency = Number(process.env.CONCURRENCY ?? 20);
const password = 'Bench!mark-password';
const hash = await argon2.hash(password, {
  type: argon2.argon2id,
  memoryCost: config.ARGON2_MEMORY_KIB,
  timeCost: config.ARGON2_TIME_COST,
  parallelism: config.ARGON2_PARALLELISM,
});
// Warm the pool's threads up, as the service's warm-up round does.
await Promise.all(Array.from({ length: concurrency }, () => argon2.verify(hash, password)));

const latencies: number[] = [];
const started = performance.now();
const until = started + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const begin = performance.now();
      if (!(await argon2.verify(hash, password))) throw new Error('argon2 verify failed');
      latencies.push(performance.now() - begin);
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
console.log(`BENCH_READY ${JSON.stringify({ rate: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) })}`);
