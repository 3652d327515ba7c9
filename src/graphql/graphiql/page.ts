import type { GraphiQLAssets } from './assets.js';
import { StaticFile } from './static-file.js';

/**
 * Only this server's own files run or style the page. Fonts and a few icons are data: URLs inside
 * the CSS; Monaco adds <style> elements at run time, hence 'unsafe-inline' for styles only (no
 * inline script runs: the options are a JSON data block).
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** GraphiQL's options as Yoga's renderer takes them (title, endpoint, headers, ...). */
export type GraphiQLOptions = Record<string, unknown> & { title?: string };

/** The page itself: about a kilobyte that names the hashed assets; revalidated on each visit. */
export function graphiqlPage(assets: GraphiQLAssets, options: GraphiQLOptions): StaticFile {
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="${assets.faviconUrl}" />
    <link rel="stylesheet" href="${assets.styleUrl}" />
    <script id="graphiql-options" type="application/json">${scriptSafeJson(options)}</script>
    <script src="${assets.scriptUrl}" defer></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
  </body>
</html>
`;
  return new StaticFile(Buffer.from(html), {
    contentType: 'text/html; charset=utf-8',
    // A new release names new assets: the browser asks again (and gets 304 while nothing changed).
    cacheControl: 'no-cache',
    headers: { 'content-security-policy': GRAPHIQL_CSP },
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// "</script>" or "<!--" inside a string value must not end the data block early.
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
