import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { buildRows, formatTime, rowIndexOf, rowsUpTo } from './rows';

const any = { component: null, protocol: null };

function session(lines: string[]) {
  const engine = new Engine({ seed: 1, tty: true });
  for (const line of lines) engine.run(line);
  return engine;
}

describe('timeline rows', () => {
  it('puts every message under its command line, in trace order', () => {
    const engine = session(['docker pull alpine', 'docker ps']);
    const rows = buildRows(engine.trace, (id) => engine.result(id)?.command, any);
    const groups = rows.filter((r) => r.kind === 'group');
    expect(groups.map((g) => g.kind === 'group' && g.label)).toEqual([
      'docker pull alpine',
      'docker ps',
    ]);
    const seqs = rows.flatMap((r) => (r.kind === 'message' ? [r.seq] : []));
    expect(seqs).toEqual(engine.trace.map((m) => m.seq));
  });

  it('gives what the host does on its own a header, and filters by component and protocol', () => {
    const engine = session(['docker run -d --name sleeper alpine sleep 1']);
    engine.advance(5000);
    const rows = buildRows(engine.trace, (id) => engine.result(id)?.command, any);
    expect(rows.some((r) => r.kind === 'group' && r.commandId === undefined)).toBe(true);

    const kernel = buildRows(engine.trace, () => 'x', { component: 'kernel', protocol: null });
    for (const r of kernel)
      if (r.kind === 'message') {
        const m = engine.trace[r.seq - 1]!;
        expect([m.from, m.to]).toContain('kernel');
      }
    const shims = buildRows(engine.trace, () => 'x', { component: 'shim', protocol: 'ttrpc' });
    expect(shims.filter((r) => r.kind === 'message').length).toBeGreaterThan(0);
    for (const r of shims)
      if (r.kind === 'message') expect(engine.trace[r.seq - 1]!.protocol).toBe('ttrpc');
  });

  it('finds the row of a message and cuts the list at the cursor', () => {
    const engine = session(['docker ps', 'docker images']);
    const rows = buildRows(engine.trace, () => 'x', any);
    const i = rowIndexOf(rows, 3);
    expect(rows[i]).toEqual({ kind: 'message', seq: 3 });
    expect(rowsUpTo(rows, 0)).toBe(0);
    expect(rowsUpTo(rows, engine.trace.length)).toBe(rows.length);
    expect(rows.slice(0, rowsUpTo(rows, 3)).every((r) => r.seq <= 3)).toBe(true);
    expect(formatTime(1234.5)).toBe('1.234 s');
  });
});
