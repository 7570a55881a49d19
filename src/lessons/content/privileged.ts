/**
 * What `--privileged` means, and what capabilities, seccomp, AppArmor, a
 * read-only root and the namespace modes each remove or give back. True per
 * moby v28.2.2 (daemon/oci_linux.go, oci/caps, daemon/seccomp_linux.go),
 * runc 1.2 and capabilities(7); the engine's tests pin each outcome.
 */
import type { Drill, Lesson, Question } from '../types';

export const whatPrivilegedMeans: Lesson = {
  id: 'what-privileged-means',
  title: 'What `--privileged` means',
  summary:
    'Root in a container is root with most of its power removed; --privileged gives it all back.',
  intro:
    'A process in a container usually runs as UID 0, yet it cannot do what root on the host can. Docker starts it with 14 of the kernel’s 41 capabilities, a seccomp filter (Docker’s default profile: system calls outside its allowlist, such as kexec_load, or reboot unless CAP_SYS_BOOT is added, are refused), the docker-default AppArmor profile, some /proc paths masked, and namespaces of its own. `--privileged` lifts all of it at once. Watch what runc tells the kernel below the shim.',
  setup: ['docker pull alpine'],
  steps: [
    {
      id: 'refused',
      task: 'As root in a container, add a network interface: `docker run --rm alpine ip link add dummy0 type dummy`.',
      commands: ['docker run --rm alpine ip link add dummy0 type dummy'],
      goal: {
        all: [
          { output: 'RTNETLINK answers: Operation not permitted', since: 'step', stream: 'stderr' },
          { exitCode: 2, since: 'step', command: 'run' },
        ],
        label: 'ip was refused: Operation not permitted',
      },
      hints: ['Type the command as it is: the point is that it fails.'],
      solution: ['docker run --rm alpine ip link add dummy0 type dummy'],
      explain:
        'ip sent RTM_NEWLINK over netlink and the kernel answered EPERM: creating an interface needs CAP_NET_ADMIN in the network namespace, and Docker’s default set (CHOWN, DAC_OVERRIDE, FSETID, FOWNER, MKNOD, NET_RAW, SETGID, SETUID, SETFCAP, SETPCAP, NET_BIND_SERVICE, SYS_CHROOT, KILL, AUDIT_WRITE) leaves it out. The process is UID 0 all the same: on Linux, what root may do is decided by its capabilities. BusyBox ip prints `ip: RTNETLINK answers: Operation not permitted` and exits 2.',
    },
    {
      id: 'cap-add',
      task: 'Give it that one capability: `docker run --rm --cap-add NET_ADMIN alpine ip link add dummy0 type dummy`.',
      commands: ['docker run --rm --cap-add NET_ADMIN alpine ip link add dummy0 type dummy'],
      goal: {
        message: { from: 'kernel', operation: '^RTM_NEWLINK', status: 0 },
        since: 'step',
        label: 'the kernel created dummy0',
      },
      hints: ['`--cap-add` takes a capability name, with or without the CAP_ prefix.'],
      solution: ['docker run --rm --cap-add NET_ADMIN alpine ip link add dummy0 type dummy'],
      explain:
        'The create body carried HostConfig.CapAdd ["CAP_NET_ADMIN"] (the CLI’s API client upper-cases the name and adds CAP_). At start dockerd put the 14 defaults plus NET_ADMIN in the spec’s bounding, effective and permitted sets, runc init set them with capset before it exec’d ip, and the kernel granted the request. dummy0 was made in the container’s own network namespace and went away with it.',
    },
    {
      id: 'privileged',
      task: 'Now the big hammer: `docker run --rm --privileged alpine ip link add dummy0 type dummy`. Look at runc’s capset call.',
      commands: ['docker run --rm --privileged alpine ip link add dummy0 type dummy'],
      goal: {
        all: [
          {
            message: { from: 'runc', to: 'kernel', operation: '^capset\\(41 capabilities\\)' },
            since: 'step',
          },
          {
            not: { message: { from: 'runc', to: 'kernel', operation: '^seccomp' }, since: 'step' },
          },
        ],
        label: 'runc set all 41 capabilities and loaded no seccomp filter',
      },
      hints: ['`--privileged` takes no value.'],
      solution: ['docker run --rm --privileged alpine ip link add dummy0 type dummy'],
      explain:
        'With --privileged dockerd’s spec gave the process every capability, listed every host device under linux.devices with a device cgroup rule allowing all, had no seccomp section (so runc loaded no filter: there is no seccomp step this time), set the AppArmor profile to unconfined, dropped maskedPaths and readonlyPaths, and mounted /sys and the cgroup filesystem read-write. The namespaces are still new ones. But with CAP_SYS_ADMIN and the host’s disks in /dev, a process can mount the host’s filesystem and change anything on it: a privileged container is root on the host. (`--cap-add ALL` also gives every capability, but keeps the seccomp filter, AppArmor and the masked paths.) (DockScope does not simulate mount inside a container.)',
    },
    {
      id: 'pid-host',
      task: 'Namespaces are a separate switch. Share the host’s PID namespace: `docker run --rm --pid host alpine ps`.',
      commands: ['docker run --rm --pid host alpine ps'],
      goal: {
        output: '/usr/bin/dockerd',
        since: 'step',
        stream: 'stdout',
        label: 'ps inside the container lists dockerd',
      },
      hints: ['`--pid host`'],
      solution: ['docker run --rm --pid host alpine ps'],
      explain:
        '--pid host left the PID namespace out of the spec, so runc asked for no new PID namespace (no CLONE_NEWPID) and ps read the host’s /proc: systemd as PID 1, containerd, dockerd, the shims and the processes of other containers, with their host PIDs. The container still has only the 14 default capabilities: seeing is not the same as being allowed. DockScope lists the host processes it simulates; a real host shows many more, kernel threads included.',
    },
    {
      id: 'read-only',
      task: 'Take away the writable root instead: `docker run --rm --read-only alpine touch /x`.',
      commands: ['docker run --rm --read-only alpine touch /x'],
      goal: {
        output: 'Read-only file system',
        since: 'step',
        stream: 'stderr',
        label: 'touch failed with Read-only file system',
      },
      hints: ['`--read-only` takes no value.'],
      solution: ['docker run --rm --read-only alpine touch /x'],
      explain:
        '--read-only set root.readonly in the spec: runc remounted the container’s root read-only, and dockerd made its own bind mounts (/etc/hosts, /etc/hostname, /etc/resolv.conf) read-only too. touch got EROFS, whatever its capabilities. Give a program a place to write with --tmpfs /tmp or a volume.',
    },
  ],
};

