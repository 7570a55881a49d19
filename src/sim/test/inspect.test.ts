/**
 * docker inspect, --format on the list commands, rename, prune and system df:
 * the expected lines are what the real docker CLI 28.2.2 printed against
 * `npm run daemon` (same daemon, so the same data), and the request
 * sequences are docker/cli's (cli/command/system/inspect.go inspectAll).
 */
import { describe, expect, it } from 'vitest';
import { clientExchange, session } from './helpers';

const out = (r: { stdout: string; stderr: string; exitCode: number | null }) => ({
  stdout: r.stdout,
  stderr: r.stderr,
  exit: r.exitCode,
});

describe('docker inspect', () => {
  const { engine, results } = session([
    'docker run -d --name web -p 8080:80 nginx',
    "docker inspect -f '{{.State.Status}} {{.Config.Labels.maintainer}} {{.Config.Labels.zz}} {{json .Config.Labels}}' web",
    "docker inspect -f '{{.Foo}}' web",
    "docker inspect -f '{{.Name}}' web nosuch web",
    'docker inspect nosuch',
    'docker container inspect nosuch',
    'docker image inspect nosuch',
    'docker inspect --type foo web',
    "docker inspect --type '' web",
    "docker inspect -f '{{.State}}' web",
    "docker inspect -f '{{foo}}' web",
    "docker inspect -f '{{.NetworkSettings.Ports}} {{.HostConfig.PortBindings}} {{.Config.ExposedPorts}} {{.SizeRw}}' web",
    "docker inspect -s -f '{{.Os}}' nginx",
    'docker inspect web',
    "docker image inspect -f '{{.Id}} {{json .RootFS.Type}}' nginx",
  ]);
  const r = (i: number) => results[i]!;

  it('runs a template on the typed value: field chains, map keys, <no value>, json without HTML escaping', () => {
    expect(out(r(1))).toEqual({
      stdout:
        'running NGINX Docker Maintainers <docker-maint@nginx.com> <no value> {"maintainer":"NGINX Docker Maintainers <docker-maint@nginx.com>"}\n',
      stderr: '',
      exit: 0,
    });
  });

  it('falls back to the raw JSON with missingkey=error, and prints an empty line first', () => {
    expect(out(r(2))).toEqual({
      stdout: '\n',
      stderr:
        'template parsing error: template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"\n',
      exit: 1,
    });
  });

  it('prints what it found, then the names it did not find', () => {
    expect(out(r(3))).toEqual({
      stdout: '/web\n/web\n',
      stderr: 'Error: No such object: nosuch\n',
      exit: 1,
    });
  });

  it('tries container, image, network, volume, asks /info about swarm, then plugin', () => {
    expect(out(r(4))).toEqual({
      stdout: '[]\n',
      stderr: 'Error: No such object: nosuch\n',
      exit: 1,
    });
    expect(clientExchange(engine, r(4))).toEqual([
      '→ HEAD /_ping',
      '← 200',
      '→ GET /v1.50/containers/nosuch/json',
      '← 404',
      '→ GET /v1.50/images/nosuch/json',
      '← 404',
      '→ GET /v1.50/networks/nosuch',
      '← 404',
      '→ GET /v1.50/volumes/nosuch',
      '← 404',
      '→ GET /v1.50/info',
      '← 200',
      '→ GET /v1.50/plugins/nosuch/json',
      '← 404',
    ]);
  });

  it('container inspect and image inspect report the daemon’s error', () => {
    expect(out(r(5))).toEqual({
      stdout: '[]\n',
      stderr: 'Error response from daemon: No such container: nosuch\n',
      exit: 1,
    });
    expect(out(r(6))).toEqual({
      stdout: '[]\n',
      stderr: 'Error response from daemon: No such image: nosuch:latest\n',
      exit: 1,
    });
  });

  it('refuses an unknown or empty --type before any request', () => {
    const types =
      '"config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"';
    expect(out(r(7))).toEqual({
      stdout: '',
      stderr: `unknown type: "foo": must be one of ${types}\n`,
      exit: 1,
    });
    expect(out(r(8))).toEqual({
      stdout: '',
      stderr: `type is empty: must be one of ${types}\n`,
      exit: 1,
    });
  });

  it('prints a struct the way Go does, the omitted Health as <nil>', () => {
    expect(r(9).stdout).toMatch(
      /^\{running true false false false false 1201 0 {2}\S+Z 0001-01-01T00:00:00Z <nil>\}\n$/,
    );
  });

  it('a template that does not parse fails with exit 64', () => {
    expect(out(r(10))).toEqual({
      stdout: '',
      stderr: 'template parsing error: template: :1: function "foo" not defined\n',
      exit: 64,
    });
  });

  it('maps print as map[k:v], their values as structs; an omitted pointer as <nil>', () => {
    expect(r(11).stdout).toBe(
      'map[80/tcp:[{0.0.0.0 8080} {:: 8080}]] map[80/tcp:[{ 8080}]] map[80/tcp:{}] <nil>\n',
    );
  });

  it('-s on an image warns that it is ignored', () => {
    expect(out(r(12))).toEqual({
      stdout: 'linux\n',
      stderr: 'WARNING: --size ignored for image\n',
      exit: 0,
    });
  });

  it('prints the daemon’s JSON indented, fields in Go’s order, <> unescaped as dockerd wrote them', () => {
    const text = r(13).stdout;
    expect(text).toContain('"maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"');
    const [c] = JSON.parse(text) as Array<Record<string, unknown>>;
    expect(Object.keys(c!)).toEqual([
      'Id',
      'Created',
      'Path',
      'Args',
      'State',
      'Image',
      'ResolvConfPath',
      'HostnamePath',
      'HostsPath',
      'LogPath',
      'Name',
      'RestartCount',
      'Driver',
      'Platform',
      'MountLabel',
      'ProcessLabel',
      'AppArmorProfile',
      'ExecIDs',
      'HostConfig',
      'GraphDriver',
      'Mounts',
      'Config',
      'NetworkSettings',
      'ImageManifestDescriptor',
    ]);
    expect((c!.HostConfig as Record<string, unknown>).NetworkMode).toBe('bridge');
  });

  it('`.Id` fails on the typed struct (its field is ID) and is answered by the raw fallback', () => {
    expect(r(14).stdout).toMatch(/^sha256:[0-9a-f]{64} "layers"\n$/);
  });
});

