import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { Logger } from '../../shared/logger.js';

export const SIGNING_ALG = 'EdDSA';
// Replicas starting together must create one key, not one each.
const KEY_CREATION_LOCK = 72_707_370;
// How often a cache miss (a kid minted by another replica after a rotation) may hit the database.
const RELOAD_MIN_INTERVAL_MS = 1000;

export interface SigningKeyOptions {
  /**
   * How long a retired key keeps verifying. A key signs only until it is retired, so once the
   * longest token lifetime has passed no live token can carry its kid: see signingKeyGraceSeconds.
   */
  graceSeconds: number;
  /** How often the key set is re-read, so a rotation done elsewhere is picked up; 0 = never. */
  reloadIntervalMs?: number;
  logger?: Logger;
}

/**
 * The grace of a retired key: the longest lifetime of any token it may have signed, plus the time
 * other replicas may keep signing with it before their periodic reload notices the rotation.
 */
export function signingKeyGraceSeconds(
  ttls: { ACCOUNT_TOKEN_TTL_SECONDS: number; CLIENT_TOKEN_TTL_SECONDS: number; REFRESH_TOKEN_TTL_SECONDS: number },
  reloadIntervalSeconds: number,
): number {
  return (
    Math.max(ttls.ACCOUNT_TOKEN_TTL_SECONDS, ttls.CLIENT_TOKEN_TTL_SECONDS, ttls.REFRESH_TOKEN_TTL_SECONDS) +
    2 * reloadIntervalSeconds
  );
}

export interface RotationResult {
  /** The kid that signs from now on. */
  kid: string;
  /** Keys retired by this rotation (they keep verifying through their grace). */
  retired: string[];
  /** Keys whose grace had ended, deleted. */
  pruned: string[];
}

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
  private missReload?: Promise<void>;
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly suppliedJwk?: string,
    private readonly options: SigningKeyOptions = { graceSeconds: Number.POSITIVE_INFINITY },
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
    const every = this.options.reloadIntervalMs ?? 0;
    if (every > 0 && !this.timer) {
      this.timer = setInterval(() => {
        // A failed reload keeps the current set; the next tick (or an unknown kid) tries again.
        this.reload().catch((error: unknown) => this.options.logger?.warn({ err: error }, 'signing key reload failed'));
      }, every);
      this.timer.unref();
    }
  }

  /** Stops the periodic reload. */
  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
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
    if (!key && !this.suppliedJwk) {
      await this.reloadForMiss();
      key = this.keys.get(kid);
    }
    // Checked on every use, not only at reload: a key's grace can end between two reloads.
    return key && this.inGrace(key) ? key.publicKey : undefined;
  }

  /**
   * The private keys this replica holds that may still sign, newest first. Signing is
   * deterministic (Ed25519), so re-signing the same claims with the key that signed them
   * reproduces the very same token: refresh-token reuse relies on this.
   */
  privateKeys(): { kid: string; key: CryptoKey }[] {
    return [...this.keys.values()]
      .filter((key) => key.privateKey && this.inGrace(key))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((key) => ({ kid: key.kid, key: key.privateKey! }));
  }

  /** Public halves of every key that may still verify a live token. */
  publicJwks(): JWK[] {
    return [...this.keys.values()]
      .filter((key) => this.inGrace(key))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((key) => ({ ...key.publicJwk, kid: key.kid, alg: SIGNING_ALG, use: 'sig' }));
  }

  /**
   * A reload for a kid this replica does not know. Misses wait for one shared reload, held back
   * until RELOAD_MIN_INTERVAL_MS after the last one: refusing the miss instead would reject a
   * fresh key's first tokens whenever a reload had just run (before the rotation committed), and
   * reloading on every miss would let tokens with made-up kids hammer the database.
   */
  private reloadForMiss(): Promise<void> {
    this.missReload ??= (async () => {
      const wait = this.lastReload + RELOAD_MIN_INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.reload();
    })().finally(() => {
      this.missReload = undefined;
    });
    return this.missReload;
  }

  /** Re-reads the key set, so a rotation done by another replica is picked up. */
  async reload(): Promise<void> {
    this.lastReload = Date.now();
    const rows = await this.prisma.signingKey.findMany({ orderBy: { createdAt: 'desc' } });
    const keys = new Map<string, LoadedKey>();
    for (const row of rows) {
      if (!this.inGrace(row)) continue;
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

  private inGrace(key: { retiredAt: Date | null }, now = Date.now()): boolean {
    return !key.retiredAt || now <= key.retiredAt.getTime() + this.options.graceSeconds * 1000;
  }

  /**
   * Puts a new key in charge of signing and retires the others (they keep verifying through
   * their grace); deletes keys whose grace has ended. One transaction under the key lock, so two
   * operators rotating at once still leave exactly one signing key. Running replicas pick the
   * new key up on their next periodic reload, or at once on meeting a token with its kid.
   */
  static async rotate(prisma: PrismaClient, graceSeconds: number): Promise<RotationResult> {
    const row = await SigningKeyStore.newKeyRow();
    return prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_CREATION_LOCK})`;
      const now = new Date();
      const expired = await tx.signingKey.findMany({
        where: { retiredAt: { lt: new Date(now.getTime() - graceSeconds * 1000) } },
        select: { kid: true },
      });
      await tx.signingKey.deleteMany({ where: { kid: { in: expired.map((key) => key.kid) } } });
      const live = await tx.signingKey.findMany({ where: { retiredAt: null }, select: { kid: true } });
      await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
      await tx.signingKey.create({ data: { ...row, createdAt: now } });
      return { kid: row.kid, retired: live.map((key) => key.kid), pruned: expired.map((key) => key.kid) };
    });
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
