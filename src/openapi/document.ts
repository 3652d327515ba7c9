import { z } from 'zod';
import { routes } from '../rest/routes.js';
import { errorBody } from '../rest/schemas.js';
import { oauthEndpointDocs, oauthErrorBody } from '../modules/oauth/oauth.openapi.js';
import type { RouteAuth } from '../rest/route.js';
import type { EndpointDoc, ResponseDoc } from './endpoint.js';
import { restEndpoint } from './rest-endpoints.js';
import { serviceEndpointDocs } from './service-endpoints.js';

type Json = Record<string, unknown>;

/** Every endpoint the document describes: the REST route table, the OAuth endpoints, /healthz. */
export function documentedEndpoints(): EndpointDoc[] {
  return [...routes.map(restEndpoint), ...oauthEndpointDocs, ...serviceEndpointDocs];
}

const SECURITY_SCHEMES = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /auth, POST /api/auth/apiKey, POST /auth/token or POST /oauth2/token.',
  },
  userBasic: {
    type: 'http',
    scheme: 'basic',
    description: 'The account email (or user id) and password, for POST /auth only.',
  },
  clientBasic: {
    type: 'http',
    scheme: 'basic',
    description:
      'A client key: clientId as the user name, clientSecret as the password (OAuth client_secret_basic; ' +
      'form-encoded first on the /oauth2 endpoints, as RFC 6749 section 2.3.1 says).',
  },
} as const;

const SCHEME_OF: Record<Exclude<RouteAuth, 'none'>, keyof typeof SECURITY_SCHEMES> = {
  bearer: 'bearerAuth',
  userBasic: 'userBasic',
  clientBasic: 'clientBasic',
};

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) for a zod schema, without the `$schema` marker. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

function parameters(endpoint: EndpointDoc): Json[] {
  const list: Json[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodType | undefined, examples: Record<string, string> = {}) => {
    if (!schema) return;
    const object = jsonSchema(schema, 'input');
    const required = new Set((object.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries((object.properties ?? {}) as Record<string, Json>)) {
      const { description, ...propertySchema } = property;
      list.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema: propertySchema,
        ...(examples[name] !== undefined ? { example: examples[name] } : {}),
      });
    }
  };
  add('path', endpoint.params, endpoint.example.params);
  add('query', endpoint.query, endpoint.example.query);
  for (const [name, description] of Object.entries(endpoint.headers ?? {})) {
    list.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });
  }
  return list;
}

function response(doc: ResponseDoc): Json {
  const out: Json = { description: doc.description };
  if (doc.headers) {
    out.headers = Object.fromEntries(
      Object.entries(doc.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
    );
  }
  const schema = doc.ref ? { $ref: `#/components/schemas/${doc.ref}` } : doc.schema && jsonSchema(doc.schema, 'output');
  if (schema) out.content = { 'application/json': { schema } };
  return out;
}

function operation(endpoint: EndpointDoc): Json {
  const op: Json = {
    operationId: endpoint.operationId,
    tags: [endpoint.tag],
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    security: endpoint.auth.map((auth) => (auth === 'none' ? {} : { [SCHEME_OF[auth]]: [] })),
  };
  const params = parameters(endpoint);
  if (params.length) op.parameters = params;
  if (endpoint.body) {
    const schema = jsonSchema(endpoint.body.schema, 'input');
    op.requestBody = {
      // A body of optional fields may be left out altogether (the shim reads none as `{}`).
      required: ((schema.required as string[] | undefined) ?? []).length > 0,
      content: {
        [endpoint.body.mediaType]: {
          schema,
          ...(endpoint.example.body ? { example: endpoint.example.body } : {}),
        },
      },
    };
  }
  op.responses = Object.fromEntries(Object.entries(endpoint.responses).map(([status, doc]) => [status, response(doc)]));
  return op;
}

export interface DocumentOptions {
  /** The public base URL (PUBLIC_URL); the committed openapi.json leaves it out (relative to where it is served). */
  serverUrl?: string;
  version?: string;
}

/** The OpenAPI 3.1 document, generated from the endpoints' own schemas. */
export function buildOpenApiDocument(options: DocumentOptions = {}): Json {
  const paths: Record<string, Json> = {};
  for (const endpoint of documentedEndpoints()) {
    paths[endpoint.path] ??= {};
    paths[endpoint.path]![endpoint.method.toLowerCase()] = operation(endpoint);
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Cloud accounts REST API',
      version: options.version ?? '0.1.0',
      description:
        'The REST paths of the account service: Bloq-style paths at the root, GreenCloud-style paths under /api, ' +
        'OAuth 2.0 endpoints for client keys. Every REST error is `{code, message}`; the OAuth endpoints answer ' +
        'RFC 6749 `{error, error_description}`. The same operations are available over GraphQL at /graphql.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [
      { name: 'Bloq', description: 'Bloq-compatible account paths.' },
      { name: 'GreenCloud', description: 'GreenCloud-compatible paths under /api.' },
      { name: 'OAuth 2.0', description: 'Client keys as OAuth 2.0 clients; discovery and keys.' },
      { name: 'Service', description: 'Health of the service.' },
    ],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBody, 'output'), OAuthError: jsonSchema(oauthErrorBody, 'output') },
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
