import { LIMIT_DRILLS } from './limits';
/**
 * Interview drills ("what happens when you type …?") and the one-line reasons
 * a message goes where it goes, shown after each answer. Data only; the
 * quiz logic is in ../drills.ts.
 */
import type { Drill } from '../types';
// ── host ──
import { HOST_DRILLS } from './hostView';
import { SECURITY_DRILLS } from './privileged';

export const DRILLS: readonly Drill[] = [
  {
    id: 'run-nginx-overview',
    title: 'docker run nginx, the big picture',
    prompt:
      'What happens when you type `docker run nginx` on a fresh host? Click the component that receives each next step.',
    setup: [],
    command: 'docker run nginx',
    level: 'overview',
  },
  {
    id: 'run-nginx-full',
    title: 'docker run nginx, every hop',
    prompt:
      'nginx is already pulled. What happens, message by message, when you type `docker run nginx`? Click who receives each request.',
    setup: ['docker pull nginx'],
    command: 'docker run nginx',
    level: 'full',
  },
  {
    id: 'pull-overview',
    title: 'docker pull alpine',
    prompt: 'Who talks to whom when you type `docker pull alpine`?',
    setup: [],
    command: 'docker pull alpine',
    level: 'overview',
  },
  {
    id: 'stop-full',
    title: 'docker stop, every hop',
    prompt:
      'A container runs `sleep 3600`. What happens, message by message, when you type `docker stop sleeper`?',
    setup: ['docker pull alpine', 'docker run -d --name sleeper alpine sleep 3600'],
    command: 'docker stop sleeper',
    level: 'full',
  },
  {
    id: 'version-full',
    title: 'docker version',
    prompt: 'Where does the Server block of `docker version` come from? Follow each request.',
    setup: [],
    command: 'docker version',
    level: 'full',
  },
  {
    id: 'create-start-full',
    title: 'docker start, every hop',
    prompt:
      'A container named box was created but never started. What happens when you type `docker start box`?',
    setup: ['docker pull alpine', 'docker create --name box alpine echo hello'],
    command: 'docker start box',
    level: 'full',
  },
  {
    id: 'run-volume-full',
    title: 'docker run -v, every hop',
    prompt:
      'alpine is pulled. What happens, message by message, when you type `docker run --rm -v data:/data alpine true` and the volume data does not exist yet?',
    setup: ['docker pull alpine'],
    command: 'docker run --rm -v data:/data alpine true',
    level: 'full',
  },
  {
    id: 'exec-full',
    title: 'docker exec, every hop',
    prompt:
      'A container named web runs `sleep 1000`. What happens, message by message, when you type `docker exec web echo hi`?',
    setup: ['docker pull alpine', 'docker run -d --name web alpine sleep 1000'],
    command: 'docker exec web echo hi',
    level: 'full',
  },
  // ── host ──
  ...HOST_DRILLS,
  // ── life ──
  {
    id: 'pause-full',
    title: 'docker pause, every hop',
    prompt:
      'A container runs `sleep 1000`. What happens, message by message, when you type `docker pause pz`? Click who receives each request.',
    setup: ['docker pull alpine', 'docker run -d --name pz alpine sleep 1000'],
    command: 'docker pause pz',
    level: 'full',
  },
  // ── obs: docker top and docker cp ──
  {
    id: 'top-full',
    title: 'docker top, every hop',
    prompt:
      'A container runs `sleep 1000`. Who does dockerd ask, message by message, when you type `docker top web`?',
    setup: ['docker pull alpine', 'docker run -d --name web alpine sleep 1000'],
    command: 'docker top web',
    level: 'full',
  },
  {
    id: 'cp-full',
    title: 'docker cp into a container, every hop',
    prompt:
      'notes.txt is on your machine and web is running. What happens when you type `docker cp notes.txt web:/tmp/`?',
    setup: [
      'docker pull alpine',
      'docker run -d --name web alpine sleep 1000',
      'echo hello > notes.txt',
    ],
    command: 'docker cp notes.txt web:/tmp/',
    level: 'full',
  },
  // ── sec ──
  ...SECURITY_DRILLS,
  // ── res ──
  ...LIMIT_DRILLS,
];

