import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../engine';
import { contextOf } from '../core/actors';
import type { DockerdState } from '../dockerd/model';
import { lifecycleState } from '../dockerd/containerLifecycle';
import { session } from './helpers';

const dockerd = (engine: Engine) => contextOf<DockerdState>(engine.host.dockerd);
const stateOf = (engine: Engine, name: string) => {
  const d = dockerd(engine);
  const id = d.names[`/${name}`];
  return id === undefined ? undefined : lifecycleState(d.lifecycles[id]!);
};

/** The state the STATUS column of `docker ps -a` says (moby `State.String()`). */
function stateInStatus(status: string): string {
  if (status.startsWith('Up ')) return status.endsWith('(Paused)') ? 'paused' : 'running';
  if (status.startsWith('Exited ')) return 'exited';
  if (status.startsWith('Restarting ')) return 'restarting';
  if (status === 'Created') return 'created';
  if (status === 'Removal In Progress') return 'removing';
  if (status === 'Dead') return 'dead';
  return `unknown status ${status}`;
}

/** `name → state` as the table `docker ps -a` prints shows it. */
function psStates(engine: Engine): Record<string, string> {
  const out = engine.run('docker ps -a').stdout.trimEnd().split('\n');
  const header = out[0]!;
  const status = header.indexOf('STATUS');
  const ports = header.indexOf('PORTS');
  const names = header.indexOf('NAMES');
  const rows: Record<string, string> = {};
  for (const line of out.slice(1))
    rows[line.slice(names).trim()] = stateInStatus(line.slice(status, ports).trim());
  return rows;
}

describe('container lifecycle through the CLI', () => {
  it('moves created → running → exited → removed as the commands say', () => {
    const { engine } = session([
      'docker create --name web nginx',
      'docker start web',
      'docker stop web',
      'docker rm web',
    ]);
    expect(stateOf(engine, 'web')).toBeUndefined();
    expect(dockerd(engine).lifecycles).toEqual({});
  });

  it('refuses what dockerd refuses, with its errors, and the state does not move', () => {
    const { engine, results } = session([
      'docker run -d --name web nginx',
      'docker start web', // 304 Not Modified: the CLI prints the name
      'docker rm web',
      'docker create --name idle nginx',
      'docker stop idle', // 304 too
      'docker kill idle',
    ]);
    const [, start, rm, , stop, kill] = results;
    expect([start!.exitCode, start!.stdout]).toEqual([0, 'web\n']);
    expect(rm!.exitCode).toBe(1);
    expect(rm!.stderr).toBe(
      'Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove\n',
    );
    expect([stop!.exitCode, stop!.stdout]).toEqual([0, 'idle\n']);
    expect(kill!.stderr).toMatch(
      /^Error response from daemon: cannot kill container: idle: container [0-9a-f]{64} is not running\n$/,
    );
    expect(stateOf(engine, 'web')).toBe('running');
    expect(stateOf(engine, 'idle')).toBe('created');
    expect(psStates(engine)).toEqual({ web: 'running', idle: 'created' });
  });

  it('start refuses a paused container and one being removed, in moby order (validateState)', () => {
    // No command pauses or half-removes a container yet (pause is not simulated; a removal
    // runs to its end), so the machines are moved as dockerd would, record following.
    const { engine } = session([
      'docker create --name idle nginx',
      'docker run -d --name web nginx',
    ]);
    const d = dockerd(engine);
    const moveTo = (name: string, fact: 'removal.started' | 'task.paused') => {
      const id = d.names[`/${name}`]!;
      d.lifecycles[id]!.send({ type: fact });
      engine.host.dockerd.send({
        type: 'container.moved',
        id,
        to: lifecycleState(d.lifecycles[id]!),
      });
    };
    moveTo('idle', 'removal.started');
    moveTo('web', 'task.paused');
    expect(psStates(engine)).toEqual({ idle: 'removing', web: 'paused' });
    const removing = engine.run('docker start idle');
    expect([removing.exitCode, removing.stderr]).toEqual([
      1,
      'Error response from daemon: container is marked for removal and cannot be started\nError: failed to start containers: idle\n',
    ]);
    const paused = engine.run('docker start web');
    expect([paused.exitCode, paused.stderr]).toEqual([
      1,
      'Error response from daemon: cannot start a paused container, try unpause instead\nError: failed to start containers: web\n',
    ]);
    expect(psStates(engine)).toEqual({ idle: 'removing', web: 'paused' });
    expect(engine.run('docker ps').stdout).toMatch(/ Up Less than a second \(Paused\) /);
  });

  it('a route that tries a move Docker never makes is refused loudly, and nothing changes', () => {
    const { engine } = session(['docker create --name idle nginx']);
    const id = dockerd(engine).names['/idle']!;
    // An exit of a task that never started: the machine refuses, so dockerd's record does too.
    expect(() =>
      engine.host.dockerd.send({ type: 'container.moved', id, to: 'exited' }),
    ).not.toThrow();
    expect(dockerd(engine).containers[id]!.state).toBe('created');
    const lifecycle = dockerd(engine).lifecycles[id]!;
    const before = lifecycle.getSnapshot();
    lifecycle.send({ type: 'task.exited' });
    expect(lifecycle.getSnapshot()).toBe(before);
    expect(psStates(engine)).toEqual({ idle: 'created' });
  });
});

const VERBS = ['run -d', 'run', 'run --rm', 'run -d --rm', 'create', 'start', 'stop', 'restart'];
const MORE = ['kill', 'rm', 'rm -f', 'ps -a'];
const line = fc
  .record({
    verb: fc.constantFrom(...VERBS, ...MORE),
    name: fc.constantFrom('a', 'b', 'c'),
    cmd: fc.constantFrom('', 'true', 'sh -c "exit 3"', 'sleep 2', 'nosuchcmd'),
  })
  .map(({ verb, name, cmd }) =>
    verb.startsWith('run') || verb === 'create'
      ? `docker ${verb} --name ${name} alpine ${cmd}`.trimEnd()
      : verb === 'ps -a'
        ? 'docker ps -a'
        : `docker ${verb} ${name}`,
  );

describe('property: docker ps -a always shows each container in the state its machine is in', () => {
  it('over random command sequences', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 14 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 14, maxLength: 14 }),
        (lines, pauses) => {
          const engine = new Engine({ seed: 7 });
          engine.run('docker pull alpine');
          for (const [i, l] of lines.entries()) {
            engine.advance(pauses[i]!);
            const r = engine.run(l);
            if (r.exitCode === null) engine.interrupt(r.id);
            const d = dockerd(engine);
            const machines = Object.fromEntries(
              Object.values(d.containers).map((c) => [c.name, lifecycleState(d.lifecycles[c.id]!)]),
            );
            const records = Object.fromEntries(
              Object.values(d.containers).map((c) => [c.name, c.state]),
            );
            expect(Object.keys(d.lifecycles).sort()).toEqual(Object.keys(d.containers).sort());
            expect(records).toEqual(machines);
            expect(psStates(engine)).toEqual(machines);
          }
        },
      ),
      { seed: 20261203, numRuns: 60 },
    );
  }, 60_000);
});
