import { execIdsOf } from './exec';
import type { Host } from '../host';
import type { ContainerRecord, DockerdState, ImageRecord } from './model';
import type { WireImage } from '../containerd/containerdServer';
import { familiarName, familiarString, parseReference } from '../image/reference';
import { matchesReference, referencePatterns } from './imageFilters';
import { humanDuration } from './humanTime';
import { dict } from '../core/records';
import { parsePort16, splitProtoPort } from '../core/nat';

/** `/docker-entrypoint.sh nginx -g 'daemon off;'`: the COMMAND column, before the CLI truncates it. */
export function commandLine(c: ContainerRecord): string {
  return [...(c.config.Entrypoint ?? []), ...c.config.Cmd].map(shellQuote).join(' ');
}

function shellQuote(arg: string): string {
  if (arg === '') return "''";
  return /[^\w@%+=:,./-]/.test(arg) ? `'${arg.replace(/'/g, `'"'"'`)}'` : arg;
}

/** The STATUS column, computed by the daemon (`Up 5 seconds`, `Exited (0) 2 minutes ago`). */
export function statusText(host: Host, c: ContainerRecord): string {
  const now = host.scheduler.now;
  switch (c.state) {
    case 'running':
      return `Up ${humanDuration(now - (c.startedAt ?? now))}`;
    case 'paused':
      return `Up ${humanDuration(now - (c.startedAt ?? now))} (Paused)`;
    case 'restarting':
      return `Restarting (${c.exitCode}) ${humanDuration(now - (c.finishedAt ?? now))} ago`;
    case 'exited':
      return `Exited (${c.exitCode}) ${humanDuration(now - (c.finishedAt ?? now))} ago`;
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    case 'created':
      return 'Created';
  }
}

export function portList(c: ContainerRecord) {
  // A stopped container holds no ports: dockerd clears its port map on exit.
  if (c.state !== 'running' && c.state !== 'paused') return [];
  const published = c.published.map((p) => ({
    IP: p.hostIp,
    PrivatePort: p.containerPort,
    PublicPort: p.hostPort,
    Type: p.proto,
  }));
  const exposedOnly = Object.keys(c.config.ExposedPorts)
    .filter((k) => !c.published.some((p) => `${p.containerPort}/${p.proto}` === k))
    .map((k) => {
      // nat.Port's Int() and Proto(): a key that is no port number (a raw
      // client's "abc") lists as 0, never as NaN the CLI cannot read.
      const [proto, port] = splitProtoPort(k);
      return { PrivatePort: parsePort16(port) ?? 0, Type: proto };
    });
  return [...published, ...exposedOnly];
}

/** One entry of `GET /containers/json` (ContainerSummary). */
export function containerSummary(host: Host, c: ContainerRecord, image: ImageRecord | undefined) {
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.config.Image,
    ImageID: image?.id ?? c.imageId,
    Command: commandLine(c),
    Created: Math.floor((host.epoch + c.created) / 1000),
    // `--bridge=none`: no sandbox, so no port map (moby's view.go lists NetworkSettings.Ports).
    Ports: host.daemon.bridgeNone ? [] : portList(c),
    Labels: c.config.Labels,
    State: c.state,
    Status: statusText(host, c),
    HostConfig: { NetworkMode: c.hostConfig.NetworkMode },
    NetworkSettings: { Networks: { bridge: endpoint(c) } },
    Mounts: [],
  };
}

function endpoint(c: ContainerRecord) {
  const running = c.state === 'running';
  return {
    IPAMConfig: null,
    Links: null,
    Aliases: null,
    MacAddress: running ? macFor(c.id) : '',
    NetworkID: '8a7e5c2c0f3b9d1e6a4f2b8c7d9e0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f',
    EndpointID: running ? c.id.split('').reverse().join('') : '',
    Gateway: running ? '172.17.0.1' : '',
    IPAddress: c.ipAddress,
    IPPrefixLen: running ? 16 : 0,
    IPv6Gateway: '',
    GlobalIPv6Address: '',
    GlobalIPv6PrefixLen: 0,
    DriverOpts: null,
    DNSNames: null,
  };
}

/**
 * The container's MAC on the bridge. moby 28's bridge driver gives an endpoint
 * netutils.GenerateRandomMAC() (random bytes, multicast bit cleared, locally
 * administered bit set); the old 02:42 + IPv4 address form is gone from the
 * bridge. DockScope draws the bytes from the container ID so they stay the
 * same across a session (moby draws fresh ones for each new endpoint).
 */
