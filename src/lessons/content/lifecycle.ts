/**
 * Restart policies, `--init`, health checks and pause: what dockerd does with
 * a container after `docker run`. Facts follow moby v28.2.2
 * (restartmanager/restartmanager.go, daemon/monitor.go, daemon/health.go,
 * daemon/pause.go, daemon/oci_linux.go), runc 1.2's cgroup v2 freezer, and tini.
 */
import type { Lesson, Question } from '../types';

export const restartHealth: Lesson = {
  id: 'restart-health',
  title: 'Restart policies, health checks and pause',
  summary:
    'dockerd restarts with a backoff, tini forwards signals, probes run as execs, pause freezes the cgroup.',
  intro:
    'After `docker run`, dockerd keeps watching the container. When its task exits, the restart policy decides whether to start it again, and after how long. With `--init`, a tiny init (tini) is PID 1 and forwards signals. A health check is a command dockerd runs in the container now and then. `docker pause` freezes every process through the cgroup freezer. Type `sleep 2` in this terminal to let simulated time pass.',
  setup: ['docker pull alpine'],
  steps: [
    {
      id: 'on-failure',
      task: "Run a container that always fails, with a policy: `docker run -d --name flaky --restart on-failure:3 alpine sh -c 'exit 3'`. Then `sleep 2` and `docker ps -a`.",
      commands: [
        "docker run -d --name flaky --restart on-failure:3 alpine sh -c 'exit 3'",
        'docker ps -a',
        "docker inspect -f '{{.RestartCount}}' flaky",
      ],
      goal: {
        all: [
          { container: { name: 'flaky', state: 'exited', exitCode: 3 } },
          {
            message: { from: 'dockerd', to: 'containerd', operation: 'Tasks/Start$' },
            since: 'step',
            count: { min: 4 },
          },
        ],
        label: 'flaky started once and was restarted three times, then gave up',
      },
      hints: [
        '`on-failure:3` restarts after a non-zero exit, at most three times.',
        'While it waits between tries, `docker ps -a` says `Restarting (3) …`.',
      ],
      solution: [
        "docker run -d --name flaky --restart on-failure:3 alpine sh -c 'exit 3'",
        'docker ps -a',
        'docker ps -a',
      ],
      explain:
        'Each exit came up as TaskExit from the shim through containerd. dockerd’s restart manager looked at the policy: a non-zero exit and retries left, so the container went to `restarting` and dockerd waited, 100 ms the first time, then 200, then 400 (the wait doubles up to one minute, and starts over at 100 ms after a run of 10 seconds or more). Each try is a full start: a new containerd task, a new shim, runc create and start. After the third restart the policy said no: `Exited (3)`, and `docker inspect` shows RestartCount 3.',
    },
    {
      id: 'stop-cancels',
      task: 'Run one with `--restart always`: `docker run -d --name keeper --restart always alpine sleep 1`, `sleep 3`, then `docker stop keeper` and `sleep 3` again.',
      commands: [
        'docker run -d --name keeper --restart always alpine sleep 1',
        'docker ps -a',
        'docker stop keeper',
      ],
      goal: {
        all: [
          { container: { name: 'keeper', state: 'exited' } },
          {
            message: { from: 'client', to: 'dockerd', operation: '/containers/keeper/stop' },
            since: 'step',
          },
        ],
        label: 'keeper was restarted by its policy, then stopped for good by docker stop',
      },
      hints: ['`always` restarts even after exit 0; `docker stop` is what ends it.'],
      solution: [
        'docker run -d --name keeper --restart always alpine sleep 1',
        'docker ps -a',
        'docker ps -a',
        'docker stop keeper',
      ],
      explain:
        '`sleep 1` exits 0 every second and `always` restarts it anyway. `docker stop` is different: before it signals the container, dockerd cancels the restart manager and marks the container stopped by hand, so the exit that follows is final. A restarting container is stopped at once, with nothing to signal. `unless-stopped` remembers that mark when dockerd itself starts again; `always` does not.',
    },
    {
      id: 'init',
      task: 'Compare PID 1: `docker run -d --name tini --init alpine sleep 100`, then `docker exec tini ps` and `docker stop tini`.',
      commands: [
        'docker run -d --name tini --init alpine sleep 100',
        'docker exec tini ps',
        'docker stop tini',
        'docker ps -a',
      ],
      goal: {
        container: { name: 'tini', state: 'exited', exitCode: 143 },
        label: 'docker stop ended tini’s child with SIGTERM: exit 143',
      },
      hints: ['`docker ps -a` shows `Exited (143)`: 128 + 15, SIGTERM.'],
      solution: ['docker run -d --name tini --init alpine sleep 100', 'docker stop tini'],
      explain:
        'With `--init` dockerd put `/sbin/docker-init --` in front of the command in the OCI spec and bind-mounted its own docker-init binary (tini) there, read-only. tini is PID 1 and sleep is its child, so `ps` shows both. The kernel ignores signals that PID 1 of a PID namespace has no handler for: without `--init`, sleep as PID 1 ignores SIGTERM, and `docker stop` waits 10 seconds and sends SIGKILL (137). Here tini forwarded SIGTERM, sleep died of it at once, and tini exited 128 + 15 = 143.',
    },
    {
      id: 'health',
      task: "Give a container a health check: `docker run -d --name hz --health-cmd 'test -f /tmp/ready' --health-interval 2s --health-retries 2 alpine sleep 1000`, `sleep 5`, `docker ps`; then `docker exec hz touch /tmp/ready`, `sleep 3`, `docker ps`.",
      commands: [
        "docker run -d --name hz --health-cmd 'test -f /tmp/ready' --health-interval 2s --health-retries 2 alpine sleep 1000",
        'docker ps',
        'docker exec hz touch /tmp/ready',
      ],
      goal: {
        all: [
          { output: '\\(unhealthy\\)', since: 'step', stream: 'stdout' },
          { output: '\\(healthy\\)', since: 'step', stream: 'stdout' },
        ],
        label: 'docker ps showed hz unhealthy, then healthy',
      },
      hints: [
        'The probe fails until /tmp/ready exists; two failures in a row make it unhealthy.',
        'Look at `docker inspect -f "{{json .State.Health}}" hz` for the last results.',
      ],
      solution: [
        "docker run -d --name hz --health-cmd 'test -f /tmp/ready' --health-interval 2s --health-retries 2 alpine sleep 1000",
        'docker ps',
        'docker ps',
        'docker ps',
        'docker ps',
        'docker ps',
        'docker exec hz touch /tmp/ready',
        'docker ps',
        'docker ps',
        'docker ps',
      ],
      explain:
        'Every 2 seconds dockerd ran `/bin/sh -c "test -f /tmp/ready"` in the container as an exec: Tasks.Exec and Tasks.Start through containerd, `runc exec` by the shim, the same path as `docker exec`. It started as `health: starting`; two failures in a row made it `unhealthy`, and one success `healthy`. Inspect keeps the last 5 results with their exit codes and output. Docker does nothing else about an unhealthy container: it neither restarts nor stops it, whatever the restart policy (Swarm or another orchestrator acts on it).',
    },
    {
      id: 'pause',
      task: 'Freeze it: `docker pause hz`, `docker ps`, then `docker unpause hz`.',
      commands: ['docker pause hz', 'docker ps', 'docker unpause hz'],
      goal: {
        all: [
          {
            message: { from: 'runc', to: 'kernel', operation: 'cgroup\\.freeze "1"' },
            since: 'step',
          },
          { output: '\\(Paused\\)', since: 'step', stream: 'stdout' },
        ],
        label: 'runc wrote 1 to cgroup.freeze and docker ps showed (Paused)',
      },
      hints: ['Follow the arrows down to the kernel after `docker pause`.'],
      solution: ['docker pause hz', 'docker ps'],
      explain:
        'docker pause went dockerd → containerd (Tasks.Pause) → the shim → `runc pause`, and runc wrote 1 into `cgroup.freeze` in the container’s cgroup, `/sys/fs/cgroup/system.slice/docker-<id>.scope/`. The kernel stops scheduling every process in it: nothing is signaled, nothing exits, memory stays. `docker exec` into a paused container is refused; `docker unpause` writes 0 and the processes go on. (In DockScope a frozen program’s sleeps end only after the thaw, and a signal other than SIGKILL waits for it too.)',
    },
  ],
};