const WEB = ['docker pull alpine', 'docker pull nginx', 'docker run -d --name web nginx'];

export const SECURITY_QUESTIONS: readonly Question[] = [
  {
    id: 'privileged-spec',
    topic: 'kernel',
    question: 'What does `--privileged` change in the container’s OCI spec?',
    answer:
      'All capabilities in the bounding, effective and permitted sets; every host device in linux.devices and a device cgroup rule allowing all; no seccomp profile; AppArmor unconfined; no masked or read-only /proc paths; /sys and the cgroup mount writable. The namespaces stay the container’s own, but with CAP_SYS_ADMIN and the host’s devices it can reach the host anyway.',
    show: {
      setup: ['docker pull alpine'],
      commands: ['docker run --rm --privileged alpine true'],
      highlight: ['dockerd', 'runc', 'kernel'],
      focus: { operation: '^capset\\(41 capabilities\\)', from: 'runc', to: 'kernel' },
    },
  },
  {
    id: 'root-not-permitted',
    topic: 'kernel',
    question:
      'The process in a container runs as root. Why does `ip link add` fail with “Operation not permitted”?',
    answer:
      'On Linux root’s power is its capabilities, and Docker keeps only 14 of them. Creating a network interface needs CAP_NET_ADMIN, which is not among them, so the kernel answers the netlink request with EPERM. `--cap-add NET_ADMIN` adds just that one.',
    show: {
      setup: ['docker pull alpine'],
      commands: ['docker run --rm alpine ip link add dummy0 type dummy'],
      highlight: ['container', 'kernel'],
      focus: { operation: '^RTM_NEWLINK', to: 'kernel' },
    },
  },
  {
    id: 'pid-host',
    topic: 'kernel',
    question: 'What does `--pid host` change, and what does it not?',
    answer:
      'dockerd leaves the PID namespace out of the spec, so runc makes none and the container sees the host’s processes with their host PIDs. Its capabilities, seccomp filter and AppArmor profile are unchanged: it can see processes it still may not control.',
    show: {
      setup: WEB,
      commands: ['docker run --rm --pid host alpine ps'],
      highlight: ['runc', 'kernel'],
      focus: { operation: '^clone\\(', from: 'runc', to: 'kernel' },
    },
  },
  {
    id: 'network-container',
    topic: 'networking',
    question: 'What does `--network container:web` give the new container?',
    answer:
      'No network of its own: dockerd puts `/proc/<web’s PID>/ns/net` in the spec and runc joins that namespace, so the container has web’s interfaces, IP address and ports, and takes web’s hostname. dockerd refuses it with -p or -h, and at start if web is not running.',
    show: {
      setup: WEB,
      commands: ['docker run --rm --network container:web alpine ip addr'],
      highlight: ['dockerd', 'runc', 'kernel'],
      focus: { operation: '^clone\\(', from: 'runc', to: 'kernel' },
    },
  },
];

export const SECURITY_DRILLS: readonly Drill[] = [
  {
    id: 'privileged-full',
    title: 'docker run --privileged, every hop',
    prompt:
      'alpine is pulled. Follow `docker run --rm --privileged alpine true` message by message: which steps of runc init differ from a normal run?',
    setup: ['docker pull alpine'],
    command: 'docker run --rm --privileged alpine true',
    level: 'full',
  },
];
