/* eslint-disable @typescript-eslint/no-namespace, @typescript-eslint/no-unused-vars --
   Pothos options are declared by merging into its global namespace, and a merged interface must
   repeat every type parameter of the original, used or not. */
import type {
  FieldNullability,
  InputFieldMap,
  InputShapeFromFields,
  SchemaTypes,
  ShapeFromTypeParam,
  TypeParam,
} from '@pothos/core';
import type { FieldPolicy } from './field-policy.js';
import type { PothosPolicyPlugin } from './plugin.js';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      policy: PothosPolicyPlugin<Types>;
    }

    export interface QueryFieldOptions<
      Types extends SchemaTypes,
      Type extends TypeParam<Types>,
      Nullable extends FieldNullability<Type>,
      Args extends InputFieldMap,
      ResolveReturnShape,
    > {
      /** Who may call this field and what guards it; see src/graphql/policy/field-policy.ts. */
      policy: FieldPolicy<InputShapeFromFields<Args>, ShapeFromTypeParam<Types, Type, false>>;
    }

    export interface MutationFieldOptions<
      Types extends SchemaTypes,
      Type extends TypeParam<Types>,
      Nullable extends FieldNullability<Type>,
      Args extends InputFieldMap,
      ResolveReturnShape,
    > {
      /** Who may call this field and what guards it; see src/graphql/policy/field-policy.ts. */
      policy: FieldPolicy<InputShapeFromFields<Args>, ShapeFromTypeParam<Types, Type, false>>;
    }
  }
}
