import { describe, expect, it } from 'vitest';
import type { CommandResult, HostView, Message } from '../sim/engine';
import type { ContainerView } from '../sim/history/hostHistory';
import { checkGoal, describeGoal, normalizeImageRef } from './goals';
import type { Goal, GoalContext } from './types';

const container = (over: Partial<ContainerView>): ContainerView => ({
  id: 'a'.repeat(64),
  name: 'web',
  image: 'nginx',
  state: 'running',
  exitCode: 0,
  ports: ['0.0.0.0:8080->80/tcp'],
  hasShim: true,
  ...over,
});

const view = (over: Partial<HostView> = {}): HostView => ({
  time: 0,
  images: [{ id: 'sha256:1', tags: ['nginx:latest'], size: 1 }],
  containers: [container({})],
  shims: ['a'.repeat(64)],
  content: 0,
  snapshots: 0,
  ...over,
});

const message = (seq: number, over: Partial<Message>): Message => ({
  seq,
  time: seq,
  from: 'client',
  fromHost: 'local',
  to: 'dockerd',
  toHost: 'local',
  protocol: 'http',
  kind: 'request',
  operation: 'HEAD /_ping',
  op: 'engine.system.ping',
  summary: '',
  ...over,
});

const result = (id: number, over: Partial<CommandResult>): CommandResult => ({
  id,
  command: 'docker ps',
  stdout: '',
  stderr: '',
  exitCode: 0,
  output: [],
  firstSeq: 0,
  lastSeq: 0,
  ...over,
});

const ctx = (over: Partial<GoalContext> = {}): GoalContext => ({
  view: view(),
  trace: [],
  results: [],
  sinceSeq: 1,
  sinceCommand: 1,
  ...over,
});

describe('checkGoal: state goals', () => {
  it('compares image references in their short form with the default tag', () => {
    expect(normalizeImageRef('docker.io/library/nginx:latest')).toBe('nginx:latest');
    expect(normalizeImageRef('nginx')).toBe('nginx:latest');
    expect(checkGoal({ image: 'nginx', present: true }, ctx())).toBe(true);
    expect(checkGoal({ image: 'docker.io/library/nginx', present: true }, ctx())).toBe(true);
    expect(checkGoal({ image: 'nginx:1.27', present: true }, ctx())).toBe(false);
    expect(checkGoal({ image: 'alpine', present: false }, ctx())).toBe(true);
    expect(checkGoal({ image: 'nginx', present: false }, ctx())).toBe(false);
  });

  it('matches containers by every field given', () => {
    expect(
      checkGoal({ container: { name: 'web', image: 'nginx:latest', state: 'running' } }, ctx()),
    ).toBe(true);
    expect(checkGoal({ container: { name: 'web', state: 'exited' } }, ctx())).toBe(false);
    expect(checkGoal({ container: { name: 'db' } }, ctx())).toBe(false);
    expect(checkGoal({ container: { hasShim: false } }, ctx())).toBe(false);
    // exitCode only means something once the container has exited
    expect(checkGoal({ container: { exitCode: 0 } }, ctx())).toBe(false);
    const exited = ctx({
      view: view({ containers: [container({ state: 'exited', exitCode: 137 })] }),
    });
    expect(checkGoal({ container: { exitCode: 137 } }, exited)).toBe(true);
    expect(checkGoal({ container: { exitCode: 0 } }, exited)).toBe(false);
  });

  it('matches published ports on host and container port, protocol optional', () => {
    expect(checkGoal({ container: { port: '8080->80' } }, ctx())).toBe(true);
    expect(checkGoal({ container: { port: '8080->80/tcp' } }, ctx())).toBe(true);
    expect(checkGoal({ container: { port: '8080->80/udp' } }, ctx())).toBe(false);
    expect(checkGoal({ container: { port: '8081->80' } }, ctx())).toBe(false);
    expect(checkGoal({ container: { port: '80->8080' } }, ctx())).toBe(false);
    expect(checkGoal({ container: { port: 'garbage' } }, ctx())).toBe(false);
  });

  it('counts within inclusive ranges (default: at least one)', () => {
    const two = ctx({ view: view({ containers: [container({}), container({ name: 'web2' })] }) });
    expect(checkGoal({ container: { image: 'nginx' }, count: { min: 2 } }, two)).toBe(true);
    expect(checkGoal({ container: { image: 'nginx' }, count: { min: 3 } }, two)).toBe(false);
    expect(checkGoal({ container: { image: 'nginx' }, count: { max: 1 } }, two)).toBe(false);
    expect(checkGoal({ container: { name: 'db' }, count: { max: 0 } }, two)).toBe(true);
    expect(checkGoal({ shims: { min: 1, max: 1 } }, two)).toBe(true);
    expect(checkGoal({ shims: { min: 2 } }, two)).toBe(false);
    expect(checkGoal({ images: { max: 0 } }, two)).toBe(false);
  });

  it('combines with all, any and not', () => {
    const yes: Goal = { image: 'nginx', present: true };
    const no: Goal = { image: 'redis', present: true };
    expect(checkGoal({ all: [yes, no] }, ctx())).toBe(false);
    expect(checkGoal({ any: [yes, no] }, ctx())).toBe(true);
    expect(checkGoal({ not: no }, ctx())).toBe(true);
    expect(checkGoal({ all: [] }, ctx())).toBe(true);
    expect(checkGoal({ any: [] }, ctx())).toBe(false);
  });
});

