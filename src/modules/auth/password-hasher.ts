import argon2 from 'argon2';

export interface Argon2Cost {
  memoryKib: number;
  timeCost: number;
  parallelism: number;
}

/**
 * argon2id hashing. The argon2 package runs on libuv's thread pool, so hashing never blocks
 * the event loop.
 */
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  constructor(private readonly cost: Argon2Cost) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.cost.memoryKib,
      timeCost: this.cost.timeCost,
      parallelism: this.cost.parallelism,
    });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /**
   * Burns the same time as a real verify, for logins naming no account: the answer's timing
   * must not tell whether the account exists.
   */
  async verifyDummy(password: string): Promise<false> {
    // An empty (or over-long, which login turns into empty) password is refused for a real
    // account without running argon2; doing the work here would make unknown accounts the slow ones.
    if (!password) return false;
    this.dummyHash ??= this.hash('dummy password, never matches!');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
