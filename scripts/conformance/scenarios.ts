/**
 * What the conformance suite compares: each scenario runs on a fresh host,
 * once with the real docker CLI against the daemon and once with DockScope's
 * simulated CLI. `setup` lines bring both hosts into the same state and are
 * not compared; every `steps` line is.
 */
import type { StandingFault } from '../../src/sim/core/faults';
import { SECURITY_SCENARIOS } from './securityScenarios';

export interface Step {
  line: string;
  /**
   * Ctrl-C: the command stays attached (a foreground server); once its output
   * has settled, SIGINT goes to the real CLI process and `engine.interrupt`
   * to the simulated one.
   */
  interrupt?: boolean;
  /**
   * The real CLI sends this command's requests in parallel (docker/cli
   * `parallelOperation`: stop, kill, rm of several containers), so their order
   * is compared as a set; the output order is the CLI's own and stays exact.
   */
  unordered?: boolean;
  /** Typed into the command's standard input, which then closes (Ctrl-D). */
  stdin?: string;
}

export interface Scenario {
  name: string;
  setup?: string[];
  steps: Array<string | Step>;
  // ── fault: faults in force on both hosts before the setup (src/sim/core/faults.ts) ──
  faults?: StandingFault[];
}

const HELP_OF = [
  'version',
  'info',
  'pull',
  'images',
  'run',
  'ps',
  'stop',
  'start',
  'restart',
  'kill',
  'rm',
  'rmi',
  'logs',
  'create',
];

const MANAGEMENT_HELP = [
  'container',
  'image',
  'container ls',
  'container run',
  'container rm',
  'image ls',
  'image pull',
  'image rm',
];

