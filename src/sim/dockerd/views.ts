import { execIdsOf } from './exec';
import type { ContainerSize } from './containerSize';
import type { Host } from '../host';
import type { ContainerRecord, DockerdState, ImageRecord } from './model';
import type { WireImage } from '../containerd/containerdServer';
import { familiarName, familiarString, parseReference } from '../image/reference';
import { matchesReference, referencePatterns } from './imageFilters';
import { humanDuration } from './humanTime';
import { dict } from '../core/records';
import { parsePort16, splitProtoPort } from '../core/nat';
import { mountsOf } from './mounts';
import { MASKED, READONLY } from './ociSpec';
import { networkSettingsOf as networksView } from './networks';
import { UNSET_RESOURCES } from './resources';
import {
  configHealthcheckView,
  healthSuffix,
  hostConfigInitView,
  stateHealthView,
} from './lifecycleViews';
import { appArmorProfileOf, securityInspect } from './securityOptions';
import { inspectResources } from './containerResources';
import { containerGraphDriver, imageGraphDriver, usesGraphDriver } from './graphStore';

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
      return `Up ${humanDuration(now - (c.startedAt ?? now))}${healthSuffix(c)}`;
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
export function containerSummary(
  host: Host,
  c: ContainerRecord,
  image: ImageRecord | undefined,
  /** `size=1`: the writable layer and the image under it, measured by containerSize. */
  sizes?: ContainerSize,
) {
  return {
    Id: c.id,
    Names: [`/${c.name}`],
    Image: c.config.Image,
    ImageID: image?.id ?? c.imageId,
    Command: commandLine(c),
    Created: Math.floor((host.epoch + c.created) / 1000),
    // `--bridge=none`: no sandbox, so no port map (moby's view.go lists NetworkSettings.Ports).
    Ports: host.daemon.bridgeNone ? [] : portList(c),
    ...(sizes ? { SizeRw: sizes.SizeRw, SizeRootFs: sizes.SizeRootFs } : {}),
    Labels: c.config.Labels,
    State: c.state,
    Status: statusText(host, c),
    HostConfig: { NetworkMode: c.hostConfig.NetworkMode },
    NetworkSettings: { Networks: networksView(host, c) },
    Mounts: mountsOf(c),
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

/**
 * `GET /containers/{id}/json`: moby's container.InspectResponse, every field
 * in the order Go marshals it (ContainerJSONBase, then Mounts, Config,
 * NetworkSettings, ImageManifestDescriptor).
 *
 * HostConfig is what the CLI sent (runOptions.ts) as dockerd keeps it after
 * adaptContainerSettings: log driver json-file, private IPC and cgroup
 * namespaces (cgroup v2), 64 MiB of /dev/shm, runtime runc, PidsLimit and
 * MemorySwappiness cleared, runc's default masked and read-only paths.
 *
 * Simplified: ConsoleSize is [0, 0] (with `-t` the CLI sends the terminal's
 * rows and columns and dockerd keeps them); the sandbox ID is derived from the container ID (moby draws a random one).
 * `Mounts` and `NetworkSettings.Networks` are filled by the volume and
 * network code (`Mounts: []` and the default bridge until then).
 */
export function containerInspect(
  host: Host,
  c: ContainerRecord,
  image: ImageRecord | undefined,
  /** `size=1`: SizeRw and SizeRootFs, measured by containerSize. */
  opts: { sizes?: ContainerSize } = {},
) {
  const iso = (t: number | undefined) =>
    t === undefined ? '0001-01-01T00:00:00Z' : host.isoTime(t);
  const args = [...(c.config.Entrypoint ?? []), ...c.config.Cmd];
  const dir = `${host.daemon.dataRoot}/containers/${c.id}`;
  const running = c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
  // Keyed by what a raw client exposed (moby does not check those keys): no prototype.
  // A stopped container's sandbox is gone, and its port map with it.
  const ports = dict<Array<{ HostIp: string; HostPort: string }> | null>();
  if (running) {
    for (const k of Object.keys(c.config.ExposedPorts)) ports[k] = null;
    for (const p of c.published)
      (ports[`${p.containerPort}/${p.proto}`] ??= []).push({
        HostIp: p.hostIp,
        HostPort: String(p.hostPort),
      });
  }
  const networks = networksView(host, c);
  // The deprecated top-level fields repeat the default bridge's endpoint (empty when the
  // container is not on it).
  const onBridge = (networks.bridge ?? {}) as Partial<Record<string, string | number>>;
  const sandboxId = running ? sandboxIdOf(c.id) : '';
  return {
    Id: c.id,
    Created: iso(c.created),
    Path: args[0] ?? '',
    Args: args.slice(1),
    State: {
      Status: c.state,
      // moby SetRestarting keeps Running set between tries (life).
      Running: c.state === 'running' || c.state === 'paused' || c.state === 'restarting',
      Paused: c.state === 'paused',
      Restarting: c.state === 'restarting',
      OOMKilled: !!c.oomKilled,
      Dead: c.state === 'dead',
      Pid: c.pid,
      ExitCode: c.exitCode,
      Error: c.error,
      StartedAt: iso(c.startedAt),
      FinishedAt: iso(c.finishedAt),
      ...stateHealthView(host, c),
    },
    Image: c.imageId,
    ResolvConfPath: `${dir}/resolv.conf`,
    HostnamePath: `${dir}/hostname`,
    HostsPath: `${dir}/hosts`,
    LogPath: `${dir}/${c.id}-json.log`,
    Name: `/${c.name}`,
    RestartCount: c.restartCount,
    Driver: usesGraphDriver(host) ? 'overlay2' : 'overlayfs',
    Platform: 'linux',
    MountLabel: '',
    ProcessLabel: '',
    AppArmorProfile: appArmorProfileOf(c),
    ExecIDs: execIdsOf(host, c.id),
    HostConfig: hostConfigView(c),
    // The containerd image store: the snapshotter's name, no graph driver data;
    // overlay2: its directories (storage, graphStore.ts).
    GraphDriver: usesGraphDriver(host)
      ? containerGraphDriver(host, c.id)
      : { Data: null, Name: 'overlayfs' },
    ...(opts.sizes ? { SizeRw: opts.sizes.SizeRw, SizeRootFs: opts.sizes.SizeRootFs } : {}),
    Mounts: mountsOf(c),
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
      Cmd: c.config.Cmd.length ? c.config.Cmd : null,
      ...configHealthcheckView(c),
      Image: c.config.Image,
      Volumes: image?.config.Volumes ?? null,
      WorkingDir: c.config.WorkingDir,
      Entrypoint: c.config.Entrypoint,
      OnBuild: null,
      Labels: c.config.Labels,
      StopSignal: c.config.StopSignal,
    },
    NetworkSettings: {
      Bridge: '',
      SandboxID: sandboxId,
      SandboxKey: sandboxId ? `/var/run/docker/netns/${sandboxId.slice(0, 12)}` : '',
      Ports: ports,
      HairpinMode: false,
      LinkLocalIPv6Address: '',
      LinkLocalIPv6PrefixLen: 0,
      SecondaryIPAddresses: null,
      SecondaryIPv6Addresses: null,
      EndpointID: onBridge.EndpointID ?? '',
      Gateway: onBridge.Gateway ?? '',
      GlobalIPv6Address: '',
      GlobalIPv6PrefixLen: 0,
      IPAddress: onBridge.IPAddress ?? '',
      IPPrefixLen: onBridge.IPPrefixLen ?? 0,
      IPv6Gateway: '',
      MacAddress: onBridge.MacAddress ?? '',
      Networks: networks,
    },
    ...(image?.manifestSize !== undefined
      ? {
          ImageManifestDescriptor: {
            mediaType: image.manifestMediaType ?? 'application/vnd.oci.image.manifest.v1+json',
            digest: image.manifestDigest,
            size: image.manifestSize,
            platform: { architecture: image.platform.architecture, os: image.platform.os },
          },
        }
      : {}),
  };
}

/** A 64-hex sandbox ID that stays the same for a container across a session. */
function sandboxIdOf(containerId: string): string {
  return containerId.slice(32) + containerId.slice(0, 32);
}

/** HostConfig as dockerd keeps it (Go's field order, Resources embedded in the middle). */
function hostConfigView(c: ContainerRecord) {
  // ── sec: security options and namespaces ──
  const sec = securityInspect(c);
  return {
    Binds: c.hostConfig.Binds ?? null,
    ContainerIDFile: '',
    LogConfig: { Type: 'json-file', Config: {} },
    // The container router turns "default" into what it aliases, bridge on Linux (moby 26+).
    NetworkMode: c.hostConfig.NetworkMode === 'default' ? 'bridge' : c.hostConfig.NetworkMode,
    PortBindings: c.hostConfig.PortBindings,
    RestartPolicy: c.hostConfig.RestartPolicy,
    AutoRemove: c.hostConfig.AutoRemove,
    VolumeDriver: '',
    VolumesFrom: null,
    ConsoleSize: [0, 0],
    CapAdd: sec.CapAdd,
    CapDrop: sec.CapDrop,
    CgroupnsMode: 'private',
    Dns: [],
    DnsOptions: [],
    DnsSearch: [],
    ExtraHosts: null,
    GroupAdd: sec.GroupAdd,
    IpcMode: sec.IpcMode,
    Cgroup: '',
    Links: null,
    OomScoreAdj: 0,
    PidMode: sec.PidMode,
    Privileged: sec.Privileged,
    PublishAllPorts: false,
    ReadonlyRootfs: sec.ReadonlyRootfs,
    SecurityOpt: sec.SecurityOpt,
    UTSMode: sec.UTSMode,
    UsernsMode: sec.UsernsMode,
    ShmSize: 67108864,
    Runtime: 'runc',
    Isolation: '',
    ...UNSET_RESOURCES,
    Devices: sec.Devices,
    MemorySwappiness: null,
    OomKillDisable: false,
    // ── res: the limits it was given (containerResources.ts); PidsLimit and Ulimits land here ──
    ...inspectResources(c.hostConfig.Resources),
    CpuCount: 0,
    CpuPercent: 0,
    IOMaximumIOps: 0,
    IOMaximumBandwidth: 0,
    MaskedPaths: sec.keepsMaskedPaths ? [...MASKED] : null,
    ReadonlyPaths: sec.keepsMaskedPaths ? [...READONLY] : null,
    ...hostConfigInitView(c),
  };
}

/**
 * `GET /images/{name}/json` with the containerd image store (moby
 * daemon/containerd/image_inspect.go): the ID and Descriptor are the image's
 * target (the index), the names come from every containerd record pointing at
 * it, the config is the platform's image config, LastTagTime the newest
 * record's update time. API 1.50 sends the OCI config as it is.
 */
export function imageInspect(
  image: ImageRecord,
  records: readonly WireImage[],
  target: { media_type: string; digest: string; size: number } | undefined,
) {
  const named = records.filter((r) => !r.name.startsWith('moby-dangling@'));
  const repoTags: string[] = [];
  const repoDigests: string[] = [];
  for (const r of named) {
    const parsed = parseReference(r.name);
    if (!parsed.ok) continue;
    repoTags.push(familiarString(parsed));
    const digested = `${familiarName(parsed)}@${image.id}`;
    if (!repoDigests.includes(digested)) repoDigests.push(digested);
  }
  const lastTag = records.reduce((t, r) => (r.updated_at > t ? r.updated_at : t), '');
  return {
    Id: image.id,
    RepoTags: repoTags.filter((t) => !t.includes('@')),
    RepoDigests: repoDigests,
    Parent: '',
    Comment: '',
    Created: image.created,
    DockerVersion: '',
    Author: '',
    Config: imageConfigView(image.config),
    Architecture: image.platform.architecture,
    ...(image.platform.variant ? { Variant: image.platform.variant } : {}),
    Os: image.platform.os,
    Size: image.layers.reduce((n, l) => n + l.size, 0) + image.size,
    GraphDriver: { Data: null, Name: 'overlayfs' },
    RootFS: { Type: 'layers', Layers: image.layers.map((l) => l.diffId) },
    // time.Time in RFC 3339 with nanoseconds, trailing zeros dropped as Go's RFC3339Nano does.
    Metadata: { LastTagTime: lastTag.replace(/\.?0+Z$/, 'Z') || '0001-01-01T00:00:00Z' },
    ...(target
      ? { Descriptor: { mediaType: target.media_type, digest: target.digest, size: target.size } }
      : {}),
  };
}

/**
 * `GET /images/{name}/json` with the overlay2 graph driver (daemon/images):
 * the ID is the config's digest, the names are the reference store's, the
 * size is the unpacked layers', GraphDriver names the top layer's
 * directories, and there is no Descriptor (no content store holds the index).
 */
export function graphImageInspect(host: Host, image: ImageRecord) {
  return {
    ...imageInspect(image, [], undefined),
    RepoTags: image.repoTags.filter((t) => !t.includes('@')),
    RepoDigests: image.repoDigests,
    Size: image.size,
    GraphDriver: imageGraphDriver(host, image),
    Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  };
}

/**
 * `GET /images/json` with the overlay2 graph driver: one summary per image in
 * dockerd's image store, its tags from the reference store, its size the
 * unpacked layers'; an image with no tag is dangling (`<none>`).
 */
export function listGraphImages(state: DockerdState, filters: string | undefined) {
  const patterns = referencePatterns(filters);
  const summaries = [];
  for (const record of Object.values(state.images)) {
    const tags = record.repoTags.filter(
      (t) =>
        !t.includes('@') && (patterns.length === 0 || patterns.some((p) => matchesReference(p, t))),
    );
    if (patterns.length > 0 && tags.length === 0) continue;
    summaries.push({
      ...imageSummary(record),
      RepoTags: tags,
      RepoDigests: record.repoDigests,
      Size: record.size,
    });
  }
  return summaries.sort((a, b) => b.Created - a.Created || a.Id.localeCompare(b.Id));
}

/** The OCI image config (dockerspec.DockerOCIImageConfig): ocispec's field order, empty ones left out. */
function imageConfigView(cfg: ImageRecord['config']) {
  const out: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => {
    if (v === undefined || v === null || v === '') return;
    if (Array.isArray(v) && v.length === 0) return;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return;
    out[k] = v;
  };
  put('User', cfg.User);
  put('ExposedPorts', cfg.ExposedPorts);
  put('Env', cfg.Env);
  put('Entrypoint', cfg.Entrypoint);
  put('Cmd', cfg.Cmd);
  put('Volumes', cfg.Volumes);
  put('WorkingDir', cfg.WorkingDir);
  put('Labels', cfg.Labels);
  put('StopSignal', cfg.StopSignal);
  return out;
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
