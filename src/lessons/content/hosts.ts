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
      hints: ['`docker context use NAME`.', 'Give both `--context` and `-H` to one command.'],
      solution: [
        'docker context use node-2',
        'docker --context node-2 -H unix:///var/run/docker.sock ps',
      ],
      explain:
        '`docker context use` writes `"currentContext": "node-2"` into ~/.docker/config.json, so a plain `docker ps` now goes to node-2. The CLI picks the daemon in this order: `--context`, then `-H`, then the DOCKER_HOST variable, then DOCKER_CONTEXT, then the current context in config.json, and otherwise the default context (the unix socket /var/run/docker.sock). `--context` and `-H` name two different choices, so together they are refused before anything is sent. `docker context use default` brings you back to your own daemon.',
    },
  ],
};

export const remoteWire: Lesson = {
  id: 'remote-wire',
  title: 'What travels to a remote daemon',
  summary:
    'Plain HTTP on 2375, TLS on 2376, or an ssh tunnel: the same requests, differently carried.',
  intro:
    'Whatever the address, the CLI sends the same Engine API requests. What changes is how they travel: in clear text over TCP, inside a TLS connection that both sides authenticate, or through ssh. node-2’s dockerd listens in plain HTTP on tcp port 2375; node-3’s was started with `--tlsverify` and listens on 2376; both machines also run sshd on port 22.',
  setup: [],
  steps: [
    {
      id: 'plain',
      task: `Ask node-2’s daemon about itself over plain TCP: \`docker -H ${NODE2} info\`, and read the last lines.`,
      commands: [`docker -H ${NODE2} info`],
      goal: {
        all: [
          { output: 'without encryption', since: 'step', stream: 'stderr' },
          {
            message: {
              from: 'client',
              to: 'dockerd',
              toHost: 'node-2',
              protocol: 'http',
              operation: '^GET /v[0-9.]+/info$',
            },
            since: 'step',
          },
        ],
        label: 'node-2 answered GET /info over plain HTTP, with its warning',
      },
      hints: ['`docker -H ADDRESS info`; the warning is on the last lines.'],
      solution: [`docker -H ${NODE2} info`],
      explain:
        'The CLI opened a TCP connection to node-2, port 2375, and sent the HTTP requests it sends over /var/run/docker.sock, in clear text: anyone on the network path can read every request and answer, and anyone who can reach the port can send their own, since nothing asks who is calling. dockerd says so itself: the warning the CLI printed came in its /info answer. Access to the remote API is equivalent to root access on node-2.',
    },
    {
      id: 'https-only',
      task: 'Now try node-3’s port the same way: `docker -H tcp://node-3:2376 ps`.',
      commands: ['docker -H tcp://node-3:2376 ps'],
      goal: {
        all: [
          { output: 'Client sent an HTTP request to an HTTPS server', since: 'step' },
          { exitCode: 1, since: 'step', command: 'node-3:2376' },
        ],
        label: 'node-3 refused plain HTTP on its TLS port',
      },
      hints: ['Same `-H` form, with node-3 and port 2376, and no TLS flag.'],
      solution: ['docker -H tcp://node-3:2376 ps'],
      explain:
        'node-3’s dockerd runs with `--tlsverify`, so its port 2376 speaks only TLS. The CLI, told nothing about TLS, sent plain HTTP; the Go HTTP server behind dockerd’s TLS listener saw bytes that are not a TLS record and answered 400 `Client sent an HTTP request to an HTTPS server.` before dockerd’s router saw the request. The CLI printed it as an error response and exited 1.',
    },
    {
      id: 'tls',
      task: 'Speak TLS to it: `docker --tlsverify -H tcp://node-3:2376 ps`.',
      commands: ['docker --tlsverify -H tcp://node-3:2376 ps'],
      goal: {
        all: [
          { message: { from: 'client', toHost: 'node-3', protocol: 'tls' }, since: 'step' },
          {
            message: {
              from: 'client',
              to: 'dockerd',
              toHost: 'node-3',
              operation: '^GET /v[0-9.]+/containers/json',
            },
            since: 'step',
          },
        ],
        label: 'a TLS handshake with node-3, then docker ps inside it',
      },
      hints: ['`--tlsverify` goes before the command, like `-H`.'],
      solution: ['docker --tlsverify -H tcp://node-3:2376 ps'],
      explain:
        '`--tlsverify` made the CLI open a TLS connection first (one step in the diagram). It checked node-3’s certificate against the CA in ~/.docker/ca.pem and presented its own certificate, ~/.docker/cert.pem, proving with ~/.docker/key.pem that it is its own. A dockerd started with `--tlsverify` accepts only clients whose certificate is signed by the CA it trusts (`--tlscacert`). Then the same HTTP requests travelled inside the encrypted connection. DockScope put the three files in ~/.docker for you; on real machines you make a CA and sign a certificate for the daemon and one for each client.',
    },
    {
      id: 'ssh',
      task: 'Reach node-2 through ssh instead of its TCP port: `docker -H ssh://root@node-2 ps`.',
      commands: ['docker -H ssh://root@node-2 ps'],
      goal: {
        all: [
          {
            message: { from: 'ssh', to: 'sshd', toHost: 'node-2', protocol: 'ssh' },
            since: 'step',
          },
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
        label: 'an ssh session to node-2, then docker ps through it',
      },
      hints: ['The address is `ssh://USER@HOST`: here `ssh://root@node-2`.'],
      solution: ['docker -H ssh://root@node-2 ps'],
      explain:
        'With an ssh:// address the CLI does not connect to dockerd itself: it starts the ssh program, `ssh -o ConnectTimeout=30 -T -l root -- node-2 docker system dial-stdio`. sshd on node-2 logs you in and runs `docker system dial-stdio` there, which connects to node-2’s own socket /var/run/docker.sock and copies bytes between it and its stdin and stdout. The CLI then writes its HTTP requests into ssh: they travel encrypted and authenticated by your ssh login, and dockerd needs no TCP port at all. node-2 needs the docker CLI installed, and the ssh user must be allowed to use the socket.',
    },
  ],
};

const BOOTSTRAP = 'unix:///var/run/docker-bootstrap.sock';

/**
 * Two daemons on one machine: the learner's machine runs a second dockerd from
 * the start (src/sim/world.ts BOOTSTRAP_DAEMON), set up as the dockerd
 * reference's "bootstrap" example, sharing the machine's containerd under a
 * namespace of its own. Facts from moby 28.2 (daemon/config defaults,
 * cmd/dockerd initContainerd, daemon/runtime_unix.go, libcontainerd/remote),
 * containerd 1.7 (metadata per namespace, the shared content policy) and the
 * dockerd reference, "Run multiple daemons".
 */
export const twoDaemons: Lesson = {
  id: 'two-daemons',
  title: 'Two daemons on one machine',
  summary:
    'Each dockerd needs its own socket, data-root, exec-root, pidfile and bridge; they can share one containerd in separate namespaces.',
  intro:
    'One machine can run a second dockerd beside the first, as long as nothing they own overlaps. Docker’s dockerd reference lists what must differ: the API socket (`-H`), the data-root where a daemon persists images, volumes and cluster state (`--data-root`), the exec-root where it keeps the state of running containers (`--exec-root`), the pidfile (`-p`), the bridge (`--bridge`, or `--bridge=none` for no default network) and `--iptables` (two daemons writing iptables rules can overwrite each other’s), plus the config file and TLS files; the same page calls running several daemons on one host experimental. Your machine runs a second daemon, started with that page’s “bootstrap” example plus two flags that page does not give, which put it in a containerd namespace of its own: `dockerd -H unix:///var/run/docker-bootstrap.sock -p /var/run/docker-bootstrap.pid --data-root /var/lib/docker-bootstrap --exec-root /var/run/docker-bootstrap --bridge=none --iptables=false --ip-masq=false --containerd-namespace bootstrap --containerd-plugins-namespace plugins.bootstrap`.',
  setup: [],
  steps: [
    {
      id: 'first',
      task: 'Start a container on the first daemon: `docker run -d --name web nginx`.',
      commands: ['docker run -d --name web nginx'],
      goal: {
        container: { name: 'web', state: 'running' },
        label: 'web runs on your first daemon',
      },
      hints: ['Without `-H`, the CLI uses the default socket, /var/run/docker.sock.'],
      solution: ['docker run -d --name web nginx'],
      explain:
        'The first daemon runs with moby’s defaults. It keeps the container’s configuration and json-file log under /var/lib/docker/containers/<id> and mounts its root filesystem at /var/lib/docker/rootfs/overlayfs/<id> (its data-root); the container’s stdio FIFOs are under /var/run/docker/containerd/<id> and runc’s state under /var/run/docker/runtime-runc/moby (its exec-root: dockerd gives the shim /var/run/docker/runtime-runc as runc’s root, and the shim adds the containerd namespace). Every call dockerd made to containerd carried the gRPC metadata `containerd-namespace: moby`: click one in the trace.',
    },
    {
      id: 'second',
      task: `Ask the second daemon for its containers: \`docker -H ${BOOTSTRAP} ps -a\`.`,
      commands: [`docker -H ${BOOTSTRAP} ps -a`],
      goal: {
        message: {
          from: 'client',
          to: 'dockerd-bootstrap',
          operation: '^GET /v[0-9.]+/containers/json',
        },
        since: 'step',
        label: 'the second daemon answered docker ps',
      },
      hints: ['`-H` with the second daemon’s socket, before the command.'],
      solution: [`docker -H ${BOOTSTRAP} ps -a`],
      explain:
        'The CLI connected to the other socket, and the daemon listening there lists none of the first one’s containers: it keeps its own records, in its own data-root. Both daemons still use the machine’s one containerd: dockerd connects to the address given with `--containerd`, or else to /run/containerd/containerd.sock when that socket exists, and only without either starts a containerd of its own (its root under the data-root, its state under the exec-root). They stay apart there because each calls containerd in its own namespace, `--containerd-namespace` (default moby) and `--containerd-plugins-namespace` (default plugins.moby); left at the defaults, the two daemons would see each other’s containerd images and containers and receive each other’s task events.',
    },
    {
      id: 'same-name',
      task: `Start a container named web on the second daemon too: \`docker -H ${BOOTSTRAP} run -d --name web nginx\`.`,
      commands: [`docker -H ${BOOTSTRAP} run -d --name web nginx`],
      goal: {
        all: [
          { container: { name: 'web', state: 'running' }, host: 'dockerd-bootstrap' },
          { container: { name: 'web', state: 'running' } },
          {
            message: {
              from: 'dockerd-bootstrap',
              to: 'containerd',
              operation: 'Tasks/Create$',
            },
            since: 'step',
          },
        ],
        label:
          'a container named web runs on each daemon, and the second one asked containerd for its task',
      },
      hints: ['The same `-H` as before, with `run -d --name web nginx`.'],
      solution: [`docker -H ${BOOTSTRAP} run -d --name web nginx`],
      explain:
        'Container names are unique per daemon, so both can have a web. The second daemon had no nginx in its namespace, so it pulled: it asked Docker Hub for the manifest again, but containerd keeps a blob once per machine (its default “shared” content policy), so the layers the first daemon had downloaded were committed into the bootstrap namespace without a download: “Download complete” with no “Downloading”. They were unpacked again into that namespace’s own snapshots. DockScope fetches the index, manifest and config again, where containerd would find them on disk too (a simplification). Every call to containerd carried `containerd-namespace: bootstrap`; the shim ran with `-namespace bootstrap`, the bundle is /run/containerd/io.containerd.runtime.v2.task/bootstrap/<id>, runc’s root /var/run/docker-bootstrap/runtime-runc/bootstrap, and the files are under /var/lib/docker-bootstrap and /var/run/docker-bootstrap. With `--bridge=none` the container got no network but its loopback: no veth and no address, and with `--iptables=false` no rule was written.',
    },
    {
      id: 'context',
      task: `Give the second daemon a context: \`docker context create bootstrap --docker host=${BOOTSTRAP}\`, then \`docker --context bootstrap ps\`.`,
      commands: [
        `docker context create bootstrap --docker host=${BOOTSTRAP}`,
        'docker --context bootstrap ps',
        'docker ps',
      ],
      goal: {
        all: [
          { output: 'Successfully created context "bootstrap"', since: 'step' },
          {
            message: {
              from: 'client',
              to: 'dockerd-bootstrap',
              operation: '^GET /v[0-9.]+/containers/json',
            },
            since: 'step',
          },
        ],
        label: 'a context named bootstrap exists, and a docker ps asked the second daemon',
      },
      hints: [
        '`docker context create NAME --docker host=ADDRESS`, then `--context NAME` before the command.',
        `\`DOCKER_HOST=${BOOTSTRAP} docker ps\` reaches it too.`,
      ],
      solution: [
        `docker context create bootstrap --docker host=${BOOTSTRAP}`,
        'docker --context bootstrap ps',
      ],
      explain:
        'A unix socket is an endpoint like a TCP address: a context (or `-H`, or DOCKER_HOST) can name it, and the CLI does the rest the same way. Each `docker ps` lists only the containers of the daemon it asked, though both daemons’ containers are processes of the same kernel, each with its own shim under the one containerd.',
    },
  ],
};
