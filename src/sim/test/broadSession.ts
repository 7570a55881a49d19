import { Engine } from '../engine';
import type { Message } from '../core/types';

/**
 * A broad session: every kind of command, failure and request from outside
 * the simulator has, so a test over its trace sees every kind of message.
 */
export function broadSession(seed = 2): { engine: Engine; trace: readonly Message[] } {
  const engine = new Engine({ seed, tty: true });
  const run = (line: string) => {
    const r = engine.run(line);
    engine.advance(1000);
    return r;
  };
  const external = (method: 'GET' | 'POST' | 'HEAD', path: string, body?: unknown) => {
    engine.serveHttp(
      {
        method,
        path,
        ...(body === undefined ? {} : { body, headers: { 'Content-Type': 'application/json' } }),
      },
      { head: () => {}, chunk: () => {}, end: () => {} },
    );
    engine.advance(1000);
  };
  run('docker version');
  run('docker info');
  run('docker run hello-world');
  run('docker run -d -p 8080:80 -p 127.0.0.1:8081:80 --name web nginx');
  run('docker run --rm alpine echo hi');
  run('docker pull redis');
  run('docker pull redis');
  run('docker images');
  run('docker ps -a');
  const logs = run('docker logs -f web');
  engine.interrupt(logs.id);
  engine.advance(1000);
  run('docker logs --tail 2 web');
  run('docker stop web');
  run('docker start web');
  // ── host: the host's own view (bash reads the kernel's state) ──
  run(
    'ps -ef --forest; ip addr; sudo ls /var/lib/docker; cat /proc/1/cgroup; sudo iptables -t nat -L -n',
  );
  run('docker restart web');
  run('docker kill web');
  run('docker rm -f web');
  run('docker run -d --name sl alpine sleep 100');
  run('docker rm -f sl');
  const it = run('docker run -it --name box alpine sh');
  engine.stdin(it.id, 'echo hi\r');
  engine.advance(1000);
  engine.stdin(it.id, '\x03');
  engine.advance(1000);
  engine.endInput(it.id);
  engine.advance(1000);
  const cat = run('docker run -i --rm alpine cat');
  engine.stdin(cat.id, 'hello\n');
  engine.advance(1000);
  engine.endInput(cat.id);
  engine.advance(1000);
  const fg = run('docker run --name web2 nginx');
  engine.interrupt(fg.id);
  engine.advance(12_000);
  run('docker create --name c1 alpine');
  run('docker rm c1');
  run('docker tag redis cache:v1');
  run('echo pw | docker login -u learner --password-stdin');
  run('docker login -u Bad -p pw');
  run('docker tag redis learner/cache');
  run('docker push learner/cache');
  run('echo pw | docker login -u learner --password-stdin');
  run('docker push learner/cache');
  run('docker logout');
  run('docker rmi cache:v1');
  run('docker rmi redis');
  run('docker run -d --name keep nginx');
  run('docker rmi -f nginx');
  run('docker pull nginx');
  run('docker rm -f keep');
  // Volumes and mounts (vol)
  run('docker volume create data');
  run('docker volume ls');
  run('docker volume inspect data');
  run('docker volume create');
  run('docker volume prune -f');
  run('docker volume rm data');
  run("docker run --rm -v data:/data alpine sh -c 'echo hi > /data/f'");
  run('docker run --rm -v /srv/site:/site:ro --tmpfs /run/x alpine ls /site');
  run('docker run -d --name db redis');
  run('docker diff db');
  run('docker rm -f -v db');
  // networks (net)
  run('docker network create appnet');
  run('docker network ls');
  run('docker run -d --name api --network appnet --network-alias backend -p 8089:80 nginx');
  run('docker network inspect appnet');
  run('docker run --rm --network appnet busybox ping -c 1 backend');
  run('curl localhost:8089');
  run('docker network connect bridge api');
  run('docker network disconnect bridge api');
  run('docker network rm appnet');
  run('docker rm -f api');
  run('docker network prune -f');
  // errors
  run('docker run nosuchimage');
  run('docker pull nosuchimage');
  run('docker pull localhost:5000/app');
  run('docker pull ghcr.io/o/r');
  run('docker pull someone/app');
  run('docker pull alpine:3.18');
  run('docker stop nosuch');
  run('docker rm nosuch');
  run('docker rmi nosuch');
  run('docker run -d --name dup alpine sleep 100');
  run('docker run -d --name dup alpine sleep 100');
  run('docker rm -f dup');
  run('docker run -d -p 9000:80 --name p1 nginx');
  run('docker run -d -p 9000:80 --name p2 nginx');
  run('docker run alpine nosuchcommand');
  // docker exec: a command, a missing one, an interactive shell, one in the background.
  run('docker run -d --name ex alpine sleep 1000');
  run('docker exec ex echo hi');
  run('docker exec ex nosuchcommand');
  const sh = run('docker exec -it ex sh');
  engine.stdin(sh.id, 'ps\n');
  engine.advance(1000);
  engine.stdin(sh.id, 'exit\n');
  engine.advance(1000);
  run('docker exec -d ex sleep 5');
  run('docker rm -f ex');
  // Other daemons: plain TCP, TLS, plain HTTP to the TLS port (HEAD then GET ping), ssh.
  run('docker -H tcp://node-2:2375 run -d --name web alpine sleep 100');
  run('docker --tlsverify -H tcp://node-3:2376 ps -q');
  run('docker -H tcp://node-3:2376 ps');
  run('docker -H ssh://learner@node-2 ps -q');
  run('docker --tls -H tcp://node-2:2375 ps');
  // The real docker CLI through `npm run daemon`: endpoints the simulated CLI never calls.
  external('GET', '/v1.50/images/alpine/json');
  external('POST', '/v1.50/auth', { username: 'u', password: 'p' });
  external('GET', '/v1.50/nosuch/endpoint');
  // inspect (every kind tried: networks, volumes, /info, plugins), rename, prune, disk usage
  run('docker run -d --name old alpine sleep 100');
  run('docker inspect old nosuch');
  run('docker inspect --type node nosuch');
  run('docker image inspect alpine');
  run('docker rename old renamed');
  run('docker system df');
  run('docker rm -f renamed');
  run('docker run --name done alpine true');
  run('docker container prune -f');
  // ── sec: a process asks the kernel for an interface, without and with CAP_NET_ADMIN ──
  run('docker run --rm alpine ip link add dummy0 type dummy');
  run('docker run --rm --cap-add NET_ADMIN alpine ip link add dummy0 type dummy');
  run('docker image prune -a -f');
  // ── fault: injected faults and kill on the host (core/faults.ts) ──
  run('docker run -d --name victim alpine sleep 100');
  run('kill 1');
  engine.fault({ op: 'fault', set: { kind: 'kill-shim', container: 'victim' } });
  engine.advance(1000);
  // life: a restart policy's backoff, --init, a health check, pause and unpause, wait.
  run("docker run -d --name rs --restart on-failure:1 alpine sh -c 'exit 1'");
  engine.advance(1000);
  run('docker run -d --name hc --init --health-cmd true --health-interval 1s alpine sleep 100');
  engine.advance(2000);
  run('docker pause hc');
  run('docker unpause hc');
  run('docker stop hc');
  run('docker wait hc rs');
  run('docker rm hc rs');
  // ── obs: top, port, events ──
  const events = run('docker events --filter type=container');
  run('docker run -d --name obs -p 8090:80 nginx');
  run('docker top obs');
  run('docker port obs');
  run('echo hi > f.txt');
  run('docker cp f.txt obs:/tmp/');
  run('docker cp obs:/tmp/f.txt /tmp/g.txt');
  engine.interrupt(events.id);
  engine.advance(1000);
  run('docker rm -f obs');
  // ── res: limits, an OOM kill, update, stats ──
  run("docker run -m 32m --cpus 0.5 -c 512 --pids-limit 50 alpine sh -c 'tail /dev/zero'");
  run('docker run -d --name lim -m 64m alpine sleep 100');
  run('docker update -m 128m --memory-swap 256m lim');
  run('docker stats --no-stream lim');
  const stats = run('docker stats');
  engine.interrupt(stats.id);
  engine.advance(1000);
  run('docker rm -f lim');
  // ── daemon: the daemons as systemd units, their restarts, live-restore ──
  run('docker run -d --name lr alpine sleep 1000');
  run('systemctl status docker');
  run('sudo journalctl -u docker -n 5');
  run(`echo '{"live-restore": true}' | sudo tee /etc/docker/daemon.json`);
  run('sudo systemctl reload docker');
  run('sudo systemctl restart containerd');
  run('sudo systemctl restart docker');
  run('sudo systemctl stop docker');
  run('docker ps -q');
  run('sudo systemctl start docker');
  run('docker rm -f lr');
  // ── storage: the overlay2 graph driver, dockerd's own layer store ──
  engine.setting({ key: 'containerd-snapshotter', value: false });
  engine.advance(1000);
  run('docker pull alpine');
  run('docker run --rm alpine echo hi');
  run('docker run -d --name sized alpine sleep 100');
  run('docker ps -s');
  run('docker rm -f sized');
  run('docker rmi alpine');
  engine.setting({ key: 'containerd-snapshotter', value: true });
  engine.advance(1000);
  return { engine, trace: engine.trace };
}
