import { describe, expect, it } from 'vitest';
import { formatBytes, PlainPrinter } from './progress';

describe("BuildKit's plain progress printer (progressui/printer.go)", () => {
  it('prints each vertex as a #N block: statuses, logs timed from the start, DONE, CACHED, ERROR', () => {
    let out = '';
    const p = new PlainPrinter(
      (t) => (out += t),
      'building with "default" instance using docker driver',
    );
    const def = '[internal] load build definition from Dockerfile';
    p.vertex({ id: 'a', name: def, started: 0 });
    p.status({
      vertex: 'a',
      id: 'transferring dockerfile:',
      current: 132,
      started: 0,
      completed: 20,
      timestamp: 20,
    });
    p.vertex({ id: 'a', name: def, started: 0, completed: 20 });
    p.vertex({ id: 'b', name: '[2/3] RUN echo hi', started: 1000 });
    p.log({ vertex: 'b', data: 'hi\n', timestamp: 1263 });
    p.vertex({ id: 'b', name: '[2/3] RUN echo hi', started: 1000, completed: 1400 });
    p.vertex({ id: 'c', name: '[3/3] COPY . /app', started: 1400, completed: 1400, cached: true });
    p.vertex({ id: 'd', name: '[4/4] RUN false', started: 1500 });
    p.vertex({
      id: 'd',
      name: '[4/4] RUN false',
      started: 1500,
      completed: 1600,
      error: 'process "/bin/sh -c false" did not complete successfully: exit code: 1',
    });
    expect(out).toBe(
      [
        '#0 building with "default" instance using docker driver',
        '',
        '#1 [internal] load build definition from Dockerfile',
        '#1 transferring dockerfile: 132B 0.0s done',
        '#1 DONE 0.0s',
        '',
        '#2 [2/3] RUN echo hi',
        '#2 0.263 hi',
        '#2 DONE 0.4s',
        '',
        '#3 [3/3] COPY . /app',
        '#3 CACHED',
        '',
        '#4 [4/4] RUN false',
        '#4 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1',
        '',
      ].join('\n'),
    );
  });

  it('says #N ... when another vertex interrupts an open one, and reprints its header when it resumes', () => {
    let out = '';
    const p = new PlainPrinter((t) => (out += t));
    p.vertex({ id: 'a', name: 'A', started: 0 });
    p.vertex({ id: 'b', name: 'B', started: 0, completed: 100 });
    p.vertex({ id: 'a', name: 'A', started: 0, completed: 200 });
    expect(out).toBe('#1 A\n#1 ...\n\n#2 B\n#2 DONE 0.1s\n\n#1 A\n#1 DONE 0.2s\n');
  });

  it('formats sizes as tonistiigi/units does with %.2f (decimal, whole bytes under 1kB)', () => {
    expect(formatBytes(132)).toBe('132B');
    expect(formatBytes(1234)).toBe('1.23kB');
    expect(formatBytes(3_623_807)).toBe('3.62MB');
  });
});
