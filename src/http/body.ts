import { DomainError } from '../shared/errors.js';

// `application/json`, parameters (charset) allowed; the body itself must be UTF-8 either way.
const JSON_MEDIA_TYPE = /^application\/json\s*(?:;|$)/i;

/**
 * Reads a JSON object body without ever holding more than `limit` bytes: the declared length is
 * checked first and the stream is cut off past the limit. An empty body is `{}`.
 *
 * A body must be declared `application/json`. A browser sends `text/plain` and form bodies
 * cross-site without a CORS preflight, so accepting them would let any web page sign people up or
 * post on a visitor's behalf; a bodyless call (POST /auth with Basic credentials) needs no type.
 */
export async function readJsonObject(request: Request, limit: number): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  const isJson = JSON_MEDIA_TYPE.test(request.headers.get('content-type')?.trim() ?? '');
  if (declared > 0 && !isJson) throw new DomainError('UnsupportedMediaType');
  if (declared > limit) throw new DomainError('PayloadTooLarge');
  const text = await readText(
    request,
    limit,
    () => new DomainError('MalformedJson', { message: 'The request body is not valid UTF-8.' }),
  );
  if (text !== '' && !isJson) throw new DomainError('UnsupportedMediaType');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError('MalformedJson');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError('InvalidInput', { message: 'The request body must be a JSON object.' });
  }
  return value as Record<string, unknown>;
}

/**
 * The body as UTF-8 text, refused with PayloadTooLarge as soon as it passes `limit` bytes (it is
 * never buffered whole first). `invalidUtf8` makes the error the caller's protocol speaks.
 */
export async function readText(request: Request, limit: number, invalidUtf8: () => Error): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new DomainError('PayloadTooLarge');
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw invalidUtf8();
  }
}