export function macFor(containerId: string): string {
  const bytes = Array.from(
    { length: 6 },
    (_, i) => parseInt(containerId.slice(20 + 2 * i, 22 + 2 * i), 16) || 0,
  );
  bytes[0] = (bytes[0]! & 0xfe) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** `GET /containers/{id}/json` (ContainerInspectResponse), the fields DockScope models. */
export function containerInspect(host: Host, c: ContainerRecord) {
  const iso = (t: number | undefined) =>
    t === undefined ? '0001-01-01T00:00:00Z' : host.isoTime(t);
  const args = [...(c.config.Entrypoint ?? []), ...c.config.Cmd];
  const dir = `${host.daemon.dataRoot}/containers/${c.id}`;
  // Keyed by what a raw client exposed (moby does not check those keys): no prototype.
  const ports = dict<Array<{ HostIp: string; HostPort: string }> | null>();
  for (const k of Object.keys(c.config.ExposedPorts)) ports[k] = null;
  for (const p of c.published)
    (ports[`${p.containerPort}/${p.proto}`] ??= []).push({
      HostIp: p.hostIp,
      HostPort: String(p.hostPort),
    });
  return {
    Id: c.id,
    Created: iso(c.created),
    Path: args[0] ?? '',
    Args: args.slice(1),
    State: {
      Status: c.state,
      Running: c.state === 'running',
      Paused: c.state === 'paused',
      Restarting: c.state === 'restarting',
      OOMKilled: false,
      Dead: c.state === 'dead',
      Pid: c.pid,
      ExitCode: c.exitCode,
      Error: c.error,
      StartedAt: iso(c.startedAt),
      FinishedAt: iso(c.finishedAt),
    },
    Image: c.imageId,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: `${dir}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: 'overlayfs',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: 'docker-default',
    ExecIDs: execIdsOf(host, c.id),
    HostConfig: {
      NetworkMode: c.hostConfig.NetworkMode,
      PortBindings: c.hostConfig.PortBindings,
      RestartPolicy: c.hostConfig.RestartPolicy,
      AutoRemove: c.hostConfig.AutoRemove,
      LogConfig: { Type: 'json-file', Config: {} },
    },
    Mounts: [],
    Config: {
      Hostname: c.config.Hostname,
      Domainname: '',
      User: c.config.User,
      AttachStdin: c.config.AttachStdin,
      AttachStdout: c.config.AttachStdout,
      AttachStderr: c.config.AttachStderr,
      ExposedPorts: Object.keys(c.config.ExposedPorts).length ? c.config.ExposedPorts : undefined,
      Tty: c.config.Tty,
      OpenStdin: c.config.OpenStdin,
      StdinOnce: false,
      Env: c.config.Env,
      Cmd: c.config.Cmd,
      Image: c.config.Image,
      Volumes: null,
      WorkingDir: c.config.WorkingDir,
      Entrypoint: c.config.Entrypoint,
      OnBuild: null,
      Labels: c.config.Labels,
      StopSignal: c.config.StopSignal,
    },
    NetworkSettings: {
      SandboxID: '',
      SandboxKey: '',
      Ports: ports,
      Networks: { bridge: endpoint(c) },
    },
  };
}

/** One entry of `GET /images/json` (ImageSummary): one per image, all its tags listed. */
export function imageSummary(image: ImageRecord) {
  return {
    Id: image.id,
    ParentId: '',
    // A reference pulled by digest is a repo digest, not a tag (moby's containerd store).
    RepoTags: image.repoTags.filter((t) => !t.includes('@')),
    RepoDigests: image.repoDigests,
    Created: Math.floor(Date.parse(image.created) / 1000),
    Size: image.size,
    SharedSize: -1,
    Labels: image.config.Labels ?? {},
    Containers: -1,
  };
}

/**
 * `GET /images/json` built from containerd's image records, as moby's
 * containerd image service does (daemon/containerd/image_list.go): names are
 * grouped by the digest they point at (one summary per image, its tags in
 * containerd's name order); a `moby-dangling@…` name counts only when no real
 * name points at the same image; the `reference` filter drops names before
 * grouping. The size is the image's content (its compressed blobs) plus its
 * unpacked snapshots.
 *
 * Simplified: moby reads each image's manifest and config from containerd's
 * content store and asks the snapshotter for its disk usage; the simulation
 * takes the config, the layer sizes and the creation date from what dockerd
 * noted when it pulled the image (`state.images`), and leaves out the few
 * kilobytes of the index, manifest and config in the content size.
 */
export function listImages(
  state: DockerdState,
  records: readonly WireImage[],
  filters: string | undefined,
) {
  const patterns = referencePatterns(filters);
  const chosen = new Map<string, WireImage>();
  const tags = new Map<string, string[]>();
  for (const img of records) {
    const digest = img.target.digest;
    if (img.name === `moby-dangling@${digest}`) {
      if (patterns.length === 0 && !chosen.has(digest)) chosen.set(digest, img);
      continue;
    }
    const parsed = parseReference(img.name);
    if (!parsed.ok) continue;
    const familiar = familiarString(parsed);
    if (patterns.length && !patterns.some((p) => matchesReference(p, familiar))) continue;
    chosen.set(digest, img);
    tags.set(digest, [...(tags.get(digest) ?? []), familiar]);
  }
  const summaries = [];
  for (const [digest, img] of chosen) {
    const record = state.images[digest];
    if (!record) continue;
    const named = tags.has(digest);
    const parsed = parseReference(img.name);
    summaries.push({
      ...imageSummary(record),
      // Only names with a tag are tags; `nginx@sha256:…` shows as a repo digest.
      RepoTags: (tags.get(digest) ?? []).filter((t) => !t.includes('@')),
      RepoDigests: named && parsed.ok ? [`${familiarName(parsed)}@${digest}`] : [],
      Size: record.layers.reduce((n, l) => n + l.size, 0) + record.size,
    });
  }
  return summaries.sort((a, b) => b.Created - a.Created || a.Id.localeCompare(b.Id));
}
