import { createYoga, type Plugin } from 'graphql-yoga';
import { Kind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { useAbuseProtection } from '../modules/abuse/abuse.plugin.js';
import { Credentials } from '../modules/auth/credentials.js';
import type { Services } from '../services.js';
import type { RequestContext } from './context.js';
import { createErrorMasker } from './errors.js';
import { useGraphiQLPage } from './graphiql/index.js';
import { useGraphQLTracing } from '../observability/tracing.js';
import { graphqlLimits, graphqlRequestOptions } from './limits/index.js';
import { schema } from './schema.js';

/**
 * Notes each operation's name for the audit trail of a proven caller. Whose trail a request joins
 * is decided by each root field's policy (src/graphql/policy), which also keeps these
 * caller-chosen names out of any trail the caller has not proven to own.
 */
const useOperationNames = (): Plugin<RequestContext> => ({
  onExecute({ args }) {
    const context = args.contextValue as RequestContext;
    const operation = (args.document as DocumentNode).definitions.find(
      (d): d is OperationDefinitionNode =>
        d.kind === Kind.OPERATION_DEFINITION && (!args.operationName || d.name?.value === args.operationName),
    );
    context.operationNames?.push(args.operationName ?? operation?.name?.value ?? 'anonymous');
  },
});

/** `extra`: observing plugins of the app (its metrics), run before the ones that may stop an operation. */
export function createGraphQLServer(services: Services, extra: Plugin[] = []) {
  const { logger, db } = services;
  return createYoga<RequestContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // useGraphiQLPage serves GraphiQL instead: a small page and cached, compressed static files.
    graphiql: false,
    maskedErrors: { maskError: createErrorMasker(logger) },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    ...graphqlRequestOptions(services.config),
    plugins: [
      useGraphiQLPage('/graphql', { title: 'Cloud Accounts GraphQL' }),
      // Observers first: a later plugin may end an operation early, and it must still be seen.
      useGraphQLTracing(),
      ...extra,
      useOperationNames(),
      useAbuseProtection(),
      ...graphqlLimits(services.config),
    ],
    context: ({ request, ...server }) => {
      const serverContext = server as Partial<RequestContext>;
      const attribution = serverContext.attribution ?? {};
      return {
        prisma: db.prisma,
        services,
        attribution,
        operationNames: serverContext.operationNames ?? [],
        credentials: new Credentials(request.headers.get('authorization'), services.tokens, services.sessions),
      };
    },
  });
}

export type GraphQLServer = ReturnType<typeof createGraphQLServer>;
