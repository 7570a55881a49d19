import type { CommandSpec } from '../command';
import { dictFrom } from '../../core/records';
import { CLIENT_API_VERSION, CLIENT_VERSION, CliFailure, messageOf } from '../api';
import type { Reply } from '../../core/network';
import type { CommandContext } from '../command';
import { last } from '../flags';
import {
  TemplateExecError,
  TemplateParseError,
  executeTemplate,
  omittedField,
  parseTemplate,
  type ExecOptions,
  type Template,
} from '../goTemplate';

/**
 * `docker version --format` / `docker info --format`: the template is parsed
 * before any request (exit 64 when it does not parse); after the request it
 * runs on the CLI's own struct, its text and a newline go to stdout, and an
 * error while it runs is printed after what it wrote (exit 1).
 */
function parseFormat(
  ctx: CommandContext,
  name: string,
): { ok: true; tmpl?: Template } | { ok: false; code: number } {
  const raw = last(ctx.flags, 'format');
  if (raw === undefined || raw === '') return { ok: true };
  const format = raw === 'json' ? '{{json .}}' : raw;
  try {
    return { ok: true, tmpl: parseTemplate(format, name) };
  } catch (e) {
    if (!(e instanceof TemplateParseError)) throw e;
    ctx.err(`template parsing error: ${e.message}\n`);
    return { ok: false, code: 64 };
  }
}

