// One plain (not hijacked) Engine API request: read it, hand it to the simulated dockerd,
// write its answer as dockerd would — whole JSON bodies, or a stream written as it comes.
import { encodeTar } from './tarBody';
import type http from 'node:http';
import type { ExternalSink } from '../../src/sim/engine';
import type { EngineApi } from './route';
import {
  COMMON_HEADERS,
  WireError,
  encodeJsonChunk,
  encodeStreamChunk,
  isStreamType,
  readBody,
  toEngineRequest,
  writeJson,
} from './wire';

const open = (res: http.ServerResponse) => !res.destroyed && !res.writableEnded;

/** Answer an error the way dockerd does: `{"message": …}` with its status. */
export function writeError(res: http.ServerResponse, error: unknown): void {
  if (error instanceof WireError) writeJson(res, error.status, { message: error.message });
  else writeJson(res, 500, { message: `DockScope daemon error: ${String(error)}` });
}

function writeWhole(
  res: http.ServerResponse,
  method: string,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  if (body === undefined || body === null || status === 204 || status === 304) {
    const plain = method === 'HEAD' ? { 'Content-Type': 'text/plain; charset=utf-8' } : {};
    res.writeHead(status, { ...COMMON_HEADERS, ...plain, ...headers, 'Content-Length': '0' });
    res.end();
  } else if (headers['Content-Type'] === 'application/x-tar') {
    // ── obs: docker cp's download: the entries as tar bytes ──
    const tar = encodeTar(body);
    res.writeHead(status, { ...COMMON_HEADERS, ...headers, 'Content-Length': String(tar.length) });
    res.end(method === 'HEAD' ? undefined : tar);
  } else if (typeof body === 'string') {
    res.writeHead(status, {
      ...COMMON_HEADERS,
      'Content-Type': 'text/plain; charset=utf-8',
      ...headers,
      'Content-Length': String(Buffer.byteLength(body)),
    });
    res.end(method === 'HEAD' ? undefined : body);
  } else {
    writeJson(res, status, body, headers);
  }
}

/** Serve one request on `api` (one machine's dockerd). Never throws: every failure becomes a JSON error answer. */
export async function serveApiRequest(
  api: EngineApi,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  res.on('error', () => undefined);
  let request: ReturnType<typeof toEngineRequest>['request'];
  let traced: ReturnType<typeof toEngineRequest>['traced'];
  try {
    const raw = await readBody(req);
    ({ request, traced } = toEngineRequest(req, raw));
  } catch (error) {
    if (error instanceof WireError && error.status === 413) res.setHeader('Connection', 'close');
    writeError(res, error);
    return;
  }
  let contentType: string | undefined;
  const sink: ExternalSink = {
    head(status, headers, body, streamed) {
      if (!open(res) || res.headersSent) return;
      if (!streamed) {
        writeWhole(res, request.method, status, headers, body);
        return;
      }
      contentType = headers['Content-Type'] ?? 'application/json';
      // A hijack-only answer asked for without the upgrade headers: the stream on a 200.
      const { Connection: _c, Upgrade: _u, ...rest } = headers;
      res.writeHead(status === 101 ? 200 : status, {
        ...COMMON_HEADERS,
        ...rest,
        'Content-Type': contentType,
      });
      res.flushHeaders(); // wait: the CLI starts the container once these headers arrive
    },
    chunk(data) {
      if (!open(res) || !res.headersSent) return;
      res.write(
        isStreamType(contentType)
          ? encodeStreamChunk(data, contentType)
          : encodeJsonChunk(data, request.path),
      );
    },
    end() {
      if (open(res)) res.end();
    },
  };
  try {
    api(request, sink, traced);
  } catch (error) {
    if (res.headersSent) res.destroy();
    else writeError(res, error);
  }
}
