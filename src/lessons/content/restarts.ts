/**
 * What survives a restart of dockerd or containerd (issue 14). Facts follow
 * Docker's systemd units (moby contrib/init/systemd: docker.service with
 * Requires=docker.socket and KillMode=process; containerd.service with
 * KillMode=process), moby 28's daemon.Shutdown and daemon.restore, and
 * containerd 1.7's shim reconnection; a test replays every step and question.
 */
import type { Lesson, Question } from '../types';

const WEB = ['docker pull nginx', 'docker run -d --name web nginx'];

export const whatSurvivesRestart: Lesson = {
  id: 'what-survives-restart',
  title: 'What survives a restart',
  summary: 'Stop dockerd, restart containerd, turn on live-restore: who keeps a container running.',
  intro:
    'On a host, systemd runs dockerd as docker.service and containerd as containerd.service. A running container’s process is the child of its containerd-shim-runc-v2, not of dockerd or containerd. Which of them can restart without taking the container down? Type the commands with sudo: systemctl needs root to change a unit.',
  setup: WEB,
  steps: [
    {
      id: 'containerd',
      task: 'Restart containerd while web runs: `sudo systemctl restart containerd`, then `docker ps`.',
      commands: ['sudo systemctl restart containerd', 'docker ps'],
      goal: {
        all: [
          { message: { from: 'containerd', operation: 'Task/Connect' }, since: 'step' },
          { container: { name: 'web', state: 'running' } },
        ],
        label: 'containerd reconnected to web’s shim and web still runs',
      },
      hints: ['`systemctl restart` is stop then start of the same unit.'],
      solution: ['sudo systemctl restart containerd'],
      explain:
        'systemd sent SIGTERM to containerd alone: containerd.service has KillMode=process, so the shim and nginx under it were left running. The new containerd found the task’s bundle under /run/containerd, dialled the shim’s socket again and asked it for its PIDs (Task.Connect). dockerd’s event subscription broke (its journal says “Waiting for containerd to be ready to restart event processing”) and it subscribed again.',
    },
    {
      id: 'dockerd',
      task: 'Now stop dockerd: `sudo systemctl stop docker`, then run `docker ps -a`.',
      commands: ['sudo systemctl stop docker', 'docker ps -a'],
      goal: {
        all: [
          { message: { from: 'systemd', operation: '^/usr/bin/dockerd' }, since: 'step' },
          { container: { name: 'web', state: 'exited' } },
        ],
        label: 'dockerd stopped web on shutdown, and docker ps started dockerd again',
      },
      hints: ['Read what systemctl warns about docker.socket.'],
      solution: ['sudo systemctl stop docker', 'docker ps -a'],
      explain:
        'Without live-restore, dockerd’s shutdown stops every running container first (its stop signal, then SIGKILL after the stop timeout), so web exited. systemctl warned that docker.socket was still active: systemd kept listening on /run/docker.sock, and the connection `docker ps -a` made started docker.service again (socket activation).',
    },
    {
      id: 'socket',
      task: 'Stop both units and try the CLI: `sudo systemctl stop docker.socket docker`, then `docker ps`.',
      commands: ['sudo systemctl stop docker.socket docker', 'docker ps'],
      goal: {
        all: [
          {
            output: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock',
            since: 'step',
          },
          { exitCode: 1, since: 'step', command: '^docker ps' },
        ],
        label: 'the CLI cannot connect: nothing listens on the socket',
      },
      hints: ['With docker.socket stopped, nobody listens on the socket.'],
      solution: ['sudo systemctl stop docker.socket docker', 'docker ps'],
      explain:
        'With neither dockerd nor systemd listening on the socket, the CLI’s connection fails and it prints “Cannot connect to the Docker daemon … Is the docker daemon running?”, exit status 1. Nothing was sent: the diagram has no message to dockerd.',
    },
    {
      id: 'live-restore',
      task: 'Turn on live-restore and start again: `echo \'{"live-restore": true}\' | sudo tee /etc/docker/daemon.json`, `sudo systemctl start docker`, `docker start web`, then `sudo systemctl restart docker` and `docker ps`.',
      commands: [
        `echo '{"live-restore": true}' | sudo tee /etc/docker/daemon.json`,
        'sudo systemctl start docker',
        'docker start web',
        'sudo systemctl restart docker',
        'docker ps',
      ],
      goal: {
        all: [
          { message: { from: 'dockerd', operation: 'Tasks/Get' }, since: 'step' },
          { container: { name: 'web', state: 'running' } },
        ],
        label: 'dockerd restarted and restored web from containerd',
      },
      hints: ['/etc is root’s: `> /etc/docker/daemon.json` fails, `| sudo tee` works.'],
      solution: [
        `echo '{"live-restore": true}' | sudo tee /etc/docker/daemon.json`,
        'sudo systemctl start docker',
        'docker start web',
        'sudo systemctl restart docker',
      ],
      explain:
        'With live-restore, dockerd’s shutdown leaves running containers alone: the shim keeps nginx, and containerd keeps the task. At start dockerd restored web: it asked containerd for the task (Tasks.Get), found it running and kept it. `docker info` now says Live Restore Enabled: true; `sudo systemctl reload docker` would also have applied it, since live-restore is one of the keys dockerd reloads on SIGHUP.',
    },
  ],
};

export const RESTART_QUESTIONS: readonly Question[] = [
  {
    id: 'restart-containerd',
    topic: 'containerd-runc',
    question: 'What happens to running containers when containerd restarts?',
    answer:
      'They keep running. Each container’s process is a child of its containerd-shim-runc-v2, and containerd.service has KillMode=process, so stopping containerd leaves the shims alone. The new containerd finds each task’s bundle under /run/containerd and reconnects to its shim’s socket.',
    show: {
      setup: WEB,
      commands: ['sudo systemctl restart containerd'],
      highlight: ['containerd', 'shim'],
      focus: { operation: 'Task/Connect', from: 'containerd' },
    },
  },
  {
    id: 'restart-dockerd',
    topic: 'lifecycle',
    question:
      'What happens to running containers when dockerd stops, with and without live-restore?',
    answer:
      'Without live-restore (the default) dockerd’s shutdown stops every running container: its stop signal, then SIGKILL after the stop timeout. With `"live-restore": true` in /etc/docker/daemon.json they keep running under their shims, and dockerd restores them from containerd when it starts again.',
    show: {
      setup: WEB,
      commands: ['sudo systemctl stop docker'],
      highlight: ['systemd', 'dockerd', 'containerd'],
      focus: { operation: 'Tasks/Kill', from: 'dockerd' },
    },
  },
  {
    id: 'daemon-down',
    topic: 'client-daemon',
    question: 'What does the docker CLI print when no daemon listens on its socket?',
    answer:
      '“Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?”, and it exits with status 1 (`docker run` with 125). With docker.socket still active, systemd listens for dockerd and the first connection starts docker.service instead.',
    show: {
      setup: [],
      commands: ['sudo systemctl stop docker', 'docker ps'],
      highlight: ['systemd', 'dockerd'],
      focus: { operation: '^/usr/bin/dockerd', from: 'systemd' },
    },
  },
];
