import { Engine, type CommandResult, type Message } from '../engine';
import type { HttpRequest } from '../core/http';

/** A fresh engine, plus the commands run on it in order (one simulated second apart). */
export function session(lines: string[], seed = 1): { engine: Engine; results: CommandResult[] } {
  const engine = new Engine({ seed });
  const results: CommandResult[] = [];
  for (const [i, line] of lines.entries()) {
    if (i > 0) engine.advance(1000);
    results.push(engine.run(line));
  }
  return { engine, results };
}

export const messagesOf = (engine: Engine, r: CommandResult): Message[] =>
  engine.trace.filter((m) => m.commandId === r.id);

/** `client → dockerd: HEAD /_ping` style lines for the client's own requests and their answers. */
export function clientExchange(engine: Engine, r: CommandResult): string[] {
  return messagesOf(engine, r)
    .filter((m) => (m.from === 'client' || m.to === 'client') && m.protocol === 'http')
    .map((m) => (m.kind === 'request' ? `→ ${m.operation}` : `← ${String(m.status)}`));
}

/** Every message as `from → to: operation` for sequence snapshots. */
export function hops(messages: readonly Message[], filter?: (m: Message) => boolean): string[] {
  return messages
    .filter(filter ?? (() => true))
    .map(
      (m) =>
        `${m.from} → ${m.to}: ${m.operation}${m.kind === 'response' ? ` = ${String(m.status)}` : ''}`,
    );
}

/** Container IDs in traces vary by seed; replace them so snapshots read well. */
export function normaliseIds(lines: string[]): string[] {
  return lines.map((l) =>
    l
      .replace(/[0-9a-f]{64}/g, '<id>')
      .replace(/(shim|container)-[0-9a-f]{12}/g, '$1-<id>')
      .replace(/sha256:[0-9a-f]{64}/g, 'sha256:<digest>'),
  );
}

/**
 * One Engine API request to `machine`'s dockerd from the client on `local` (what
 * `-H tcp://node-2:2375` or the real CLI through `npm run daemon` sends), and what came back.
 */
export function callDaemon(
  engine: Engine,
  machine: string,
  method: HttpRequest['method'],
  path: string,
  query?: Record<string, string>,
  body?: unknown,
) {
  const got: { status?: number; body?: unknown; chunks: unknown[]; ended: boolean } = {
    chunks: [],
    ended: false,
  };
  const req: HttpRequest = {
    method,
    path,
    ...(query ? { query } : {}),
    ...(body === undefined ? {} : { body, headers: { 'Content-Type': 'application/json' } }),
  };
  engine.serveHttp(
    req,
    {
      head: (status, _headers, b) => Object.assign(got, { status, body: b }),
      chunk: (d) => got.chunks.push(d),
      end: () => (got.ended = true),
    },
    req,
    machine,
  );
  return got;
}
