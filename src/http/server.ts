import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServerAdapter } from '@whatwg-node/server';
import proxyaddr from 'proxy-addr';
import type { App } from '../app.js';

interface NodeContext {
  req: IncomingMessage;
  res: ServerResponse;
}

/**
 * Puts the app on a node:http server. GreenCloud documents `GET /api/user/resetPassword` with a
 * JSON body; the fetch layer refuses GET bodies before any handler runs, so a GET that carries a
 * body is handed on as a POST here, with the method the client used kept for routing and audit.
 */
export function createHttpServer(app: App, trustProxy: string): Server {
  const trust = proxyaddr.compile(
    trustProxy
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const getWithBody = new WeakSet<IncomingMessage>();
  const adapter = createServerAdapter<NodeContext>((request, { req }) =>
    app.fetch(request, { clientIp: proxyaddr(req, trust), originalMethod: getWithBody.has(req) ? 'GET' : undefined }),
  );
  return createServer((req, res) => {
    if (req.method === 'GET' && hasBody(req) && !req.url?.startsWith('/graphql')) {
      getWithBody.add(req);
      req.method = 'POST';
    }
    void adapter.requestListener(req, res);
  });
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