describe('checkGoal: trace goals look only at the current step', () => {
  const trace = [
    message(1, { operation: 'GET /v1.50/version' }),
    message(2, {
      from: 'dockerd',
      to: 'client',
      kind: 'response',
      operation: 'GET /v1.50/version',
      status: 200,
    }),
    message(3, {
      from: 'kernel',
      to: 'shim-0123456789ab',
      protocol: 'syscall',
      operation: 'SIGCHLD → wait4(1201)',
    }),
  ];

  it('finds messages from sinceSeq on, by ends, operation regex and status', () => {
    const version: Goal = { message: { from: 'client', operation: '/version$' }, since: 'step' };
    expect(checkGoal(version, ctx({ trace, sinceSeq: 1 }))).toBe(true);
    expect(checkGoal(version, ctx({ trace, sinceSeq: 2 }))).toBe(false);
    expect(checkGoal({ message: { status: 200 }, since: 'step' }, ctx({ trace }))).toBe(true);
    expect(checkGoal({ message: { status: 404 }, since: 'step' }, ctx({ trace }))).toBe(false);
    expect(
      checkGoal({ message: { to: 'shim', operation: 'SIGCHLD' }, since: 'step' }, ctx({ trace })),
    ).toBe(true);
    expect(checkGoal({ message: { to: 'runc' }, since: 'step' }, ctx({ trace }))).toBe(false);
    expect(
      checkGoal({ message: { from: 'client' }, since: 'step', count: { min: 2 } }, ctx({ trace })),
    ).toBe(false);
  });

  it('reads output and exit codes of the step’s commands only', () => {
    const results = [
      result(1, { command: 'docker pull nginx', stdout: 'Status: Image is up to date\n' }),
      result(2, { command: 'docker run nosuch', stderr: 'pull access denied\n', exitCode: 125 }),
    ];
    expect(checkGoal({ output: 'up to date', since: 'step' }, ctx({ results }))).toBe(true);
    expect(
      checkGoal({ output: 'up to date', since: 'step' }, ctx({ results, sinceCommand: 2 })),
    ).toBe(false);
    expect(checkGoal({ output: 'denied', since: 'step', stream: 'stdout' }, ctx({ results }))).toBe(
      false,
    );
    expect(checkGoal({ output: 'denied', since: 'step', stream: 'stderr' }, ctx({ results }))).toBe(
      true,
    );
    expect(
      checkGoal({ exitCode: 125, since: 'step', command: '^docker run' }, ctx({ results })),
    ).toBe(true);
    expect(
      checkGoal({ exitCode: 125, since: 'step', command: '^docker pull' }, ctx({ results })),
    ).toBe(false);
    expect(checkGoal({ exitCode: 125, since: 'step' }, ctx({ results, sinceCommand: 3 }))).toBe(
      false,
    );
  });

  it('never throws on bad data: an invalid regex or an unknown goal matches nothing', () => {
    expect(
      checkGoal({ output: '(', since: 'step' }, ctx({ results: [result(1, { stdout: '(' })] })),
    ).toBe(false);
    expect(checkGoal({ message: { operation: '[' }, since: 'step' }, ctx({ trace }))).toBe(false);
    expect(checkGoal({ bogus: true } as unknown as Goal, ctx())).toBe(false);
  });
});