export const SCENARIOS: Scenario[] = [
  { name: 'version', steps: ['docker version'] },
  { name: 'info', setup: ['docker pull alpine'], steps: ['docker info'] },
  { name: 'pull-fresh', steps: ['docker pull alpine'] },
  {
    name: 'pull-present-and-shared-layers',
    setup: ['docker pull nginx'],
    steps: ['docker pull nginx', 'docker pull nginx:latest', 'docker pull httpd'],
  },
  {
    name: 'pull-tag',
    steps: ['docker pull alpine:3.20', 'docker pull redis:7.4', 'docker images'],
  },
  {
    name: 'pull-errors',
    steps: [
      'docker pull nosuchimage-dockscope',
      'docker pull alpine:nosuchtag',
      'docker pull Alpine',
      'docker pull',
    ],
  },
  {
    // The registry host in the name decides where dockerd goes; these fail as
    // unreachable registries do, and a name DockScope does not carry gets its note.
    name: 'pull-other-registries',
    steps: [
      'docker pull localhost:5000/nginx',
      'docker pull ghcr.io/o/r',
      'docker pull registry.example.com/team/app:1.0',
      'docker pull bitnami/redis',
      'docker run --rm localhost:5000/app',
    ],
  },
  {
    name: 'pull-new-catalog-images',
    steps: ['docker pull ubuntu', 'docker pull mongo', 'docker run --rm ubuntu echo hi'],
  },
  {
    name: 'images',
    setup: ['docker pull alpine', 'docker pull hello-world', 'docker pull nginx'],
    steps: [
      'docker images',
      'docker image ls',
      'docker images -q',
      'docker image ls -a',
      'docker images alpine',
      'docker images nosuch',
    ],
  },
  { name: 'images-empty', steps: ['docker images', 'docker image ls'] },
  { name: 'run-hello-world', steps: ['docker run hello-world', 'docker ps -a'] },
  { name: 'run-echo', steps: ['docker run alpine echo hi', 'docker ps -a'] },
  {
    name: 'run-present',
    setup: ['docker pull alpine'],
    steps: ['docker run alpine echo hello world', 'docker container run alpine ls /'],
  },
  { name: 'run-detached', steps: ['docker run -d nginx', 'docker ps'] },
  {
    name: 'run-name-ports',
    steps: ['docker run -d -p 8080:80 --name web nginx', 'docker ps', 'docker container ls'],
  },
  {
    name: 'run-rm',
    setup: ['docker pull alpine'],
    steps: ['docker run --rm alpine echo bye', 'docker ps -a'],
  },
  {
    name: 'run-env-args',
    setup: ['docker pull alpine'],
    steps: [
      'docker run -e FOO=bar alpine env',
      'docker run -e HELLO="big world" alpine env',
      // Several -e: the real CLI orders them at random, so only the request is compared here.
      'docker run -d -e A=1 -e B="two words" --name envs alpine',
      `docker run alpine sh -c 'echo one; echo two >&2'`,
    ],
  },
  {
    name: 'run-exit-codes',
    setup: ['docker pull alpine'],
    steps: [
      `docker run alpine sh -c 'exit 3'`,
      'docker run alpine nosuchprogram',
      'docker run alpine ls /nosuch',
      'docker ps -a',
    ],
  },
  {
    name: 'run-foreground-ctrl-c',
    setup: ['docker pull nginx'],
    steps: [{ line: 'docker run --name fg nginx', interrupt: true }, 'docker ps -a'],
  },
  {
    name: 'ps',
    setup: [
      'docker pull alpine',
      'docker pull nginx',
      'docker run -d --name web -p 8080:80 nginx',
      'docker run --name done alpine echo hi',
      'docker create --name fresh alpine',
    ],
    steps: [
      'docker ps',
      'docker ps -a',
      'docker ps -q',
      'docker ps -aq',
      'docker container ls -a',
      'docker container list',
    ],
  },
  {
    name: 'lifecycle',
    setup: ['docker run -d --name web nginx'],
    steps: [
      'docker stop web',
      'docker ps -a',
      'docker start web',
      'docker restart web',
      'docker kill web',
      'docker ps -a',
      'docker start web',
      'docker container stop web',
      'docker rm web',
      'docker ps -a',
    ],
  },
  {
    name: 'rm-force',
    setup: ['docker run -d --name web nginx'],
    steps: ['docker rm web', 'docker rm -f web', 'docker ps -a'],
  },
  {
    name: 'rmi',
    setup: ['docker pull alpine', 'docker pull hello-world', 'docker run --name hw hello-world'],
    steps: [
      'docker rmi alpine',
      'docker rmi hello-world',
      'docker rmi -f hello-world',
      'docker image rm nosuchimage',
      'docker images',
    ],
  },
  {
    name: 'logs',
    setup: ['docker run -d --name web nginx', 'docker run --name hi alpine echo hi'],
    steps: [
      'docker logs web',
      'docker logs --tail 2 web',
      'docker logs hi',
      'docker container logs hi',
    ],
  },
  {
    name: 'help',
    steps: [
      'docker --help',
      ...HELP_OF.map((c) => `docker ${c} --help`),
      ...MANAGEMENT_HELP.map((c) => `docker ${c} --help`),
    ],
  },
  {
    name: 'client-errors',
    steps: [
      'docker nosuchcommand',
      'docker ps --nosuchflag',
      'docker run --nosuchflag alpine',
      'docker run',
      'docker stop',
      'docker rm',
      'docker logs',
      'docker run Alpine',
      'docker run alpine:',
      'docker image nosuch',
    ],
  },
  {
    name: 'error-unknown-image',
    steps: ['docker run nosuchimage-dockscope', 'docker run alpine:nosuchtag echo hi'],
  },
  {
    name: 'error-name-conflict',
    setup: ['docker run -d --name web nginx'],
    steps: ['docker run -d --name web nginx', 'docker ps -a'],
  },
  {
    name: 'error-port-allocated',
    setup: ['docker run -d -p 8080:80 --name web nginx'],
    steps: ['docker run -d -p 8080:80 --name web2 nginx', 'docker ps -a'],
  },
  {
    name: 'error-no-such-container',
    steps: [
      'docker stop nosuch',
      'docker start nosuch',
      'docker restart nosuch',
      'docker kill nosuch',
      'docker rm nosuch',
      'docker logs nosuch',
    ],
  },
  {
    // Names go into paths percent-encoded (Go url.URL{Path}); `a/b` stays two segments.
    name: 'names-percent-encoded',
    steps: [
      'docker logs %',
      "docker stop 'a b'",
      'docker rm a/b',
      "docker kill 'a?b'",
      "docker start 'a#b'",
      "docker restart 'é!(*)'",
      "docker stop 'a+b=c@d:e'",
      'docker rm -f x/../y',
      "docker stop ' a '",
      "docker rm ''",
      "docker rm / ' '",
      "docker kill ' '",
      "docker logs ' '",
      "docker start ''",
      'docker ps -f "name=a b"',
    ],
  },
  {
    name: 'ps-filter',
    setup: [
      'docker run -d -p 8080:80 --name web nginx',
      'docker run -d --name webapp alpine sleep 100',
    ],
    steps: [
      'docker run --name done alpine sh -c "exit 3"',
      'docker ps --filter name=web',
      'docker ps -f name=^web$',
      'docker ps -a -f exited=3',
      'docker ps -f status=exited',
      'docker ps -f ancestor=nginx',
      'docker ps -f publish=8080',
      'docker ps -f expose=80/tcp',
      'docker ps -q -f name=web -f "NAME = webapp "',
      'docker ps -a -f before=webapp',
      'docker ps -a -f since=web',
      'docker ps -f foo=bar',
      'docker ps -f name',
      'docker ps -f status=bogus',
      'docker ps -f since=nosuch',
      'docker ps -f "name=<&>"',
    ],
  },
  {
    name: 'port-ranges',
    setup: ['docker pull nginx'],
    steps: [
      'docker run -d -p 9000-9001:80 --name web nginx',
      'docker run -d -p 9000-9001:80 --name web2 nginx',
      'docker run -d -p 7000-7001:80-81 --name pair nginx',
      'docker run -d -p 5000-5001:5000-5001 -p 127.0.0.1:6000:6000/udp -p 5003:5003 --name same nginx',
      'docker ps',
      'docker run -d -p 9000-9001:80-82 nginx',
      'docker run -d -p 9001-9000:80 nginx',
      'docker run -d -p 70000:80 nginx',
      'docker run -d -p 80-x nginx',
      'docker run -d -p 1.2.3:80:80 nginx',
      'docker run -d -p :80 nginx',
    ],
  },
  {
    name: 'error-in-use',
    setup: ['docker run -d --name web nginx'],
    steps: ['docker rm web', 'docker rmi nginx', 'docker kill web', 'docker kill web'],
  },
  {
    name: 'sequence-web',
    steps: [
      'docker run -d -p 8080:80 --name web nginx',
      'docker ps',
      'docker logs web',
      'docker stop web',
      'docker ps -a',
      'docker rm web',
      'docker rmi nginx',
      'docker images',
    ],
  },
  {
    name: 'sequence-redis',
    steps: [
      'docker run -d --name cache redis',
      'docker logs cache',
      'docker restart cache',
      'docker stop cache',
      'docker rm cache',
      'docker image rm redis',
    ],
  },
  {
    name: 'run-more-flags',
    setup: ['docker pull alpine'],
    steps: [
      'docker run --entrypoint echo alpine hi there',
      'docker run -w /tmp alpine pwd',
      'docker run --name x alpine',
      'docker run -it alpine sh',
      'docker run -t alpine echo hi',
      'docker create --name cc alpine echo created',
      'docker start cc',
      'docker logs cc',
      'docker create Alpine',
      'docker create nosuchimage-dockscope',
      'docker create -p nonsense alpine',
      'docker create --name cc alpine',
      'docker create -i --name ci alpine sh',
      'docker start ci',
      'docker ps -a --no-trunc',
      'docker ps -l',
      'docker ps -n 1 -q',
    ],
  },
  {
    name: 'run-stdin',
    setup: ['docker pull alpine'],
    steps: [
      { line: 'docker run -i alpine cat', stdin: 'hello\nworld\n' },
      { line: 'docker run -i alpine sh', stdin: 'echo hi\nexit 3\n' },
      { line: 'docker run -i --rm alpine sh', stdin: '' },
    ],
  },
  {
    // docker exec (issue 13): the exec's own exit code, its errors, -i input, -d.
    name: 'exec',
    setup: ['docker run -d --name web alpine sleep 1000', 'docker run --name done alpine true'],
    steps: [
      'docker exec web echo hi',
      "docker exec -e GREETING=hello -w /tmp web sh -c 'echo $GREETING; pwd; exit 3'",
      'docker exec web nosuchcommand',
      'docker exec web /etc',
      'docker exec nosuch ls',
      'docker exec done ls',
      'docker exec web',
      'docker exec -u nosuchuser web id',
      { line: 'docker exec -i web sh', stdin: 'hostname\nps\nexit 5\n' },
      'docker exec -d web sleep 30',
      'docker exec -t web echo hi',
      'docker logs web',
    ],
  },
  {
    name: 'attach',
    setup: ['docker run -d --name web alpine sleep 1000', 'docker run --name done alpine true'],
    steps: ['docker attach done', 'docker attach nosuch', 'docker attach'],
  },
  {
    name: 'detached-rm-and-multi',
    setup: ['docker pull nginx'],
    steps: [
      'docker run -d --rm --name tmp nginx',
      'docker stop tmp',
      'docker ps -a',
      'docker run -d --name aa nginx',
      'docker run -d --name bb nginx',
      { line: 'docker stop aa bb nosuch', unordered: true },
      'docker start aa bb',
      { line: 'docker kill aa nosuch bb', unordered: true },
      { line: 'docker rm -f aa bb', unordered: true },
      'docker rm -f nosuch',
      'docker rmi -f nosuch',
    ],
  },
  {
    name: 'rmi-force-in-use',
    setup: ['docker run -d --name web nginx'],
    steps: ['docker rmi -f nginx', 'docker images', 'docker ps -a', 'docker images --no-trunc'],
  },
  {
    name: 'logs-follow-ctrl-c',
    setup: ['docker run -d --name web nginx'],
    steps: [{ line: 'docker logs -f web', interrupt: true }, 'docker logs --tail 1 web'],
  },
  {
    name: 'pull-digest',
    steps: [
      'docker pull alpine@sha256:4340ce16c38965186f87ccb65dce1db2dd32c371f130e22a68fa19bda692104b',
      'docker images',
      'docker pull busybox:1.37',
    ],
  },
  {
    name: 'networks',
    setup: ['docker pull nginx', 'docker pull busybox'],
    steps: [
      'docker network create appnet',
      'docker network create --subnet 10.5.0.0/24 --gateway 10.5.0.1 --label team=a n2',
      'docker network create appnet',
      'docker network create --gateway 10.6.0.1 bad',
      'docker network ls',
      'docker network ls -q --filter driver=bridge',
      'docker network ls --no-trunc',
      "docker network ls --format '{{.Name}}: {{.Driver}} {{.Internal}}'",
      "docker network ls --format 'table {{.Name}}\\t{{.Scope}}\\t{{.IPv6}}'",
      'docker network ls --format raw',
      "docker network ls --format '{{.Nope}}'",
      'docker run -d --name web --network appnet --network-alias www nginx',
      'docker run --rm --network appnet busybox ping -c 1 www',
      'docker run --rm busybox ping -c 1 web',
      'docker network inspect nosuch',
      'docker network connect n2 web',
      'docker network disconnect n2 web',
      'docker network rm bridge',
      'docker network rm appnet',
      'docker run --network-alias x busybox true',
      'docker run --ip 172.17.0.9 busybox true',
      'docker rm -f web',
      'docker network rm appnet nosuch',
      'docker network prune -f',
      'docker network ls',
    ],
  },
  {
    name: 'bare-and-global',
    steps: [
      'docker',
      'docker --version',
      'docker -v',
      'docker --nosuchflag ps',
      'docker ps -a extra',
    ],
  },
  // Volumes and mounts (vol)
  {
    name: 'volumes-and-mounts',
    setup: ['docker pull alpine'],
    steps: [
      'docker volume create data',
      'docker volume create --label tier=db -o type=tmpfs -o device=tmpfs dbvol',
      'docker volume ls',
      'docker volume ls -q --filter label=tier',
      "docker volume ls --format '{{.Name}} {{.Mountpoint}} {{.Labels}}'",
      "docker volume ls --format 'table {{.Name}}\\t{{.Driver}}\\t{{.Scope}}'",
      'docker volume ls --format raw',
      'docker volume inspect data',
      "docker run --rm -v data:/data alpine sh -c 'echo hi > /data/f'",
      'docker run --rm -v data:/data alpine cat /data/f',
      'docker create --name holder -v data:/data alpine',
      'docker volume rm data',
      'docker rm -v holder',
      'docker volume rm data nosuch',
      'docker volume create',
      'docker volume prune -f',
      'docker volume prune -a -f',
      'docker run -v :/x alpine',
      'docker run --mount type=volume,dst=/x,foo=bar alpine',
      'docker run --mount type=bind,src=/nosuch,dst=/x alpine',
      "docker run --name ch alpine sh -c 'echo x > /tmp/x'",
      'docker diff ch',
    ],
  },
  // issue 13 (insp): inspect of every kind, Go templates, rename, prune, system df
  {
    name: 'inspect',
    setup: ['docker run -d --name web -p 8080:80 nginx', 'docker create --name made alpine'],
    steps: [
      'docker inspect web',
      'docker container inspect made',
      'docker image inspect nginx',
      'docker inspect --format json made',
      'docker inspect nosuch',
      'docker inspect web nosuch made',
      'docker container inspect nosuch',
      'docker image inspect nosuch',
      'docker inspect --type container nginx',
      'docker inspect --type image nginx',
      'docker inspect --type volume nosuch',
      'docker inspect --type node nosuch',
      'docker inspect --type foo web',
      'docker inspect -s web',
      'docker inspect -s nginx',
    ],
  },
  {
    name: 'inspect-format',
    setup: ['docker run -d --name web -p 8080:80 nginx'],
    steps: [
      "docker inspect -f '{{.State.Status}} {{.State.Pid}} {{.Config.Labels.maintainer}} {{.Config.Labels.zz}}' web",
      "docker inspect -f '{{.NetworkSettings.Networks.bridge.IPAddress}}' web",
      "docker inspect -f '{{json .Config.ExposedPorts}} {{json .NetworkSettings.Ports}}' web",
      "docker inspect -f '{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}' web",
      'docker inspect -f \'{{index .Config.Labels "maintainer"}}\' web',
      "docker inspect -f '{{.State}}' web",
      "docker inspect -f '{{.Config.ExposedPorts}} {{.HostConfig.PortBindings}}' web",
      "docker inspect -f '{{.Id}} {{.ID}}' web",
      "docker inspect -f '{{json .}}' web",
      "docker inspect -f '{{json .State}} {{json .HostConfig.LogConfig}}' web",
      "docker image inspect -f '{{json .Metadata}} {{json .RootFS}}' nginx",
      "docker inspect -f '{{.Foo}}' web",
      "docker inspect -f '{{foo}}' web",
      'docker inspect -f \'{{if .State.Running}}up{{else}}down{{end}} {{len .Args}} {{join .Args ","}} {{upper .Name}}\' web',
      "docker image inspect -f '{{.Os}}/{{.Architecture}} {{len .RootFS.Layers}} {{.Metadata.LastTagTime}}' nginx",
    ],
  },
  {
    name: 'list-format',
    setup: ['docker run -d --name web -p 8080:80 nginx', 'docker run --name once alpine true'],
    steps: [
      "docker ps --format '{{.Names}} {{.Image}} {{.Ports}} {{.Networks}} {{.State}}'",
      "docker ps -a --format 'table {{.ID}}\\t{{upper .Names}}\\t{{.Status}}\\t{{.Command}}'",
      "docker ps -a --format '{{json .}}'",
      "docker ps --format '{{.Size}}'",
      'docker ps -s',
      "docker ps --format '{{.Foo}}'",
      "docker ps --format '{{foo}}'",
      "docker images --format '{{.Repository}}:{{.Tag}} {{.ID}} {{.Size}}'",
      "docker images --format 'table {{.Repository}}\\t{{.Digest}}'",
      "docker images --format '{{json .}}'",
      'docker images --digests',
      "docker version --format '{{.Server.Version}} {{json .Client.Os}}'",
      "docker version --format '{{.Nope}}'",
      "docker info --format '{{.Containers}} {{.Swarm.LocalNodeState}} {{json .Plugins.Volume}}'",
    ],
  },
  {
    name: 'rename-prune-df',
    setup: [
      'docker run -d --name web nginx',
      'docker run --name once alpine true',
      'docker create --name made redis',
    ],
    steps: [
      'docker rename web web',
      'docker rename web once',
      'docker rename web front',
      'docker rename nosuch x',
      'docker ps -a',
      'docker system df',
      'docker container prune -f',
      'docker image prune -f',
      'docker image prune -a -f',
      'docker system df',
    ],
  },
  // ── fault: what the real CLI prints for the daemon's answer to an injected fault ──
  {
    name: 'fault: Docker Hub rate limit (429) on pull and run',
    faults: [{ kind: 'registry-429' }],
    steps: ['docker pull alpine', 'docker run --rm alpine echo hi'],
  },
  {
    name: 'fault: registry refuses access (401)',
    faults: [{ kind: 'registry-401' }],
    steps: ['docker pull alpine'],
  },
  {
    name: 'fault: a host process holds the published port',
    faults: [{ kind: 'port-taken', port: 8080 }],
    setup: ['docker pull nginx'],
    steps: ['docker run -d -p 8080:80 --name web nginx', 'docker ps -a'],
  },
  // ── life: pause/unpause, --init, restart and health flags, wait ──
  {
    name: 'lifecycle',
    setup: ['docker pull alpine', 'docker run -d --name pz alpine sleep 1000'],
    steps: [
      'docker pause pz',
      'docker pause pz',
      'docker exec pz ls',
      "docker ps --format '{{.Names}} {{.State}}'",
      'docker unpause pz',
      'docker unpause pz',
      { line: 'docker pause nosuch pz', unordered: true },
      { line: 'docker unpause pz nosuch', unordered: true },
      'docker run --init alpine ps',
      'docker run --rm --restart always alpine true',
      'docker run --restart on-failure:x alpine true',
      'docker run --health-interval -1s alpine true',
      'docker run --no-healthcheck --health-cmd true alpine true',
      'docker run --health-interval 5 alpine true',
      "docker run --name ex alpine sh -c 'exit 3'",
      'docker wait ex',
      'docker wait nosuch ex',
      "docker run -d --name hc --health-cmd 'true' --health-interval 30s alpine sleep 1000",
      "docker inspect -f '{{json .Config.Healthcheck}} {{.HostConfig.RestartPolicy.Name}}' hc",
      'docker run -d --name rs --restart on-failure:2 --init alpine sleep 1000',
      "docker inspect -f '{{json .HostConfig.RestartPolicy}} {{.HostConfig.Init}} {{.RestartCount}}' rs",
      "docker ps --filter health=none --format '{{.Names}}'",
    ],
  },
  // ── obs: port, top, events, the inspect --format leftovers, --pull ──
  {
    name: 'observe',
    setup: [
      'docker run -d --name web -p 8080:80 -p 127.0.0.1:9000:9000/udp nginx',
      'docker network create appnet',
      'docker volume create data',
    ],
    steps: [
      'docker port web',
      'docker port web 80',
      'docker container port web 9000/udp',
      'docker port web 81',
      'docker port web abc',
      'docker port',
      'docker port nosuch',
      'docker top web',
      'docker container top web aux',
      'docker top nosuch',
      "docker top web -o 'user=PID'",
      "docker network inspect -f '{{.Name}} {{.Driver}} {{.Scope}}' appnet bridge",
      "docker volume inspect --format '{{.Name}} {{.Driver}} {{.Mountpoint}}' data",
      "docker network inspect -f '{{.Name}}' nosuch",
      "docker volume inspect -f '{{.Name' data",
      "docker events --format '{{.Foo}}'",
      'docker events --since bogus',
      'docker events x',
      'docker run --pull never --rm redis true',
      'docker create --pull bogus alpine',
      'docker run --platform foo alpine',
      'docker cp a b',
      'docker cp web:/nope /tmp/x',
      'docker cp web:/etc/hostname /tmp/obs-conformance-hostname',
    ],
  },
  // ── sec: security options and namespaces ──
  ...SECURITY_SCENARIOS,
  // ── res: limits, their errors, update, the OOM kill, stats ──
  {
    name: 'limits-and-oom',
    setup: ['docker pull alpine'],
    steps: [
      'docker run -m foo alpine',
      'docker run --ulimit nofile=10:5 alpine',
      'docker run -m 4m alpine true',
      'docker run -m 32m --memory-swap 16m alpine true',
      'docker run -d --name lim -m 64m --cpus 0.5 --pids-limit 100 --ulimit nofile=1024:2048 alpine sleep 600',
      "docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}} {{json .HostConfig.Ulimits}}' lim",
      'docker update -m 128m lim',
      'docker update -m 128m --memory-swap 256m lim',
      "docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}}' lim",
      'docker update lim',
      "docker run --name hog -m 32m alpine sh -c 'tail /dev/zero'",
      "docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' hog",
    ],
  },
];
