/**
 * Networks as moby 28 / docker CLI 28.2.2 have them. Request bodies, output and
 * client-side errors were captured from the real CLI against a recording
 * server; daemon errors are moby v28.2.2's texts (libnetwork/error.go,
 * daemon/network.go, runconfig/errors.go); rules from the bridge driver's
 * iptabler golden files.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contextOf } from '../core/actors';
import type { DockerdState } from '../dockerd/model';
import type { KernelState } from '../kernel/kernelMachine';
import { callDaemon, clientExchange, messagesOf, session } from './helpers';

const ID = /^[0-9a-f]{64}\n$/;

describe('docker network create', () => {
  const { engine, results } = session(['docker network create appnet']);
  const r = results[0]!;

  it('pings, then POSTs the body CLI 28.2.2 sends, and prints the new 64-hex ID', () => {
    expect(clientExchange(engine, r)).toEqual([
      '→ HEAD /_ping',
      '← 200',
      '→ POST /v1.50/networks/create',
      '← 201',
    ]);
    const post = messagesOf(engine, r).find((m) => m.operation === 'POST /v1.50/networks/create')!;
    expect(JSON.stringify((post.request as { body: unknown }).body)).toBe(
      '{"Driver":"bridge","Scope":"","IPAM":{"Driver":"default","Options":{},"Config":[]},"Internal":false,"Attachable":false,"Ingress":false,"ConfigOnly":false,"ConfigFrom":null,"Options":{},"Labels":{},"Name":"appnet"}',
    );
    expect(r.stdout).toMatch(ID);
    expect(r.exitCode).toBe(0);
  });

  it('creates the bridge br-<12 hex> with the gateway address, then the MASQUERADE and isolation rules', () => {
    const id = r.stdout.trim();
    const kernel = messagesOf(engine, r).filter(
      (m) => m.from === 'dockerd' && m.to === 'kernel' && m.kind === 'request',
    );
    expect(kernel.map((m) => m.op)).toEqual(['kernel.bridge.add', 'kernel.iptables.network.add']);
    expect(kernel[0]!.operation).toBe(
      `netlink RTM_NEWLINK (bridge br-${id.slice(0, 12)}), RTM_NEWADDR 172.18.0.1/16, up`,
    );
    // The rules themselves, which the kernel keeps (iptables-save on the host lists them).
    const rules = (kernel[1]!.request as { rules: string[] }).rules.join('\n');
    expect(rules).toContain(
      `-t nat -A POSTROUTING -s 172.18.0.0/16 ! -o br-${id.slice(0, 12)} -j MASQUERADE`,
    );
    expect(rules).toContain(
      `-t filter -A DOCKER-ISOLATION-STAGE-1 -i br-${id.slice(0, 12)} ! -o br-${id.slice(0, 12)} -j DOCKER-ISOLATION-STAGE-2`,
    );
    const devs = contextOf<KernelState>(engine.host.kernel).netdevs;
    expect(devs[`br-${id.slice(0, 12)}`]).toMatchObject({
      kind: 'bridge',
      address: '172.18.0.1/16',
    });
  });

  it('gives the next network the next /16, and --subnet/--gateway their own', () => {
    const { results } = session([
      'docker network create a',
      'docker network create b',
      'docker network create --subnet 10.5.0.0/24 --gateway 10.5.0.254 c',
      'docker network inspect b c',
    ]);
    const [b, c] = JSON.parse(results[3]!.stdout) as Array<{ IPAM: { Config: unknown } }>;
    expect(b!.IPAM.Config).toEqual([{ Subnet: '172.19.0.0/16', Gateway: '172.19.0.1' }]);
    expect(c!.IPAM.Config).toEqual([{ Subnet: '10.5.0.0/24', Gateway: '10.5.0.254' }]);
  });

  it('refuses what moby refuses, with its words', () => {
    const { results } = session([
      'docker network create appnet',
      'docker network create appnet',
      'docker network create bridge',
      'docker network create --subnet 172.18.5.0/24 other',
      'docker network create --gateway 10.6.0.1 x',
      'docker network create --subnet 10.5.0.0/24 --gateway 10.6.0.1 x',
      'docker network create -d nosuch x',
    ]);
    const err = results.slice(1).map((x) => [x.stderr, x.exitCode]);
    expect(err).toEqual([
      ['Error response from daemon: network with name appnet already exists\n', 1],
      ['Error response from daemon: operation is not permitted on predefined bridge network \n', 1],
      [
        'Error response from daemon: invalid pool request: Pool overlaps with other one on this address space\n',
        1,
      ],
      // Client-side (docker/cli createIPAMConfig), as the real CLI printed them.
      ['every ip-range or gateway must have a corresponding subnet\n', 1],
      ['no matching subnet for gateway 10.6.0.1\n', 1],
      [
        'Error response from daemon: could not find plugin nosuch in v1 plugin registry: plugin not found\n',
        1,
      ],
    ]);
  });
});

describe('docker network ls / inspect / rm / prune', () => {
  it('lists the predefined networks and the user ones, sorted by name as the CLI sorts them', () => {
    const { results } = session([
      'docker network create net10',
      'docker network create net9',
      'docker network ls',
    ]);
    const lines = results[2]!.stdout.split('\n');
    expect(lines[0]).toBe('NETWORK ID     NAME      DRIVER    SCOPE');
    expect(lines.slice(1, -1).map((l) => l.split(/\s+/).slice(1).join(' '))).toEqual([
      'bridge bridge local',
      'host host local',
      'net9 bridge local',
      'net10 bridge local',
      'none null local',
    ]);
  });

  it('-q prints IDs, --filter reaches the daemon as JSON', () => {
    const { engine, results } = session([
      'docker network create appnet',
      'docker network ls -q --filter driver=bridge',
    ]);
    const ids = results[1]!.stdout.trim().split('\n');
    expect(ids).toHaveLength(2);
    expect(ids.every((i) => /^[0-9a-f]{12}$/.test(i))).toBe(true);
    const get = messagesOf(engine, results[1]!).find((m) =>
      m.operation.startsWith('GET /v1.50/networks'),
    )!;
    expect((get.request as { query: unknown }).query).toEqual({
      filters: '{"driver":{"bridge":true}}',
    });
  });

  it('inspect of a missing network prints [] and the daemon error, exit 1 (as the real CLI)', () => {
    const { results } = session(['docker network inspect nosuch']);
    expect(results[0]!.stdout).toBe('[]\n');
    expect(results[0]!.stderr).toBe('Error response from daemon: network nosuch not found\n');
    expect(results[0]!.exitCode).toBe(1);
  });

  it('rm reads the network first, refuses predefined and in-use networks, and says exit status 1', () => {
    const { engine, results } = session([
      'docker network create appnet',
      'docker run -d --name web --network appnet nginx',
      'docker network rm bridge',
      'docker network rm appnet',
      'docker rm -f web',
      'docker network rm appnet',
    ]);
    expect(results[2]!.stderr).toBe(
      'Error response from daemon: bridge is a pre-defined network and cannot be removed\nexit status 1\n',
    );
    expect(results[3]!.stderr).toMatch(
      /^Error response from daemon: error while removing network: network appnet has active endpoints \(name:"web" id:"[0-9a-f]{12}"\)\nexit status 1\n$/,
    );
    expect(clientExchange(engine, results[5]!)).toEqual([
      '→ HEAD /_ping',
      '← 200',
      '→ GET /v1.50/networks/appnet',
      '← 200',
      '→ DELETE /v1.50/networks/appnet',
      '← 204',
    ]);
    expect(results[5]!.stdout).toBe('appnet\n');
    const kernel = messagesOf(engine, results[5]!).filter(
      (m) => m.to === 'kernel' && m.kind === 'request',
    );
    expect(kernel.map((m) => m.op)).toEqual([
      'kernel.iptables.network.delete',
      'kernel.bridge.delete',
    ]);
  });

  it('prune removes networks without endpoints (a stopped container holds none)', () => {
    const { results } = session([
      'docker network create used',
      'docker network create idle',
      'docker network create stopped',
      'docker run -d --name web --network used nginx',
      'docker create --name c --network stopped alpine',
      'docker network prune -f',
    ]);
    expect(results[5]!.stdout).toBe('Deleted Networks:\nidle\nstopped\n\n');
  });
});

describe('containers on networks', () => {
  const { engine, results } = session([
    'docker network create appnet',
    'docker run -d --name web --network appnet --network-alias www nginx',
    'docker run -d --name db --network appnet redis',
    'docker run -d --name plain nginx',
  ]);
  const state = contextOf<DockerdState>(engine.host.dockerd);
  const byName = (n: string) => Object.values(state.containers).find((c) => c.name === n)!;

  it('each container gets the next address of its network’s subnet; the default bridge its own', () => {
    expect(byName('web').endpoints!.appnet!.ip).toBe('172.18.0.2');
    expect(byName('db').endpoints!.appnet!.ip).toBe('172.18.0.3');
    expect(byName('plain').endpoints!.bridge!.ip).toBe('172.17.0.2');
    const veth = messagesOf(engine, results[1]!).find((m) => m.op === 'kernel.netlink.add')!;
    expect(veth.request).toMatchObject({ kind: 'veth', address: '172.18.0.2/16', ifname: 'eth0' });
    expect((veth.request as { master: string }).master).toMatch(/^br-[0-9a-f]{12}$/);
  });

  it('inspect shows NetworkSettings.Networks with the address, gateway, aliases and DNS names', () => {
    const got = callDaemon(engine, 'local', 'GET', '/v1.50/containers/web/json');
    const nets = (
      got.body as { NetworkSettings: { Networks: Record<string, Record<string, unknown>> } }
    ).NetworkSettings.Networks;
    expect(Object.keys(nets)).toEqual(['appnet']);
    const web = byName('web');
    expect(nets.appnet).toMatchObject({
      Aliases: ['www'],
      IPAddress: '172.18.0.2',
      IPPrefixLen: 16,
      Gateway: '172.18.0.1',
      DNSNames: ['web', 'www', web.id.slice(0, 12)],
    });
    expect(nets.appnet!.NetworkID).toMatch(/^[0-9a-f]{64}$/);
    expect(nets.appnet!.EndpointID).toMatch(/^[0-9a-f]{64}$/);
  });

  it('resolv.conf names the embedded DNS server on a user network, the host’s resolver on the default bridge', () => {
    const { results } = session([
      'docker network create appnet',
      'docker run --rm --network appnet busybox cat /etc/resolv.conf',
      'docker run --rm busybox cat /etc/resolv.conf',
    ]);
    expect(results[1]!.stdout).toContain('nameserver 127.0.0.11\noptions ndots:0\n');
    expect(results[1]!.stdout).toContain('(internal resolver)\n# ExtServers: [host(192.168.1.1)]');
    expect(results[2]!.stdout).toContain('nameserver 192.168.1.1\n');
  });

  it('a container finds another by name and alias through dockerd’s embedded DNS, and the packet crosses the bridge', () => {
    const { engine, results } = session([
      'docker network create appnet',
      'docker run -d --name web --network appnet --network-alias www nginx',
      'docker run --rm --network appnet busybox ping -c 1 www',
    ]);
    const ping = results[2]!;
    expect(ping.stdout).toMatch(
      /^PING www \(172\.18\.0\.2\): 56 data bytes\n64 bytes from 172\.18\.0\.2: seq=0 ttl=64/,
    );
    const msgs = engine.trace.filter((m) => m.op === 'dockerd.dns.query');
    expect(msgs.map((m) => [m.kind, m.to === 'dockerd' || m.from === 'dockerd'])).toEqual([
      ['request', true],
      ['response', true],
    ]);
    expect(msgs[1]!.status).toBe('NOERROR');
    const packets = engine.trace.filter(
      (m) => m.protocol === 'packet' && m.op !== 'dockerd.dns.query',
    );
    expect(
      packets.map(
        (m) =>
          `${m.from.replace(/-[0-9a-f]{12}$/, '')} → ${m.to.replace(/-[0-9a-f]{12}$/, '')}: ${m.operation}`,
      ),
    ).toEqual([
      'container → kernel: ICMP echo request 172.18.0.3 → 172.18.0.2',
      'kernel → container: ICMP echo request 172.18.0.3 → 172.18.0.2',
      'container → kernel: ICMP echo reply 172.18.0.2 → 172.18.0.3',
      'kernel → container: ICMP echo reply 172.18.0.2 → 172.18.0.3',
    ]);
  });

  it('on the default bridge names do not resolve: BusyBox’s own failure', () => {
    const { results } = session([
      'docker run -d --name web nginx',
      'docker run --rm busybox ping -c 1 web',
    ]);
    expect(results[1]!.stderr.endsWith("ping: bad address 'web'\n")).toBe(true);
    expect(results[1]!.exitCode).toBe(1);
  });

  it('wget fetches nginx’s real default page from another container by name', () => {
    const { results } = session([
      'docker network create appnet',
      'docker run -d --name web --network appnet nginx',
      'docker run --rm --network appnet busybox wget -qO- http://web',
    ]);
    expect(results[2]!.stdout).toContain('<title>Welcome to nginx!</title>');
    expect(results[2]!.stdout.length).toBe(615);
  });

  it('traffic between two networks is dropped (DOCKER-ISOLATION)', () => {
    const { results } = session([
      'docker network create a',
      'docker run -d --name web --network a nginx',
      'docker run --rm busybox ping -c 1 172.18.0.2',
    ]);
    expect(results[2]!.stdout).toContain(
      '1 packets transmitted, 0 packets received, 100% packet loss',
    );
    expect(results[2]!.exitCode).toBe(1);
  });

  it('curl localhost:8080 on the host goes through docker-proxy to the container', () => {
    const { engine, results } = session([
      'docker run -d -p 8080:80 --name web nginx',
      'curl localhost:8080',
    ]);
    expect(results[1]!.stdout).toContain('<h1>Welcome to nginx!</h1>');
    const hop = engine.trace.find((m) => m.op === 'kernel.packet.dnat')!;
    expect(hop.operation).toMatch(
      /^TCP 127\.0\.0\.1:8080 → docker-proxy \(PID \d+\) → 172\.17\.0\.2:80$/,
    );
  });
});

describe('connect and disconnect a running container', () => {
  it('connect adds eth1 on the second network and its hosts line; disconnect removes both', () => {
    const { results } = session([
      'docker network create appnet',
      'docker run -d --name box alpine sleep 600',
      'docker network connect appnet box',
      'docker run --rm --network appnet busybox ping -c 1 box',
      'docker network disconnect appnet box',
      'docker run --rm --network appnet busybox ping -c 1 box',
    ]);
    expect(results[3]!.stdout).toContain('64 bytes from 172.18.0.2');
    expect(results[5]!.stderr.endsWith("ping: bad address 'box'\n")).toBe(true);
  });

  it('the hosts file follows the endpoints', () => {
    const { engine, results } = session([
      'docker network create appnet',
      'docker run -d --name box alpine sleep 600',
      'docker network connect appnet box',
      'docker network disconnect appnet box',
    ]);
    const ops = messagesOf(engine, results[3]!)
      .filter((m) => m.from === 'dockerd' && m.to === 'kernel' && m.kind === 'request')
      .map((m) => m.op);
    expect(ops).toEqual(['kernel.netlink.delete', 'kernel.files.unhosts']);
    const c = Object.values(contextOf<DockerdState>(engine.host.dockerd).containers)[0]!;
    const hosts = String(engine.host.files.read(`/var/lib/docker/containers/${c.id}/hosts`));
    expect(hosts).toContain('172.17.0.2\t');
    expect(hosts).not.toContain('172.18.0.2');
  });
});

describe('run flags and their errors (the real CLI’s, captured)', () => {
  it('--network-alias on the default bridge is the CLI’s own error', () => {
    const { results } = session(['docker run --network-alias x nginx']);
    expect(results[0]!.stderr).toBe(
      "docker: network-scoped aliases are only supported for user-defined networks\n\nRun 'docker run --help' for more information\n",
    );
    expect(results[0]!.exitCode).toBe(125);
  });

  it('--expose abc', () => {
    const { results } = session(['docker create --expose abc nginx']);
    expect(results[0]!.stderr).toBe(
      'docker: invalid range format for --expose: abc, error: strconv.ParseUint: parsing "abc": invalid syntax\n\nRun \'docker create --help\' for more information\n',
    );
  });

  it('the create body carries NetworkMode, the endpoint config and Hostname as CLI 28.2.2 sends them', () => {
    const { engine, results } = session([
      'docker network create appnet',
      'docker create --network appnet --network-alias db --ip 172.18.0.5 -h h -P --expose 90 nginx',
    ]);
    const post = messagesOf(engine, results[1]!).find((m) =>
      m.operation.startsWith('POST /v1.50/containers/create'),
    )!;
    const body = (post.request as { body: Record<string, unknown> }).body as {
      Hostname: string;
      ExposedPorts: unknown;
      HostConfig: { NetworkMode: string; PublishAllPorts: boolean };
      NetworkingConfig: unknown;
    };
    expect(body.Hostname).toBe('h');
    expect(body.ExposedPorts).toEqual({ '90/tcp': {} });
    expect(body.HostConfig.NetworkMode).toBe('appnet');
    expect(body.HostConfig.PublishAllPorts).toBe(true);
    expect(JSON.stringify(body.NetworkingConfig)).toBe(
      '{"EndpointsConfig":{"appnet":{"IPAMConfig":{"IPv4Address":"172.18.0.5"},"Links":null,"Aliases":["db"],"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}',
    );
  });

  it('--ip needs a user network with a user subnet (moby’s validation at create)', () => {
    const { results } = session([
      'docker run --ip 172.17.0.9 nginx',
      'docker network create appnet',
      'docker run --network appnet --ip 172.18.0.9 nginx',
    ]);
    expect(
      results[0]!.stderr.endsWith(
        "docker: Error response from daemon: invalid config for network default: invalid endpoint settings:\nuser specified IP address is supported on user defined networks only\n\nRun 'docker run --help' for more information\n",
      ),
    ).toBe(true);
    expect(results[2]!.stderr).toContain(
      'user specified IP address is supported only when connecting to networks with user configured subnets',
    );
  });

  it('a missing network fails the start after create, and leaves no endpoint or interface', () => {
    const { engine, results } = session(['docker run -d --name lost --network nosuch nginx']);
    expect(results[0]!.stderr).toContain(
      'docker: Error response from daemon: failed to set up container networking: network nosuch not found\n',
    );
    const k = contextOf<KernelState>(engine.host.kernel);
    expect(Object.values(k.netdevs).filter((d) => d.kind === 'veth')).toEqual([]);
  });

  it('a start that fails on a taken port releases the address it was planned, for the next one', () => {
    const { engine } = session([
      'docker network create appnet',
      'docker run -d -p 8080:80 --name first --network appnet nginx',
      'docker run -d -p 8080:80 --name second --network appnet nginx',
      'docker run -d --name third --network appnet nginx',
    ]);
    const state = contextOf<DockerdState>(engine.host.dockerd);
    const ep = (n: string) =>
      Object.values(state.containers).find((c) => c.name === n)!.endpoints!.appnet!;
    expect(ep('second').ip).toBe('');
    expect(ep('second').endpointId).toBe('');
    expect(ep('third').ip).toBe('172.18.0.3');
  });

  it('--network host: no veth, and the daemon’s warning about published ports', () => {
    const { engine, results } = session(['docker run -d --network host -p 80:80 nginx']);
    expect(results[0]!.stderr).toContain(
      'WARNING: Published ports are discarded when using host network mode\n',
    );
    expect(messagesOf(engine, results[0]!).some((m) => m.op === 'kernel.netlink.add')).toBe(false);
  });
});

/**
 * BusyBox 1.36's nc (networking/nc_bloaty.c) and wget (networking/wget.c):
 * their lines and exit codes, read in the sources.
 */
