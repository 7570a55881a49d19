import type { Route, RouteContext } from '../router';
import { contextOf } from '../../core/actors';
import { wait } from '../../core/scheduler';
import type { DockerdState } from '../model';
import { DaemonError } from '../errors';
import { resizeValue } from '../queryValues';
import { header } from '../createRequest';
import {
  EXEC_START_OPTIONS,
  createExec,
  execInspect,
  findExec,
  readJson,
  resizeExec,
  runExec,
} from '../exec';
import type { StreamFrame } from './containerStreams';

const execOf = (ctx: RouteContext) => findExec(ctx.host, ctx.params.execId!);

/** A frame's text on one short line, for the trace summary. */
const oneLine = (text: string) => {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
};

/** The exec routes of moby's container router (api/server/router/container/exec.go). */
export const execRoutes: Route[] = [
  {
    method: 'POST',
    path: '/containers/{id}/exec',
    op: 'engine.exec.create',
    handler: (ctx) => {
      const { id } = createExec(ctx.host, ctx.req, ctx.params.id!);
      return {
        status: 201,
        body: { Id: id },
        summary: `exec instance ${id.slice(0, 12)}… created`,
      };
    },
  },
  {
    method: 'POST',
    path: '/exec/{execId}/start',
    op: 'engine.exec.start',
    *handler(ctx) {
      const { host, inbound } = ctx;
      const opts = readJson<{ Detach?: boolean; Tty?: boolean }>(ctx.req, EXEC_START_OPTIONS);
      const e = execOf(ctx);
      if (opts.Detach) {
        // No hijack: dockerd starts the process and answers once it runs.
        const failed = yield* runExec(host, inbound, e, false);
        if (failed) throw new DaemonError(failed.kind, failed.message);
        return { status: 200, summary: 'the exec runs in the background: nothing is attached' };
      }
      const upgrade = header(ctx.req, 'Upgrade') !== undefined;
      const contentType = opts.Tty
        ? 'application/vnd.docker.raw-stream'
        : 'application/vnd.docker.multiplexed-stream';
      inbound.head(
        upgrade ? 101 : 200,
        upgrade
          ? "UPGRADED: the connection is now a raw stream for the exec's input and output"
          : 'no upgrade asked: the exec’s stream follows on the plain answer',
        upgrade
          ? { 'Content-Type': contentType, Connection: 'Upgrade', Upgrade: 'tcp' }
          : { 'Content-Type': 'application/vnd.docker.raw-stream' },
      );
      const exit = host.io.nextExit(e.id);
      const tty = opts.Tty ?? false;
      const detach = host.io.attach(e.id, (stream, text) => {
        if (!(stream === 'stdout' ? e.openStdout : e.openStderr)) return;
        inbound.write(
          { stream, text } satisfies StreamFrame,
          `${stream}: ${oneLine(text)}`,
          tty ? 'engine.exec.tty' : 'engine.exec.frame',
          tty ? 'tty' : `${stream} frame`,
        );
      });
      try {
        const failed = yield* runExec(host, inbound, e, e.openStdin);
        if (failed) {
          // The stream is already upgraded: moby writes the error into it, on stdout.
          inbound.write(
            { stream: 'stdout', text: `${failed.message}\r\n` } satisfies StreamFrame,
            `stdout: ${oneLine(failed.message)}`,
            tty ? 'engine.exec.tty' : 'engine.exec.frame',
            tty ? 'tty' : 'stdout frame',
          );
          return { status: upgrade ? 101 : 200 };
        }
        yield* wait(exit);
      } finally {
        detach();
      }
      return { status: upgrade ? 101 : 200 };
    },
  },
  {
    method: 'POST',
    path: '/exec/{execId}/resize',
    op: 'engine.exec.resize',
    *handler(ctx) {
      const h = resizeValue(ctx.query.h, 'height');
      const w = resizeValue(ctx.query.w, 'width');
      yield* resizeExec(ctx.host, ctx.inbound, execOf(ctx), w, h);
      return { status: 200, summary: `the exec's terminal is ${w}×${h}` };
    },
  },
  {
    method: 'GET',
    path: '/exec/{execId}/json',
    op: 'engine.exec.inspect',
    handler: (ctx) => {
      const e = contextOf<DockerdState>(ctx.host.dockerd).execs[ctx.params.execId!];
      if (!e) throw new DaemonError('NotFound', `No such exec instance: ${ctx.params.execId!}`);
      return {
        status: 200,
        body: execInspect(e),
        summary: e.running
          ? 'the exec is still running'
          : e.exitCode === null
            ? 'the exec has not run'
            : `the exec exited with ${e.exitCode}`,
      };
    },
  },
];
