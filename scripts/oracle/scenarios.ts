// The scenarios capture.ts runs: a fake-daemon state plus a docker command line.
import type { ContainerSeed, DaemonSeed } from './engine';

export interface Scenario {
  /** Stable, unique key. */
  readonly name: string;
  readonly args: readonly string[];
  readonly seed: DaemonSeed;
  /** false: nothing listens on DOCKER_HOST (connection refused). */
  readonly daemon?: false;
}

const MIN = 60;
const HOUR = 3600;

const web = (state: 'running' | 'exited'): ContainerSeed => ({
  name: 'web',
  image: 'nginx',
  state,
  createdAgo: 45 * MIN,
  startedAgo: 45 * MIN - 10,
  ...(state === 'exited' ? { exitCode: 0, finishedAgo: 20 * MIN } : {}),
  ports: { '80/tcp': '8080' },
  logs: [
    { stream: 1, data: '/docker-entrypoint.sh: Configuration complete; ready for start up\n' },
    { stream: 2, data: '2025/06/15 14:21:50 [notice] 1#1: nginx/1.29.0\n' },
    {
      stream: 1,
      data: '172.17.0.1 - - [15/Jun/2025:14:22:03 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"\n',
    },
    { stream: 2, data: '2025/06/15 14:21:50 [notice] 1#1: start worker processes\n' },
  ],
});

const EMPTY: DaemonSeed = {};
const TWO_IMAGES: DaemonSeed = { images: ['nginx:latest', 'alpine:latest'] };
const ALL_IMAGES = ['nginx:latest', 'alpine:latest', 'hello-world:latest'];
const WEB_RUNNING: DaemonSeed = { images: ALL_IMAGES, containers: [web('running')] };
const WEB_EXITED: DaemonSeed = { images: ALL_IMAGES, containers: [web('exited')] };
/** A mix for ps: running with a binding, running with an unbound exposed port, exited, created. */
const BUSY: DaemonSeed = {
  images: ALL_IMAGES,
  containers: [
    {
      name: 'sad_wing',
      image: 'alpine',
      cmd: ['echo', 'hi'],
      state: 'created',
      createdAgo: 2 * HOUR,
    },
    {
      name: 'hopeful_kepler',
      image: 'hello-world',
      state: 'exited',
      exitCode: 0,
      createdAgo: 26 * HOUR,
      startedAgo: 26 * HOUR,
      finishedAgo: 26 * HOUR,
    },
    {
      name: 'nifty_dirac',
      image: 'alpine',
      cmd: ['sh', '-c', 'exit 3'],
      state: 'exited',
      exitCode: 3,
      createdAgo: 3 * HOUR,
      startedAgo: 3 * HOUR,
      finishedAgo: 3 * HOUR - 5,
    },
    { name: 'plain', image: 'nginx:latest', state: 'running', createdAgo: 90, startedAgo: 85 },
    web('running'),
  ],
};

const PULL_FAIL =
  'failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/blobs/sha256:' +
  '0'.repeat(64) +
  ': 429 Too Many Requests - Server message: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit';

const sc = (name: string, seed: DaemonSeed, ...args: string[]): Scenario => ({ name, args, seed });