function runFormat(ctx: CommandContext, tmpl: Template, data: unknown, opts: ExecOptions): number {
  try {
    ctx.out(`${executeTemplate(tmpl, data, opts)}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof TemplateExecError)) throw e;
    ctx.out(`${e.partial}\n`);
    ctx.err(`${e.message}\n`);
    return 1;
  }
}

/** The client half of `docker version`'s data (cli/command/system/version.go clientVersion). */
const clientVersion = (context: string, api = CLIENT_API_VERSION) => ({
  Platform: omittedField('<nil>'),
  Version: CLIENT_VERSION,
  ApiVersion: api,
  DefaultAPIVersion: CLIENT_API_VERSION,
  GitCommit: 'e6534b4',
  GoVersion: 'go1.24.3',
  Os: 'linux',
  Arch: 'amd64',
  BuildTime: 'Fri May 30 12:07:14 2025',
  Context: context,
});

interface Component {
  Name: string;
  Version: string;
  Details?: Record<string, string>;
}

const clientBlock = (context: string, api = CLIENT_API_VERSION): string =>
  [
    'Client:',
    ` Version:           ${CLIENT_VERSION}`,
    // ── daemon: an older daemon made the CLI negotiate down (docker/cli version.go template) ──
    ` API version:       ${api}${api !== CLIENT_API_VERSION ? ` (downgraded from ${CLIENT_API_VERSION})` : ''}`,
    ' Go version:        go1.24.3',
    ' Git commit:        e6534b4',
    ' Built:             Fri May 30 12:07:14 2025',
    ' OS/Arch:           linux/amd64',
    ` Context:           ${context}`,
  ].join('\n');

/** Go's time.Format("Mon Jan _2 15:04:05 2006") of an RFC 3339 time. */
function goDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  // "Fri, 30 May 2025 12:07:26 GMT" → "Fri May 30 12:07:26 2025"
  const m = /^(\w+), (\d+) (\w+) (\d+) ([\d:]+)/.exec(d.toUTCString());
  if (!m) return iso;
  const [, weekday, day, mon, year, time] = m;
  return `${weekday} ${mon} ${String(Number(day)).padStart(2, ' ')} ${time} ${year}`;
}

export const versionCommand: CommandSpec = {
  help: 'version',
  forms: ['version'],
  args: { kind: 'none' },
  simulated: ['format'],
  *execute(ctx) {
    const format = parseFormat(ctx, 'version');
    if (!format.ok) return format.code;
    const client = clientBlock(ctx.cli.currentContext);
    let r: Reply;
    try {
      r = yield* ctx.api.request('GET', '/version', {
        op: 'engine.system.version',
        summary: 'the CLI asks dockerd for its version and those of containerd and runc',
      });
    } catch (e) {
      // No daemon reached: the client's part is printed all the same, then the error.
      if (e instanceof CliFailure) ctx.out(`${client}\n`);
      throw e;
    }
    if (r.status !== 200) {
      ctx.out(`${client}\n`);
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    if (format.tmpl)
      return runFormat(
        ctx,
        format.tmpl,
        { Client: clientVersion(ctx.cli.currentContext, ctx.api.apiVersion), Server: r.body },
        {
          name: 'version',
          rootType: 'system.versionInfo',
          fieldTypes: {
            Client: 'system.clientVersion',
            Server: '*types.Version',
            'Components[]': 'types.ComponentVersion',
          },
          mapFields: new Set(['Details']),
        },
      );
    ctx.out(`${clientBlock(ctx.cli.currentContext, ctx.api.apiVersion)}\n\n`);
    const v = r.body as { Platform: { Name: string }; Components: Component[] };
    const lines = [`Server: ${v.Platform.Name}`];
    for (const c of v.Components) {
      lines.push(` ${c.Name}:`);
      const d = c.Details ?? {};
      if (c.Name === 'Engine') {
        lines.push(
          `  Version:          ${c.Version}`,
          `  API version:      ${d.ApiVersion} (minimum version ${d.MinAPIVersion})`,
          `  Go version:       ${d.GoVersion}`,
          `  Git commit:       ${d.GitCommit}`,
          `  Built:            ${goDate(d.BuildTime ?? '')}`,
          `  OS/Arch:          ${d.Os}/${d.Arch}`,
          `  Experimental:     ${d.Experimental}`,
        );
      } else {
        lines.push(`  Version:          ${c.Version}`, `  GitCommit:        ${d.GitCommit ?? ''}`);
      }
    }
    ctx.out(`${lines.join('\n')}\n`);
    return 0;
  },
};

/** Go's units.BytesSize: binary units, `7.751GiB`. */
function bytesSize(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${Number(n.toPrecision(4))}${units[i]}`;
}

export const infoCommand: CommandSpec = {
  help: 'info',
  forms: ['info', 'system info'],
  args: { kind: 'none' },
  simulated: ['format'],
  *execute(ctx) {
    const format = parseFormat(ctx, '');
    if (!format.ok) return format.code;
    if (format.tmpl) return yield* infoFormatted(ctx, format.tmpl);
    ctx.out(
      `Client:\n Version:    ${CLIENT_VERSION}\n Context:    ${ctx.cli.currentContext}\n Debug Mode: false\n\n`,
    );
    let r: Reply;
    try {
      r = yield* ctx.api.request('GET', '/info', {
        op: 'engine.system.info',
        summary: 'the CLI asks dockerd for system-wide information',
      });
    } catch (e) {
      // docker info prints the server's heading before it finds there is no server.
      if (e instanceof CliFailure) ctx.out('Server:\n');
      throw e;
    }
    if (r.status !== 200) {
      // A daemon's error is not a failed connection: docker/cli's info.go prints the Server
      // heading, the error as "ERROR: …", and fails with "errors pretty printing info".
      ctx.out('Server:\n');
      ctx.err(`ERROR: Error response from daemon: ${messageOf(r)}\nerrors pretty printing info\n`);
      return 1;
    }
    const i = r.body as Record<string, unknown> & {
      DriverStatus: string[][];
      Plugins: { Volume: string[]; Network: string[]; Log: string[] };
      Runtimes: Record<string, unknown>;
      SecurityOptions: string[];
      CDISpecDirs: string[];
      RegistryConfig: { InsecureRegistryCIDRs: string[] };
      ContainerdCommit: { ID: string };
      RuncCommit: { ID: string };
      InitCommit: { ID: string };
      Swarm: { LocalNodeState: string };
    };
    const security: string[] = [];
    for (const o of i.SecurityOptions) {
      const parts = dictFrom(o.split(',').map((kv) => kv.split('=') as [string, string]));
      security.push(`  ${parts.name}`);
      if (parts.profile) security.push(`   Profile: ${parts.profile}`);
    }
    const lines = [
      'Server:',
      ` Containers: ${i.Containers}`,
      `  Running: ${i.ContainersRunning}`,
      `  Paused: ${i.ContainersPaused}`,
      `  Stopped: ${i.ContainersStopped}`,
      ` Images: ${i.Images}`,
      ` Server Version: ${i.ServerVersion}`,
      ` Storage Driver: ${i.Driver}`,
      ...i.DriverStatus.map(([k, v]) => `  ${k}: ${v}`),
      ` Logging Driver: ${i.LoggingDriver}`,
      ` Cgroup Driver: ${i.CgroupDriver}`,
      ` Cgroup Version: ${i.CgroupVersion}`,
      ' Plugins:',
      `  Volume: ${i.Plugins.Volume.join(' ')}`,
      `  Network: ${i.Plugins.Network.join(' ')}`,
      `  Log: ${i.Plugins.Log.join(' ')}`,
      ' CDI spec directories:',
      ...i.CDISpecDirs.map((d) => `  ${d}`),
      ` Swarm: ${i.Swarm.LocalNodeState}`,
      ` Runtimes: ${Object.keys(i.Runtimes).sort().join(' ')}`,
      ` Default Runtime: ${i.DefaultRuntime}`,
      ` Init Binary: ${i.InitBinary}`,
      ` containerd version: ${i.ContainerdCommit.ID}`,
      ` runc version: ${i.RuncCommit.ID}`,
      ` init version: ${i.InitCommit.ID}`,
      ' Security Options:',
      ...security,
      ` Kernel Version: ${i.KernelVersion}`,
      ` Operating System: ${i.OperatingSystem}`,
      ` OSType: ${i.OSType}`,
      ` Architecture: ${i.Architecture}`,
      ` CPUs: ${i.NCPU}`,
      ` Total Memory: ${bytesSize(Number(i.MemTotal))}`,
      ` Name: ${i.Name}`,
      ` ID: ${i.ID}`,
      ` Docker Root Dir: ${i.DockerRootDir}`,
      ` Debug Mode: ${i.Debug}`,
      ` Experimental: ${i.ExperimentalBuild}`,
      ' Insecure Registries:',
      ...i.RegistryConfig.InsecureRegistryCIDRs.map((c) => `  ${c}`),
      ` Live Restore Enabled: ${i.LiveRestoreEnabled}`,
      ...(i.ProductLicense ? [` Product License: ${String(i.ProductLicense)}`] : []),
    ];
    ctx.out(`${lines.join('\n')}\n\n`);
    // The daemon's warnings (a TCP listener without TLS…) go to stderr, one per line.
    for (const w of (i.Warnings as string[] | null) ?? []) ctx.err(`${w}\n`);
    return 0;
  },
};

/**
 * `docker info --format`: the template runs on docker/cli's dockerInfo, the
 * daemon's /info answer (its fields promoted) plus ClientInfo.
 *
 * Simplified: the CLI's plugins (buildx, compose) are not simulated, so
 * ClientInfo.Plugins is empty.
 */
function* infoFormatted(ctx: CommandContext, tmpl: Template) {
  const r = yield* ctx.api.request('GET', '/info', {
    op: 'engine.system.info',
    summary: 'the CLI asks dockerd for system-wide information',
  });
  if (r.status !== 200) {
    ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
    return 1;
  }
  const {
    Platform: _platform,
    ApiVersion: _api,
    ...client
  } = clientVersion(ctx.cli.currentContext);
  const data = {
    ...(r.body as Record<string, unknown>),
    ClientInfo: { Debug: false, ...client, Plugins: [], Warnings: null },
  };
  return runFormat(ctx, tmpl, data, {
    rootType: 'system.dockerInfo',
    fieldTypes: {
      Swarm: 'swarm.Info',
      ClientInfo: '*system.clientInfo',
      Plugins: 'system.PluginsInfo',
      RegistryConfig: '*registry.ServiceConfig',
    },
    mapFields: new Set(['Runtimes', 'IndexConfigs']),
  });
}
