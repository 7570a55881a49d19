// ── sec: security options and namespaces, from the CLI's body to dockerd's checks and inspect ──
import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';

function engineWith(...images: string[]): Engine {
  const e = new Engine({ seed: 7 });
  for (const image of images) e.run(`docker pull ${image}`);
  return e;
}

const inspect = (e: Engine, name: string) =>
  JSON.parse(e.run(`docker inspect ${name}`).stdout)[0] as {
    HostConfig: Record<string, unknown>;
    Config: Record<string, unknown>;
    AppArmorProfile: string;
  };

describe('dockerd reads and checks the security and namespace options', () => {
  it('keeps what create asked for, as inspect shows it', () => {
    const e = engineWith('alpine');
    const r = e.run(
      'docker create --name sec --cap-add net_admin --cap-drop chown --read-only -u 1000:1000 --group-add 44 --security-opt no-new-privileges --pid host --ipc shareable --uts host alpine',
    );
    expect(r.exitCode).toBe(0);
    const hc = inspect(e, 'sec').HostConfig;
    expect(hc.CapAdd).toEqual(['CAP_NET_ADMIN']);
    expect(hc.CapDrop).toEqual(['CAP_CHOWN']);
    expect(hc.ReadonlyRootfs).toBe(true);
    expect(hc.GroupAdd).toEqual(['44']);
    // generateSecurityOpt: --pid host disables SELinux labelling.
    expect(hc.SecurityOpt).toEqual(['no-new-privileges', 'label=disable']);
    expect(hc.PidMode).toBe('host');
    expect(hc.IpcMode).toBe('shareable');
    expect(hc.UTSMode).toBe('host');
    expect(inspect(e, 'sec').Config.User).toBe('1000:1000');
  });

  it('privileged: label=disable, unconfined AppArmor, no masked paths', () => {
    const e = engineWith('alpine');
    e.run('docker create --name priv --privileged alpine');
    const i = inspect(e, 'priv');
    expect(i.HostConfig.Privileged).toBe(true);
    expect(i.HostConfig.SecurityOpt).toEqual(['label=disable']);
    expect(i.HostConfig.MaskedPaths).toBeNull();
    expect(i.HostConfig.ReadonlyPaths).toBeNull();
    expect(i.AppArmorProfile).toBe('unconfined');
  });

  it('a plain container keeps the defaults', () => {
    const e = engineWith('alpine');
    e.run('docker create --name plain alpine');
    const i = inspect(e, 'plain');
    expect(i.HostConfig.IpcMode).toBe('private');
    expect(i.HostConfig.SecurityOpt).toBeNull();
    expect(i.AppArmorProfile).toBe('docker-default');
  });

  it.each([
    ['--cap-add foo', 'invalid CapAdd: unknown capability: "CAP_FOO"'],
    ['--cap-drop sys_foo', 'invalid CapDrop: unknown capability: "CAP_SYS_FOO"'],
    ['--ipc foo', 'invalid IPC mode: foo'],
    ['--security-opt foo=bar', 'invalid --security-opt 2: "foo=bar"'],
    [
      '--security-opt no-new-privileges=maybe',
      'invalid --security-opt 2: "no-new-privileges=maybe"',
    ],
    ['--uts host -h box', 'conflicting options: hostname and the UTS mode'],
    [
      '--network container:web -p 8080:80',
      'conflicting options: port publishing and the container type network mode',
    ],
    ['--network container:web -h box', 'conflicting options: hostname and the network mode'],
    [
      '--network container:web --expose 80',
      'conflicting options: port exposing and the container type network mode',
    ],
    ['--pid container:nosuch', 'No such container: nosuch'],
  ])('docker run %s: %s', (flags, message) => {
    const e = engineWith('alpine', 'nginx');
    e.run('docker run -d --name web nginx');
    const r = e.run(`docker run ${flags} alpine true`);
    expect(r.stderr).toBe(
      `docker: Error response from daemon: ${message}\n\nRun 'docker run --help' for more information\n`,
    );
    expect(r.exitCode).toBe(125);
  });

  it('--network container:web names web by ID in NetworkMode, with no network of its own', () => {
    const e = engineWith('alpine', 'nginx');
    e.run('docker run -d --name web nginx');
    const id = e.run('docker inspect -f {{.Id}} web').stdout.trim();
    e.run('docker create --name side --network container:web alpine');
    const i = inspect(e, 'side') as unknown as {
      HostConfig: { NetworkMode: string };
      NetworkSettings: { Networks: object };
    };
    expect(i.HostConfig.NetworkMode).toBe(`container:${id}`);
    expect(i.NetworkSettings.Networks).toEqual({});
  });
});

describe('inspect templates read HostConfig as the CLI decodes it', () => {
  it('a null slice (nothing asked for) prints [] as a Go nil slice, and marshals as null', () => {
    const e = engineWith('alpine');
    e.run('docker create --name plain alpine');
    expect(
      e.run(
        'docker inspect -f "{{.HostConfig.CapAdd}} {{.HostConfig.SecurityOpt}} {{json .HostConfig.CapAdd}}" plain',
      ).stdout,
    ).toBe('[] [] null\n');
    expect(e.run('docker inspect -f "{{json .HostConfig}}" plain').stdout).toMatch(
      /^\{"Binds":null,/,
    );
  });

  it('a donor dockerd cannot find is a 400 (the CLI does not pull for it)', () => {
    const e = engineWith('alpine');
    const r = e.run('docker run --pid container:nosuch alpine true');
    const create = e.trace.filter(
      (m) => m.commandId === r.id && m.op === 'engine.containers.create' && m.kind === 'response',
    );
    expect(create.map((m) => m.status)).toEqual([400]);
  });
});
