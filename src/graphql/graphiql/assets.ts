import { StaticFile } from './static-file.js';

/** Where GraphiQL's files are served; app.ts routes this prefix here. */
export const ASSET_PREFIX = '/graphiql/';

// Content-hashed names never change meaning, so a browser may keep them for a year unasked.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const JS = 'text/javascript; charset=utf-8';

export interface GraphiQLAssets {
  /** The file for a path under ASSET_PREFIX, if it is one of ours. */
  get(path: string): StaticFile | undefined;
  scriptUrl: string;
  styleUrl: string;
  faviconUrl: string;
}

let loading: Promise<GraphiQLAssets> | undefined;

/**
 * GraphiQL's bundle, split into the files a browser caches. @graphql-yoga/render-graphiql ships
 * its JS, CSS, Monaco workers and favicon as strings and inlines all of them (9 MB) into every page;
 * here each becomes a file named by its content hash. Loaded on first use (the module alone is
 * 9 MB) and once per process: every app in the process shares the bytes and their compressed forms.
 */
export function graphiqlAssets(): Promise<GraphiQLAssets> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

async function load(): Promise<GraphiQLAssets> {
  const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
  const files = new Map<string, StaticFile>();
  const add = (name: string, ext: string, body: Buffer, contentType: string): string => {
    const file = new StaticFile(body, { contentType, cacheControl: IMMUTABLE });
    const url = `${ASSET_PREFIX}${name}.${file.hash}.${ext}`;
    files.set(url, file);
    return url;
  };
  // Monaco starts its workers from URLs; in the package they were blob: URLs made by inline script.
  const workers = {
    editorWorkerService: add('editor.worker', 'js', Buffer.from(bundle.editorWorkerService), JS),
    json: add('json.worker', 'js', Buffer.from(bundle.jsonWorker), JS),
    graphql: add('graphql.worker', 'js', Buffer.from(bundle.graphqlWorker), JS),
  };
  // Monaco reads MonacoEnvironment while the bundle loads, so it is set first, in the same file;
  // the options come from a JSON block in the page (data, which a CSP does not treat as script).
  const script = [
    `self.MonacoEnvironment = { globalAPI: false, getWorkerUrl: function (_moduleId, label) { return ${JSON.stringify(workers)}[label]; } };`,
    bundle.js,
    ';YogaGraphiQL.renderYogaGraphiQL(document.getElementById("root"), JSON.parse(document.getElementById("graphiql-options").textContent));',
  ].join('\n');
  const favicon = /^data:([^;,]+);base64,(.*)$/s.exec(bundle.favicon);
  const assets: GraphiQLAssets = {
    get: (path) => files.get(path),
    scriptUrl: add('graphiql', 'js', Buffer.from(script), JS),
    styleUrl: add('graphiql', 'css', Buffer.from(bundle.css), 'text/css; charset=utf-8'),
    faviconUrl: favicon
      ? add('favicon', 'ico', Buffer.from(favicon[2]!, 'base64'), favicon[1]!)
      : add('favicon', 'ico', Buffer.alloc(0), 'image/x-icon'),
  };
  for (const file of files.values()) file.warm();
  return assets;
}
