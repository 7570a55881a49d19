// Hijacked connections (`attach`, later `exec start`): the CLI asks for `Upgrade: tcp`,
// dockerd answers a raw `101 UPGRADED` and the socket then carries the container's
// output (multiplexed frames, or raw bytes with a TTY) one way and its stdin the other.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ExternalExchange } from '../../src/sim/engine';
import type { EngineApi } from './route';
import { LineDiscipline } from './lineDiscipline';
import {
  MAX_BODY_BYTES,
  MULTIPLEXED,
  RAW_STREAM,
  WireError,
  encodeStreamChunk,
  rawHead,
  toEngineRequest,
} from './wire';

/** Write a complete non-101 answer on the raw socket and close it. */
function refuse(socket: Duplex, status: number, body: unknown): void {
  const text = body === undefined ? '' : `${JSON.stringify(body)}\n`;
  const head = rawHead(status, http.STATUS_CODES[status] ?? 'Error', {
    ...(text ? { 'Content-Type': 'application/json' } : {}),
    'Content-Length': String(Buffer.byteLength(text)),
    Connection: 'close',
  });
  // Closed once written: nothing reads this socket any more, so the client's FIN would never be seen.
  socket.end(head + text, () => socket.destroy());
}

/**
 * The request's body (`exec start` sends `{"Detach":false,"Tty":false}` with the upgrade
 * request) arrives after the headers, on the socket itself: read Content-Length bytes,
 * and keep what follows as the first stdin bytes.
 */
function readUpgradeBody(
  req: http.IncomingMessage,
  socket: Duplex,
  head: Buffer,
  timeoutMs: number,
): Promise<{ body: string; rest: Buffer }> {
  const need = Number(req.headers['content-length'] ?? 0);
  if (!Number.isFinite(need) || need < 0 || need > MAX_BODY_BYTES) {
    return Promise.reject(new WireError(413, 'request body too large'));
  }
  return new Promise((resolve, reject) => {
    const chunks = [head];
    let have = head.length;
    // The HTTP server no longer times an upgraded connection: a body that never comes must not hold it.
    const timer = setTimeout(() => {
      socket.off('data', onData);
      reject(new WireError(408, 'timed out reading the request body'));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      const buf = Buffer.concat(chunks);
      resolve({ body: buf.subarray(0, need).toString('utf8'), rest: buf.subarray(need) });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      have += chunk.length;
      if (have >= need) done();
    };
    if (have >= need) done();
    else socket.on('data', onData);
  });
}

/** How long the body of an upgrade request may take to arrive. */
export const UPGRADE_BODY_TIMEOUT_MS = 30_000;

export async function serveUpgrade(
  api: EngineApi,
  req: http.IncomingMessage,
  socket: Duplex,
  head: Buffer,
  bodyTimeoutMs = UPGRADE_BODY_TIMEOUT_MS,
): Promise<void> {
  socket.on('error', () => undefined);
  let request: ReturnType<typeof toEngineRequest>['request'];
  let traced: ReturnType<typeof toEngineRequest>['traced'];
  let rest: Buffer;
  try {
    const got = await readUpgradeBody(req, socket, head, bodyTimeoutMs);
    rest = got.rest;
    ({ request, traced } = toEngineRequest(req, got.body));
  } catch (error) {
    const e = error instanceof WireError ? error : new WireError(500, String(error));
    refuse(socket, e.status, { message: e.message });
    return;
  }
  const wantsStdin =
    ['1', 'true'].includes(request.query.stdin ?? '') || /\/exec\//.test(request.path);
  let contentType = MULTIPLEXED;
  let upgraded = false;
  let ended = false;
  const writable = () => !socket.destroyed && socket.writable;
  let exchange: ExternalExchange;
  try {
    exchange = api(
      request,
      {
        head(status, headers, body) {
          if (!writable()) return;
          if (status !== 101) {
            ended = true;
            refuse(socket, status, body);
            return;
          }
          upgraded = true;
          contentType = headers['Content-Type'] ?? MULTIPLEXED;
          socket.write(
            rawHead(101, 'UPGRADED', {
              'Content-Type': contentType,
              Connection: 'Upgrade',
              Upgrade: 'tcp',
            }),
          );
        },
        chunk(data) {
          if (upgraded && writable()) socket.write(encodeStreamChunk(data, contentType));
        },
        end() {
          ended = true;
          if (upgraded && writable()) socket.end();
        },
      },
      traced,
    );
  } catch (error) {
    refuse(socket, 500, { message: `DockScope daemon error: ${String(error)}` });
    return;
  }
  if (!wantsStdin) {
    socket.resume(); // nothing to read; keep the socket flowing so its end is noticed
    return;
  }
  const decoder = new StringDecoder('utf8');
  const lines = new LineDiscipline(() => contentType === RAW_STREAM, {
    line: (text) => {
      if (!ended) exchange.stdin(text);
    },
    eof: () => {
      if (!ended) exchange.closeInput();
    },
  });
  const input = (buf: Buffer) => lines.write(decoder.write(buf));
  const close = () => lines.end();
  if (rest.length > 0) input(rest);
  socket.on('data', input);
  socket.on('end', close);
  socket.on('close', close);
}
