import autocannon from 'autocannon';

/** One target of load: what autocannon sends, and where. */
export interface Target {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** A fresh body per request (e.g. a refresh token that may be used once). */
  nextBody?: () => string | undefined;
  /** Sees every response body (e.g. to keep the refresh tokens a grant returns). */
  onBody?: (status: number, body: string) => void;
}

export interface RoundResult {
  ok: number;
  non2xx: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** One round: `connections` closed-loop connections for `seconds`, or until `amount` requests. */
export async function round(
  target: Target,
  connections: number,
  seconds: number,
  amount?: number,
): Promise<RoundResult> {
  const method = target.method ?? 'GET';
  const headers: Record<string, string> = {
    ...target.headers,
    ...(target.body || target.nextBody ? { 'content-type': 'application/json' } : {}),
  };
  const request: autocannon.Request = { method, headers, body: target.body };
  if (target.nextBody) {
    const next = target.nextBody;
    request.setupRequest = (req) => {
      const body = next();
      // A falsy return restarts the request list; with no token left there is nothing to send.
      return body === undefined ? req : { ...req, body };
    };
  }
  if (target.onBody) {
    const seen = target.onBody;
    request.onResponse = (status, body) => seen(status, body);
  }
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    ...(amount !== undefined ? { amount } : {}),
    requests: [request],
    timeout: 30,
  });
  // autocannon abandons the requests in flight when a round ends, but the server still works
  // them off (a login keeps its argon2 thread): one request more, awaited, lets that backlog
  // drain before the next round starts. Not for single-use bodies, whose rounds end by count.
  if (!target.nextBody) {
    await fetch(target.url, { method, headers, body: target.body })
      .then((response) => response.arrayBuffer())
      .catch(() => undefined);
  }
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** Rounds of one target taken together: 2xx per second over all of them, median p50, worst p99. */
export interface Figure {
  rate: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export function combine(rounds: RoundResult[]): Figure {
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const p50s = rounds.map((r) => r.p50).sort((a, b) => a - b);
  return {
    rate: rounds.reduce((sum, r) => sum + r.ok, 0) / seconds,
    p50: p50s[Math.floor((p50s.length - 1) / 2)]!,
    p99: Math.max(...rounds.map((r) => r.p99)),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  };
}

/**
 * Warms every target up, then measures `rounds` rounds of each, reversing the order every
 * other pass (A B C, C B A, ...) so neither drift nor position favours a target.
 */
export async function alternate(
  targets: Record<string, Target>,
  connections: number,
  rounds: number,
  seconds: number,
  warmup: number,
): Promise<Record<string, Figure>> {
  const names = Object.keys(targets);
  if (warmup > 0) for (const name of names) await round(targets[name]!, connections, warmup);
  const results: Record<string, RoundResult[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let pass = 0; pass < rounds; pass++) {
    const order = pass % 2 ? [...names].reverse() : names;
    for (const name of order) results[name]!.push(await round(targets[name]!, connections, seconds));
  }
  return Object.fromEntries(names.map((name) => [name, combine(results[name]!)]));
}
