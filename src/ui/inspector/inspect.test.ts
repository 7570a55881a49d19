import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../../sim/engine';
import { inspect, pretty, shellJoin, splitRpc } from './inspect';

function trace(lines: string[]): readonly Message[] {
  const engine = new Engine({ seed: 1 });
  for (const l of lines) {
    engine.run(l);
    engine.advance(1000);
  }
  return engine.trace;
}

const find = (t: readonly Message[], f: (m: Message) => boolean): Message => {
  const m = t.find(f);
  if (!m) throw new Error('message not in trace');
  return m;
};

const section = (v: ReturnType<typeof inspect>, id: string) => v.sections.find((s) => s.id === id);
const field = (v: ReturnType<typeof inspect>, id: string, name: string) =>
  section(v, id)?.fields?.find((f) => f.name === name)?.value;

describe('inspector view', () => {
  const t = trace(['docker run -d -p 8080:80 --name web nginx', 'docker stop web']);

  it('shows the SIGCHLD event’s signal, the wait4 that reaps it, pid and status; never `undefined`', () => {
    const sigchld = find(t, (m) => m.operation.startsWith('SIGCHLD'));
    const v = inspect(sigchld, t);
    const args = section(v, 'args')!;
    expect(args.title).toBe('Event');
    expect(args.fields!.some((f) => String(f.value).includes('undefined'))).toBe(false);
    expect(JSON.stringify(v)).toContain('wait4');
    expect(field(v, 'args', 'pid')).toBe(String((sigchld.request as { pid: number }).pid));
  });

  it('shows an Engine API request with its query, headers and JSON body, paired with its answer', () => {
    const create = find(
      t,
      (m) => m.kind === 'request' && m.operation === 'POST /v1.50/containers/create?name=web',
    );
    const v = inspect(create, t);
    expect(v.headline).toBe('POST /v1.50/containers/create?name=web');
    expect(field(v, 'query', 'name')).toBe('web');
    expect(field(v, 'headers', 'Content-Type')).toBe('application/json');
    expect(section(v, 'body')!.code).toContain('"PortBindings"');
    expect(v.pair?.label).toBe('response');
    const answer = inspect(t[v.pair!.seq - 1]!, t);
    expect(answer.statusText).toBe('404 Not Found');
    expect(answer.pair).toEqual({ seq: create.seq, label: 'request' });
  });

  it('shows the ping answer’s Api-Version header and the registry’s challenge and digest', () => {
    const ping = inspect(
      find(t, (m) => m.kind === 'response' && m.operation === 'HEAD /_ping'),
      t,
    );
    expect(field(ping, 'headers', 'Api-Version')).toBe('1.50');
    const challenge = inspect(
      find(t, (m) => m.from === 'registry' && m.status === 401),
      t,
    );
    expect(challenge.statusText).toBe('401 Unauthorized');
    expect(field(challenge, 'headers', 'Www-Authenticate')).toMatch(
      /^Bearer realm="https:\/\/auth\.docker\.io\/token",service="registry\.docker\.io",scope="repository:library\/nginx:pull"/,
    );
    const head = inspect(
      find(t, (m) => m.from === 'registry' && m.status === 200 && m.operation.startsWith('HEAD')),
      t,
    );
    expect(field(head, 'headers', 'Docker-Content-Digest')).toMatch(/^sha256:[0-9a-f]{64}$/);
    const index = inspect(
      find(
        t,
        (m) =>
          m.from === 'registry' &&
          m.status === 200 &&
          m.operation.startsWith('GET') &&
          m.operation.includes('manifests'),
      ),
      t,
    );
    expect(section(index, 'body')!.code).toContain(
      '\n  "mediaType": "application/vnd.oci.image.index.v1+json"',
    );
  });

  it('shows a gRPC call as service, method and fields, and the OCI spec highlights of Containers.Create', () => {
    const v = inspect(
      find(t, (m) => m.kind === 'request' && m.operation.endsWith('Containers/Create')),
      t,
    );
    expect(field(v, 'call', 'service')).toBe('containerd.services.containers.v1.Containers');
    expect(field(v, 'call', 'method')).toBe('Create');
    expect(field(v, 'oci', 'namespaces')).toBe('mount, network, uts, pid, ipc, cgroup');
  });

  it('shows runc create’s argv and the bundle config.json it reads', () => {
    const v = inspect(
      find(t, (m) => m.kind === 'request' && m.operation === 'runc create'),
      t,
    );
    expect(section(v, 'argv')!.code).toMatch(
      /^runc --root \/var\/run\/docker\/runtime-runc\/moby .* create --bundle \/run\/containerd\//,
    );
    expect(field(v, 'oci', 'namespaces')).toContain('pid');
    expect(field(v, 'oci', 'capabilities (14)')).toContain('CAP_NET_BIND_SERVICE');
    expect(field(v, 'oci', 'seccomp')).toMatch(
      /^defaultAction SCMP_ACT_ERRNO; this spec lists \d+ allowed syscalls, an abridged sample: Docker’s default profile allows 363 on every architecture without extra capabilities \(socket and personality only for some arguments\)/,
    );
    expect(field(v, 'oci', 'seccomp')).not.toMatch(/, \d+ syscalls allowed$/);
    expect(section(v, 'oci')!.source).toMatch(/Containers\.Create \(#\d+\)/);
  });

  it('shows syscalls with their flags and arguments, and nothing the message does not carry', () => {
    const clone = inspect(
      find(t, (m) => m.kind === 'request' && m.operation.startsWith('clone(')),
      t,
    );
    expect(section(clone, 'flags')!.code).toBe(
      'CLONE_NEWNS|CLONE_NEWNET|CLONE_NEWUTS|CLONE_NEWPID|CLONE_NEWIPC|CLONE_NEWCGROUP',
    );
    const execve = inspect(
      find(t, (m) => m.kind === 'request' && m.operation.startsWith('execve(')),
      t,
    );
    expect(field(execve, 'args', 'argv')).toContain('/docker-entrypoint.sh');
    const pivot = inspect(
      find(t, (m) => m.kind === 'request' && m.operation.startsWith('pivot_root')),
      t,
    );
    expect(pivot.sections).toEqual([]);
    const kill = inspect(
      find(t, (m) => m.kind === 'response' && m.operation.startsWith('kill(')),
      t,
    );
    expect(kill.statusText).toBe('returned 0');
  });

  it('helpers survive odd input', () => {
    expect(pretty('{not json')).toBe('{not json');
    expect(pretty({ a: 1 })).toBe('{\n  "a": 1\n}');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(pretty(loop)).toBe('[object Object]');
    expect(shellJoin(['nginx', '-g', 'daemon off;'])).toBe("nginx -g 'daemon off;'");
    expect(splitRpc('x')).toEqual({ service: 'x', method: '' });
  });
});

describe('credentials npm run daemon redacted', () => {
  it('shows that the header and the password were there, redacted, and why', () => {
    const login: Message = {
      seq: 1,
      time: 0,
      from: 'client',
      fromHost: 'local',
      to: 'dockerd',
      toHost: 'local',
      protocol: 'http',
      kind: 'request',
      operation: 'POST /v1.50/auth',
      op: 'engine.system.auth',
      request: {
        method: 'POST',
        path: '/v1.50/auth',
        query: {},
        headers: {
          'x-registry-auth': '[redacted by DockScope: 120 bytes]',
          'user-agent': 'Docker-Client/28.2.2 (linux)',
        },
        body: { username: 'learner', password: '[redacted by DockScope: 9 bytes]' },
      },
      summary: 'the real docker CLI sends POST /v1.50/auth',
    };
    const v = inspect(login, [login]);
    expect(field(v, 'headers', 'x-registry-auth')).toMatch(
      /^\[redacted by DockScope: 120 bytes\]: The registry login: base64url JSON of a username and password .*npm run daemon replaced it before recording anything/,
    );
    expect(field(v, 'headers', 'user-agent')).toBe('Docker-Client/28.2.2 (linux)');
    expect(field(v, 'redacted', 'password')).toMatch(
      /^\[redacted by DockScope: 9 bytes\]: The registry password `docker login` sends to dockerd to check\. npm run daemon replaced it/,
    );
  });
});
