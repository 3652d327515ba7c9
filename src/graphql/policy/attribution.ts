import type { Attribution } from '../../modules/auth/credentials.js';

/**
 * Only the policy step writes a request's attribution. An authenticated caller's own trail wins
 * over anything else in the request; otherwise the first account a call was aimed at keeps it.
 */
export function attributeToCaller(attribution: Attribution, userId: string): void {
  attribution.userId = userId;
  attribution.byCaller = true;
  attribution.subjectField = undefined;
}

/** A client key that proved itself with its secret or refresh token speaks for its owner. */
export function attributeToClient(attribution: Attribution, userId: string, clientKeyId: string): void {
  if (attribution.byCaller) return;
  attribution.userId = userId;
  attribution.clientKeyId = clientKeyId;
  attribution.byCaller = true;
  attribution.subjectField = undefined;
}

/**
 * A call aimed at an account by someone who has not (or not yet) proven to be it: a login, a
 * verification, a reset. Its event names the root field, a name the schema defines, so nothing
 * the caller chose (its operation name) reaches the account's trail.
 */
export function attributeToSubject(attribution: Attribution, userId: string, field: string): void {
  if (attribution.userId) return;
  attribution.userId = userId;
  attribution.subjectField = field;
}
