/**
 * Interview questions, part 2: containerd, the shim and runc, the kernel's
 * namespaces and cgroups, the container lifecycle, networking, logs and
 * Kubernetes. True per ../shared/reference/docker-internals.md §3–4 and the
 * engine's trace (a test replays every `show`).
 */
import type { Question } from '../types';

const PULLED_ALPINE = ['docker pull alpine'];
const SLEEPER = [...PULLED_ALPINE, 'docker run -d --name sleeper alpine sleep 3600'];
const RUN_SLEEPER = 'docker run -d --name sleeper alpine sleep 3600';

export const RUNTIME_QUESTIONS: readonly Question[] = [
  {
    id: 'containerd-role',
    topic: 'containerd-runc',
    question: 'What does containerd do for Docker?',
    answer:
      'It manages images (content store, snapshots) and the lifecycle of containers’ processes (tasks) for dockerd, over gRPC, in its `moby` namespace. dockerd keeps the Docker features on top: the API, names, networks, logs.',
    show: {
      setup: PULLED_ALPINE,
      commands: [RUN_SLEEPER],
      highlight: ['dockerd', 'containerd'],
      focus: { operation: 'Tasks/Create', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'runc-role',
    topic: 'containerd-runc',
    question: 'What is runc?',
    answer:
      'The low-level OCI runtime: given a bundle (a root filesystem and a config.json), it asks the kernel for namespaces and a cgroup, sets up the filesystem and security, and starts the process. Then it exits.',
    show: {
      setup: PULLED_ALPINE,
      commands: [RUN_SLEEPER],
      highlight: ['shim', 'runc', 'kernel'],
      focus: { operation: '^runc create$', to: 'runc' },
    },
  },
  {
    id: 'shim-why',
    topic: 'containerd-runc',
    question: 'Why is there a containerd-shim between containerd and each container?',
    answer:
      'runc exits once the container starts, so something must stay as the process’s parent: the shim keeps its stdio open, collects its exit status (SIGCHLD) and reports it. Because the parent is not containerd, containerd can restart without killing containers; dockerd can too only with live-restore enabled (without it, dockerd stops the containers when it shuts down).',
    show: {
      setup: SLEEPER,
      commands: ['docker stop sleeper'],
      highlight: ['kernel', 'shim', 'containerd', 'dockerd'],
      focus: { operation: 'SIGCHLD', from: 'kernel', to: 'shim' },
    },
  },
  {
    id: 'runc-not-running',
    topic: 'containerd-runc',
    question: 'Is runc running while a container runs?',
    answer:
      'No. `runc create` sets the container up and exits with init waiting on exec.fifo; `runc start` releases it and exits too. Only the shim and the container’s own process remain.',
    show: {
      setup: PULLED_ALPINE,
      commands: [RUN_SLEEPER],
      highlight: ['shim', 'runc'],
      focus: { operation: '^runc start$', from: 'runc', to: 'shim' },
    },
  },
  {
    id: 'oci-spec',
    topic: 'containerd-runc',
    question: 'What is the OCI runtime spec, and who writes it for a container?',
    answer:
      'A standard config.json describing the process, mounts, namespaces, capabilities and limits. dockerd builds it at start and gives it to containerd with `Containers/Create`; runc reads it from the bundle.',
    show: {
      setup: PULLED_ALPINE,
      commands: [RUN_SLEEPER],
      highlight: ['dockerd', 'containerd'],
      focus: { operation: 'Containers/Create', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'create-vs-start',
    topic: 'lifecycle',
    question: 'What does `docker create` do, and what is left for `docker start`?',
    answer:
      'create gives the container its ID, name and config, and asks containerd’s snapshotter for its writable layer (`Snapshots/Prepare`). Only start mounts the root filesystem and involves containerd’s containers and tasks, the shim and runc.',
    show: {
      setup: PULLED_ALPINE,
      commands: ['docker create --name box alpine echo hello', 'docker start box'],
      highlight: ['dockerd', 'containerd', 'shim', 'runc'],
      focus: { operation: '^POST /v[0-9.]+/containers/box/start$', from: 'client' },
    },
  },
  {
    id: 'kubernetes-cri',
    topic: 'kubernetes',
    question: 'Why does Kubernetes talk to containerd directly instead of to Docker?',
    answer:
      'The kubelet speaks the Container Runtime Interface (CRI), which containerd implements; dockerd adds nothing a node needs, and Kubernetes dropped its Docker adapter (dockershim) in 1.24. The part of this diagram from containerd rightwards is what runs pods.',
    show: {
      setup: PULLED_ALPINE,
      commands: [RUN_SLEEPER],
      highlight: ['containerd', 'shim', 'runc', 'kernel'],
      focus: { operation: 'task.v2.Task/Create', from: 'containerd', to: 'shim' },
    },
  },
  {
    id: 'namespaces',
    topic: 'kernel',
    question: 'What are namespaces?',
    answer:
      'A kernel feature that gives a process its own view of one resource: mount points, network, hostname (UTS), PIDs, IPC, cgroups. runc’s init asks for new ones with unshare(2) and the CLONE_NEW* flags, then forks the container’s first process into them, so the container sees only its own.',
    show: {
      setup: PULLED_ALPINE,
      commands: [RUN_SLEEPER],
      highlight: ['runc', 'kernel'],
      focus: { operation: '^clone\\(', from: 'runc', to: 'kernel' },
    },
  },
  {
    id: 'cgroups',
    topic: 'kernel',
    question: 'What are cgroups for?',
    answer:
      'Control groups account for and limit what a group of processes uses: memory, CPU, number of PIDs. runc puts the container’s process into its own cgroup by writing its PID to `cgroup.procs`.',
    show: {
      setup: PULLED_ALPINE,
      commands: [RUN_SLEEPER],
      highlight: ['runc', 'kernel'],
      focus: { operation: 'cgroup\\.procs$', from: 'runc', to: 'kernel' },
    },
  },
  {
    id: 'pivot-root',
    topic: 'kernel',
    question: 'How does a container get its own root filesystem?',
    answer:
      'dockerd mounts the overlay of the image layers and the writable layer at /var/lib/docker/rootfs/overlayfs/<id> before `Containers/Create`; the spec’s root.path points there. runc init bind-mounts that directory onto itself and calls pivot_root so that it becomes `/` and the host’s files are out of reach.',
    show: {
      setup: PULLED_ALPINE,
      commands: [RUN_SLEEPER],
      highlight: ['dockerd', 'runc', 'kernel'],
      focus: { operation: '^pivot_root', from: 'runc', to: 'kernel' },
    },
  },
  {
    id: 'root-in-container',
    topic: 'kernel',
    question: 'Is root inside a container as powerful as root on the host?',
    answer:
      'No. runc loads Docker’s default seccomp profile, which blocks dangerous system calls, and keeps only 14 capabilities instead of the full set.',
    show: {
      setup: PULLED_ALPINE,
      commands: [RUN_SLEEPER],
      highlight: ['runc', 'kernel'],
      focus: { operation: '^capset', from: 'runc', to: 'kernel' },
    },
  },
  {
    id: 'docker-stop',
    topic: 'lifecycle',
    question: 'What happens on `docker stop`?',
    answer:
      'dockerd sends the stop signal (SIGTERM unless the image says otherwise) through containerd, the shim and `runc kill`, waits up to 10 seconds, then sends SIGKILL. The kernel reports that process as killed by signal 9; the shim turns that into exit status 137 (128 + 9), which docker shows.',
    show: {
      setup: SLEEPER,
      commands: ['docker stop sleeper'],
      highlight: ['dockerd', 'containerd', 'shim', 'runc', 'kernel'],
      focus: { operation: 'SIGKILL', from: 'runc', to: 'kernel' },
    },
  },
  {
    id: 'stop-signal',
    topic: 'lifecycle',
    question: 'Why does nginx exit with code 0 on `docker stop`, and sleep with 137?',
    answer:
      'The nginx image declares `STOPSIGNAL SIGQUIT`, which nginx handles by shutting down gracefully. `sleep` as PID 1 has no handler for SIGTERM, so it ignores it until SIGKILL comes 10 seconds later.',
    show: {
      setup: ['docker pull nginx', 'docker run -d --name web nginx'],
      commands: ['docker stop web'],
      highlight: ['dockerd', 'runc', 'kernel'],
      focus: { operation: 'SIGQUIT', from: 'runc', to: 'kernel' },
    },
  },
  {
    id: 'exit-codes',
    topic: 'lifecycle',
    question: 'What do the exit codes 125, 126, 127 and 137 of `docker run` mean?',
    answer:
      '125 means docker itself failed (client or daemon); 126, that the command could not be invoked; 127, that it was not found. 137 is 128 + 9: the process was killed by SIGKILL. Any other code is the container’s own.',
    show: {
      setup: PULLED_ALPINE,
      commands: ['docker run alpine nosuchcmd'],
      highlight: ['shim', 'runc', 'kernel'],
      focus: { operation: '^stat\\(', from: 'kernel', to: 'runc' },
    },
  },
  {
    id: 'exit-status-path',
    topic: 'lifecycle',
    question: 'How does a container’s exit code reach `docker run`?',
    answer:
      'The kernel tells the shim (the parent) with SIGCHLD; the shim forwards a TaskExit event to containerd, which publishes it to dockerd; dockerd answers the CLI’s pending `wait` request with the status code.',
    show: {
      setup: PULLED_ALPINE,
      commands: ['docker run alpine sh -c "exit 3"'],
      highlight: ['kernel', 'shim', 'containerd', 'dockerd', 'client'],
      focus: { operation: '^/tasks/exit$', from: 'containerd', to: 'dockerd' },
    },
  },
  {
    id: 'rm-running',
    topic: 'lifecycle',
    question: 'Why does `docker rm` refuse a running container?',
    answer:
      'Removing deletes the writable layer under a live process, so dockerd answers 409 Conflict: stop it first, or use `docker rm -f`, which kills it and then removes it.',
    show: {
      setup: SLEEPER,
      commands: ['docker rm sleeper'],
      highlight: ['client', 'dockerd'],
      focus: {
        operation: '^DELETE /v[0-9.]+/containers/sleeper$',
        from: 'dockerd',
        to: 'client',
        status: 409,
      },
    },
  },
  {
    id: 'port-publish',
    topic: 'networking',
    question: 'How does `-p 8080:80` make a container reachable?',
    answer:
      'dockerd adds an iptables NAT rule that rewrites traffic to host port 8080 that does not come from docker0 to the container’s address on port 80 (DNAT, `! -i docker0`) and a filter rule that lets it through; then it starts docker-proxy processes (one for 0.0.0.0, one for [::]) that also take the host’s own connections to localhost, which the DNAT rule leaves alone.',
    show: {
      setup: ['docker pull nginx'],
      commands: ['docker run -d --name web -p 8080:80 nginx'],
      highlight: ['dockerd', 'kernel'],
      focus: { operation: '^iptables --wait -t nat -A DOCKER', from: 'dockerd', to: 'kernel' },
    },
  },
  {
    id: 'docker-proxy',
    topic: 'networking',
    question: 'What is docker-proxy?',
    answer:
      'A small userland proxy, a child of dockerd: one per published port and host address, so `-p 8080:80` gets two, on 0.0.0.0:8080 and on [::]:8080 (the second carries IPv6 to the container’s IPv4 address). dockerd binds the port and hands it over (`-use-listen-fd`). It forwards connections the DNAT rule does not catch, such as those made from the host to itself. dockerd stops it with SIGINT when the port is released.',
    show: {
      setup: ['docker pull nginx'],
      commands: ['docker run -d --name web -p 8080:80 nginx'],
      highlight: ['dockerd', 'kernel'],
      focus: { operation: '^/usr/bin/docker-proxy', from: 'dockerd', to: 'kernel' },
    },
  },
  {
    id: 'bridge-ip',
    topic: 'networking',
    question: 'How does a container get an IP address?',
    answer:
      'Its network namespace gets one end of a veth pair; dockerd attaches the other end to the docker0 bridge and gives the container an address on 172.17.0.0/16. On a user-defined network it is that network’s bridge (br-<12 hex>) and subnet instead, one veth pair per network.',
    show: {
      setup: PULLED_ALPINE,
      commands: [RUN_SLEEPER],
      highlight: ['dockerd', 'kernel'],
      focus: { operation: 'RTM_NEWLINK', from: 'dockerd', to: 'kernel' },
    },
  },
  {
    id: 'logs-source',
    topic: 'logs',
    question: 'Where does `docker logs` read from?',
    answer:
      'From the json-file log dockerd writes for each container: every line the process wrote to stdout or stderr, kept apart. It works after the container stopped and goes away with `docker rm`.',
    show: {
      // A second passes between setup lines, so nginx has written its start-up
      // lines before it is stopped: the logs of a stopped container print them
      // all (30 lines), read by dockerd from the json-file, not the container.
      setup: ['docker pull nginx', 'docker run -d --name web nginx', 'docker stop web'],
      commands: ['docker logs web'],
      highlight: ['client', 'dockerd'],
      // The reply, where dockerd reads the json-file log and streams it back.
      focus: { operation: '/logs\\?', from: 'dockerd', to: 'client' },
    },
  },
  {
    id: 'output-path',
    topic: 'logs',
    question: 'How does a container’s output reach dockerd?',
    answer:
      'The process writes to pipes the shim holds (with -t, a pty); the shim copies the output into FIFOs that dockerd created under /var/run/docker/containerd/<id>, and dockerd reads them, appends each line to the json-file log and copies it to any attached client.',
    show: {
      setup: ['docker pull nginx'],
      commands: ['docker run -d --name web nginx'],
      highlight: ['container', 'dockerd'],
      focus: { from: 'container', to: 'dockerd' },
    },
  },
];
