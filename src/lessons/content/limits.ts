/**
 * Limits and the OOM killer (issue 14): what `-m` and `--cpus` turn into (the spec's
 * linux.resources, then cgroup v2 files runc writes), what happens when a process
 * passes memory.max, and how the kill reaches `docker inspect`. Facts from moby
 * v28.2.2 (daemon_unix.go, oci_linux.go, monitor.go, update.go), runc v1.2.5
 * (libcontainer/cgroups/fs2), containerd pkg/oom/v2 and the Linux cgroup v2 docs.
 */
import type { Drill, Lesson, Question } from '../types';

const ALPINE = ['docker pull alpine'];

export const limits: Lesson = {
  id: 'limits-oom',
  title: 'Limits and the OOM killer',
  summary:
    'A limit is a cgroup file; past memory.max the kernel kills, and dockerd only hears about it.',
  intro:
    'Docker does not enforce limits itself. `docker run -m 64m` puts the limit in the container’s HostConfig; dockerd writes it into the OCI spec (`linux.resources.memory.limit`); runc writes it into the container’s cgroup, a directory under /sys/fs/cgroup; and the kernel enforces it. DockScope’s host uses cgroup v2 with the systemd driver, so the cgroup is /sys/fs/cgroup/system.slice/docker-<id>.scope. Under the hood level draws runc’s writes to the kernel.',
  setup: ALPINE,
  steps: [
    {
      id: 'limit',
      task: 'Start a container with a memory and a CPU limit: `docker run -d --name capped -m 64m --cpus 0.5 alpine sleep 600`.',
      commands: ['docker run -d --name capped -m 64m --cpus 0.5 alpine sleep 600'],
      goal: {
        message: { to: 'kernel', operation: 'memory\\.max "67108864"' },
        since: 'step',
        label: 'runc writes memory.max',
      },
      hints: ['`-m 64m` is 64 MiB: Docker’s sizes are binary (k = 1024).'],
      solution: ['docker run -d --name capped -m 64m --cpus 0.5 alpine sleep 600'],
      explain:
        'The CLI sent Memory 67108864 and NanoCpus 500000000. dockerd set MemorySwap to twice Memory (nothing was given for it) and put memory.limit, memory.swap, cpu.quota 50000 and cpu.period 100000 in the spec. After runc put the process in its cgroup it wrote memory.swap.max (the swap alone: 128 MiB − 64 MiB), memory.max and cpu.max "50000 100000": at most 50 ms of CPU time every 100 ms, half a CPU.',
    },
    {
      id: 'stats',
      task: 'Ask for the container’s usage once: `docker stats --no-stream capped`.',
      commands: ['docker stats --no-stream capped'],
      goal: {
        output: '/ 64MiB',
        since: 'step',
        stream: 'stdout',
        label: 'stats shows the 64MiB limit',
      },
      hints: ['Without --no-stream, docker stats keeps redrawing until Ctrl-C.'],
      solution: ['docker stats --no-stream capped'],
      explain:
        'dockerd asked containerd for the task’s metrics, containerd asked the shim, and the shim read the cgroup’s files: MEM USAGE is memory.current minus the reclaimable page cache (memory.stat’s inactive_file, which the CLI subtracts), LIMIT is memory.max, pids.current the PIDS column. DockScope’s kernel counts only the memory a simulated program asks for and keeps no CPU time, so an idle container shows 0B and 0.00%; a real one shows some hundreds of KiB.',
    },
    {
      id: 'oom',
      task: "Provoke an OOM kill: `docker run --name hog -m 32m alpine sh -c 'tail /dev/zero'`.",
      commands: ["docker run --name hog -m 32m alpine sh -c 'tail /dev/zero'"],
      goal: {
        exitCode: 137,
        since: 'step',
        label: 'docker run exits 137',
      },
      hints: [
        '/dev/zero never ends and holds no newline, so tail keeps one ever longer last line in memory.',
      ],
      solution: ["docker run --name hog -m 32m alpine sh -c 'tail /dev/zero'"],
      explain:
        'Each page tail touched was charged to the cgroup’s memory.current. When it would have passed memory.max and nothing could be reclaimed (DockScope’s host has no swap), the kernel’s OOM killer sent SIGKILL, which no process can catch, and counted it in memory.events (oom, oom_kill). The shim heard it twice: SIGCHLD for its child, reported as exit status 137 = 128 + 9, and an inotify event on memory.events, which it published as TaskOOM. `docker run` printed nothing of it: only the exit code tells.',
    },
    {
      id: 'inspect',
      task: "Ask dockerd what it recorded: `docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' hog`.",
      commands: ["docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' hog"],
      goal: {
        output: '^true 137',
        since: 'step',
        stream: 'stdout',
        label: 'OOMKilled is true',
      },
      hints: ['The field is State.OOMKilled.'],
      solution: ["docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' hog"],
      explain:
        'dockerd set OOMKilled when containerd passed on the shim’s TaskOOM; the exit code came with the TaskExit. Exit 137 alone does not mean out of memory: `docker kill` gives 137 too. OOMKilled is what tells them apart, and the next start clears it.',
    },
    {
      id: 'update',
      task: 'Give the running container more memory: `docker update -m 128m --memory-swap 256m capped`.',
      commands: ['docker update -m 128m --memory-swap 256m capped'],
      goal: {
        message: { to: 'kernel', operation: 'memory\\.max "134217728"' },
        since: 'step',
        label: 'runc update writes the new memory.max',
      },
      hints: [
        'dockerd refuses a memory limit above the memory+swap limit already set (MemorySwap) unless --memory-swap comes with it.',
      ],
      solution: ['docker update -m 128m --memory-swap 256m capped'],
      explain:
        'dockerd stored the new values and, the container being up, sent them down: containerd’s Tasks.Update, the shim’s Task.Update, then `runc update --resources -`, which wrote memory.swap.max and memory.max again. The process kept running: a cgroup limit changes in place. `docker update -m 256m capped` alone would have failed: 256 MiB is more than the memory+swap limit set at the start (MemorySwap, 128 MiB).',
    },
  ],
};

