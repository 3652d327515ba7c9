import type { GraphQLSchema } from 'graphql';
import { auditKind, rootFields, type AnyFieldPolicy } from './field-policy.js';

const AUDIT: Record<ReturnType<typeof auditKind>, string> = {
  caller: 'caller',
  none: 'none',
  subject: 'subject',
  client: 'client key',
};

const HEADER = `# Field policies

Generated from the built schema by \`npm run docs:policies\` (scripts/print-policies.ts); a test fails
when this file and the declarations drift apart. Change a field's \`policy\` in its \`*.schema.ts\`, then
run the script. Every REST path runs one of these fields, so the same policy guards it there.

One plugin (src/graphql/policy) applies each declaration around every call of the field, in this
order: per-IP rate limit, authentication and credential strength, lockout, the resolver, audit
attribution.

- **caller**: \`anyone\`, or \`account\`: an account access token is required (401 \`Unauthenticated\`
  without one, \`InvalidToken\` / \`TokenExpired\` / \`Forbidden\` for a bad or wrong-kind token), or
  \`admin\`: the account must also be an administrator (403 \`AdminRequired\`; \`npm run admin:grant\`).
- **strength**: \`password\` refuses a session made from the GreenCloud API key with 403
  \`PasswordSignInRequired\`: such a session proved no password and no second factor, so it may not
  take the account over. \`any\` accepts every account session.
- **per-IP limit**: the setting that holds the field's limit (\`<requests>/<seconds>\`); beyond it 429
  \`TooManyRequests\` with \`Retry-After\`. Aliases and repeated fields count one each.
- **guess**: the field checks a secret (password, API key, client secret, refresh token, emailed code,
  TOTP); an operation may select at most one such field (400 \`InvalidInput\`).
- **lockout**: wrong secrets lock the target for the client IP (\`LOGIN_LOCKOUT_*\`); while locked, every
  call gets the code shown, with \`Retry-After\`.
- **audit trail**: whose trail the call joins. \`caller\`: the authenticated account, with the client's
  operation name. \`client key\`: the owner of the client key that proved itself, with its id.
  \`subject\`: the account the call is aimed at (a login, a verification, a reset), proven or not; the
  event names the root field, never the client's operation name. \`none\`: nobody's.
`;

function row(operation: string, name: string, policy: AnyFieldPolicy | undefined): string {
  if (!policy) return `| ${operation} | \`${name}\` | **none declared: refuses every call** | | | | | |`;
  const cells = [
    operation,
    `\`${name}\``,
    policy.caller,
    policy.strength,
    policy.limit ? `\`${policy.limit}\`` : '—',
    policy.guess ? 'yes' : 'no',
    policy.lockout ? `\`${policy.lockout.failure}\`` : '—',
    AUDIT[auditKind(policy.audit)],
  ];
  return `| ${cells.join(' | ')} |`;
}

/** docs/field-policies.md before formatting: the header, then one row per root field. */
export function policyTable(schema: GraphQLSchema): string {
  const rows = rootFields(schema).map(({ operation, name, policy }) => row(operation, name, policy));
  return [
    HEADER,
    '| operation | field | caller | strength | per-IP limit | guess | lockout | audit trail |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
