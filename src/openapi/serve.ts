import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { StaticFile } from '../graphql/graphiql/static-file.js';
import { errorResponse, json } from '../http/responses.js';
import { buildOpenApiDocument } from './document.js';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PREFIX = '/docs/';

// Hashed names never change meaning, so a browser may keep them for a year unasked.
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Only this server's files run or style the page. Swagger UI 5 sets its styles from script
 * (through the CSSOM, which a CSP does not restrict) and its icons are inline SVG, so unlike
 * GraphiQL it needs no 'unsafe-inline' for styles: test/openapi/docs.browser.test.ts renders and
 * expands operations and sees no CSP violation.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Swagger UI without its standalone top bar (which would let the page fetch any URL typed in it)
// and without the online validator badge (a request to validator.swagger.io).
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: ${JSON.stringify(OPENAPI_PATH)},
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

interface DocsFiles {
  page: StaticFile;
  assets: Map<string, StaticFile>;
}

/** swagger-ui-dist's directory: a runtime dependency, read where npm installed it (it stays after prune). */
function swaggerUiDir(): string {
  return dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
}

async function load(): Promise<DocsFiles> {
  const dir = swaggerUiDir();
  const assets = new Map<string, StaticFile>();
  const add = (name: string, ext: string, body: Buffer, contentType: string): string => {
    const file = new StaticFile(body, { contentType, cacheControl: IMMUTABLE });
    const url = `${DOCS_PREFIX}${name}.${file.hash}.${ext}`;
    assets.set(url, file);
    return url;
  };
  const script = (path: string) => readFile(join(dir, path));
  const js = 'text/javascript; charset=utf-8';
  const bundle = add('swagger-ui-bundle', 'js', await script('swagger-ui-bundle.js'), js);
  const style = add('swagger-ui', 'css', await script('swagger-ui.css'), 'text/css; charset=utf-8');
  const favicon = add('favicon', 'png', await script('favicon-32x32.png'), 'image/png');
  const init = add('init', 'js', Buffer.from(INIT_SCRIPT), js);
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>REST API reference</title>
    <link rel="icon" type="image/png" href="${favicon}" />
    <link rel="stylesheet" href="${style}" />
    <script src="${bundle}" defer></script>
    <script src="${init}" defer></script>
  </head>
  <body>
    <noscript>The reference needs JavaScript; the document itself is at ${OPENAPI_PATH}.</noscript>
    <div id="swagger-ui"></div>
  </body>
</html>
`;
  const page = new StaticFile(Buffer.from(html), {
    contentType: 'text/html; charset=utf-8',
    // A new release names new assets: the browser asks again (and gets 304 while nothing changed).
    cacheControl: 'no-cache',
    headers: { 'content-security-policy': DOCS_CSP },
  });
  for (const file of assets.values()) file.warm();
  return { page, assets };
}

export interface Docs {
  handles(path: string): boolean;
  /** `context.route` gets a fixed label (metrics and logs never see one label per file name). */
  respond(request: Request, path: string, context: { route?: string }): Promise<Response>;
}

/** GET /openapi.json (with PUBLIC_URL as its server) and the /docs reference page with its files. */
export function createDocs(publicUrl: string): Docs {
  const document = buildOpenApiDocument({ serverUrl: publicUrl });
  let files: Promise<DocsFiles> | undefined;
  const loaded = () =>
    (files ??= load().catch((error: unknown) => {
      files = undefined;
      throw error;
    }));
  return {
    handles: (path) => path === OPENAPI_PATH || path === '/docs' || path.startsWith(DOCS_PREFIX),
    async respond(request, path, context) {
      context.route =
        path === OPENAPI_PATH ? OPENAPI_PATH : path === '/docs' || path === DOCS_PREFIX ? '/docs' : '/docs/:file';
      if (path === OPENAPI_PATH) {
        return json(document, 200, { 'cache-control': 'no-cache' });
      }
      const { page, assets } = await loaded();
      if (path === '/docs' || path === DOCS_PREFIX) return page.respond(request);
      const file = assets.get(path);
      return file ? file.respond(request) : errorResponse('NotFound');
    },
  };
}
