import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import type { Message } from '../core/types';
import { OverviewIndex } from '../trace/overview';

/**
 * Input reaches a container's process only by messages (issue 11): the CLI's
 * attach stream to dockerd, dockerd's write into the container's stdin FIFO
 * (read by the shim), and the shim's copy into the process's stdin.
 */
const stdinHops = (trace: readonly Message[], after = 0) =>
  trace
    .filter((m) => m.seq > after && m.operation === 'stdin')
    .map((m) => `${m.from.replace(/-[0-9a-f]{12}$/, '')} → ${m.to.replace(/-[0-9a-f]{12}$/, '')}`);

describe('stdin travels as messages', () => {
  it('docker run -i: a typed line goes client → dockerd → shim → the container, and the shell runs it', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker pull alpine');
    const r = engine.run('docker run -i --name box alpine sh');
    expect(r.exitCode).toBeNull();
    const before = engine.trace.at(-1)!.seq;
    engine.stdin(r.id, 'echo hello\n');
    expect(stdinHops(engine.trace, before)).toEqual([
      'client → dockerd',
      'dockerd → shim',
      'shim → container',
    ]);
    expect(r.stdout).toBe('hello\n');
    const [, toShim, toProcess] = engine.trace.filter(
      (m) => m.seq > before && m.operation === 'stdin',
    );
    expect(toShim!.summary).toContain('stdin FIFO');
    expect(toProcess!.summary).toBe(
      "the shim copies the input from the stdin FIFO to the process's stdin pipe",
    );
    expect(toProcess!.commandId).toBe(r.id);
  });

  it('input sent before the task starts waits in dockerd, and is written once containerd says TaskStart', () => {
    const engine = new Engine({ seed: 1 });
    const serve = (
      method: 'POST',
      path: string,
      query?: Record<string, string>,
      body?: unknown,
    ) => {
      const got = { status: 0, chunks: [] as unknown[] };
      const exchange = engine.serveHttp(
        {
          method,
          path,
          query,
          body,
          ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' } }),
        },
        {
          head: (status) => (got.status = status),
          chunk: (d) => got.chunks.push(d),
          end: () => undefined,
        },
      );
      return { got, exchange };
    };
    serve('POST', '/v1.50/images/create', { fromImage: 'docker.io/library/alpine', tag: 'latest' });
    serve(
      'POST',
      '/v1.50/containers/create',
      { name: 'early' },
      {
        Image: 'alpine',
        Cmd: ['sh'],
        OpenStdin: true,
        AttachStdin: true,
        AttachStdout: true,
      },
    );
    const attach = serve('POST', '/v1.50/containers/early/attach', {
      stdin: '1',
      stdout: '1',
      stream: '1',
    });
    expect(attach.got.status).toBe(101);
    attach.exchange.stdin('echo early\n');
    // No task yet: nothing goes past dockerd.
    expect(stdinHops(engine.trace)).toEqual(['client → dockerd']);
    serve('POST', '/v1.50/containers/early/start');
    engine.advance(50);
    expect(attach.got.chunks).toContainEqual({ stream: 'stdout', text: 'early\n' });
    const taskStart = engine.trace.find(
      (m) => m.operation === '/tasks/start' && m.to === 'dockerd',
    )!;
    const written = engine.trace.find((m) => m.from === 'dockerd' && m.operation === 'stdin')!;
    expect(written.seq).toBeGreaterThan(taskStart.seq);
  });
});

describe('stdin in the overview', () => {
  it('is one step from dockerd to the container (the overview draws no shims)', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker pull alpine');
    const r = engine.run('docker run -i --name box alpine sh');
    engine.stdin(r.id, 'echo hello\n');
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const written = engine.trace.find((m) => m.from === 'dockerd' && m.operation === 'stdin')!;
    const step = index.stepOf(written.seq)!;
    expect(step).toMatchObject({
      from: 'dockerd',
      to: written.to.replace('shim-', 'container-'),
      collapsed: true,
      title: 'dockerd writes your input to the container’s stdin; the shim passes it on',
    });
    // The shim's copy to the process belongs to the same step.
    expect(index.stepOf(written.seq + 1)).toBe(step);
  });
});
