/**
 * Lessons on more than one daemon (issue 11): one client choosing among daemons (-H,
 * DOCKER_HOST, contexts), what travels over the wire to a remote daemon, and two daemons
 * on one machine. Facts follow docker/cli 28.2 (cli/command/cli.go resolveContextName,
 * cli/context/store, cli/connhelper), moby 28.2 (cmd/dockerd/daemon.go loadListeners and
 * initializeContainerd, daemon/info.go) and Docker's dockerd reference, "Run multiple
 * daemons"; outputs are the real CLI's (checked against docker 28.2.2).
 */
import type { Lesson } from '../types';

const NODE2 = 'tcp://node-2:2375';

export const manyDaemons: Lesson = {
  id: 'many-daemons',
  title: 'One client, many daemons',
  summary: '-H, DOCKER_HOST and contexts choose which dockerd a command talks to.',
  intro:
    'The docker CLI is only a client, and nothing ties it to the daemon on its own machine: every command is HTTP requests to one dockerd, wherever that runs. Here your machine (local) runs its own Docker Engine, and two more machines, node-2 and node-3, run theirs. node-2’s dockerd listens on tcp port 2375. Which daemon a command reaches is the client’s choice, made anew for each command.',
  setup: [],
  steps: [
    {
      id: 'dash-h',
      task: `Start nginx on node-2, not on your machine: \`docker -H ${NODE2} run -d --name web nginx\`.`,
      commands: [`docker -H ${NODE2} run -d --name web nginx`],
      goal: {
        all: [
          { container: { name: 'web', state: 'running' }, host: 'node-2' },
          { container: { name: 'web' }, count: { max: 0 } },
        ],
        label: 'web runs on node-2, and your own daemon has no container named web',
      },
      hints: [
        '`-H` (or `--host`) goes before the command: `docker -H ADDRESS run …`.',
        `The address is \`${NODE2}\`.`,
      ],
      solution: [`docker -H ${NODE2} run -d --name web nginx`],
      explain:
        'The CLI sent the requests a local `docker run -d` sends (ping, create, a pull after the 404, create again, start), but over a TCP connection to node-2 instead of the unix socket /var/run/docker.sock. node-2’s dockerd pulled nginx into its own image store, and node-2’s containerd, shim and runc started it: the arrows stay inside node-2’s box. Your own daemon received nothing.',
    },
    {
      id: 'own-objects',
      task: 'Compare `docker ps` with `docker -H tcp://node-2:2375 ps`, then start a container named web on your own daemon too: `docker run -d --name web nginx`.',
      commands: ['docker ps', `docker -H ${NODE2} ps`, 'docker run -d --name web nginx'],
      goal: {
        all: [
          { container: { name: 'web', state: 'running' } },
          { container: { name: 'web', state: 'running' }, host: 'node-2' },
        ],
        label: 'a container named web runs on your own daemon and on node-2',
      },
      hints: ['Without `-H`, the command goes to your own daemon.'],
      solution: ['docker run -d --name web nginx'],
      explain:
        'Each daemon owns its containers, images, networks and volumes: `docker ps` lists only what the daemon it asks holds. A container name is unique per daemon, so the same name on two daemons is fine. Your own daemon had to pull nginx too: node-2’s copy is on node-2’s disk.',
    },
    {
      id: 'context',
      task: `Save node-2’s address under a name: \`docker context create node-2 --docker host=${NODE2}\`, then run \`docker --context node-2 ps\`.`,
      commands: [
        `docker context create node-2 --docker host=${NODE2}`,
        'docker context ls',
        'docker --context node-2 ps',
      ],
      goal: {
        all: [
          { output: 'Successfully created context "node-2"', since: 'step' },
          {
            message: {
              from: 'client',
              to: 'dockerd',
              toHost: 'node-2',
              operation: '^GET /v[0-9.]+/containers/json',
            },
            since: 'step',
          },
        ],
        label: 'a context named node-2 exists, and docker --context node-2 ps asked node-2',
      },
      hints: [
        '`docker context create NAME --docker host=ADDRESS`.',
        '`--context NAME` goes before the command, like `-H`.',
      ],
      solution: [
        `docker context create node-2 --docker host=${NODE2}`,
        'docker --context node-2 ps',
      ],
      explain:
        'A context is a name for an endpoint, kept by the CLI in its own store: ~/.docker/contexts/meta/ holds a directory per context, named by the SHA-256 of the context’s name, with a meta.json inside. Creating, listing or inspecting contexts sends nothing to any daemon (no arrow in the diagram). `--context node-2` then made the CLI read that file and send `docker ps`’s requests to tcp://node-2:2375.',
    },
    {
      id: 'precedence',
      task: 'Make node-2 the current context with `docker context use node-2`, then try `docker --context node-2 -H unix:///var/run/docker.sock ps`.',
      commands: [
        'docker context use node-2',
        'docker ps',
        'docker --context node-2 -H unix:///var/run/docker.sock ps',
      ],
      goal: {
        all: [
          { output: 'Current context is now "node-2"', since: 'step' },
          {
            output: 'conflicting options: cannot specify both --host and --context',
            since: 'step',
          },
        ],
        label: 'node-2 is the current context, and --context with -H is refused',
      },
      hints: [
        '`docker context use NAME`.',
        'Give both `--context` and `-H` to one command.',
      ],
      solution: [
        'docker context use node-2',
        'docker --context node-2 -H unix:///var/run/docker.sock ps',
      ],
      explain:
        '`docker context use` writes `"currentContext": "node-2"` into ~/.docker/config.json, so a plain `docker ps` now goes to node-2. The CLI picks the daemon in this order: `--context`, then `-H`, then the DOCKER_HOST variable, then DOCKER_CONTEXT, then the current context in config.json, and otherwise the default context (the unix socket /var/run/docker.sock). `--context` and `-H` name two different choices, so together they are refused before anything is sent. `docker context use default` brings you back to your own daemon.',
    },
  ],
};

