/**
 * `-p 8080:80` as moby 28's bridge driver does it (libnetwork
 * drivers/bridge/port_mapping_linux.go, internal/iptabler/port.go,
 * portmapper/proxy_linux.go at v28.2.2): the iptables rules first, then one
 * docker-proxy per host address family, children of dockerd, stopped with
 * SIGINT.
 */
import { describe, expect, it } from 'vitest';
import { contextOf } from '../core/actors';
import type { KernelState } from '../kernel/kernelMachine';
import { DOCKERD_PID } from '../dockerd/model';
import { messagesOf, session } from './helpers';

describe('publishing a port', () => {
  const { engine, results } = session(['docker run -d -p 8080:80 --name web nginx']);
  const run = messagesOf(engine, results[0]!).filter(
    (m) => m.from === 'dockerd' && m.to === 'kernel' && m.kind === 'request',
  );
  const ops = run.map((m) => m.operation);

  it('adds the real DNAT rule (with ! -i docker0) and the filter rule that opens the port', () => {
    expect(ops).toContain(
      'iptables --wait -t nat -A DOCKER -p tcp -d 0/0 --dport 8080 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0',
    );
    const dnat = run.find((m) => m.operation.includes('-j DNAT'))!;
    expect((dnat.request as { listed: string }).listed).toBe(
      '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
    );
    expect(ops).toContain(
      'iptables --wait -t filter -I DOCKER ! -i docker0 -o docker0 -p tcp -d 172.17.0.2 --dport 80 -j ACCEPT',
    );
  });

  it('a port on 127.0.0.1: DNAT to that address only, and a raw-table rule dropping what does not come in on lo', () => {
    const local = session(['docker run -d -p 127.0.0.1:8081:80 nginx']);
    const ops = messagesOf(local.engine, local.results[0]!)
      .filter((m) => m.from === 'dockerd' && m.to === 'kernel' && m.kind === 'request')
      .map((m) => m.operation);
    expect(ops.filter((o) => o.startsWith('iptables'))).toEqual([
      'iptables --wait -t raw -A PREROUTING -p tcp -d 127.0.0.1 --dport 8081 ! -i lo -j DROP',
      'iptables --wait -t nat -A DOCKER -p tcp -d 127.0.0.1 --dport 8081 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0',
      'iptables --wait -t filter -I DOCKER ! -i docker0 -o docker0 -p tcp -d 172.17.0.2 --dport 80 -j ACCEPT',
    ]);
  });

  it('starts one docker-proxy for 0.0.0.0 and one for [::], after the rules, as dockerd’s children', () => {
    const proxies = Object.values(contextOf<KernelState>(engine.host.kernel).processes).filter(
      (p) => p.argv[0] === '/usr/bin/docker-proxy',
    );
    expect(proxies.map((p) => p.argv.join(' '))).toEqual([
      '/usr/bin/docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 8080 -container-ip 172.17.0.2 -container-port 80 -use-listen-fd',
      '/usr/bin/docker-proxy -proto tcp -host-ip :: -host-port 8080 -container-ip 172.17.0.2 -container-port 80 -use-listen-fd',
    ]);
    expect(proxies.every((p) => p.ppid === DOCKERD_PID)).toBe(true);
    const lastRule = ops.findLastIndex((o) => o.startsWith('iptables'));
    const firstProxy = ops.findIndex((o) => o.startsWith('/usr/bin/docker-proxy'));
    expect(firstProxy).toBeGreaterThan(lastRule);
  });

  it('stops both proxies with SIGINT when the container stops, then deletes the rules', () => {
    const since = engine.trace.length;
    engine.run('docker stop web');
    // The teardown follows the exit event, which belongs to no command.
    const down = engine.trace
      .slice(since)
      .filter((m) => m.from === 'dockerd' && m.to === 'kernel' && m.kind === 'request')
      .map((m) => m.operation);
    const kills = down.filter((o) => o.startsWith('kill('));
    expect(kills).toHaveLength(2);
    expect(kills.every((k) => /^kill\(\d+, SIGINT\)$/.test(k))).toBe(true);
    expect(down).toContain(
      'iptables --wait -t nat -D DOCKER -p tcp -d 0/0 --dport 8080 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0',
    );
    expect(down).toContain(
      'iptables --wait -t filter -D DOCKER ! -i docker0 -o docker0 -p tcp -d 172.17.0.2 --dport 80 -j ACCEPT',
    );
    expect(down.indexOf(kills[1]!)).toBeLessThan(down.findIndex((o) => o.startsWith('iptables')));
    const left = Object.values(contextOf<KernelState>(engine.host.kernel).processes).filter(
      (p) => p.argv[0] === '/usr/bin/docker-proxy',
    );
    expect(left).toEqual([]);
  });
});
