// The page served by `npm run daemon` shows every host: its updates carry each Docker host's
// objects and history (issue 11), and the page's RemoteHost keeps one history per host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RemoteHost } from '../../src/ui/remoteHost';
import { type Daemon, startDaemon } from './server';
import { request } from './testHttp';

let daemon: Daemon;
let port: (name: string) => number;
beforeAll(async () => {
  daemon = await startDaemon({ port: 0, seed: 1, quiet: true });
  port = (name) => daemon.hosts.find((h) => h.name === name)!.port!;
});
afterAll(() => daemon.close());

const api = (name: string, method: string, path: string, body?: unknown) =>
  request(
    { port: port(name) },
    method,
    path,
    body === undefined ? undefined : JSON.stringify(body),
    {
      'Content-Type': 'application/json',
    },
  );

interface Update {
  messages: Array<{ seq: number; toHost: string }>;
  view: { view: { containers: Array<{ name: string }> } };
  changes: { from: number; list: unknown[] };
  hosts: Record<
    string,
    { view: { containers: Array<{ name: string }> }; changes: { from: number; list: unknown[] } }
  >;
}

/** What the page asks for: POST /_dockscope/trace on the learner's own port. */
async function trace(body: Record<string, unknown> = {}): Promise<Update> {
  const local = port('local');
  const r = await request({ port: local }, 'POST', '/_dockscope/trace', JSON.stringify(body), {
    'Content-Type': 'application/json',
    Host: `127.0.0.1:${local}`,
  });
  expect(r.status).toBe(200);
  return JSON.parse(r.text) as Update;
}

describe("the live view carries every host's objects", () => {
  it("node-2's container is in node-2's view and history, not the learner's", async () => {
    await api(
      'node-2',
      'POST',
      '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=latest',
    );
    expect(
      (
        await api('node-2', 'POST', '/v1.50/containers/create?name=web', {
          Image: 'alpine',
          Cmd: ['sleep', '60'],
        })
      ).status,
    ).toBe(201);
    const all = await trace();
    expect(all.view.view.containers).toEqual([]);
    expect(all.hosts['node-2']!.view.containers.map((c) => c.name)).toEqual(['web']);
    expect(all.hosts['node-3']!.view.containers).toEqual([]);
    expect(all.hosts['node-2']!.changes.list.length).toBeGreaterThan(0);
    expect(all.messages.some((m) => m.toHost === 'node-2')).toBe(true);
    // A page that has node-2's changes up to n gets only the later ones.
    const n = all.hosts['node-2']!.changes.list.length;
    const later = await trace({
      since: all.messages.at(-1)!.seq,
      hostChangesSince: { 'node-2': n },
    });
    expect(later.hosts['node-2']!.changes).toEqual({ from: n, list: [] });
    // Nonsense from the page is read as "from the start", never an error.
    const odd = await trace({ hostChangesSince: { 'node-2': 'x', nosuch: 3 }, changesSince: -4 });
    expect(odd.hosts['node-2']!.changes.from).toBe(0);
  });

  it("the page's RemoteHost rewinds each host from its own history", async () => {
    const hello = await trace();
    // The page's browser APIs, played by the test: the hello arrives over "Server-Sent Events".
    await withPage(JSON.stringify(hello), (remote) => {
      expect(remote.dockerHosts()).toEqual(['local', 'node-2', 'node-3']);
      expect(remote.view('node-2').containers.map((c) => c.name)).toEqual(['web']);
      expect(remote.view().containers).toEqual([]);
      const last = remote.trace.length;
      expect(remote.hostAt(last, 'node-2').containers.map((c) => c.name)).toEqual(['web']);
      expect(remote.hostAt(0, 'node-2').containers).toEqual([]);
      expect(remote.hostAt(last, 'node-3').containers).toEqual([]);
      expect(remote.hostAt(last, 'nosuch').containers).toEqual([]);
    });
  });
});

describe('memory stays bounded however many hosts are driven', () => {
  let small: Daemon;
  beforeAll(async () => {
    small = await startDaemon({ port: 0, seed: 1, quiet: true, keepMessages: 1000 });
  });
  afterAll(() => small.close());

  it('one trace limit for the world; a late page rewinds node-2 exactly over what it got', async () => {
    const node2 = { port: small.hosts[1]!.port };
    const json = { 'Content-Type': 'application/json' };
    await request(
      node2,
      'POST',
      '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=latest',
    );
    for (let i = 0; i < 60; i++) {
      const body = JSON.stringify({ Image: 'alpine', Cmd: ['true'] });
      await request(node2, 'POST', `/v1.50/containers/create?name=r${i}`, body, json);
      await request(node2, 'POST', `/v1.50/containers/r${i}/start`);
      if (i % 3 === 0) await request(node2, 'DELETE', `/v1.50/containers/r${i}?force=1`);
    }
    const e = small.engine;
    expect(e.firstSeq).toBeGreaterThan(1);
    expect(e.trace.length).toBeLessThanOrEqual(1100);
    // node-2's history dropped what no kept message needs.
    expect(e.hostNamed('node-2')!.history.first).toBeGreaterThan(0);

    const local = small.port!;
    const r = await request({ port: local }, 'POST', '/_dockscope/trace', '{}', {
      ...json,
      Host: `127.0.0.1:${local}`,
    });
    const hello = JSON.parse(r.text) as {
      firstSeq: number;
      hosts: Record<string, { changes: { start?: unknown } }>;
    };
    expect(hello.hosts['node-2']!.changes.start).toBeDefined();

    await withPage(r.text, (remote) => {
      const base = hello.firstSeq - 1;
      expect(remote.dropped).toBe(base);
      for (let seq = 1; seq <= remote.trace.length; seq += 7)
        expect(remote.hostAt(seq, 'node-2'), `page seq ${seq}`).toEqual(
          e.hostAt(seq + base, 'node-2'),
        );
      // The server's clock runs on in real time after the hello (a container's `true` may
      // exit meanwhile): the page's view is the server's as of the hello's last message.
      expect(remote.view('node-2').containers).toEqual(
        e.hostAt(base + remote.trace.length, 'node-2').containers,
      );
    });
  }, 30_000);
});

/**
 * The page's RemoteHost connected to a daemon whose hello is `hello`: the browser's
 * EventSource is played by the test, and put back afterwards.
 */
async function withPage(hello: string, check: (remote: RemoteHost) => void): Promise<void> {
  const listeners = new Map<string, (e: { data: string }) => void>();
  const g = globalThis as unknown as { EventSource: unknown };
  const saved = g.EventSource;
  g.EventSource = class {
    addEventListener(type: string, f: (e: { data: string }) => void) {
      listeners.set(type, f);
    }
  };
  try {
    const remote = new RemoteHost(() => undefined);
    const connected = remote.connect();
    listeners.get('hello')!({ data: hello });
    await connected;
    check(remote);
  } finally {
    g.EventSource = saved;
  }
}
