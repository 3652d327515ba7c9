// npm run keys:rotate: a new signing key takes over; the retired one keeps verifying through its
// grace (the longest token lifetime, plus two reload intervals), so no live token breaks. Keys
// whose grace has ended are deleted. Running instances pick the new key up within
// SIGNING_KEYS_RELOAD_SECONDS. Reads the same environment as the service (DATABASE_URL or DATA_DIR).
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { SigningKeyStore, signingKeyGraceSeconds } from '../src/modules/auth/signing-keys.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`keys:rotate: ${error.message}`);
  process.exit(2);
}
if (config.SIGNING_KEY) {
  console.error(
    'keys:rotate: SIGNING_KEY is set, so the service signs with that key, not the stored ones. Rotate it by supplying a new JWK.',
  );
  process.exit(2);
}

const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
try {
  await migrate(db);
  const grace = signingKeyGraceSeconds(config, config.SIGNING_KEYS_RELOAD_SECONDS);
  const result = await SigningKeyStore.rotate(db.prisma, grace);
  console.log(
    JSON.stringify({
      signingKid: result.kid,
      retired: result.retired,
      retiredVerifyUntil: new Date(Date.now() + grace * 1000).toISOString(),
      pruned: result.pruned,
    }),
  );
} finally {
  await db.close();
}
