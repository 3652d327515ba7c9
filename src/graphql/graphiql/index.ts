import type { Plugin } from 'graphql-yoga';
import { errorResponse } from '../../http/responses.js';
import { graphiqlAssets } from './assets.js';
import { graphiqlPage, type GraphiQLOptions } from './page.js';
import type { StaticFile } from './static-file.js';

export { ASSET_PREFIX as GRAPHIQL_ASSET_PREFIX } from './assets.js';

/**
 * Answers a browser's GET of the GraphQL endpoint with the small GraphiQL page (Yoga's own
 * GraphiQL is turned off: it inlines 9 MB into every answer). Built on first use, then kept.
 */
export function useGraphiQLPage(endpoint: string, options: GraphiQLOptions): Plugin {
  let page: Promise<StaticFile> | undefined;
  return {
    async onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' || url.pathname !== endpoint) return;
      if (!request.headers.get('accept')?.includes('text/html')) return;
      page ??= graphiqlAssets()
        .then((assets) => graphiqlPage(assets, options))
        .catch((error: unknown) => {
          page = undefined;
          throw error;
        });
      endResponse(await (await page).respond(request));
    },
  };
}

/** GraphiQL's hashed static files (GET/HEAD under GRAPHIQL_ASSET_PREFIX); 404 for any other name. */
export async function serveGraphiQLAsset(request: Request, path: string): Promise<Response> {
  const file = (await graphiqlAssets()).get(path);
  return file ? file.respond(request) : errorResponse('NotFound');
}
