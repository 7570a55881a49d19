// `npm run daemon` serves every Docker host of the world, each on its own listener, and the
// real docker CLI drives them with -H, DOCKER_HOST and contexts (issue 11). Every listener
// keeps issue 10's protections; the page on the learner's port shows every host's messages.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBanner } from './banner';
import { type Daemon, socketFor, startDaemon } from './server';
import { openEvents, request, secretForms, until } from './testHttp';

/** Why the real CLI cannot be used here, or undefined when docker ≥ 28 is on PATH. */
function skipReason(): string | undefined {
  try {
    const version = execFileSync('docker', ['--version'], { encoding: 'utf8', timeout: 10_000 });
    return Number(/version (\d+)\./.exec(version)?.[1] ?? 0) >= 28
      ? undefined
      : `docker --version says ${version.trim()}`;
  } catch {
    return 'no docker CLI on PATH';
  }
}
const skip = skipReason();
if (skip) console.log(`real-CLI tests skipped: ${skip}`);

const config = mkdtempSync(join(tmpdir(), 'dockscope-cli-'));
afterAll(() => rmSync(config, { recursive: true, force: true }));

/** Run the real CLI (asynchronously: the daemon answers it from this same process). */
function docker(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'docker',
      args,
      {
        // Nothing from the machine's own setup: no DOCKER_HOST, a config dir of our own.
        env: { PATH: process.env.PATH ?? '', HOME: config, DOCKER_CONFIG: config, ...env },
        timeout: 30_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

/** The real CLI with `input` on its stdin (an attached `docker run -i`). */
function dockerWithInput(
  args: string[],
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('docker', args, {
      env: { PATH: process.env.PATH ?? '', HOME: config, DOCKER_CONFIG: config },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

const names = (ps: string) => ps.split('\n').filter(Boolean).sort();

describe('one listener per Docker host', () => {
  let daemon: Daemon;
  beforeAll(async () => {
    daemon = await startDaemon({ port: 0, seed: 1, quiet: true, maxConnections: 4 });
  });
  afterAll(() => daemon.close());

  it('local first (the page), then node-2, node-3 and local’s second dockerd, each on a port of its own', () => {
    expect(daemon.hosts.map((h) => h.name)).toEqual([
      'local',
      'node-2',
      'node-3',
      'dockerd-bootstrap',
    ]);
    expect(daemon.hosts.map((h) => h.second ?? false)).toEqual([false, false, false, true]);
    expect(daemon.hosts[0]!.url).toBe(daemon.url);
    const ports = daemon.hosts.map((h) => h.port);
    expect(new Set(ports).size).toBe(4);
    for (const h of daemon.hosts) expect(h.url).toBe(`tcp://127.0.0.1:${h.port}`);
  });

  it('the banner says which address is which host, with lines to paste', () => {
    const text = startBanner(daemon.hosts);
    for (const h of daemon.hosts) expect(text).toMatch(new RegExp(`^  ${h.name} +${h.url}`, 'm'));
    const [, node2, node3] = daemon.hosts;
    expect(text).toContain(`docker -H ${node2!.url} run -d --name web nginx`);
    expect(text).toContain(`docker context create node-2 --docker host=${node2!.url}`);
    expect(text).toContain(`docker context create node-3 --docker host=${node3!.url}`);
    expect(text).toMatch(/^ {2}dockerd-bootstrap +tcp:\S+ +a second dockerd on your machine/m);
  });

  it('each host answers as its own daemon: its own name and engine ID in /info', async () => {
    const infos = [];
    for (const h of daemon.hosts) {
      const info = await request({ port: h.port }, 'GET', '/v1.50/info');
      expect(info.status).toBe(200);
      infos.push(JSON.parse(info.text) as { Name: string; ID: string });
    }
    // The second dockerd runs on the learner's machine: its host name, its own engine ID.
    expect(infos.slice(1).map((i) => i.Name)).toEqual(['node-2', 'node-3', infos[0]!.Name]);
    expect(new Set(infos.map((i) => i.ID)).size).toBe(4);
  });

  it("only the learner's own port serves the page; another host's answers like dockerd", async () => {
    const [local, node2] = daemon.hosts;
    const page = await request({ port: local!.port }, 'GET', '/_dockscope/hello', undefined, {
      Host: `127.0.0.1:${local!.port}`,
    });
    expect(page.status).toBe(200);
    const other = await request({ port: node2!.port }, 'GET', '/_dockscope/hello', undefined, {
      Host: `127.0.0.1:${node2!.port}`,
    });
    expect(other.status).toBe(404);
    expect(JSON.parse(other.text)).toEqual({ message: 'page not found' });
  });

  it('every listener refuses a web page (Origin), as the learner’s own does', async () => {
    for (const h of daemon.hosts) {
      const r = await request({ port: h.port }, 'POST', '/v1.50/containers/create', '{}', {
        'Content-Type': 'application/json',
        Origin: 'http://evil.example',
      });
      expect(r.status).toBe(403);
      expect(r.text).toContain('DockScope refuses requests a web page at http://evil.example');
    }
  });

  it('every listener caps its open connections (and one full does not block another)', async () => {
    const [, node2, node3] = daemon.hosts;
    const held: net.Socket[] = [];
    for (let i = 0; i < 4; i++) {
      const s = net.connect(node2!.port!, '127.0.0.1');
      s.on('error', () => undefined);
      await new Promise((r) => s.once('connect', r));
      held.push(s);
    }
    const extra = net.connect(node2!.port!, '127.0.0.1');
    const closed = await new Promise<boolean>((resolve) => {
      extra.on('error', () => undefined);
      extra.on('close', () => resolve(true));
      setTimeout(() => resolve(false), 2000);
    });
    expect(closed).toBe(true);
    expect((await request({ port: node3!.port }, 'GET', '/_ping')).text).toBe('OK');
    for (const s of held) s.destroy();
  });
});

describe("credentials sent to another host's port never enter the trace either", () => {
  let daemon: Daemon;
  beforeAll(async () => {
    daemon = await startDaemon({ port: 0, seed: 1, quiet: true });
  });
  afterAll(() => daemon.close());

  it("a logged-in pull on node-2 keeps no form of the password, in the trace or the page's events", async () => {
    const password = 'hunter2<&>"é/+?~secret';
    const events = await openEvents(daemon.port!);
    const auth = Buffer.from(
      JSON.stringify({
        username: 'learner',
        password,
        serveraddress: 'https://index.docker.io/v1/',
      }),
    )
      .toString('base64')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
    const node2 = { port: daemon.hosts[1]!.port };
    const pull = await request(
      node2,
      'POST',
      '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=latest',
      undefined,
      {
        'X-Registry-Auth': auth,
        Authorization: `Basic ${Buffer.from(`learner:${password}`).toString('base64')}`,
      },
    );
    expect(pull.status).toBe(200);
    await until(() => events.text().includes('"toHost":"node-2"'));
    events.close();
    const recorded = JSON.stringify(daemon.engine.trace);
    expect(recorded).toContain('"toHost":"node-2"');
    for (const form of secretForms(password)) {
      expect(recorded).not.toContain(form);
      expect(events.text()).not.toContain(form);
    }
  });
});

describe('every listener lets slow clients go', () => {
  let daemon: Daemon;
  beforeAll(async () => {
    daemon = await startDaemon({
      port: 0,
      seed: 1,
      quiet: true,
      timeouts: { headers: 300, request: 600, keepAlive: 300, upgradeBody: 600 },
    });
  });
  afterAll(() => daemon.close());

  it('headers that never end are cut on node-2 and node-3 too', async () => {
    const cut = (port: number) =>
      new Promise<{ ms: number; text: string }>((resolve) => {
        const t0 = Date.now();
        const s = net.connect(port, '127.0.0.1');
        let text = '';
        s.on('data', (c: Buffer) => (text += c.toString()));
        s.on('error', () => undefined);
        s.on('close', () => resolve({ ms: Date.now() - t0, text }));
        s.write('GET /_ping HTTP/1.1\r\nHost: x\r\n');
      });
    const answers = await Promise.all(daemon.hosts.map((h) => cut(h.port!)));
    for (const a of answers) {
      expect(a.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(a.ms).toBeLessThan(3000);
    }
  });
});

describe.skipIf(!!skip)('the real docker CLI drives several simulated hosts', () => {
  let daemon: Daemon;
  let url: Record<string, string>;
  beforeAll(async () => {
    daemon = await startDaemon({ port: 0, seed: 1, quiet: true });
    url = Object.fromEntries(daemon.hosts.map((h) => [h.name, h.url]));
  });
  afterAll(() => daemon.close());

  it('-H: the same name on two hosts, each host lists only its own containers', async () => {
    const a = await docker(['-H', url['node-2']!, 'run', '-d', '--name', 'web', 'nginx']);
    expect(a.stderr).toContain('Status: Downloaded newer image for nginx:latest');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    const b = await docker(['-H', url['node-3']!, 'run', '-d', '--name', 'web', 'nginx']);
    expect(b.code).toBe(0);
    expect(b.stdout).not.toBe(a.stdout);
    // A name is unique per daemon: node-2's own daemon refuses it a second time.
    const again = await docker(['-H', url['node-2']!, 'run', '-d', '--name', 'web', 'nginx']);
    expect(again.code).toBe(125);
    expect(again.stderr).toContain(
      `Conflict. The container name "/web" is already in use by container "${a.stdout.trim()}"`,
    );
    const db = await docker(['-H', url['node-2']!, 'run', '-d', '--name', 'db', 'nginx']);
    expect(db.code).toBe(0);

    const ps = (u: string) => docker(['-H', u, 'ps', '-a', '--format', '{{.Names}}']);
    expect(names((await ps(url['node-2']!)).stdout)).toEqual(['db', 'web']);
    expect(names((await ps(url['node-3']!)).stdout)).toEqual(['web']);
    expect(names((await ps(url['local']!)).stdout)).toEqual([]);
    // Images are each daemon's own too: local pulled nothing.
    const images = await docker(['-H', url['local']!, 'images', '-q']);
    expect(images.stdout).toBe('');
  });

  it('the second dockerd on local has its own containers: the same name as local’s is fine', async () => {
    const mine = await docker([
      '-H',
      url['local']!,
      'run',
      '-d',
      '--name',
      'solo',
      'alpine',
      'sleep',
      '60',
    ]);
    expect(mine.code).toBe(0);
    const second = await docker([
      '-H',
      url['dockerd-bootstrap']!,
      'run',
      '-d',
      '--name',
      'solo',
      'alpine',
      'sleep',
      '60',
    ]);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toBe(mine.stdout);
    const ps = (u: string) => docker(['-H', u, 'ps', '-a', '--format', '{{.ID}} {{.Names}}']);
    expect((await ps(url['dockerd-bootstrap']!)).stdout).toBe(
      `${second.stdout.slice(0, 12)} solo\n`,
    );
    expect((await ps(url['local']!)).stdout).toBe(`${mine.stdout.slice(0, 12)} solo\n`);
    const info = await docker([
      '-H',
      url['dockerd-bootstrap']!,
      'info',
      '--format',
      '{{.DockerRootDir}} {{.Containerd.Namespaces.Containers}}',
    ]);
    expect(info.stdout).toBe('/var/lib/docker-bootstrap bootstrap\n');
    // Its requests reach dockerd-bootstrap on the learner's machine, and its calls to the
    // machine's containerd carry its namespace.
    const calls = daemon.engine.trace.filter(
      (m) => m.kind === 'request' && m.from === 'dockerd-bootstrap' && m.to === 'containerd',
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const m of calls)
      expect((m.request as { metadata: Record<string, string> }).metadata).toEqual({
        'containerd-namespace': 'bootstrap',
      });
    for (const h of ['dockerd-bootstrap', 'local'])
      await docker(['-H', url[h]!, 'rm', '-f', 'solo']);
  }, 60_000);

  it('DOCKER_HOST and a context reach the same host as -H', async () => {
    const viaEnv = await docker(['ps', '--format', '{{.Names}}'], { DOCKER_HOST: url['node-3']! });
    expect(names(viaEnv.stdout)).toEqual(['web']);
    const created = await docker([
      'context',
      'create',
      'node-2',
      '--docker',
      `host=${url['node-2']}`,
    ]);
    expect(created.code).toBe(0);
    const viaContext = await docker(['--context', 'node-2', 'ps', '--format', '{{.Names}}']);
    expect(names(viaContext.stdout)).toEqual(['db', 'web']);
    const info = await docker(['--context', 'node-2', 'info', '--format', '{{.Name}}']);
    expect(info.stdout.trim()).toBe('node-2');
  });

  it("docker run -i on node-3: what the CLI types reaches node-3's container, its exit code comes back", async () => {
    const r = await dockerWithInput(
      ['-H', url['node-3']!, 'run', '-i', '--rm', 'alpine', 'sh'],
      'echo hi from node-3\nexit 3\n',
    );
    expect({ ...r, stderr: r.stderr.split('\n').slice(-3) }).toMatchObject({
      stdout: 'hi from node-3\n',
    });
    expect(r.code).toBe(3);
    const stdin = daemon.engine.trace.filter((m) => m.operation === 'stdin' && m.from === 'client');
    expect(stdin.length).toBeGreaterThan(0);
    for (const m of stdin) expect(m.toHost).toBe('node-3');
  }, 30_000);

  it('the trace is one world trace: each request from the CLI on local to its host', () => {
    const requests = daemon.engine.trace.filter(
      (m) => m.from === 'client' && m.to === 'dockerd' && m.kind === 'request',
    );
    const created = requests.filter((m) => /\/containers\/create\?name=web$/.test(m.operation));
    expect(created.map((m) => [m.fromHost, m.toHost])).toEqual(
      expect.arrayContaining([
        ['local', 'node-2'],
        ['local', 'node-3'],
      ]),
    );
    // node-2's containerd, shims and runc did the work on node-2.
    expect(
      daemon.engine.trace.some(
        (m) => m.fromHost === 'node-2' && m.to === 'containerd' && m.toHost === 'node-2',
      ),
    ).toBe(true);
  });

  it("the page's event stream carries every host's messages", async () => {
    const port = daemon.port!;
    const events = await openEvents(port);
    try {
      await until(() => events.text().includes('event: hello'));
      const stop = await docker(['-H', url['node-3']!, 'stop', 'web']);
      expect(stop.code).toBe(0);
      await until(
        () =>
          events.text().includes('event: update') &&
          /"toHost":"node-3"/.test(events.text().split('event: update')[1] ?? ''),
      );
      expect(events.text()).toContain('"toHost":"node-2"'); // in the hello: what came before
    } finally {
      events.close();
    }
  });
});

describe.skipIf(!!skip)('on Unix sockets, each host has a socket of its own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-sock-'));
  const path = join(dir, 'dockscope.sock');
  let daemon: Daemon;
  beforeAll(async () => {
    daemon = await startDaemon({ socket: path, seed: 1, quiet: true });
  });
  afterAll(async () => {
    await daemon.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('node-2 listens next to the learner’s socket and the real CLI reaches it', async () => {
    expect(socketFor(path, 'node-2')).toBe(join(dir, 'dockscope-node-2.sock'));
    expect(daemon.hosts.map((h) => h.url)).toEqual([
      `unix://${path}`,
      `unix://${join(dir, 'dockscope-node-2.sock')}`,
      `unix://${join(dir, 'dockscope-node-3.sock')}`,
      `unix://${join(dir, 'dockscope-dockerd-bootstrap.sock')}`,
    ]);
    const info = await docker(['-H', daemon.hosts[1]!.url, 'info', '--format', '{{.Name}}']);
    expect(info.stdout.trim()).toBe('node-2');
  });
});

describe('a port another program holds', () => {
  it('names the host that could not listen, and leaves no listener behind', async () => {
    // A free port P with P+1 free too: take P+1, then ask for P.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const base = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const holder = net.createServer();
    const held = await new Promise<boolean>((resolve) => {
      holder.once('error', () => resolve(false));
      holder.listen(base + 1, '127.0.0.1', () => resolve(true));
    });
    if (!held) return; // someone else took it meanwhile: nothing to show
    try {
      const error = (await startDaemon({ port: base, quiet: true }).catch((e: unknown) => e)) as {
        code?: string;
        machine?: string;
        where?: string;
      };
      expect(error).toMatchObject({
        code: 'EADDRINUSE',
        machine: 'node-2',
        where: `127.0.0.1:${base + 1}`,
      });
      // The learner's listener on P was closed again.
      const again = net.createServer();
      await new Promise<void>((resolve, reject) => {
        again.once('error', reject);
        again.listen(base, '127.0.0.1', () => resolve());
      });
      await new Promise((r) => again.close(r));
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });

  it('refuses a --port with no room for the other hosts above it', async () => {
    await expect(startDaemon({ port: 65534, quiet: true })).rejects.toThrow(
      'no port left for node-3 after 65534 (use a lower --port)',
    );
  });
});
