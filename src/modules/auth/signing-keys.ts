import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { PrismaClient } from '../../generated/prisma/client.js';

export const SIGNING_ALG = 'EdDSA';
// Replicas starting together must create one key, not one each.
const KEY_CREATION_LOCK = 72_707_370;
// How often a cache miss (a kid minted by another replica after a rotation) may hit the database.
const RELOAD_MIN_INTERVAL_MS = 1000;

interface LoadedKey {
  kid: string;
  publicJwk: JWK;
  publicKey: CryptoKey;
  privateKey?: CryptoKey;
  createdAt: Date;
  retiredAt: Date | null;
}

/**
 * The asymmetric keys tokens are signed with. Kept in the database so every replica shares
 * them; the newest unretired key signs, every loaded key verifies. A key can instead be
 * supplied from the environment (SIGNING_KEY, a private JWK), in which case it is the only one.
 */
export class SigningKeyStore {
  private keys = new Map<string, LoadedKey>();
  private active?: LoadedKey;
  private lastReload = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly suppliedJwk?: string,
  ) {}

  async init(): Promise<void> {
    if (this.suppliedJwk) {
      await this.loadSupplied(this.suppliedJwk);
      return;
    }
    await this.reload();
    if (!this.active) {
      await this.createKeyIfNone();
      await this.reload();
    }
  }

  signingKey(): { kid: string; key: CryptoKey } {
    const key = this.active;
    if (!key?.privateKey) throw new Error('no signing key loaded');
    return { kid: key.kid, key: key.privateKey };
  }

  /** The key for a token's kid, from the local key set only (never from the token itself). */
  async verificationKey(kid: string | undefined): Promise<CryptoKey | undefined> {
    if (!kid) return undefined;
    let key = this.keys.get(kid);
    if (!key && !this.suppliedJwk && Date.now() - this.lastReload > RELOAD_MIN_INTERVAL_MS) {
      await this.reload();
      key = this.keys.get(kid);
    }
    return key?.publicKey;
  }

  /** Public halves of every key that may still verify a live token. */
  publicJwks(): JWK[] {
    return [...this.keys.values()]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((key) => ({ ...key.publicJwk, kid: key.kid, alg: SIGNING_ALG, use: 'sig' }));
  }

  /** Re-reads the key set, so a rotation done by another replica is picked up. */
  async reload(): Promise<void> {
    this.lastReload = Date.now();
    const rows = await this.prisma.signingKey.findMany({ orderBy: { createdAt: 'desc' } });
    const keys = new Map<string, LoadedKey>();
    for (const row of rows) {
      const known = this.keys.get(row.kid);
      keys.set(
        row.kid,
        known
          ? { ...known, retiredAt: row.retiredAt }
          : {
              kid: row.kid,
              publicJwk: row.publicJwk as JWK,
              publicKey: (await importJWK(row.publicJwk as JWK, SIGNING_ALG)) as CryptoKey,
              privateKey: (await importJWK(JSON.parse(row.privateJwk) as JWK, SIGNING_ALG)) as CryptoKey,
              createdAt: row.createdAt,
              retiredAt: row.retiredAt,
            },
      );
    }
    this.keys = keys;
    this.active = [...keys.values()].find((key) => !key.retiredAt);
  }

  /** Creates a key row; the caller holds whatever lock it needs. */
  static async newKeyRow() {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
    return {
      kid: randomUUID(),
      alg: SIGNING_ALG,
      privateJwk: JSON.stringify(await exportJWK(privateKey)),
      publicJwk: (await exportJWK(publicKey)) as object,
    };
  }

  private async createKeyIfNone(): Promise<void> {
    const row = await SigningKeyStore.newKeyRow();
    await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_CREATION_LOCK})`;
      const existing = await tx.signingKey.count({ where: { retiredAt: null } });
      if (existing === 0) await tx.signingKey.create({ data: row });
    });
  }

  private async loadSupplied(text: string): Promise<void> {
    let jwk: JWK;
    try {
      jwk = JSON.parse(text) as JWK;
    } catch {
      throw new Error('SIGNING_KEY is not valid JSON (expected a private Ed25519 JWK)');
    }
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d) {
      throw new Error('SIGNING_KEY must be a private Ed25519 JWK (kty OKP, crv Ed25519, with d)');
    }
    const { d: _private, ...publicJwk } = jwk;
    const kid = jwk.kid ?? 'supplied';
    const key: LoadedKey = {
      kid,
      publicJwk,
      publicKey: (await importJWK(publicJwk, SIGNING_ALG)) as CryptoKey,
      privateKey: (await importJWK(jwk, SIGNING_ALG)) as CryptoKey,
      createdAt: new Date(0),
      retiredAt: null,
    };
    this.keys = new Map([[kid, key]]);
    this.active = key;
  }
}