const daemonScenarios: Scenario[] = [
  sc('version', EMPTY, 'version'),
  sc('info', BUSY, 'info'),
  sc('images-empty', EMPTY, 'images'),
  sc('images-two', TWO_IMAGES, 'images'),
  sc('image-ls-two', TWO_IMAGES, 'image', 'ls'),
  sc('images-order', { images: ['hello-world:latest', 'nginx:latest', 'alpine:latest'] }, 'images'),
  sc('pull-fresh', EMPTY, 'pull', 'nginx'),
  sc('pull-some-layers-exist', { images: ['nginx:1.27'] }, 'pull', 'nginx'),
  sc('pull-up-to-date', { images: ['nginx:latest'] }, 'pull', 'nginx'),
  sc('pull-tag', EMPTY, 'pull', 'nginx:1.27'),
  sc('pull-unknown-repo', EMPTY, 'pull', 'nosuch'),
  sc('pull-unknown-tag', EMPTY, 'pull', 'nginx:nosuchtag'),
  sc('pull-error-mid-stream', { pullStreamError: PULL_FAIL }, 'pull', 'nginx'),
  sc('run-pull-error-mid-stream', { pullStreamError: PULL_FAIL }, 'run', 'nginx'),
  sc('run-hello-world-absent', EMPTY, 'run', 'hello-world'),
  sc('run-alpine-echo', { images: ['alpine:latest'] }, 'run', 'alpine', 'echo', 'hi'),
  sc(
    'run-exit-code-stderr',
    { images: ['alpine:latest'] },
    'run',
    'alpine',
    'sh',
    '-c',
    'echo out; echo err >&2; exit 3',
  ),
  sc('run-d-present', { images: ['nginx:latest'] }, 'run', '-d', 'nginx'),
  sc('run-d-absent', EMPTY, 'run', '-d', 'nginx'),
  sc(
    'run-d-ports-name',
    { images: ['nginx:latest'] },
    'run',
    '-d',
    '-p',
    '8080:80',
    '--name',
    'web',
    'nginx',
  ),
  sc(
    'run-d-rm-env-name',
    { images: ['alpine:latest'] },
    'run',
    '-d',
    '--rm',
    '-e',
    'FOO=bar',
    '--name',
    'x',
    'alpine',
    'sleep',
    '5',
  ),
  sc('run-name-conflict', WEB_RUNNING, 'run', '-d', '--name', 'web', 'nginx'),
  sc('run-unknown-image', EMPTY, 'run', 'foo'),
  {
    name: 'run-timing-probe',
    args: ['run', 'alpine', 'echo', 'hi'],
    seed: {
      images: ['alpine:latest'],
      timing: { attachUpgradeDelayMs: 400, waitHeadersDelayMs: 400 },
    },
  },
  {
    name: 'run-d-timing-probe',
    args: ['run', '-d', 'alpine', 'echo', 'hi'],
    seed: { images: ['alpine:latest'], timing: { waitHeadersDelayMs: 400 } },
  },
  sc('run-bad-tag-case', EMPTY, 'run', '-d', 'nginx:Bad'),
  // ── res: the resource fields of HostConfig as the CLI sends them ──
  sc(
    'run-d-resources',
    { images: ['alpine:latest'] },
    'run',
    '-d',
    '-m',
    '32m',
    '--memory-swap',
    '64m',
    '--memory-reservation',
    '16m',
    '--cpus',
    '1.5',
    '-c',
    '512',
    '--cpuset-cpus',
    '0',
    '--pids-limit',
    '100',
    '--ulimit',
    'nproc=64',
    '--ulimit',
    'nofile=1024:2048',
    'alpine',
    'sleep',
    '600',
  ),
  sc(
    'create-memory-units',
    { images: ['alpine:latest'] },
    'create',
    '-m',
    '1.5g',
    '--memory-swap',
    '-1',
    'alpine',
  ),
  sc('update-memory', WEB_RUNNING, 'update', '-m', '64m', '--memory-swap', '128m', 'web'),
  sc('update-cpus-pids', WEB_RUNNING, 'update', '--cpus', '0.5', '--pids-limit', '-1', 'web'),
  sc('ps-empty', EMPTY, 'ps'),
  sc('ps', BUSY, 'ps'),
  sc('ps-a', BUSY, 'ps', '-a'),
  sc('ps-q', BUSY, 'ps', '-q'),
  sc('ps-aq', BUSY, 'ps', '-aq'),
  sc('container-ls', BUSY, 'container', 'ls'),
  sc('stop', WEB_RUNNING, 'stop', 'web'),
  sc('stop-already-stopped', WEB_EXITED, 'stop', 'web'),
  sc('stop-unknown', EMPTY, 'stop', 'nosuch'),
  sc('start', WEB_EXITED, 'start', 'web'),
  sc('start-already-running', WEB_RUNNING, 'start', 'web'),
  sc('restart', WEB_RUNNING, 'restart', 'web'),
  sc('kill', WEB_RUNNING, 'kill', 'web'),
  sc('kill-not-running', WEB_EXITED, 'kill', 'web'),
  sc('rm', WEB_EXITED, 'rm', 'web'),
  sc('rm-running', WEB_RUNNING, 'rm', 'web'),
  sc('rm-f-running', WEB_RUNNING, 'rm', '-f', 'web'),
  sc('rm-unknown', EMPTY, 'rm', 'nosuch'),
  sc('rmi', TWO_IMAGES, 'rmi', 'nginx'),
  sc('rmi-in-use', WEB_EXITED, 'rmi', 'nginx'),
  sc('rmi-f-in-use', WEB_EXITED, 'rmi', '-f', 'nginx'),
  sc('rmi-unknown', EMPTY, 'rmi', 'nosuch'),
  sc('logs', WEB_RUNNING, 'logs', 'web'),
  sc('logs-unknown', EMPTY, 'logs', 'nosuch'),
];