describe('--format on ps, images, version, info', () => {
  const { results } = session([
    'docker run -d --name web -p 8080:80 nginx',
    "docker ps --format 'table {{.ID}}\\t{{upper .Names}}\\t{{.Status}}'",
    "docker ps --format '{{.Foo}}'",
    "docker ps --format 'table {{.Names}}\\t{{.Foo}}'",
    "docker ps --format '{{foo .ID}}'",
    'docker ps --format \'{{index .Labels "a"}}\'',
    'docker ps --format \'{{.Label "maintainer"}}|{{.Names}}|{{.Networks}}|{{.Ports}}\'',
    "docker images --format '{{.Foo}}'",
    "docker images --format '{{.Repository}}:{{.Tag}} {{.Digest}}'",
    "docker version --format '{{.Client.Version}} {{.Server.Version}}'",
    "docker version --format '{{.Server.Foo}}'",
    "docker info --format '{{.Swarm.LocalNodeState}} {{json .Swarm.RemoteManagers}}'",
    "docker ps --format '{{json .}}'",
  ]);
  const r = (i: number) => results[i]!;

  it('a table template gets the CLI’s header names (upper is the identity there)', () => {
    const lines = r(1).stdout.split('\n');
    expect(lines[0]).toBe('CONTAINER ID   NAMES     STATUS');
    expect(lines[1]).toMatch(/^[0-9a-f]{12} {3}WEB {7}Up \d+ seconds?$/);
  });

  it('ps checks the template on an empty row first, with the raw format’s positions', () => {
    expect(out(r(2))).toEqual({
      stdout: '',
      stderr:
        'failed to execute template: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext\n',
      exit: 1,
    });
    expect(r(3).stderr).toBe(
      'failed to execute template: template: :1:20: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext\n',
    );
    expect(r(4).stderr).toBe(
      'failed to parse template: template: :1: function "foo" not defined\n',
    );
    expect(r(5).stderr).toBe(
      'failed to execute template: template: :1:2: executing "" at <index .Labels "a">: error calling index: cannot index slice/array with type string\n',
    );
  });

  it('ps rows have the CLI’s methods, Label with an argument', () => {
    expect(r(6).stdout).toBe(
      'NGINX Docker Maintainers <docker-maint@nginx.com>|web|bridge|0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\n',
    );
  });

  it('images: the formatter’s own error prefix; Digest is <none> unless asked for', () => {
    expect(r(7).stderr).toBe(
      'template parsing error: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.imageContext\n',
    );
    expect(r(8).stdout).toBe(
      'nginx:latest sha256:38903827a715f8acb3640dc8b3bd5f79ea7851daacdd7bc8349d787113b121ff\n',
    );
  });

  it('version and info run the template on the CLI’s own structs', () => {
    expect(r(9).stdout).toBe('28.2.2 28.2.2\n');
    expect(out(r(10))).toEqual({
      stdout: '\n',
      stderr:
        'template: version:1:9: executing "version" at <.Server.Foo>: can\'t evaluate field Foo in type *types.Version\n',
      exit: 1,
    });
    expect(r(11).stdout).toBe('inactive null\n');
  });

  it('{{json .}} of a ps row is the formatter’s MarshalJSON: keys sorted, HTML escaped', () => {
    const row = r(12).stdout;
    expect(row).toContain(
      '"Labels":"maintainer=NGINX Docker Maintainers \\u003cdocker-maint@nginx.com\\u003e"',
    );
    expect(row).toContain('"Platform":null');
    expect(Object.keys(JSON.parse(row) as object)).toEqual([
      'Command',
      'CreatedAt',
      'ID',
      'Image',
      'Labels',
      'LocalVolumes',
      'Mounts',
      'Names',
      'Networks',
      'Platform',
      'Ports',
      'RunningFor',
      'Size',
      'State',
      'Status',
    ]);
  });
});

