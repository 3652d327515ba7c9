// npm run admin:grant -- <email> / npm run admin:revoke -- <email>: makes or unmakes an
// administrator. The first admin needs shell access on purpose: no API grants the role. Reads the
// same environment as the service (DATABASE_URL or DATA_DIR). Exit codes: 0 done (or already so),
// 1 no account with that email, 2 bad usage or settings.
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { setAdminRole } from '../src/modules/admin/admin-role.js';

const [action, email] = process.argv.slice(2).filter((arg) => arg !== '--');
const command = `admin:${action ?? '?'}`;
if ((action !== 'grant' && action !== 'revoke') || !email) {
  console.error('usage: npm run admin:grant -- <email>   |   npm run admin:revoke -- <email>');
  process.exit(2);
}

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${command}: ${error.message}`);
  process.exit(2);
}

const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 2 });
try {
  await migrate(db);
  const result = await setAdminRole(db.prisma, email, action === 'grant');
  if (!result) {
    console.error(`${command}: no account has the email ${JSON.stringify(email)}`);
    process.exitCode = 1;
  } else {
    console.log(JSON.stringify(result));
  }
} finally {
  await db.close();
}
