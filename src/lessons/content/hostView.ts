/**
 * The host's view of containers: on the Docker host itself, a container is
 * processes, a cgroup, namespaces, a veth and iptables rules the host's own
 * tools can see. The page's terminal is a shell on that host (Ubuntu 24.04,
 * Docker Engine 28): the learner is an ordinary user in the docker group, and
 * sudo runs a command as root. Facts follow moby v28.2.2 (libnetwork's iptabler,
 * the systemd cgroup driver's docker-<id>.scope), containerd-shim-runc-v2 and
 * the engine's trace.
 */
import type { Lesson, Question, Drill } from '../types';

const NGINX = ['docker pull nginx'];
const WEB = [...NGINX, 'docker run -d --name web nginx'];

export const hostView: Lesson = {
  id: 'host-view',
  title: 'The host’s view of containers',
  summary:
    'ps, /proc, cgroups, namespaces and iptables on the Docker host: a container is processes.',
  intro:
    'nginx runs as web. This terminal is a shell on the Docker host itself: the machine dockerd, containerd and the containers run on. From here a container is no box: it is ordinary processes the kernel isolates, with a cgroup, namespaces, a veth pair and the iptables rules dockerd wrote. You are the user learner, in the docker group: docker works without sudo, but Docker’s own directories and the firewall rules need root (`sudo`).',
  setup: WEB,
  steps: [
    {
      id: 'forest',
      task: 'List every process on the host as a tree: `ps -ef --forest`. Who is nginx’s parent?',
      commands: ['ps -ef --forest'],
      goal: {
        all: [
          { output: 'containerd-shim-runc-v2 -namespace moby -id [0-9a-f]{64}', since: 'step' },
          { output: '\\\\_ nginx: master process nginx -g daemon off;', since: 'step' },
          {
            message: { from: 'bash', to: 'kernel', operation: '^openat\\(/proc\\)' },
            since: 'step',
          },
        ],
        label: 'ps shows nginx under its containerd-shim-runc-v2',
      },
      hints: ['`ps -ef --forest` draws each child under its parent with `\\_`.'],
      solution: ['ps -ef --forest'],
      explain:
        'ps read /proc (the arrow from bash to the kernel). When web started, containerd started a containerd-shim-runc-v2 for it, the shim ran runc, and runc asked the kernel for new namespaces and systemd (over D-Bus) for a docker-<id>.scope cgroup, and started the image’s entrypoint, which exec’d nginx; runc then exited. nginx’s master process is an ordinary host process with a host PID, and its parent is containerd-shim-runc-v2, not dockerd or containerd: the shim, a child subreaper, waits for it. The shim’s own parent is PID 1 (the start process that forked it exited), and containerd.service has KillMode=process, so systemd stops only containerd itself: containerd can restart without killing the container (dockerd too, with live-restore enabled). Under dockerd there is nothing of the container’s; only docker-proxy processes appear there, for published ports.',
    },
    {
      id: 'cgroup',
      task: 'Find web’s cgroup: `ls /sys/fs/cgroup/system.slice`.',
      commands: ['ls /sys/fs/cgroup/system.slice'],
      goal: {
        all: [{ output: '(^|\\n)docker-[0-9a-f]{64}\\.scope\\n', since: 'step', stream: 'stdout' }],
        label: 'a cgroup of its own for web, docker-<full ID>.scope under system.slice',
      },
      hints: ['cgroup v2 keeps every cgroup as a directory under /sys/fs/cgroup.'],
      solution: ['ls /sys/fs/cgroup/system.slice'],
      explain:
        "With cgroup v2 and the systemd cgroup driver, runc put the container in a scope of its own, docker-<full ID>.scope, beside docker.service and containerd.service (the shims stay in containerd’s). `cat /proc/<PID>/cgroup` of nginx’s master (its host PID, from `docker inspect -f '{{.State.Pid}}' web`) says `0::/system.slice/docker-<ID>.scope`. The limits of `--memory` or `--cpus` are files in that directory (memory.max, cpu.max).",
    },
    {
      id: 'root-only',
      task: 'Look at dockerd’s state: `ls /var/lib/docker`, then `sudo ls /var/lib/docker/containers`.',
      commands: ['ls /var/lib/docker', 'sudo ls /var/lib/docker/containers'],
      goal: {
        all: [
          { output: "cannot open directory '/var/lib/docker': Permission denied", since: 'step' },
          { output: '^[0-9a-f]{64}\\n', since: 'step', stream: 'stdout' },
        ],
        label: 'without root the directory is refused; with sudo it lists web’s directory',
      },
      hints: ['Being in the docker group is not being root: `sudo` is.'],
      solution: ['ls /var/lib/docker', 'sudo ls /var/lib/docker/containers'],
      explain:
        'dockerd keeps its data root (/var/lib/docker) readable by root only, so ls failed with Permission denied. Membership of the docker group only lets you talk to dockerd’s socket, but that is effectively root access, since you can start a container that mounts the host’s / (`docker run -v /:/host`). With sudo, ls listed one directory per container, named by its full ID: its config, its json-file log, and the hostname, hosts and resolv.conf dockerd wrote for it.',
    },
    {
      id: 'namespaces',
      task: 'List the namespaces on the host: `sudo lsns`.',
      commands: ['sudo lsns'],
      goal: {
        all: [
          { output: ' pid +\\d+ +\\d+ root nginx: master process', since: 'step' },
          { output: ' net +\\d+ +\\d+ root nginx: master process', since: 'step' },
        ],
        label: 'lsns shows nginx in namespaces of its own',
      },
      hints: ['Without sudo, lsns sees only your own processes’ namespaces.'],
      solution: ['sudo lsns'],
      explain:
        'runc made six namespaces for web (mnt, uts, ipc, pid, net and cgroup). Each holds nginx’s master and the workers it forked (one per CPU, running as the image’s nginx user); lsns names the lowest PID, the master’s. web shares the host’s user and time namespaces, so those count its processes with every other one. Inside its PID namespace the master is PID 1; on the host it has the PID ps showed.',
    },
    {
      id: 'network',
      task: 'See its network from the host: `ip addr`, then `sudo iptables -t nat -L -n`.',
      commands: ['ip addr', 'sudo iptables -t nat -L -n'],
      goal: {
        all: [
          { output: 'veth[0-9a-f]{7}@if\\d+: .* master docker0', since: 'step' },
          { output: 'MASQUERADE +0 +-- +172\\.17\\.0\\.0/16', since: 'step' },
        ],
        label: 'the veth on docker0 and the MASQUERADE rule for the default bridge',
      },
      hints: ['iptables reads the kernel’s rules, which needs root.'],
      solution: ['ip addr', 'sudo iptables -t nat -L -n'],
      explain:
        'The host end of web’s veth pair is plugged into docker0 (`master docker0`); the other end is eth0 inside web’s network namespace. In the nat table, dockerd’s MASQUERADE rule lets containers on 172.17.0.0/16 reach the outside with the host’s address, and the DOCKER chain is where a published port’s DNAT rule would go.',
    },
  ],
};

