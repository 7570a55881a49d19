// ── sec: security options and namespaces ──
// `docker create` with the security and namespace flags: the create body the real CLI sends
// for each (the fake daemon accepts them all; dockerd's own checks are pinned in engine tests),
// and the flag errors the CLI gives before it sends anything.
import type { DaemonSeed } from './engine';
import type { Scenario } from './scenarios';

const ALPINE: DaemonSeed = { images: ['alpine:latest'] };
/** A running `web` for the `container:<name>` modes (dockerd looks a PID or IPC donor up at create). */
const WEB: DaemonSeed = {
  images: ['nginx:latest', 'alpine:latest'],
  containers: [{ name: 'web', image: 'nginx', state: 'running', createdAgo: 600, startedAgo: 590 }],
};
const sc = (name: string, seed: DaemonSeed, ...args: string[]): Scenario => ({ name, args, seed });

export const securityScenarios: Scenario[] = [
  sc(
    'create-cap-add-drop',
    ALPINE,
    'create',
    '--cap-add',
    'net_admin',
    '--cap-add',
    'CAP_SYS_TIME',
    '--cap-drop',
    'all',
    'alpine',
  ),
  sc('create-privileged', ALPINE, 'create', '--privileged', 'alpine'),
  sc(
    'create-security-opt',
    ALPINE,
    'create',
    '--security-opt',
    'seccomp=unconfined',
    '--security-opt',
    'apparmor=unconfined',
    '--security-opt',
    'no-new-privileges',
    '--security-opt',
    'label=disable',
    'alpine',
  ),
  sc(
    'create-user-readonly',
    ALPINE,
    'create',
    '-u',
    '1000:1000',
    '--read-only',
    '--group-add',
    'audio',
    'alpine',
  ),
  sc(
    'create-userns-device',
    ALPINE,
    'create',
    '--userns',
    'host',
    '--device',
    '/dev/fuse',
    '--device',
    '/dev/sda:/dev/xvda:r',
    'alpine',
  ),
  sc(
    'create-namespaces-host',
    ALPINE,
    'create',
    '--pid',
    'host',
    '--ipc',
    'host',
    '--uts',
    'host',
    'alpine',
  ),
  sc(
    'create-namespaces-container',
    WEB,
    'create',
    '--pid',
    'container:web',
    '--ipc',
    'container:web',
    '--network',
    'container:web',
    'alpine',
  ),
  sc('create-ipc-shareable', ALPINE, 'create', '--ipc', 'shareable', 'alpine'),
  sc('err-security-opt-bad', ALPINE, 'create', '--security-opt', 'foo', 'alpine'),
  sc('err-security-opt-empty', ALPINE, 'create', '--security-opt', 'seccomp=', 'alpine'),
  sc(
    'err-security-opt-nofile',
    ALPINE,
    'create',
    '--security-opt',
    'seccomp=/nonexistent.json',
    'alpine',
  ),
  sc('err-pid-bad', ALPINE, 'create', '--pid', 'foo', 'alpine'),
  sc('err-uts-bad', ALPINE, 'create', '--uts', 'container:web', 'alpine'),
  sc('err-userns-bad', ALPINE, 'create', '--userns', 'foo', 'alpine'),
  sc('err-device-relative', ALPINE, 'create', '--device', 'dev/fuse', 'alpine'),
  sc('err-device-bad-mode', ALPINE, 'create', '--device', '/dev/a:/dev/b:xyz', 'alpine'),
  sc('err-run-security-opt-bad', ALPINE, 'run', '--security-opt', 'foo', 'alpine'),
];
