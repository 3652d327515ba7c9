import { LockedOut, type LoginAttempt } from '../../modules/abuse/login-lockout.js';
import type { AccountViewer } from '../../modules/auth/credentials.js';
import { DomainError } from '../../shared/errors.js';
import type { GraphQLContext } from '../context.js';
import { attributeToCaller, attributeToClient, attributeToSubject } from './attribution.js';
import type { AnyFieldPolicy, LockoutPolicy, LoginTarget } from './field-policy.js';
import { emitWebhookEvent } from '../../modules/webhooks/outbox.js';

/** One call of a root field: what the policy step needs to know, and the resolver to run. */
export interface PolicyCall {
  field: string;
  policy: AnyFieldPolicy;
  args: Record<string, unknown>;
  context: GraphQLContext;
  run: () => unknown;
}

/**
 * Applies a field's policy around one call, always in this order: per-IP rate limit →
 * authentication and credential strength → lockout → resolver → audit attribution.
 *
 * Each call is guarded (not each operation), so aliases and repeated fields count as the attempts
 * they are; root mutation fields run one after another, so a lockout earned by one alias already
 * refuses the next. The limiters come from the request's context, never from a closure: one
 * schema object serves every app in the process (tests build many, on different databases).
 */
export async function enforcePolicy({ field, policy, args, context, run }: PolicyCall): Promise<unknown> {
  const abuse = context.services?.abuse;
  const limited = abuse?.enabled === true;
  let viewer: AccountViewer | undefined;
  let subject: string | undefined;
  let result: unknown;
  try {
    if (limited && policy.limit) await abuse.limitIp(policy.limit, context.clientIp);
    if (policy.caller !== 'anyone') {
      viewer = await context.credentials.requireAccount();
      if (policy.strength === 'password' && viewer.session.method === 'api_key') {
        throw new DomainError('PasswordSignInRequired');
      }
      if (policy.caller === 'admin' && !viewer.user.isAdmin) throw new DomainError('AdminRequired');
    }
    const audit = policy.audit;
    if (typeof audit === 'object' && 'subject' in audit && audit.subject.before) {
      subject = await audit.subject.before(args, context.services);
    }
    if (limited && policy.lockout) {
      const target = await policy.lockout.target(args, context.services);
      subject ??= target?.userId;
      result = target ? await withLockout(policy.lockout, target, context, run) : await run();
    } else {
      result = await run();
    }
  } catch (error) {
    attribute(field, policy, context, { viewer, subject, error });
    throw error;
  }
  attribute(field, policy, context, { viewer, subject, result });
  return result;
}

async function withLockout(
  lockout: LockoutPolicy<unknown>,
  target: LoginTarget,
  context: GraphQLContext,
  run: () => unknown,
): Promise<unknown> {
  let attempt: LoginAttempt;
  try {
    attempt = await context.services.abuse.beginLogin(target.key, context.clientIp);
  } catch (error) {
    if (!(error instanceof LockedOut)) throw error;
    // The same answer as a wrong secret, right secret or not; only Retry-After tells them apart.
    throw new DomainError(lockout.failure, { retryAfter: error.retryAfter, subjectUserId: target.userId });
  }
  const secretRight = () => (target.resetOnSuccess === false ? attempt.abandoned() : attempt.succeeded());

  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    const code = error instanceof DomainError ? error.code : undefined;
    if (code === lockout.failure) {
      const lockedFor = await attempt.failed();
      if (lockedFor) {
        const failure = error as DomainError;
        if (target.userId)
          await emitWebhookEvent(context.services.db.prisma, 'login.locked_out', {
            userId: target.userId,
            lockedForSeconds: lockedFor,
          });
        throw new DomainError(failure.code, {
          message: failure.message,
          retryAfter: lockedFor,
          subjectUserId: failure.subjectUserId,
        });
      }
    } else if (code && lockout.proven.includes(code)) {
      await secretRight();
    } else {
      await attempt.abandoned();
    }
    throw error;
  }
  await secretRight();
  return result;
}

interface Outcome {
  viewer?: AccountViewer;
  /** The account the call was aimed at, known before it ran (arguments, lockout target). */
  subject?: string;
  result?: unknown;
  error?: unknown;
}

function attribute(field: string, policy: AnyFieldPolicy, context: GraphQLContext, outcome: Outcome): void {
  const attribution = context.attribution;
  if (!attribution) return;
  const { audit } = policy;
  if (audit === 'none') return;
  if (audit === 'caller' && outcome.viewer) {
    attributeToCaller(attribution, outcome.viewer.user.id);
    return;
  }
  const refused = outcome.error instanceof DomainError ? outcome.error.subjectUserId : undefined;
  if (typeof audit === 'object' && 'client' in audit && !outcome.error) {
    const { userId, clientKeyId } = audit.client(outcome.result);
    attributeToClient(attribution, userId, clientKeyId);
    return;
  }
  const after =
    typeof audit === 'object' && 'subject' in audit && !outcome.error
      ? audit.subject.after?.(outcome.result)
      : undefined;
  const subject = refused ?? after ?? outcome.subject;
  if (subject) attributeToSubject(attribution, subject, field);
}