export const LIMIT_QUESTIONS: readonly Question[] = [
  {
    id: 'memory-flag-writes',
    topic: 'kernel',
    question: 'What does `docker run -m 64m` write, and where?',
    answer:
      'dockerd puts the limit in the OCI spec (linux.resources.memory.limit, and memory.swap at twice the limit unless --memory-swap says otherwise); runc writes 67108864 into memory.max in the container’s cgroup v2 directory, and the kernel enforces it.',
    show: {
      setup: ALPINE,
      commands: ['docker run -d -m 64m alpine sleep 60'],
      highlight: ['runc', 'kernel'],
      focus: { operation: 'memory\\.max', to: 'kernel' },
    },
  },
  {
    id: 'oom-kill-path',
    topic: 'kernel',
    question: 'How does dockerd learn that a container was OOM-killed?',
    answer:
      'The kernel’s OOM killer sends SIGKILL and counts the kill in the cgroup’s memory.events. The shim watches that file, publishes a TaskOOM event through containerd, and dockerd sets State.OOMKilled; the exit status, 137, comes separately with TaskExit.',
    show: {
      setup: ALPINE,
      commands: ["docker run -m 32m alpine sh -c 'tail /dev/zero'"],
      highlight: ['kernel', 'shim', 'containerd', 'dockerd'],
      focus: { operation: '/tasks/oom', to: 'dockerd' },
    },
  },
  {
    id: 'exit-137',
    topic: 'lifecycle',
    question: 'A container exited with 137. Was it out of memory?',
    answer:
      'Not necessarily: 137 is 128 + 9, death by SIGKILL, which `docker kill` and the end of `docker stop`’s grace period give too. `docker inspect` shows State.OOMKilled true only when the kernel’s OOM killer did it.',
    show: {
      setup: ALPINE,
      commands: ["docker run -m 32m alpine sh -c 'tail /dev/zero'"],
      highlight: ['kernel', 'shim'],
      focus: { operation: 'SIGCHLD', to: 'shim' },
    },
  },
  {
    id: 'cpus-flag',
    topic: 'kernel',
    question: 'What does `--cpus 0.5` set?',
    answer:
      'A CFS bandwidth limit, not a CPU count: dockerd puts cpu.quota 50000 and cpu.period 100000 in the spec, and runc writes "50000 100000" into cpu.max, at most 50 ms of CPU time in every 100 ms. `-c`/`--cpu-shares` is a relative weight instead (cpu.weight on cgroup v2), which matters only when CPUs are busy.',
    show: {
      setup: ALPINE,
      commands: ['docker run -d --cpus 0.5 alpine sleep 60'],
      highlight: ['runc', 'kernel'],
      focus: { operation: 'cpu\\.max', to: 'kernel' },
    },
  },
  {
    id: 'update-live',
    topic: 'containerd-runc',
    question: 'Can you change a running container’s memory limit?',
    answer:
      'Yes: `docker update` sends the new values to dockerd, which stores them and passes them through containerd’s Tasks.Update and the shim to `runc update`, which rewrites the cgroup files. The process runs on; nothing restarts.',
    show: {
      setup: [...ALPINE, 'docker run -d --name box -m 64m alpine sleep 600'],
      commands: ['docker update -m 128m --memory-swap 256m box'],
      highlight: ['containerd', 'shim', 'runc', 'kernel'],
      focus: { operation: 'runc update' },
    },
  },
];

export const LIMIT_DRILLS: readonly Drill[] = [
  {
    id: 'oom-full',
    title: 'An OOM kill, every hop',
    prompt:
      "alpine is pulled. What happens, message by message, when you type `docker run -m 32m alpine sh -c 'tail /dev/zero'`?",
    setup: ALPINE,
    command: "docker run -m 32m alpine sh -c 'tail /dev/zero'",
    level: 'full',
  },
];
