import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import pg from 'pg';

/*
 * The bare baseline for `me`, run as its own process by bench/run.ts: a node:http handler doing
 * what `GET /users/me` must do and nothing else. It verifies an EdDSA account token of the same
 * shape as the service's (kid, typ, iss, aud, sub, jti, iat, exp, ver; key looked up by kid, fixed
 * algorithm list), selects the user row by id with `pg` from the same PostgreSQL database, and
 * answers the profile as JSON.
 * Env: DATABASE_URL, USER_ID, POOL_SIZE. Prints `BENCH_READY {"port","token"}` when serving.
 */

const url = process.env.DATABASE_URL!;
const userId = process.env.USER_ID!;
const issuer = 'http://127.0.0.1';
const audience = 'cloud-accounts:account';
const typ = 'account-access+jwt';

const pool = new pg.Pool({ connectionString: url, max: Number(process.env.POOL_SIZE ?? 10) });
const kid = randomUUID();
const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
const keys = new Map<string, typeof publicKey>([[kid, publicKey]]);
const now = Math.floor(Date.now() / 1000);
const token = await new SignJWT({ ver: 0, amr: 'password' })
  .setProtectedHeader({ alg: 'EdDSA', kid, typ })
  .setIssuer(issuer)
  .setAudience(audience)
  .setSubject(userId)
  .setJti(randomUUID())
  .setIssuedAt(now)
  .setExpirationTime(now + 12 * 3600)
  .sign(privateKey);

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  entity_type: string;
  verified_at: Date | null;
  created_at: Date;
  updated_at: Date;
  street: string;
  post_code: string;
  state: string;
  country: string;
  token_version: number;
}

const server = createServer((req, res) => {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  if (req.url !== '/users/me' || !match) return send(401, { code: 'Unauthenticated', message: 'no token' });
  jwtVerify(
    match[1]!,
    async (header) => {
      const key = keys.get(header.kid ?? '');
      if (!key) throw new Error('unknown kid');
      return key;
    },
    { algorithms: ['EdDSA'], issuer, audience, typ, requiredClaims: ['sub', 'jti', 'exp', 'iat'] },
  )
    .then(async ({ payload }) => {
      const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [payload.sub]);
      const user = rows[0];
      if (!user || user.token_version !== payload.ver) return send(401, { code: 'InvalidToken', message: 'no' });
      send(200, {
        displayName: user.display_name,
        entityType: user.entity_type,
        verifiedAt: user.verified_at,
        updatedAt: user.updated_at,
        billingAddress: { country: user.country, zipCode: user.post_code, address: user.street, state: user.state },
        createdAt: user.created_at,
        email: user.email,
        id: user.id,
      });
    })
    .catch(() => send(401, { code: 'InvalidToken', message: 'invalid token' }));
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`BENCH_READY ${JSON.stringify({ port, token })}`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
