import {
  createServer,
  IncomingMessage,
  ServerResponse,
  type OutgoingHttpHeader,
  type OutgoingHttpHeaders,
  type Server,
} from 'node:http';
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
  return createServer({ ServerResponse: ReasonPhraseResponse }, (req, res) => {
    if (req.method === 'GET' && hasBody(req) && !req.url?.startsWith('/graphql')) {
      getWithBody.add(req);
      req.method = 'POST';
    }
    void adapter.requestListener(req, res);
  });
}

/**
 * The fetch layer passes a Response's statusText to writeHead even when it is empty, which Node
 * then sends as is (`HTTP/1.1 200 `); some clients print that. Without a text of its own, the
 * status line gets the standard reason phrase, which is what Node writes when given none.
 */
class ReasonPhraseResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  override writeHead(
    statusCode: number,
    reason?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    headers?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ): this {
    if (typeof reason === 'string' && reason !== '') return super.writeHead(statusCode, reason, headers);
    const given = typeof reason === 'string' ? headers : reason;
    return given === undefined ? super.writeHead(statusCode) : super.writeHead(statusCode, given);
  }
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