describe('describeGoal', () => {
  it('says a goal in plain words, or uses its label', () => {
    expect(describeGoal({ container: { name: 'web', state: 'running', port: '8080->80' } })).toBe(
      'a container named web, running, publishing port 8080->80',
    );
    expect(describeGoal({ container: { name: 'box', state: 'exited', exitCode: 0 } })).toBe(
      'a container named box, exited with code 0',
    );
    expect(describeGoal({ container: { name: 'web' }, count: { max: 0 } })).toBe(
      'no containers named web',
    );
    expect(describeGoal({ shims: { min: 2 } })).toBe('at least 2 shims running');
    expect(describeGoal({ image: 'nginx', present: false })).toBe(
      'the image nginx is not on the host',
    );
    expect(describeGoal({ all: [{ image: 'a', present: true }, { shims: { max: 1 } }] })).toBe(
      'the image a is on the host, and at most 1 shim running',
    );
    expect(describeGoal({ exitCode: 3, since: 'step', label: 'it exits with 3' })).toBe(
      'it exits with 3',
    );
  });
});

describe('goals on other Docker hosts (issue 11)', () => {
  const node2 = view({ containers: [container({ name: 'api' })], images: [] });
  const withHosts = ctx({
    viewOf: (host) => (host === 'node-2' ? node2 : undefined),
  });

  it('a container or image goal reads the host it names, the learner’s own by default', () => {
    expect(checkGoal({ container: { name: 'api' }, host: 'node-2' }, withHosts)).toBe(true);
    expect(checkGoal({ container: { name: 'api' } }, withHosts)).toBe(false);
    expect(checkGoal({ container: { name: 'web' }, host: 'local' }, withHosts)).toBe(true);
    expect(checkGoal({ container: { name: 'web' }, host: 'node-2' }, withHosts)).toBe(false);
    expect(checkGoal({ image: 'nginx', present: false, host: 'node-2' }, withHosts)).toBe(true);
    expect(checkGoal({ image: 'nginx', present: true }, withHosts)).toBe(true);
  });

  it('a host nobody can see never satisfies a goal, whatever the count asks', () => {
    const none = { container: { name: 'x' }, count: { max: 0 }, host: 'node-9' } as const;
    expect(checkGoal(none, withHosts)).toBe(false);
    expect(checkGoal(none, ctx())).toBe(false);
    const throwing = ctx({
      viewOf: () => {
        throw new RangeError('no Docker host');
      },
    });
    expect(checkGoal({ container: { name: 'api' }, host: 'node-2' }, throwing)).toBe(false);
  });

  it('messages match on the machine each end runs on', () => {
    const trace = [
      message(1, { toHost: 'node-2', operation: 'GET /v1.50/containers/json' }),
      message(2, { operation: 'GET /v1.50/containers/json' }),
    ];
    const on = (toHost: string) =>
      checkGoal(
        {
          message: { to: 'dockerd', toHost, operation: '/containers/json' },
          since: 'step',
          count: { min: 1, max: 1 },
        },
        ctx({ trace }),
      );
    expect(on('node-2')).toBe(true);
    expect(on('local')).toBe(true);
    expect(on('node-3')).toBe(false);
    expect(checkGoal({ message: { fromHost: 'node-2' }, since: 'step' }, ctx({ trace }))).toBe(
      false,
    );
  });

  it('says which host in plain words', () => {
    expect(describeGoal({ container: { name: 'web', state: 'running' }, host: 'node-2' })).toBe(
      'a container named web, running on node-2',
    );
    expect(describeGoal({ image: 'nginx', present: true, host: 'node-3' })).toBe(
      'the image nginx is on node-3',
    );
    expect(describeGoal({ message: { to: 'dockerd', toHost: 'node-2' }, since: 'step' })).toBe(
      'the trace shows a message to dockerd on node-2 in this step',
    );
  });
});
