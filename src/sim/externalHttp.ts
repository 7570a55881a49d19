import type { Host } from './host';
import { operationOf, type HttpRequest } from './core/http';
import { type Task, wait } from './core/scheduler';
import { contextOf } from './core/actors';
import { readChunk } from './client/api';
import type { DockerdState } from './dockerd/model';
import { findContainer } from './dockerd/lookup';
import { engineApi } from './dockerd/server';
import { decodePath } from './core/urlPath';
import { aboutContainer, aboutExec } from './trace/operations';

/** Where the answer to a request from outside the simulation goes (an HTTP response). */
export interface ExternalSink {
  /** Status and headers; `body` is the whole JSON body for answers that are not streamed. */
  head(status: number, headers: Record<string, string>, body: unknown, streamed: boolean): void;
  /** One chunk of a streamed answer: a pull progress message, an attach frame, a wait result. */
  chunk(data: unknown): void;
  end(): void;
}

/** The open exchange, for what the caller sends after the request (a hijacked connection's input). */
export interface ExternalExchange {
  /** Bytes the client typed into an attached container (`docker run -i`). */
  stdin(text: string): void;
  /** The client closed its side (Ctrl-D, or it went away). */
  closeInput(): void;
}

/**
 * Let something outside the simulation — the real docker CLI, through an
 * HTTP server — call dockerd's Engine API. The request enters the trace as
 * coming from `client`, exactly like the simulated CLI's, so the diagram
 * shows it; the answer is handed to `sink` as it is produced.
 */
export function serveExternal(
  host: Host,
  /** The dockerd asked (a machine's, or a second one on it); the request comes from `client` on `host`. */
  daemon: Host,
  req: HttpRequest,
  commandId: number,
  sink: ExternalSink,
  traced: HttpRequest = req,
): ExternalExchange {
  const { op, subjects } = engineApi.opOf(req);
  const reply = host.net.request(
    'client',
    {
      to: daemon.daemonId,
      host: daemon.name,
      protocol: 'http',
      operation: operationOf(req),
      op,
      ...(subjects ? { subjects } : {}),
      request: req,
      ...(traced === req ? {} : { traced }),
      summary: `the real docker CLI sends ${req.method} ${req.path}`,
    },
    commandId,
  );
  host.scheduler.spawn(
    (function* (): Task<void> {
      const r = yield* wait(reply);
      const status = typeof r.status === 'number' ? r.status : 500;
      sink.head(status, r.headers ?? {}, r.body, !!r.stream);
      if (r.stream) {
        for (;;) {
          const chunk = yield* readChunk(r.stream);
          if (!chunk) break;
          sink.chunk(chunk.data);
        }
      }
      sink.end();
    })(),
  );
  const containerId = (): string | undefined => {
    const m = /\/containers\/(.*)\/attach$/.exec(decodePath(req.path) ?? '');
    if (!m) return undefined;
    try {
      return findContainer(contextOf<DockerdState>(daemon.dockerd), m[1]!).id;
    } catch {
      return undefined;
    }
  };
  // `POST /exec/{id}/start`: the hijacked connection carries the exec's input.
  const execOf = (): { containerId: string; execId: string } | undefined => {
    const m = /\/exec\/(.*)\/start$/.exec(decodePath(req.path) ?? '');
    const e = m ? contextOf<DockerdState>(daemon.dockerd).execs[m[1]!] : undefined;
    return e ? { containerId: e.containerId, execId: e.id } : undefined;
  };
  const input = (request: { text?: string; eof?: boolean }, summary: string) => {
    const exec = execOf();
    if (exec) {
      host.net.send(
        'client',
        {
          to: daemon.daemonId,
          host: daemon.name,
          protocol: 'stream',
          operation: 'stdin',
          op: 'engine.exec.stdin',
          subjects: aboutExec(exec.containerId, exec.execId),
          request: { ...exec, ...request },
          summary,
        },
        commandId,
      );
      return;
    }
    const id = containerId();
    if (!id) return;
    host.net.send(
      'client',
      {
        to: daemon.daemonId,
        host: daemon.name,
        protocol: 'stream',
        operation: 'stdin',
        op: 'engine.containers.stdin',
        subjects: aboutContainer(id),
        request: { containerId: id, ...request },
        summary,
      },
      commandId,
    );
  };
  return {
    stdin: (text) =>
      input({ text }, 'input from the real docker CLI travels over the hijacked connection'),
    closeInput: () => input({ eof: true }, 'the real docker CLI closed its input'),
  };
}