const ALPINE = ['docker pull alpine'];

/** Interview questions on restart policies, --init, health checks and pause. */
export const LIFECYCLE_QUESTIONS: readonly Question[] = [
  {
    id: 'restart-backoff',
    topic: 'lifecycle',
    question:
      'A container with `--restart always` keeps crashing. How often does Docker restart it?',
    answer:
      'dockerd’s restart manager waits before each restart: 100 ms the first time, then twice the last wait, up to one minute. A run that lasted 10 seconds or more starts the wait over at 100 ms. Meanwhile `docker ps` shows `Restarting (<exit code>) … ago` and RestartCount goes up by one each time.',
    show: {
      setup: ALPINE,
      commands: ["docker run -d --name crash --restart always alpine sh -c 'exit 1'", 'sleep 2'],
      highlight: ['dockerd', 'containerd'],
      focus: { operation: 'Tasks/Start$', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'restart-unless-stopped',
    topic: 'lifecycle',
    question: 'What is the difference between `always` and `unless-stopped`?',
    answer:
      'Both restart a container whenever it exits, and neither restarts it after `docker stop`. The difference is when dockerd starts (a reboot, a daemon restart): `always` containers are started again, `unless-stopped` ones only if the user had not stopped them. `on-failure[:N]` restarts only after a non-zero exit, at most N times.',
    show: {
      setup: ALPINE,
      commands: [
        'docker run -d --name us --restart unless-stopped alpine sleep 100',
        'docker stop us',
      ],
      highlight: ['dockerd'],
      focus: { operation: '/containers/us/stop', from: 'client', to: 'dockerd' },
    },
  },
  {
    id: 'init-pid1',
    topic: 'kernel',
    question:
      'Why does `docker stop` take 10 seconds for some containers, and what does `--init` change?',
    answer:
      'The command is PID 1 of the container’s PID namespace, and the kernel drops signals PID 1 has no handler for: a program that installs no SIGTERM handler ignores `docker stop`, which sends SIGKILL after 10 seconds (exit 137). With `--init`, tini is PID 1: it forwards SIGTERM to the program, which dies of it at once, and tini exits 128 + 15 = 143. tini also reaps orphaned zombie processes.',
    show: {
      setup: [...ALPINE, 'docker run -d --name ti --init alpine sleep 100'],
      commands: ['docker stop ti'],
      highlight: ['runc', 'kernel'],
      focus: { operation: '^kill\\(', from: 'runc', to: 'kernel' },
    },
  },
  {
    id: 'healthcheck-exec',
    topic: 'lifecycle',
    question: 'Who runs a container’s health check, and what happens when it is unhealthy?',
    answer:
      'dockerd does, every interval (30 s by default): it runs the command in the container as an exec, through containerd’s Tasks.Exec and the shim’s `runc exec`. Exit 0 is healthy; after `retries` failures in a row (3 by default) the container is unhealthy. Docker only reports it, in `docker ps`, inspect and a health_status event: it does not restart the container.',
    show: {
      setup: ALPINE,
      commands: [
        'docker run -d --name hc --health-cmd true --health-interval 1s alpine sleep 100',
        'sleep 2',
      ],
      highlight: ['dockerd', 'containerd', 'shim', 'runc'],
      focus: { operation: 'Tasks/Exec', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'pause-freezer',
    topic: 'kernel',
    question: 'How does `docker pause` stop a container’s processes without killing them?',
    answer:
      'Through the cgroup freezer. dockerd asks containerd to pause the task, the shim runs `runc pause`, and on cgroup v2 runc writes 1 to `cgroup.freeze` in the container’s cgroup: the kernel stops scheduling its processes, which keep their memory. No signal is sent. `docker unpause` writes 0.',
    show: {
      setup: [...ALPINE, 'docker run -d --name pz alpine sleep 1000'],
      commands: ['docker pause pz'],
      highlight: ['runc', 'kernel'],
      focus: { operation: 'cgroup\\.freeze', from: 'runc', to: 'kernel' },
    },
  },
];
