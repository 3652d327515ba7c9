import type { CryptoKey } from 'jose';
import type { TokenClaims } from './tokens.js';

/** What a full verification established about one exact token string. */
export interface VerifiedToken {
  claims: TokenClaims;
  kid: string;
  /** The key that verified the signature; a hit counts only while the key set still holds it. */
  key: CryptoKey;
}

// An access token is presented on every request of its client until it expires; a few thousand
// recent ones cover the busy callers (about 1 kB each) and keep the cache's memory bounded.
const MAX_ENTRIES = 2048;

/**
 * Signature checks already done, by token string. An Ed25519 verification through WebCrypto
 * is the largest single cost of an authenticated request; re-checking the same bytes against the
 * same key can only give the same answer. Expiry, the key's grace and the session are checked on
 * every use by the caller, so a hit never outlives what a full verification would accept.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, VerifiedToken>();

  get(kind: string, token: string): VerifiedToken | undefined {
    return this.entries.get(`${kind} ${token}`);
  }

  set(kind: string, token: string, verified: VerifiedToken): void {
    if (this.entries.size >= MAX_ENTRIES) {
      // Insertion order: the oldest entry goes first.
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(`${kind} ${token}`, verified);
  }
}
