/** The shape of an Engine API or registry HTTP exchange inside the engine. */
export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  /** Path as sent, with its version prefix (`/v1.50/containers/json`). */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * How it reached a TCP listener: plain HTTP, or inside a TLS connection.
   * Absent on a unix socket. Not part of the HTTP message: the connection's.
   */
  via?: 'http' | 'https';
}

/** `HEAD /_ping`, `POST /v1.50/containers/create?name=web`: the operation name shown in the trace. */
export function operationOf(req: HttpRequest): string {
  const q = req.query && Object.keys(req.query).length > 0 ? `?${encodeQuery(req.query)}` : '';
  return `${req.method} ${req.path}${q}`;
}

/** Go's url.Values.Encode: keys sorted, values escaped like QueryEscape. */
export function encodeQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${queryEscape(k)}=${queryEscape(query[k]!)}`)
    .join('&');
}

/** What QueryEscape (and encodeURIComponent) leave as it is. */
const UNESCAPED = /^[A-Za-z0-9\-_.~]*$/;

function queryEscape(s: string): string {
  if (UNESCAPED.test(s)) return s;
  return encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export const HTTP_REASON: Record<number, string> = {
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};
