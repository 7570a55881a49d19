import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine';
import { OverviewIndex } from '../../sim/trace/overview';
import { OPERATIONS } from '../../sim/trace/operations';
import { buildRows, buildStepRows, formatTime, rowIndexOf, rowsUpTo, scrollToShow } from './rows';

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

  it('builds the same rows from each message’s command alone when nothing is filtered', () => {
    const engine = session(['docker run -d --name sleeper alpine sleep 1', 'docker ps']);
    engine.advance(5000);
    const command = (id: number) => engine.result(id)?.command;
    let made = 0;
    const commandIdOf = (seq: number) => (made++, engine.trace[seq - 1]?.commandId);
    const rows = buildRows(engine.trace, command, any, commandIdOf);
    expect(rows).toEqual(buildRows(engine.trace, command, any));
    expect(made).toBe(engine.trace.length);
    expect(rows.filter((r) => r.kind === 'group').length).toBeGreaterThanOrEqual(3);
    // A filter needs the messages themselves: the accessor is not enough, and not used.
    made = 0;
    const kernel = { component: 'kernel', protocol: null };
    expect(buildRows(engine.trace, command, kernel, commandIdOf)).toEqual(
      buildRows(engine.trace, command, kernel),
    );
    expect(made).toBe(0);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    expect(buildStepRows(engine.trace, index.steps, command, any, commandIdOf)).toEqual(
      buildStepRows(engine.trace, index.steps, command, any),
    );
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

  describe('at the Overview level', () => {
    const engine = session(['docker run -d -p 8080:80 --name web nginx', 'docker stop web']);
    const index = new OverviewIndex();
    index.catchUp(engine.trace);
    const command = (id: number) => engine.result(id)?.command;
    const rows = buildStepRows(engine.trace, index.steps, command, any);
    const stepRows = rows.flatMap((r) => (r.kind === 'step' ? [r] : []));

    it('lists the overview’s steps, not every message inside the host', () => {
      expect(stepRows.map((r) => r.index)).toEqual(index.steps.map((s) => s.index));
      expect(stepRows.length).toBeLessThan(engine.trace.length / 3);
      // Under the command that sent them; the exit chain nobody asked for under a header of its own.
      const labels = rows.flatMap((r) => (r.kind === 'group' ? [r.label] : []));
      expect([...new Set(labels)]).toEqual([
        'docker run -d -p 8080:80 --name web nginx',
        'docker stop web',
        'The host on its own (no command)',
      ]);
      expect(rows.some((r) => r.kind === 'message')).toBe(false);
    });

    it('titles collapsed steps from the operation catalogue', () => {
      const titles = new Set(
        Object.values(OPERATIONS).flatMap((e) => {
          const o = 'overview' in e ? e.overview : undefined;
          const own = typeof o === 'function' ? [o({}), o({ layer: 'x' })] : o ? [o] : [];
          return [...own.map((t) => t.title), ...('resumed' in e ? [e.resumed] : [])];
        }),
      );
      const collapsed = stepRows.map((r) => index.steps[r.index]!).filter((s) => s.collapsed);
      expect(collapsed.length).toBeGreaterThan(5);
      for (const step of collapsed) expect(titles).toContain(step.title);
      expect(collapsed.map((s) => s.title)).toContain(
        'dockerd asks containerd to create the container’s process (shim, runc, namespaces)',
      );
    });

    it('finds the step a message belongs to, and filters steps by what their messages are', () => {
      const step = index.steps.find((s) => s.last - s.first > 3)!;
      const row = rows[rowIndexOf(rows, step.first + 2)]!;
      expect(row).toMatchObject({ kind: 'step', seq: step.first, last: step.last });
      const ttrpc = buildStepRows(engine.trace, index.steps, command, {
        component: null,
        protocol: 'ttrpc',
      });
      const kept = ttrpc.flatMap((r) => (r.kind === 'step' ? [index.steps[r.index]!] : []));
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(stepRows.length);
      for (const s of kept)
        expect(engine.trace.slice(s.first - 1, s.last).some((m) => m.protocol === 'ttrpc')).toBe(
          true,
        );
    });
  });
});

describe('scrollToShow', () => {
  const view = { offset: 100, height: 200 };
  it('leaves a row already in view where it is', () => {
    expect(scrollToShow({ start: 100, end: 126 }, view, 1000)).toBeNull();
    expect(scrollToShow({ start: 274, end: 300 }, view, 1000)).toBeNull();
  });
  it('brings a row below the view up to its bottom edge, one above down to its top', () => {
    expect(scrollToShow({ start: 300, end: 326 }, view, 1000)).toBe(126);
    expect(scrollToShow({ start: 60, end: 86 }, view, 1000)).toBe(60);
  });
  it('never past the end of the list, nor before its start', () => {
    expect(scrollToShow({ start: 990, end: 1016 }, view, 1016)).toBe(816);
    expect(scrollToShow({ start: 0, end: 26 }, { offset: 40, height: 200 }, 100)).toBe(0);
  });
  it('does nothing before the scroller has been measured', () => {
    expect(scrollToShow({ start: 300, end: 326 }, { offset: 0, height: 0 }, 1000)).toBeNull();
  });
});