const noDaemon = (name: string, ...args: string[]): Scenario => ({
  name,
  args,
  seed: EMPTY,
  daemon: false,
});

const clientErrors: Scenario[] = [
  noDaemon('no-daemon-ps', 'ps'),
  noDaemon('no-daemon-version', 'version'),
  noDaemon('no-daemon-run', 'run', 'hello-world'),
  noDaemon('no-daemon-pull', 'pull', 'nginx'),
  noDaemon('no-daemon-help', '--help'),
  sc('err-unknown-command', EMPTY, 'foo'),
  sc('err-run-unknown-flag', EMPTY, 'run', '--foo', 'nginx'),
  sc('err-run-no-args', EMPTY, 'run'),
  sc('err-ps-args', EMPTY, 'ps', 'foo'),
  sc('err-pull-uppercase', EMPTY, 'pull', 'NGINX'),
  sc('err-run-bad-port', EMPTY, 'run', '-p', '99999:80', 'nginx'),
  sc('err-run-name-needs-arg', EMPTY, 'run', '--name'),
  sc('err-stop-no-args', EMPTY, 'stop'),
  sc('err-rm-no-args', EMPTY, 'rm'),
  sc('err-logs-no-args', EMPTY, 'logs'),
  sc('err-images-two-args', EMPTY, 'images', 'foo', 'bar'),
  sc('err-pull-empty', EMPTY, 'pull', ''),
  sc('err-run-empty-tag', EMPTY, 'run', 'nginx:'),
  sc('err-kill-s-needs-arg', EMPTY, 'kill', '-s'),
  sc('err-unknown-global-flag', EMPTY, '--foo'),
  // ── res: resource flags and docker update ──
  sc('err-run-memory-bad', EMPTY, 'run', '-m', 'foo', 'alpine'),
  sc('err-run-memory-suffix', EMPTY, 'run', '--memory', '1x', 'alpine'),
  sc('err-run-swap-bad', EMPTY, 'run', '--memory-swap', '-2', 'alpine'),
  sc('err-run-cpus-bad', EMPTY, 'run', '--cpus', 'foo', 'alpine'),
  sc('err-run-cpus-precise', EMPTY, 'run', '--cpus', '0.0000000001', 'alpine'),
  sc('err-run-ulimit-bad', EMPTY, 'run', '--ulimit', 'nofile=10:5', 'alpine'),
  sc('err-run-ulimit-type', EMPTY, 'run', '--ulimit', 'foo=1', 'alpine'),
  sc('err-run-cpu-shares-bad', EMPTY, 'run', '-c', 'x', 'alpine'),
  sc('err-update-no-flags', WEB_RUNNING, 'update', 'web'),
  sc('err-update-no-args', EMPTY, 'update'),
];

const HELP_TOPICS = [
  'version',
  'info',
  'pull',
  'images',
  'run',
  'ps',
  'stop',
  'start',
  'restart',
  'kill',
  'rm',
  'rmi',
  'logs',
  'container',
  'image',
  'container ls',
  'container run',
  'container rm',
  'container stop',
  'container start',
  'container restart',
  'container kill',
  'container logs',
  'container create',
  'image ls',
  'image pull',
  'image rm',
  'context',
  'context create',
  'context ls',
  'context use',
  'context inspect',
  'context rm',
  'context show',
  'context update',
  'context export',
  'context import',
  // inspect, rename, prune, system df (issue 13, insp)
  'inspect',
  'container inspect',
  'image inspect',
  'rename',
  'container rename',
  'container prune',
  'image prune',
  'system',
  'system df',
  'network',
  'network create',
  'network ls',
  'network rm',
  'network inspect',
  'network connect',
  'network disconnect',
  'network prune',
  // exec and attach (issue 13)
  'exec',
  'attach',
  'container exec',
  'container attach',
  // resources (issue 14, res)
  'update',
  'container update',
  'stats',
  'container stats',
];

const helpScenarios: Scenario[] = [
  sc('help-bare', EMPTY),
  sc('help-flag', EMPTY, '--help'),
  ...HELP_TOPICS.map((t) => sc(`help-${t.replace(' ', '-')}`, EMPTY, ...t.split(' '), '--help')),
];

export const SCENARIOS: readonly Scenario[] = [
  ...daemonScenarios,
  ...clientErrors,
  ...helpScenarios,
];