describe('BusyBox nc: a listener another container reaches by name', () => {
  const { engine, results } = session([
    'docker network create appnet',
    'docker run -d --name srv --network appnet busybox nc -l -p 1234',
    'docker run --rm --network appnet busybox sh -c "echo hello | nc srv 1234"', // 2
    'docker logs srv',
    "docker ps -a --filter name=srv --format '{{.Status}}'",
    'docker run --rm --network appnet busybox nc -vv srv 1234', // 5: it has exited
    'docker run -d --name keep --network appnet busybox nc -lk -v -p 1234', // 6
    'docker run --rm --network appnet busybox sh -c "echo one | nc -v keep 1234"', // 7
    'docker run --rm --network appnet busybox sh -c "echo two | nc keep 1234"',
    'docker run --rm --network appnet busybox nc -zv keep 1234', // 9
    'docker run --rm --network appnet busybox nc -z keep 4321', // 10
    'docker run --rm --network appnet busybox nc -zvv keep 4321', // 11
    'docker stop keep', // 12
    'docker logs keep',
    "docker ps -a --filter name=keep --format '{{.Status}}'",
    'docker run --rm --network appnet busybox nc keep abc', // 15
    'docker run --rm --network appnet busybox nc -u keep 1', // 16
  ]);
  const r = (i: number) => results[i]!;

  it('a client’s stdin is the listener’s output; both exit 0 once both ends closed', () => {
    expect(r(2)).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
    expect(r(3).stdout).toBe('hello\n');
    // -l without -k: one connection, then nc returns readwrite()'s 0.
    expect(r(4).stdout).toMatch(/^Exited \(0\) /);
  });

  it('the packets cross the bridge: SYN, then the data', () => {
    const packets = engine.trace
      .filter((m) => m.op === 'kernel.packet.forward' && m.operation.startsWith('TCP'))
      .map((m) => m.operation);
    expect(packets.slice(0, 4)).toEqual([
      'TCP SYN to port 1234 172.18.0.3 → 172.18.0.2',
      'TCP SYN-ACK 172.18.0.2 → 172.18.0.3',
      'TCP data (6 bytes) to port 1234 172.18.0.3 → 172.18.0.2',
      'TCP ACK 172.18.0.2 → 172.18.0.3',
    ]);
  });

  it('-k keeps listening; -v says open and listening on [::]', () => {
    expect(r(7)).toMatchObject({ stderr: 'keep (172.18.0.2:1234) open\n', exitCode: 0 });
    expect(r(9)).toMatchObject({ stderr: 'keep (172.18.0.2:1234) open\n', exitCode: 0 });
    expect(r(13).stdout).toBe('one\ntwo\n');
    expect(r(13).stderr).toBe('listening on [::]:1234 ...\npunt!\n');
  });

  it('a refused port is silent below -vv; -vv names it and counts', () => {
    expect(r(10)).toMatchObject({ stdout: '', stderr: '', exitCode: 1 });
    expect(r(11)).toMatchObject({
      stderr: 'nc: keep (172.18.0.2:4321): Connection refused\nsent 0, rcvd 0\n',
      exitCode: 1,
    });
    // The first listener is gone, and so is its name.
    expect(r(5)).toMatchObject({ stderr: "nc: bad address 'srv'\n", exitCode: 1 });
  });

  it('docker stop: nc catches SIGTERM, says punt!, and as PID 1 exits 128 + 15', () => {
    expect(r(12).exitCode).toBe(0);
    expect(r(14).stdout).toMatch(/^Exited \(143\) /);
  });

  it('bb_lookup_port’s error, and what DockScope does not simulate', () => {
    expect(r(15)).toMatchObject({ stderr: "nc: bad port 'abc'\n", exitCode: 1 });
    expect(r(16).stderr).toMatch(/^DockScope simulates nc .* not -u\n$/);
  });
});

