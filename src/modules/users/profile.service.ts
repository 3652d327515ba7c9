import type { PrismaClient, User } from '../../generated/prisma/client.js';
import { DomainError } from '../../shared/errors.js';
import { type AddressInput, normalizeAddress, text } from './user.input.js';

export interface ProfileInput {
  displayName?: string | null;
  name?: string | null;
  surname?: string | null;
  address?: AddressInput | null;
}

/** Profile edits: names and the one address. Fields left out (or null) stay as they are. */
export class ProfileService {
  constructor(private readonly prisma: PrismaClient) {}

  async update(user: User, input: ProfileInput): Promise<User> {
    const address = normalizeAddress(input.address);
    const names = nextNames(user, input);
    if (!Object.keys(address).length && !names) return user;
    return this.prisma.user.update({ where: { id: user.id }, data: { ...address, ...names } });
  }
}

const joined = (name: string, surname: string) => `${name} ${surname}`.trim();

/**
 * Bloq shows displayName, GreenCloud name and surname. While one is still derived from the
 * other (as sign-up left it), editing one side keeps the other in step; once a user has set
 * both apart, each is left alone.
 */
function nextNames(
  user: Pick<User, 'displayName' | 'name' | 'surname'>,
  input: ProfileInput,
): { displayName: string; name: string; surname: string } | undefined {
  const given = {
    displayName: input.displayName ?? undefined,
    name: input.name ?? undefined,
    surname: input.surname ?? undefined,
  };
  if (given.displayName === undefined && given.name === undefined && given.surname === undefined) return undefined;
  const displayName = given.displayName === undefined ? undefined : text('displayName', given.displayName, 200);
  if (displayName === '') throw new DomainError('InvalidInput', { message: 'displayName must not be empty.' });
  let name = given.name === undefined ? user.name : text('name', given.name, 100);
  let surname = given.surname === undefined ? user.surname : text('surname', given.surname, 100);
  const linked = user.displayName === joined(user.name, user.surname);
  let next = displayName ?? user.displayName;
  if (displayName === undefined && linked) next = joined(name, surname) || user.displayName;
  if (displayName !== undefined && given.name === undefined && given.surname === undefined && linked) {
    const space = displayName.indexOf(' ');
    name = space < 0 ? displayName : displayName.slice(0, space);
    surname = space < 0 ? '' : displayName.slice(space + 1).trim();
  }
  return { displayName: next, name, surname };
}