export const HOST_QUESTIONS: readonly Question[] = [
  {
    id: 'host-nginx-parent',
    topic: 'kernel',
    question: 'On the Docker host, which process is the parent of a container’s main process?',
    answer:
      'Its containerd-shim-runc-v2, one per container (`ps -ef --forest` shows it). Neither dockerd nor containerd is its parent; the shim’s own parent is PID 1. With containerd.service’s KillMode=process, systemd stops only containerd itself, so containerd can restart while the container keeps running (dockerd too, with live-restore).',
    show: {
      setup: WEB,
      commands: ['ps -ef --forest'],
      highlight: ['bash', 'kernel'],
      focus: { operation: '^openat\\(/proc\\)', from: 'bash', to: 'kernel' },
    },
  },
  {
    id: 'host-container-is-process',
    topic: 'kernel',
    question: 'Can the host see a container’s processes?',
    answer:
      'Yes: they are ordinary host processes with host PIDs; `ps` on the host lists them. Only their view is restricted, by namespaces: inside its PID namespace the main process is PID 1 and sees no host process.',
    show: {
      setup: WEB,
      commands: ['ps aux'],
      highlight: ['bash', 'kernel'],
      focus: { operation: '^openat\\(/proc\\)', from: 'bash', to: 'kernel' },
    },
  },
  {
    id: 'host-cgroup-path',
    topic: 'kernel',
    question: 'Where is a container’s cgroup on a cgroup v2 host with the systemd driver?',
    answer:
      'In /sys/fs/cgroup/system.slice/docker-<full container ID>.scope: `cat /proc/<pid>/cgroup` of its process says `0::/system.slice/docker-<id>.scope`, and its limits (memory.max, cpu.max, pids.max) are files there.',
    show: {
      setup: WEB,
      commands: ["cat /proc/$(docker inspect -f '{{.State.Pid}}' web)/cgroup"],
      highlight: ['bash', 'kernel'],
      focus: { operation: '^openat\\(/proc/\\d+/cgroup\\)', from: 'bash', to: 'kernel' },
    },
  },
  {
    id: 'host-docker-group',
    topic: 'kernel',
    question: 'Is a user in the docker group root?',
    answer:
      'Not for the host’s own files (`ls /var/lib/docker` is refused), but in effect yes: the group grants access to dockerd’s socket, and dockerd runs as root, so the user can start a container that mounts the host’s / or runs privileged.',
    show: {
      setup: NGINX,
      commands: ['ls /var/lib/docker'],
      highlight: ['bash', 'kernel'],
      focus: { operation: '^openat\\(/var/lib/docker, O_DIRECTORY\\)', from: 'bash', to: 'kernel' },
    },
  },
  {
    id: 'host-iptables',
    topic: 'networking',
    question:
      'Which firewall rules does dockerd write for the default bridge, and where can you see them?',
    answer:
      'In the nat table, a MASQUERADE rule for 172.17.0.0/16 and jumps from PREROUTING and OUTPUT to its DOCKER chain (where each published port gets a DNAT rule); in the filter table the DOCKER-USER, DOCKER-FORWARD, DOCKER-CT, DOCKER-BRIDGE and isolation chains. `sudo iptables-save` (or `iptables -t nat -L -n`) lists them; they need root.',
    show: {
      setup: WEB,
      commands: ['sudo iptables-save'],
      highlight: ['bash', 'kernel'],
      focus: { operation: '^iptables-save', from: 'bash', to: 'kernel' },
    },
  },
];

export const HOST_DRILLS: readonly Drill[] = [
  {
    id: 'host-cgroup',
    title: 'A container’s cgroup, from the host',
    prompt:
      "nginx runs as web. You type `cat /proc/$(docker inspect -f '{{.State.Pid}}' web)/cgroup` on the host: who answers each request, the docker CLI’s and cat’s?",
    setup: WEB,
    command: "cat /proc/$(docker inspect -f '{{.State.Pid}}' web)/cgroup",
    level: 'full',
  },
];