describe('rename, prune, system df', () => {
  const { engine, results } = session([
    'docker run -d --name web nginx',
    'docker create --name made alpine',
    'docker rename web web',
    'docker rename web made',
    'docker rename web front',
    "docker ps -a --format '{{.Names}}'",
    'docker container prune -f',
    'docker system df',
    'docker image prune -a -f',
    'docker container prune',
  ]);
  const r = (i: number) => results[i]!;

  it('rename: the daemon’s error, then the CLI’s own line', () => {
    expect(out(r(2))).toEqual({
      stdout: '',
      stderr:
        'Error response from daemon: Renaming a container with the same name as its current name\nError: failed to rename container named web\n',
      exit: 1,
    });
    expect(r(3).stderr).toMatch(
      /^Error response from daemon: Error when allocating new name: Conflict\. The container name "\/made" is already in use by container "[0-9a-f]{64}"\. You have to remove \(or rename\) that container to be able to reuse that name\.\nError: failed to rename container named web\n$/,
    );
    expect(out(r(4))).toEqual({ stdout: '', stderr: '', exit: 0 });
    expect(r(5).stdout).toBe('made\nfront\n');
  });

  it('container prune -f lists the removed IDs and the space reclaimed', () => {
    expect(r(6).stdout).toMatch(
      // The created container's writable layer: its empty upperdir, one 4 KiB block.
      /^Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: 4\.096kB\n$/,
    );
  });

  it('system df has the CLI’s columns', () => {
    expect(r(7).stdout.split('\n')[0]).toBe(
      'TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE',
    );
    expect(r(7).stdout).toContain('Containers      1         1         4.096kB   0B (0%)\n');
  });

  it('image prune -a removes the images no container uses', () => {
    expect(r(8).stdout).toMatch(
      /^Deleted Images:\nuntagged: alpine:latest\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: \d+(\.\d+)?MB\n$/,
    );
  });

  it('without -f it asks, and only y goes on', () => {
    expect(r(9).stdout).toBe(
      'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ',
    );
    expect(r(9).exitCode).toBeNull();
    engine.stdin(r(9).id, 'n\n');
    expect(r(9).exitCode).toBe(0);
    expect(clientExchange(engine, r(9)).filter((l) => l.includes('prune'))).toEqual([]);
  });
});