describe('BusyBox wget: its lines and exit codes', () => {
  const { results } = session([
    'docker network create appnet',
    'docker run -d --name web --network appnet nginx',
    'docker run -d --name box --network appnet busybox sleep 1000',
    'docker exec box wget web', // 3
    'docker exec box wget web', // 4: index.html is there now
    'docker exec box wget -q -O /tmp/p -T 5 web', // 5
    'docker exec box wget --spider web', // 6
    'docker exec box wget http://web/nope', // 7
    'docker exec box wget -s web', // 8
    'docker exec box wget http://web:81/', // 9
  ]);
  const r = (i: number) => results[i]!;

  it('saves index.html, then refuses to overwrite it (O_EXCL)', () => {
    expect(r(3)).toMatchObject({
      stderr:
        "Connecting to web (172.18.0.2:80)\nsaving to 'index.html'\nindex.html           100% |********************************|   615  0:00:00 ETA\n'index.html' saved\n",
      exitCode: 0,
    });
    expect(r(4)).toMatchObject({
      stderr: "Connecting to web (172.18.0.2:80)\nwget: can't open 'index.html': File exists\n",
      exitCode: 1,
    });
    expect(r(5)).toMatchObject({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('--spider only checks; a 404 and a refused port are errors', () => {
    expect(r(6)).toMatchObject({
      stderr: 'Connecting to web (172.18.0.2:80)\nremote file exists\n',
      exitCode: 0,
    });
    expect(r(7)).toMatchObject({
      stderr:
        'Connecting to web (172.18.0.2:80)\nwget: server returned error: HTTP/1.1 404 Not Found\n',
      exitCode: 1,
    });
    expect(r(9)).toMatchObject({
      stderr:
        "Connecting to web (172.18.0.2:81)\nwget: can't connect to remote host (172.18.0.2): Connection refused\n",
      exitCode: 1,
    });
  });

  it('an option it does not have is getopt’s error', () => {
    expect(r(8).stderr.startsWith("wget: invalid option -- 's'\n")).toBe(true);
    expect(r(8).exitCode).toBe(1);
  });
});

describe('addresses after removals', () => {
  // libnetwork hands out the lowest free address: the search dockerd remembers between
  // runs must find an address freed below where the last search ended.
  it('a new container gets the lowest free address, whatever was removed before', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant('run'), fc.nat({ max: 9 })), { minLength: 1, maxLength: 14 }),
        (steps) => {
          const { engine } = session(['docker pull alpine']);
          const live: string[] = [];
          let n = 0;
          for (const step of steps) {
            engine.advance(10);
            if (step === 'run' || live.length === 0) {
              const name = `c${++n}x`;
              expect(engine.run(`docker run -d --name ${name} alpine sleep 1000`).exitCode).toBe(0);
              const ip = engine.run(
                `docker inspect -f '{{.NetworkSettings.IPAddress}}' ${name}`,
              ).stdout;
              const held = new Set(
                live.map(
                  (c) =>
                    engine.run(`docker inspect -f '{{.NetworkSettings.IPAddress}}' ${c}`).stdout,
                ),
              );
              let want = 2;
              while (held.has(`172.17.0.${want}\n`)) want++;
              expect(ip).toBe(`172.17.0.${want}\n`);
              live.push(name);
            } else {
              const [gone] = live.splice(step % live.length, 1);
              expect(engine.run(`docker rm -f ${gone}`).exitCode).toBe(0);
            }
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
