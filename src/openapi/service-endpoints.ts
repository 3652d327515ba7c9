import { z } from 'zod';
import type { EndpointDoc } from './endpoint.js';

/** The service's own plain endpoints that integrators may call. */
export const serviceEndpointDocs: EndpointDoc[] = [
  {
    method: 'GET',
    path: '/healthz',
    operationId: 'healthz',
    tag: 'Service',
    summary: 'Liveness: the process answers (the database is not consulted)',
    auth: ['none'],
    responses: { 200: { description: 'Alive.', schema: z.object({ status: z.literal('ok') }) } },
    example: {},
  },
];