/**
 * Two daemons on one machine. Not in LESSONS: the world has one dockerd per machine, so
 * its steps cannot run in the engine yet (issue 11 asks for it; the text is ready).
 */
export const twoDaemons: Lesson = {
  id: 'two-daemons',
  title: 'Two daemons on one machine',
  summary: 'Each dockerd needs its own socket, data-root, exec-root, pidfile and bridge.',
  intro:
    'One machine can run a second dockerd beside the first, as long as nothing they own overlaps. Docker’s reference for dockerd lists what must differ: the API socket (`-H unix:///var/run/docker-bootstrap.sock`), the data-root where images, containers and volumes are kept (`--data-root /var/lib/docker-bootstrap`), the exec-root with the state of running containers (`--exec-root /var/run/docker-bootstrap`), the pidfile (`-p /var/run/docker-bootstrap.pid`) and the bridge (`--bridge`, or `--bridge=none`); two daemons writing iptables rules may overwrite each other’s, so one usually gets `--iptables=false`. The same page calls running several daemons on one host experimental.',
  setup: [],
  steps: [
    {
      id: 'first',
      task: 'Start a container on the first daemon: `docker run -d --name web nginx`.',
      commands: ['docker run -d --name web nginx'],
      goal: { container: { name: 'web', state: 'running' } },
      hints: ['The default socket is /var/run/docker.sock.'],
      solution: ['docker run -d --name web nginx'],
      explain:
        'The first daemon keeps its image and container under /var/lib/docker, and the running container’s state under /var/run/docker (runc’s under /var/run/docker/runtime-runc/moby).',
    },
    {
      id: 'second',
      task: 'Ask the second daemon for its containers: `docker -H unix:///var/run/docker-bootstrap.sock ps -a`.',
      commands: ['docker -H unix:///var/run/docker-bootstrap.sock ps -a'],
      goal: {
        message: {
          from: 'client',
          to: 'dockerd',
          operation: '^GET /v[0-9.]+/containers/json',
        },
        since: 'step',
        label: 'the second daemon answered docker ps',
      },
      hints: ['`-H` with the second daemon’s socket.'],
      solution: ['docker -H unix:///var/run/docker-bootstrap.sock ps -a'],
      explain:
        'The second daemon lists none of the first one’s containers: its data-root is another directory. Both can still use the one containerd of the machine (dockerd connects to /run/containerd/containerd.sock when that exists, or to `--containerd`), because each talks to containerd in its own namespace: `--containerd-namespace` (default moby) and `--containerd-plugins-namespace` (default plugins.moby) must differ between the two. containerd keeps each namespace’s images, containers and tasks apart. Without a containerd already running, each dockerd starts one of its own, with its state under its exec-root.',
    },
  ],
};
