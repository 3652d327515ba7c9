import { builder } from '../../graphql/builder.js';
import { AddressInput } from './user.schema.js';

const ProfileInput = builder.inputType('ProfileInput', {
  description: 'Fields left out (or null) keep their value.',
  fields: (t) => ({
    displayName: t.string({ required: false }),
    name: t.string({ required: false }),
    surname: t.string({ required: false }),
    address: t.field({
      type: AddressInput,
      required: false,
      description: 'Only the address fields given change.',
    }),
  }),
});

builder.mutationField('updateProfile', (t) =>
  t.prismaField({
    type: 'User',
    description:
      "Edits the caller's names and address. While displayName still equals `name surname`, changing one side updates the other. Errors: InvalidInput.",
    args: { input: t.arg({ type: ProfileInput, required: true }) },
    policy: { caller: 'account', strength: 'any', limit: null, guess: false, audit: 'caller' },
    resolve: (_query, _root, { input }, ctx) => ctx.services.profiles.update(ctx.credentials.viewer.user, input),
  }),
);
