import { randomUUID } from 'node:crypto';
import type { Event } from '../../src/generated/prisma/client.js';
import type { TestApp } from '../support/app.js';

/** Every stored event of a user, newest first, after writing whatever is queued. */
export async function storedEvents(t: TestApp, userId: string): Promise<Event[]> {
  await t.app.services.events.flush();
  return t.db.prisma.event.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
}

/** Every row of the events table as one string, for searching it for secrets. */
export async function allEventsText(t: TestApp): Promise<string> {
  await t.app.services.events.flush();
  return JSON.stringify(await t.db.prisma.event.findMany());
}

export interface SeedOptions {
  /** createdAt of the newest seeded event; older ones step back by stepMs. */
  newest?: Date;
  stepMs?: number;
  service?: string;
  status?: number;
}

/** Inserts `count` events straight into the table (for paging, filter and retention tests). */
export async function seedEvents(t: TestApp, userId: string, count: number, options: SeedOptions = {}) {
  const newest = options.newest ?? new Date(Date.now() - 60_000);
  const stepMs = options.stepMs ?? 1000;
  const status = options.status ?? 200;
  const data = Array.from({ length: count }, (_, i) => {
    const at = new Date(newest.getTime() - i * stepMs);
    return {
      id: `event-${randomUUID()}`,
      userId,
      service: options.service ?? 'cloud-accounts',
      input: { method: 'GET', path: '/users/me', operationName: 'Me' },
      output: { startTime: at.toISOString(), endTime: at.toISOString(), httpStatusCode: status, bytesOut: 10 },
      serviceData: {},
      httpStatusCode: status,
      createdAt: at,
    };
  });
  await t.db.prisma.event.createMany({ data });
  return data;
}
