import { DomainError } from '../../shared/errors.js';

export interface AddressInput {
  company?: string | null;
  street?: string | null;
  district?: string | null;
  city?: string | null;
  state?: string | null;
  postCode?: string | null;
  country?: string | null;
}

const ADDRESS_FIELDS = ['company', 'street', 'district', 'city', 'state', 'postCode', 'country'] as const;
// Deliberately loose: one @, something on each side, no spaces. Delivery proves the rest.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A trimmed single-line string of bounded length, or InvalidInput naming the field. */
export function text(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  // Control characters have no business in names or addresses and break mail headers and logs.
  if (trimmed.length > max || /\p{Cc}/u.test(trimmed)) {
    throw new DomainError('InvalidInput', { message: `${field} must be at most ${max} printable characters.` });
  }
  return trimmed;
}

export function normalizeEmail(value: string): string {
  const email = value.trim();
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new DomainError('InvalidInput', { message: 'email must be a valid email address.' });
  }
  return email;
}

export function normalizeAddress(
  input: AddressInput | null | undefined,
): Partial<Record<(typeof ADDRESS_FIELDS)[number], string>> {
  const address: Partial<Record<(typeof ADDRESS_FIELDS)[number], string>> = {};
  for (const field of ADDRESS_FIELDS) {
    const value = input?.[field];
    if (value !== undefined && value !== null) address[field] = text(field, value, 200);
  }
  return address;
}

/**
 * Bloq speaks of displayName, GreenCloud of name and surname: each defaults from the other,
 * and with neither the email's local part is the display name.
 */
export function pickNames(
  input: { displayName?: string | null; name?: string | null; surname?: string | null },
  email: string,
): { displayName: string; name: string; surname: string } {
  const displayName = text('displayName', input.displayName ?? '', 200);
  let name = text('name', input.name ?? '', 100);
  let surname = text('surname', input.surname ?? '', 100);
  if (!name && !surname && displayName) {
    const space = displayName.indexOf(' ');
    name = space < 0 ? displayName : displayName.slice(0, space);
    surname = space < 0 ? '' : displayName.slice(space + 1).trim();
  }
  const fallback = `${name} ${surname}`.trim() || email.slice(0, email.indexOf('@'));
  return { displayName: displayName || fallback, name, surname };
}
