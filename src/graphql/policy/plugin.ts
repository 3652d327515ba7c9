import './global-types.js';
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import type { GraphQLContext } from '../context.js';
import { enforcePolicy } from './enforce.js';
import type { AnyFieldPolicy } from './field-policy.js';

const pluginName = 'policy';

const isRoot = (config: { kind: string }) => config.kind === 'Query' || config.kind === 'Mutation';
const declared = (config: { pothosOptions: object }) => (config.pothosOptions as { policy?: AnyFieldPolicy }).policy;

/**
 * Every Query and Mutation field declares its policy; this plugin copies it into the field's
 * extensions (the one-guess rule, the docs table and the tests read it from the built schema)
 * and wraps the resolver once, when the schema is built. A root field without a policy refuses
 * every call: forgetting one can never open a field up.
 */
export class PothosPolicyPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const policy = isRoot(fieldConfig) ? declared(fieldConfig) : undefined;
    if (!policy) return fieldConfig;
    return { ...fieldConfig, extensions: { ...fieldConfig.extensions, policy } };
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!isRoot(fieldConfig)) return resolver;
    const policy = declared(fieldConfig);
    const field = fieldConfig.name;
    if (!policy) {
      return () => {
        throw new Error(`The root field ${field} declares no policy.`);
      };
    }
    return (root, args, context, info) =>
      enforcePolicy({
        field,
        policy,
        args: args as Record<string, unknown>,
        context: context as GraphQLContext,
        run: () => resolver(root, args, context, info),
      });
  }
}

SchemaBuilder.registerPlugin(pluginName, PothosPolicyPlugin);

export default pluginName;