/**
 * Why a message of one role goes to another, keyed `from→to` by role. Shown
 * with the message's own summary after an answer.
 */
export const HOP_WHY: Readonly<Record<string, string>> = {
  // ── host: programs of the Docker host itself read the kernel's state ──
  'bash→kernel':
    'A program you start on the host (ps, ip, ls, cat, iptables) reads the host’s state through the kernel: /proc, /sys, netlink, the filesystem. No Docker component is asked.',
  'kernel→bash': 'The kernel answers the program you ran on the host.',
  'client→dockerd':
    'The CLI sends its requests to dockerd alone: HTTP to the Engine API, over /var/run/docker.sock unless -H, DOCKER_HOST or a context names another daemon (then over TCP, TLS or an ssh tunnel).',
  'dockerd→client': 'dockerd answers the CLI over the same HTTP connection.',
  'dockerd→registry':
    'dockerd, not the CLI, fetches images: it asks the registry for manifests and blobs over HTTPS.',
  'registry→dockerd': 'The registry answers dockerd’s request.',
  'dockerd→auth':
    'The registry wants a Bearer token, so dockerd asks the token service auth.docker.io for one.',
  'auth→dockerd': 'The token service hands dockerd a token scoped to one repository.',
  'dockerd→containerd':
    'dockerd delegates running processes to containerd over gRPC, and here, with the containerd image store, images and snapshots too.',
  'containerd→dockerd': 'containerd answers, or reports an event dockerd subscribed to.',
  'containerd→shim':
    'containerd runs each container through its own containerd-shim-runc-v2, talking ttrpc.',
  'shim→containerd': 'The shim answers containerd, or forwards an event such as a task’s exit.',
  'shim→runc':
    'The shim runs the runc binary for each OCI operation: create, start, exec, kill, delete.',
  'runc→shim': 'runc exits and the shim reads its exit status.',
  'runc→kernel':
    'runc reads the bundle’s config.json, then does the real work through system calls: namespaces, cgroups, mounts, signals.',
  'kernel→runc': 'The system call returns to runc.',
  'shim→kernel':
    'The shim writes the process spec runc exec reads to a file, and reads the container’s cgroup files (memory.events after an OOM kill, memory.current for stats); told to shut down with no task left, the shim process exits (exit_group); init, its parent since the start process that forked it exited, reaps it.',
  'kernel→shim':
    'The shim is the container process’s parent, so the kernel tells it (SIGCHLD) when the process exits. The shim also watches the cgroup’s memory.events (inotify), so it hears of an OOM kill, and the kernel answers the files it reads.',
  'dockerd→kernel':
    'dockerd does some host work itself: it mounts each container’s root filesystem before start and unmounts it after the exit, writes the container’s hostname, hosts and resolv.conf, sets up networking (veth pairs, iptables rules, docker-proxy), runs the host’s ps for docker top, and reads and writes a container’s files for docker cp.',
  'kernel→dockerd': 'The system call returns to dockerd.',
  'containerd→kernel':
    'containerd writes files itself: the bundle’s config.json before it starts the shim, and it deletes the bundle and removed snapshots’ directories.',
  'kernel→containerd': 'The system call returns to containerd.',
  'dockerd→runc': 'dockerd runs the runc binary directly only to ask its version.',
  'runc→dockerd': 'runc prints its version and exits.',
  'kernel→container':
    'With -it the container’s stdin is a pty: its line discipline turns Ctrl-C (byte 0x03) into SIGINT for the program, which decides what to do with it. The kernel also answers the program’s own requests, such as memory it charges to the cgroup.',
  // ── res ──
  'container→kernel':
    'A program asks the kernel for what it needs; a growing buffer is memory the kernel charges to the container’s cgroup, and past memory.max its OOM killer ends the program.',
  'container→dockerd':
    'The container’s stdout and stderr are pipes the shim holds; the shim copies them into FIFOs that dockerd reads for logs and attached clients.',
};
