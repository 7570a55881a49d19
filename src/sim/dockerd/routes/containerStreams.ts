import type { Route, RouteContext } from '../router';
import { emitContainerEvent } from '../events';
import { boolValue } from '../queryValues';
import { contextOf } from '../../core/actors';
import { wait } from '../../core/scheduler';
import type { DockerdState } from '../model';
import { findContainer } from '../lookup';

const find = (ctx: RouteContext) =>
  findContainer(contextOf<DockerdState>(ctx.host.dockerd), ctx.params.id!);
/** moby reads stdout, stderr and follow with httputils.BoolValue. */
const on = boolValue;
/**
 * A frame's text on one short line, for the trace summary. Lines are split
 * and trimmed one by one (a blank run with line ends becomes one ⏎):
 * `/\s*\n\s*\/g` would retry a long run of blanks
 * from each of its positions (quadratic on a container's output).
 */
const oneLine = (text: string) => {
  const s = text
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ⏎ ');
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
};

/** A frame of a multiplexed stream (stdout = 1, stderr = 2), or raw TTY bytes. */
export interface StreamFrame {
  stream: 'stdout' | 'stderr';
  text: string;
}

export const containerStreamRoutes: Route[] = [
  {
    method: 'POST',
    path: '/containers/{id}/attach',
    op: 'engine.containers.attach',
    *handler(ctx) {
      const c = find(ctx);
      const { inbound, host } = ctx;
      const want = { stdout: on(ctx.query.stdout), stderr: on(ctx.query.stderr) };
      const exit = host.io.nextExit(c.id);
      // ── obs ──
      emitContainerEvent(host, c, 'attach');
      inbound.head(
        101,
        'UPGRADED: the connection is now a raw stream carrying the container output',
        {
          'Content-Type': c.config.Tty
            ? 'application/vnd.docker.raw-stream'
            : 'application/vnd.docker.multiplexed-stream',
          Connection: 'Upgrade',
          Upgrade: 'tcp',
        },
      );
      const detach = host.io.attach(c.id, (stream, text) => {
        if (!want[stream]) return;
        inbound.write(
          { stream, text } satisfies StreamFrame,
          `${stream}: ${oneLine(text)}`,
          c.config.Tty ? 'engine.containers.tty' : 'engine.containers.frame',
          c.config.Tty ? 'tty' : `${stream} frame`,
        );
      });
      yield* wait(exit);
      detach();
      return { status: 101 };
    },
  },
  {
    method: 'GET',
    path: '/containers/{id}/logs',
    op: 'engine.containers.logs',
    *handler(ctx) {
      const c = find(ctx);
      const { inbound, host } = ctx;
      const want = { stdout: on(ctx.query.stdout), stderr: on(ctx.query.stderr) };
      if (!want.stdout && !want.stderr) {
        return {
          status: 400,
          body: { message: 'Bad parameters: you must choose at least one stream' },
          summary: '400: no stream chosen',
        };
      }
      const lines = host.logs.read(c.id);
      const tail = ctx.query.tail && ctx.query.tail !== 'all' ? Number(ctx.query.tail) : Infinity;
      const shown =
        Number.isFinite(tail) && tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines;
      inbound.head(200, 'dockerd reads the json-file log and streams it back', {
        'Content-Type': c.config.Tty
          ? 'application/vnd.docker.raw-stream'
          : 'application/vnd.docker.multiplexed-stream',
      });
      for (const l of shown) {
        if (!want[l.stream]) continue;
        inbound.write(
          { stream: l.stream, text: l.text } satisfies StreamFrame,
          `${l.stream}: ${oneLine(l.text)}`,
          'engine.containers.frame',
          `${l.stream} frame`,
        );
      }
      if (on(ctx.query.follow) && c.state === 'running') {
        const exit = host.io.nextExit(c.id);
        const detach = host.io.attach(c.id, (stream, text) => {
          if (want[stream])
            inbound.write(
              { stream, text } satisfies StreamFrame,
              `${stream}: ${oneLine(text)}`,
              'engine.containers.frame',
              `${stream} frame`,
            );
        });
        yield* wait(exit);
        detach();
      }
      return { status: 200 };
    },
  },
];
