import { Prisma, type Event, type PrismaClient } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import type { AuditEvent, EventRecorder, EventRecorderStats } from './event-recorder.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** A position in a user's events, newest first: the last event already seen. */
export interface EventCursor {
  createdAt: Date;
  id: string;
}

export interface EventFilter {
  service?: string | null;
  /** Inclusive lower bound on createdAt. */
  since?: Date | null;
  /** Exclusive upper bound on createdAt, so adjacent windows never overlap. */
  until?: Date | null;
  httpStatusCode?: number | null;
}

export interface EventPageInput extends EventFilter {
  /** 1..1000, default 100. */
  limit?: number | null;
  /** Events strictly older than this one (an opaque cursor string, as handed out). */
  after?: string | null;
}

export interface EventPage {
  events: Event[];
  /** Whether older events match the same filters; read from one extra row, never a count. */
  hasNextPage: boolean;
}

/** The output object of an event, in the Bloq document's key order. */
export interface EventOutput {
  startTime: string;
  endTime: string;
  httpStatusCode: number;
  bytesOut: number;
}

/** Reading a user's audit trail, and the recorder that feeds it. */
export class EventService {
  constructor(
    private readonly prisma: PrismaClient,
    readonly recorder: EventRecorder,
  ) {}

  /** Queues one event; never waits on the database. */
  record(event: AuditEvent): void {
    this.recorder.record(event);
  }

  /** Writes every queued event; tests and shutdown wait on this. */
  flush(): Promise<void> {
    return this.recorder.flush();
  }

  close(): Promise<void> {
    return this.recorder.close();
  }

  stats(): EventRecorderStats {
    return this.recorder.stats();
  }

  /**
   * One page of a user's events, newest first, ordered by (createdAt desc, id desc). Keyset
   * paging on the events(user_id, created_at DESC, id DESC) index: the cost of a page does not
   * grow with the user's history, and a cursor is a position in a strict total order, not an
   * offset, so events written while a client pages never shift its pages: every event stored
   * when the paging began comes exactly once.
   */
  async page(userId: string, input: EventPageInput = {}): Promise<EventPage> {
    const limit = pageSize(input.limit);
    const cursor = input.after ? decodeCursor(input.after) : undefined;
    checkInstant(input.since, 'since');
    checkInstant(input.until, 'until');
    // `= ANY(ARRAY[..])` with `ORDER BY user_id, ...`, not `user_id = ..` alone: PostgreSQL folds a
    // plain equality out of the ordering, and can then pick the events(created_at) index and
    // filter by user, which is cheap only when the user's events are the newest in the table
    // (a heavy user's old history under other users' recent traffic means scanning all of
    // those). Kept in the ordering, the user column is served only by the (user_id, created_at
    // DESC, id DESC) index, which also starts the scan right at the cursor.
    const where = [Prisma.sql`user_id = ANY (ARRAY[${userId}]::text[])`];
    if (input.service != null) where.push(Prisma.sql`service = ${input.service}`);
    if (input.httpStatusCode != null) where.push(Prisma.sql`http_status_code = ${input.httpStatusCode}`);
    if (input.since) where.push(Prisma.sql`created_at >= ${input.since}`);
    if (input.until) where.push(Prisma.sql`created_at < ${input.until}`);
    if (cursor) {
      // `created_at <= x` bounds the index scan; the OR skips the rows sharing x that are not older.
      where.push(
        Prisma.sql`created_at <= ${cursor.createdAt}`,
        Prisma.sql`(created_at < ${cursor.createdAt} OR id < ${cursor.id})`,
      );
    }
    const rows = await this.prisma.$queryRaw<Event[]>`
      SELECT id, user_id AS "userId", service, input, output, service_data AS "serviceData",
             http_status_code AS "httpStatusCode", created_at AS "createdAt"
      FROM events
      WHERE ${Prisma.join(where, ' AND ')}
      ORDER BY user_id, created_at DESC, id DESC
      LIMIT ${limit + 1}`;
    return { events: rows.slice(0, limit), hasNextPage: rows.length > limit };
  }
}

// JavaScript dates reach ±275760 and ISO 8601 writes year 0, but PostgreSQL knows no year 0 and
// the drivers write dates as four-digit years: outside years 1 to 9999 a bound would fail in the
// database (a 500) instead of as the caller's mistake. No event is that old or that new.
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/** Whether a date lies in the years 1 to 9999 that every layer down to the database can store. */
export function isStorableInstant(date: Date): boolean {
  const time = date.getTime();
  return time >= EARLIEST && time <= LATEST;
}

function checkInstant(date: Date | null | undefined, name: string): void {
  if (date && !isStorableInstant(date)) {
    throw new DomainError('InvalidInput', { message: `${name} must lie between the years 1 and 9999.` });
  }
}

function pageSize(limit: number | null | undefined): number {
  if (limit == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new DomainError('InvalidInput', { message: `The page size must be an integer from 1 to ${MAX_PAGE_SIZE}.` });
  }
  return limit;
}

/** The opaque cursor of an event: base64url of its (createdAt, id). */
export function encodeCursor(event: Pick<Event, 'createdAt' | 'id'>): string {
  return Buffer.from(JSON.stringify([event.createdAt.toISOString(), event.id])).toString('base64url');
}

export function decodeCursor(cursor: string): EventCursor {
  const invalid = () => new DomainError('InvalidInput', { message: 'The cursor is not one this API handed out.' });
  if (cursor.length > 200) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [at, id] = parsed as unknown[];
  const createdAt = typeof at === 'string' ? new Date(at) : undefined;
  if (!createdAt || !isStorableInstant(createdAt) || typeof id !== 'string' || !id) throw invalid();
  return { createdAt, id };
}

/** The stored output JSON, rebuilt in the documented key order (jsonb does not keep key order). */
export function eventOutput(output: unknown): EventOutput {
  const o = (output ?? {}) as Partial<EventOutput>;
  return {
    startTime: o.startTime ?? '',
    endTime: o.endTime ?? '',
    httpStatusCode: o.httpStatusCode ?? 0,
    bytesOut: o.bytesOut ?? 0,
  };
}
