/**
 * Interview questions about failures (issue 14): what the learner sees when a
 * part fails, and where it failed. Each show injects the fault
 * (sim/core/faults.ts) after its setup, then runs the commands. True of Docker
 * 28 with the containerd image store, as DockScope models it.
 */
import type { Question } from '../types';

export const FAULT_QUESTIONS: readonly Question[] = [
  {
    id: 'fault-rate-limit',
    topic: 'registry',
    question: 'What does Docker Hub’s pull rate limit look like to docker pull?',
    answer:
      'The HEAD that resolves the tag still answers (it is not counted as a pull); the manifest GET gets 429 with `toomanyrequests: You have reached your unauthenticated pull rate limit`. dockerd’s registry client (containerd’s resolver, built into dockerd with the containerd image store) sends the GET again at once, up to five more times, then dockerd fails the pull with that message. `docker login` raises the limit, as the pulls then count against the account instead of the address.',
    show: {
      setup: [],
      faults: [{ kind: 'registry-429' }],
      commands: ['docker pull alpine'],
      highlight: ['dockerd', 'registry'],
      focus: { from: 'registry', to: 'dockerd', status: 429 },
    },
  },
  {
    id: 'fault-registry-unreachable',
    topic: 'registry',
    question:
      'docker pull fails with `dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: server misbehaving`. Where did it fail?',
    answer:
      'Before any HTTP request: dockerd could not get an address for registry-1.docker.io from the host’s DNS stub, so no connection to Docker Hub opened. The fault is the host’s DNS or network, not the image or the daemon, and running containers are not affected.',
    show: {
      setup: [],
      faults: [{ kind: 'registry-down' }],
      commands: ['docker pull alpine'],
      highlight: ['dockerd', 'registry'],
      focus: { from: 'registry', to: 'dockerd', status: 'dial error' },
    },
  },
  {
    id: 'fault-port-in-use',
    topic: 'networking',
    question:
      '`docker run -p 8080:80` fails with `address already in use`, yet no container publishes 8080. Why?',
    answer:
      'dockerd binds the host port itself before it starts docker-proxy, and its port allocator only knows the ports Docker handed out: a host process listening on 8080 shows up only when bind(2) fails with EADDRINUSE. The container is left Created; a port another container holds gives the allocator’s `port is already allocated` instead.',
    show: {
      setup: ['docker pull nginx'],
      faults: [{ kind: 'port-taken', port: 8080 }],
      commands: ['docker run -d -p 8080:80 --name web nginx'],
      highlight: ['dockerd', 'kernel'],
      focus: { operation: '^bind\\(fd, 0\\.0\\.0\\.0:8080\\)$', from: 'kernel', status: -98 },
    },
  },
  {
    id: 'fault-shim-killed',
    topic: 'containerd-runc',
    question: 'What happens to a running container if its containerd-shim is killed?',
    answer:
      'containerd sees its ttrpc connection to the shim close and cleans up: it runs the shim binary’s `delete`, which runs `runc delete --force` and kills the container’s processes. containerd then reports the task exited with 137 (128 + SIGKILL), so `docker ps -a` shows Exited (137); killing containerd itself would have left the container running.',
    show: {
      setup: ['docker pull alpine', 'docker run -d --name sleeper alpine sleep 3600'],
      faults: [{ kind: 'kill-shim', container: 'sleeper' }],
      commands: ['docker ps -a'],
      highlight: ['shim', 'containerd', 'runc', 'dockerd'],
      focus: { operation: '^ttrpc: closed$', to: 'containerd' },
    },
  },
  {
    id: 'fault-disk-full',
    topic: 'kernel',
    question: 'What does a full disk do to docker pull and to a running container?',
    answer:
      'With the containerd image store (what DockScope simulates; opt-in in Docker 28, whose default overlay2 store writes downloads under /var/lib/docker/tmp instead), the pull fails when the download is written into containerd’s content store (`write …/ingest/<hash of the ref>/data: no space left on device`). Inside a container, creating or writing a file fails with ENOSPC, as its writable layer lives on the host’s disk; a tmpfs mount, in memory, still works.',
    show: {
      setup: ['docker pull alpine'],
      faults: [{ kind: 'disk-full' }],
      commands: ["docker run --rm alpine sh -c 'echo hi > /x'", 'docker pull nginx'],
      highlight: ['dockerd', 'containerd'],
      focus: { from: 'containerd', to: 'dockerd', status: 'Unknown' },
    },
  },
];
