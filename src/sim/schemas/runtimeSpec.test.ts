/**
 * Every OCI runtime spec dockerd hands containerd (the `spec` of
 * `containerd.services.containers.v1.Containers/Create`, which becomes the
 * bundle's config.json for runc) validates against the runtime-spec schema.
 */
import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../engine';
import { RUNTIME_SPEC_SCHEMA_DRAFT, runtimeSpecErrors } from './runtimeSpec';

const CONTAINERS_CREATE = 'containerd.services.containers.v1.Containers/Create';

/** Containers built from different images and run options, each started at least once. */
const SESSION = [
  'docker run -d -p 8080:80 --name web -e GREETING=hello nginx',
  'docker run hello-world',
  'docker run --rm alpine echo hi',
  'docker run -t alpine echo tty',
  'docker run -w /tmp -e A=1 -e B=2 alpine pwd',
  'docker run --entrypoint /bin/echo alpine from-entrypoint',
  'docker run -d --name cache -p 6379:6379 redis',
  'docker create --name made alpine sleep 3600',
  'docker start made',
  'docker restart web',
  'docker stop -t 1 made',
  'docker start made',
  'docker rm -f made',
];

function runSession(): { engine: Engine; creates: Message[] } {
  const engine = new Engine({ seed: 3 });
  for (const [i, line] of SESSION.entries()) {
    if (i > 0) engine.advance(1000);
    const r = engine.run(line);
    if (r.exitCode !== 0)
      throw new Error(`\`${line}\` failed (${String(r.exitCode)}): ${r.stderr}`);
  }
  const creates = engine.trace.filter(
    (m) => m.operation === CONTAINERS_CREATE && m.kind === 'request' && m.to === 'containerd',
  );
  return { engine, creates };
}

const { creates } = runSession();
const specOf = (m: Message): unknown => (m.request as { spec?: unknown }).spec;

describe('OCI runtime specs validate against the runtime-spec config.json schema', () => {
  it('the schemas are draft-04, the draft ajv-draft-04 implements', () => {
    expect(RUNTIME_SPEC_SCHEMA_DRAFT).toBe('http://json-schema.org/draft-04/schema#');
  });

  it('every Containers/Create carries a spec, and every spec validates', () => {
    // one per `docker run`/`docker create`: web, hello-world, 4 × alpine, cache, made
    expect(creates.length).toBeGreaterThanOrEqual(8);
    const problems = creates.flatMap((m) => {
      const spec = specOf(m);
      if (spec === undefined) return [`#${m.seq}: no spec`];
      return runtimeSpecErrors(spec).map((e) => `#${m.seq} ${m.summary}: ${e}`);
    });
    console.log(`validated ${creates.length} OCI runtime specs`);
    expect(problems).toEqual([]);
  });

  it('the specs differ where the run options differ (the session covers tty, env, cwd, entrypoint)', () => {
    const processes = creates.map(
      (m) =>
        (
          specOf(m) as {
            process: { terminal?: boolean; cwd: string; args: string[]; env?: string[] };
          }
        ).process,
    );
    expect(processes.some((p) => p.terminal === true)).toBe(true);
    expect(processes.some((p) => p.cwd === '/tmp')).toBe(true);
    expect(processes.some((p) => p.args[0] === '/bin/echo')).toBe(true);
    expect(processes.some((p) => p.env?.includes('GREETING=hello'))).toBe(true);
  });
});

describe('the runtime spec validator can fail', () => {
  const valid = (): Record<string, Record<string, unknown>> =>
    structuredClone(specOf(creates[0]!)) as Record<string, Record<string, unknown>>;

  it('rejects a spec without its required fields', () => {
    expect(runtimeSpecErrors({})).toEqual(["(spec) must have required property 'ociVersion'"]);
    const spec = valid();
    delete spec.process!.cwd;
    expect(runtimeSpecErrors(spec)).toEqual(["/process must have required property 'cwd'"]);
  });

  it('rejects wrong types and values outside the enums and ranges', () => {
    const spec = valid();
    spec.process!.user = { uid: -1, gid: 0 };
    spec.process!.args = 'nginx -g daemon off;';
    (spec.linux!.namespaces as Array<{ type: string }>)[0]!.type = 'mnt';
    (spec.mounts as unknown as Array<Record<string, unknown>>)[0]!.options = 'nosuid';
    const errors = runtimeSpecErrors(spec);
    expect(errors).toContain('/process/user/uid must be >= 0');
    expect(errors).toContain('/process/args must be array');
    expect(errors).toContain('/mounts/0/options must be array');
    expect(
      errors.some((e) =>
        e.startsWith('/linux/namespaces/0/type must be equal to one of the allowed values'),
      ),
    ).toBe(true);
  });

  it('checks the Linux part through its $refs into config-linux.json and defs-linux.json', () => {
    const spec = valid();
    const seccomp = spec.linux!.seccomp as Record<string, unknown>;
    seccomp.defaultAction = 'SCMP_ACT_DENY';
    seccomp.architectures = ['SCMP_ARCH_Z80'];
    (seccomp.syscalls as Array<Record<string, unknown>>)[0] = { names: ['read'] };
    (spec.linux!.resources as { devices: unknown[] }).devices = [{ access: 'rwm' }];
    const errors = runtimeSpecErrors(spec);
    expect(errors.filter((e) => !e.includes('allowed values'))).toEqual([
      "/linux/resources/devices/0 must have required property 'allow'",
      "/linux/seccomp/syscalls/0 must have required property 'action'",
    ]);
    expect(errors.filter((e) => e.includes('allowed values')).map((e) => e.split(' ')[0])).toEqual([
      '/linux/seccomp/defaultAction',
      '/linux/seccomp/architectures/0',
    ]);
  });
});
