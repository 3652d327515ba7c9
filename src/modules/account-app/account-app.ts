import { readdir, readFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { StaticFile } from '../../graphql/graphiql/static-file.js';
import type { Config } from '../../config.js';
import type { RequestContext } from '../../graphql/context.js';
import { errorResponse } from '../../http/responses.js';
import type { Services } from '../../services.js';
import { SESSION_COOKIE_PATH, sessionCookieEndpoint } from './session-cookie.js';

export const ACCOUNT_APP_PREFIX = '/account';
const ASSETS = `${ACCOUNT_APP_PREFIX}/assets/`;

// The app needs nothing from elsewhere: scripts, styles and calls all go to this origin. The QR
// code of the 2FA setup is drawn into a canvas/data: image, hence img-src data:.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

interface Built {
  index: StaticFile;
  assets: Map<string, StaticFile>;
}

/**
 * Serves the built /account app (Vite output): hashed assets cached for a year, and index.html
 * (no-cache, strict CSP) for /account and every path below it, so the app's own router handles
 * them. Read from disk once, on first request; until the app is built, /account answers 404.
 * Also routes the "keep me signed in" cookie endpoints (session-cookie.ts).
 */
export class AccountApp {
  private built?: Promise<Built | undefined>;

  constructor(
    private readonly config: Config,
    private readonly services: Services,
  ) {}

  static handles(path: string): boolean {
    return path === ACCOUNT_APP_PREFIX || path.startsWith(`${ACCOUNT_APP_PREFIX}/`);
  }

  async respond(request: Request, method: string, path: string, context: RequestContext): Promise<Response> {
    if (path.startsWith(`${SESSION_COOKIE_PATH}/`)) {
      return sessionCookieEndpoint(request, path, this.config, this.services, context);
    }
    if (method !== 'GET' && method !== 'HEAD') return errorResponse('NotFound');
    const built = await this.load();
    if (!built) return errorResponse('NotFound', 'The account app is not built: run `npm run build`.');
    if (path.startsWith(ASSETS)) {
      const asset = built.assets.get(path.slice(ASSETS.length));
      return asset ? asset.respond(request) : errorResponse('NotFound');
    }
    return built.index.respond(request);
  }

  private load(): Promise<Built | undefined> {
    this.built ??= read(resolve(this.config.ACCOUNT_APP_DIR)).catch((error: unknown) => {
      // Missing: not built yet (say so on each request, and look again next time).
      this.built = undefined;
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    });
    return this.built;
  }
}

async function read(dir: string): Promise<Built> {
  const index = new StaticFile(await readFile(join(dir, 'index.html')), {
    contentType: 'text/html; charset=utf-8',
    cacheControl: 'no-cache',
    headers: { 'content-security-policy': CSP, 'x-frame-options': 'DENY' },
  });
  const assets = new Map<string, StaticFile>();
  const names = await readdir(join(dir, 'assets')).catch(() => [] as string[]);
  for (const name of names) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const file = new StaticFile(await readFile(join(dir, 'assets', name)), {
      contentType: type,
      // Vite puts a content hash in every asset name: a changed file is a new name.
      cacheControl: 'public, max-age=31536000, immutable',
    });
    file.warm();
    assets.set(name, file);
  }
  return { index, assets };
}
