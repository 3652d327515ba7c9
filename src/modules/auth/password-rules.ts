// The password rule's fixed parts. No imports: the /account app shows them as hints while one
// types, from this very file, so the page and the service cannot disagree.

/** GreenCloud's rule: at least 8 characters and one of these specials. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_SPECIALS = /[!@#$%&*]/;

/**
 * zxcvbn's score 3 means "more than 10^8 guesses": out of reach of an online attacker held back by
 * the per-IP limits and the login lockout, and it refuses a common password with its obvious
 * dressing (`Password1!`, `Qwerty123!`, `Admin@123`), which a plain list lookup lets through.
 */
export const PASSWORD_MIN_SCORE = 3;
