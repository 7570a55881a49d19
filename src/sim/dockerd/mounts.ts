/**
 * A container's mounts, as dockerd 28 works them out at create and sets them
 * up at start (moby `volume/mounts/linux_parser.go`, `daemon/volumes.go`
 * registerMountPoints, `daemon/create_unix.go` for the image's VOLUMEs,
 * `daemon/oci_linux.go` for the spec): `-v` (HostConfig.Binds), `--mount`
 * (HostConfig.Mounts), `--tmpfs` (HostConfig.Tmpfs) and the image's own
 * `VOLUME`s, which get anonymous volumes.
 */
import type { Caller } from '../core/network';
import type { Task } from '../core/scheduler';
import type { Host } from '../host';
import { DaemonError, invalid, systemError } from './errors';
import type { ContainerRecord, ImageRecord, MountPoint, MountSpec } from './model';
import type { OciSpec } from './ociSpec';
import { createVolume, removeVolume, volumeUsers } from './volumes';
import { commit, contextOf } from '../core/actors';
import { removeContainer } from './lifecycle';
import type { DockerdState } from './model';
import { aboutContainer } from '../trace/operations';

const PROPAGATIONS = new Set(['private', 'rprivate', 'slave', 'rslave', 'shared', 'rshared']);
const CONSISTENCY = new Set(['consistent', 'cached', 'delegated']);

/** Go path.Clean for absolute and relative slash paths. */
export function cleanPath(p: string): string {
  const abs = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out.at(-1) !== '..') out.pop();
      else if (!abs) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return abs ? `/${joined}` : joined || '.';
}

/** linuxValidMountMode: each option one of rw/ro, z/Z, a propagation, nocopy, a consistency; one of each kind. */
function validMode(mode: string): boolean {
  if (mode === '') return true;
  const counts = [0, 0, 0, 0, 0];
  for (const o of mode.split(',')) {
    const kind =
      o === 'rw' || o === 'ro'
        ? 0
        : o === 'z' || o === 'Z'
          ? 1
          : PROPAGATIONS.has(o)
            ? 2
            : o === 'nocopy'
              ? 3
              : CONSISTENCY.has(o)
                ? 4
                : -1;
    if (kind < 0) return false;
    counts[kind]!++;
  }
  return counts.every((n) => n <= 1);
}

/** A spec the parser checked, before any volume exists. */
interface Parsed {
  type: 'volume' | 'bind' | 'tmpfs';
  source: string;
  destination: string;
  readOnly: boolean;
  mode: string;
  propagation: string;
  /** The volume's driver options and labels (`--mount volume-opt=…`). */
  driverOpts?: Record<string, string>;
  labels?: Record<string, string>;
  tmpfsOptions?: string;
}

/**
 * validateMountConfigImpl: the checks of one mount, `invalid mount config for
 * type "<type>": …`. `exists` tells whether a host path exists (only asked
 * for `--mount type=bind`: `-v` makes a missing source directory at start).
 */
function validateMount(m: MountSpec, exists?: (path: string) => boolean): void {
  const fail = (why: string) => invalid(`invalid mount config for type "${m.Type ?? ''}": ${why}`);
  const target = m.Target ?? '';
  if (target === '') throw fail('field Target must not be empty');
  if (cleanPath(target) === '/') throw fail("invalid specification: destination can't be '/'");
  if (!target.startsWith('/'))
    throw fail(`invalid mount path: '${target}' mount path must be absolute`);
  const source = m.Source ?? '';
  switch (m.Type) {
    case 'bind': {
      if (source === '') throw fail('field Source must not be empty');
      const propagation = m.BindOptions?.Propagation ?? '';
      if (propagation !== '' && !PROPAGATIONS.has(propagation))
        throw fail(`invalid propagation mode: ${propagation}`);
      if (m.VolumeOptions) throw fail('field VolumeOptions must not be specified');
      if (!source.startsWith('/'))
        throw fail(`invalid mount path: '${source}' mount path must be absolute`);
      if (exists && !exists(source) && !m.BindOptions?.CreateMountpoint)
        throw fail(`bind source path does not exist: ${source}`);
      return;
    }
    case 'volume':
      if (m.BindOptions) throw fail('field BindOptions must not be specified');
      if (m.ReadOnly && source === '')
        throw fail('must not set ReadOnly mode when using anonymous volumes');
      return;
    case 'tmpfs':
      if (m.BindOptions) throw fail('field BindOptions must not be specified');
      if (source !== '') throw fail('field Source must not be specified');
      return;
    case 'image':
      throw invalid(
        'DockScope: --mount type=image is real in Docker 28, but DockScope does not simulate image mounts',
      );
    default:
      throw fail('mount type unknown');
  }
}

/** ConvertTmpfsOptions: `ro`, `mode=<octal>`, `size=<n>[kmg]`, joined by commas. */
function tmpfsData(m: MountSpec): string {
  const out: string[] = [];
  if (m.ReadOnly) out.push('ro');
  const mode = m.TmpfsOptions?.Mode ?? 0;
  if (mode) out.push(`mode=${mode.toString(8)}`);
  let size = m.TmpfsOptions?.SizeBytes ?? 0;
  if (size) {
    let suffix = '';
    for (const [s, d] of [
      ['g', 2 ** 30],
      ['m', 2 ** 20],
      ['k', 2 ** 10],
    ] as const) {
      if (size % d === 0) {
        size /= d;
        suffix = s;
        break;
      }
    }
    out.push(`size=${size}${suffix}`);
  }
  return out.join(',');
}

function fromSpec(m: MountSpec): Parsed {
  const type = m.Type as Parsed['type'];
  return {
    type,
    source: type === 'bind' ? cleanPath(m.Source ?? '') : (m.Source ?? ''),
    destination: cleanPath(m.Target ?? ''),
    readOnly: !!m.ReadOnly,
    mode: '',
    propagation: type === 'bind' ? m.BindOptions?.Propagation || 'rprivate' : '',
    driverOpts: { ...(m.VolumeOptions?.DriverConfig?.Options ?? {}) },
    labels: { ...(m.VolumeOptions?.Labels ?? {}) },
    tmpfsOptions: type === 'tmpfs' ? tmpfsData(m) : undefined,
  };
}

/**
 * linuxParser.ParseMountRaw: `[source:]destination[:mode]`. A source that is
 * an absolute path is a bind mount; a name is a volume; none, an anonymous volume.
 */
export function parseBind(raw: string): Parsed {
  const spec = () => `invalid volume specification: '${raw}'`;
  const parts = splitN(raw, ':', 4);
  if (parts[0] === '') throw systemError(spec());
  let source = '';
  let target: string;
  let mode = '';
  switch (parts.length) {
    case 1:
      target = parts[0]!;
      break;
    case 2:
      if (validMode(parts[1]!)) throw systemError(spec());
      source = parts[0]!;
      target = parts[1]!;
      break;
    case 3:
      source = parts[0]!;
      target = parts[1]!;
      mode = parts[2]!;
      break;
    default:
      throw systemError(spec());
  }
  if (!validMode(mode)) throw systemError(`invalid mode: ${mode}`);
  const options = mode.split(',');
  const m: MountSpec = {
    Type: source.startsWith('/') ? 'bind' : 'volume',
    Source: source,
    Target: target,
    ReadOnly: options.includes('ro'),
  };
  const propagation = options.find((o) => PROPAGATIONS.has(o));
  if (propagation) m.BindOptions = { Propagation: propagation };
  try {
    validateMount(m);
  } catch (e) {
    if (e instanceof DaemonError) throw systemError(`${spec()}: ${e.message}`);
    throw e;
  }
  return { ...fromSpec(m), mode };
}

/** Go strings.SplitN. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

/** Whether a host path exists on the daemon's machine (the kernel's view of its files). */
export const hostPathExists = (host: Host) => (path: string) => host.dirs.exists(path);

/**
 * validateHostConfig's part: every `--mount` checked before the image is
 * looked up, a bind's source on the host included (a 400).
 */
export function validateMounts(host: Host, mounts: readonly MountSpec[]): void {
  for (const m of mounts) validateMount(m, hostPathExists(host));
}

/**
 * registerMountPoints, then the image's VOLUMEs (createContainerOSSpecificSettings):
 * binds first, then `--mount`s, a destination only once; named volumes are
 * created when missing, the image's VOLUMEs and `-v /dir` get anonymous ones.
 */
export function* registerMounts(
  host: Host,
  caller: Caller,
  req: {
    binds: readonly string[];
    mounts: readonly MountSpec[];
    tmpfs: Readonly<Record<string, string>>;
    /** The body's `Volumes` (`-v /data` with no source) and the image's. */
    volumes: readonly string[];
  },
  image: ImageRecord,
): Task<MountPoint[]> {
  const points: MountPoint[] = [];
  const taken = new Set<string>();
  const duplicate = (d: string) => invalid(`Duplicate mount point: ${d}`);
  // As moby's loops: each spec checked and its volume created in turn, so a volume named
  // before a bad spec exists afterwards (only the container is cleaned up).
  for (const b of req.binds) {
    const p = parseBind(b);
    if (taken.has(p.destination) || Object.hasOwn(req.tmpfs, p.destination))
      throw duplicate(p.destination);
    taken.add(p.destination);
    points.push(yield* mountPoint(host, caller, p));
  }
  for (const m of req.mounts) {
    const p = fromSpec(m);
    if (taken.has(p.destination)) throw duplicate(m.Target ?? '');
    taken.add(p.destination);
    points.push(yield* mountPoint(host, caller, p));
  }
  // The body's Volumes (`-v /data`) and the image's VOLUMEs: an anonymous volume each,
  // unless a mount is there already.
  const wanted = [...req.volumes, ...Object.keys(image.config.Volumes ?? {})];
  for (const spec of wanted) {
    const destination = cleanPath(spec);
    if (points.some((m) => m.Destination === destination)) continue;
    if (Object.hasOwn(req.tmpfs, destination)) continue;
    const v = yield* createVolume(host, caller, { name: '', driver: '', options: {}, labels: {} });
    points.push({
      Type: 'volume',
      Name: v.name,
      Source: `${host.daemon.dataRoot}/volumes/${v.name}/_data`,
      Destination: destination,
      Driver: 'local',
      Mode: '',
      RW: true,
      Propagation: '',
      anonymous: true,
    });
  }
  return points;
}

/** One checked spec as a mount point; a volume is created when it does not exist yet. */
function* mountPoint(host: Host, caller: Caller, p: Parsed): Task<MountPoint> {
  if (p.type === 'bind')
    return {
      Type: 'bind',
      Source: p.source,
      Destination: p.destination,
      Mode: p.mode,
      RW: !p.readOnly,
      Propagation: p.propagation,
    };
  if (p.type === 'tmpfs')
    return {
      Type: 'tmpfs',
      Source: '',
      Destination: p.destination,
      Mode: '',
      RW: !p.readOnly,
      Propagation: '',
      tmpfsOptions: p.tmpfsOptions,
    };
  const v = yield* createVolume(host, caller, {
    name: p.source,
    driver: 'local',
    options: p.driverOpts ?? {},
    labels: p.labels ?? {},
  });
  return {
    Type: 'volume',
    Name: v.name,
    Source: `${host.daemon.dataRoot}/volumes/${v.name}/_data`,
    Destination: p.destination,
    Driver: 'local',
    Mode: p.mode || 'z',
    RW: !p.readOnly,
    Propagation: '',
    anonymous: p.source === '',
  };
}

/** `Mounts` in container inspect (types.MountPoint): the container's mount points, Go's field order. */
export function mountsOf(c: ContainerRecord) {
  return (c.mounts ?? []).map((m) => ({
    Type: m.Type,
    ...(m.Name ? { Name: m.Name } : {}),
    Source: m.Source,
    Destination: m.Destination,
    ...(m.Driver ? { Driver: m.Driver } : {}),
    Mode: m.Mode,
    RW: m.RW,
    Propagation: m.Propagation,
  }));
}

/**
 * The spec's entries for the container's own mounts (moby setupMounts +
 * WithMounts): volumes and binds as `rbind` mounts of the host directory,
 * `rro` when read-only, then a bind's propagation; a tmpfs with `noexec,nosuid,nodev`
 * and its options (buildOciSpec sorts them with the network files).
 */
export function specMounts(c: ContainerRecord): OciSpec['mounts'] {
  const out: OciSpec['mounts'] = [];
  for (const m of c.mounts ?? []) {
    if (m.Type === 'tmpfs') {
      out.push({
        destination: m.Destination,
        type: 'tmpfs',
        source: 'tmpfs',
        options: [
          'noexec',
          'nosuid',
          'nodev',
          ...(m.tmpfsOptions ? m.tmpfsOptions.split(',') : []),
        ],
      });
      continue;
    }
    // Read-only is recursive (`rro`): the kernel (6.8) and runc 1.2 support it, so moby asks
    // for it. A propagation only when the mount point has one: binds do, volumes do not.
    const options = ['rbind'];
    if (!m.RW) options.push('rro');
    if (m.Propagation) options.push(m.Propagation);
    out.push({ destination: m.Destination, type: 'bind', source: m.Source, options });
  }
  for (const [dest, data] of Object.entries(c.hostConfig.Tmpfs ?? {}))
    out.push({
      destination: dest,
      type: 'tmpfs',
      source: 'tmpfs',
      options: tmpfsSpecOptions(data),
    });
  return out;
}

/**
 * A tmpfs's options in the spec (oci_linux.go): `noexec,nosuid,nodev`, the
 * default propagation, then the user's; a later value of an option replaces
 * an earlier one (mount.MergeTmpfsOptions).
 */
function tmpfsSpecOptions(data: string): string[] {
  const all = ['noexec', 'nosuid', 'nodev', 'rprivate', ...(data ? data.split(',') : [])];
  // A flag and its opposite share one mount flag (exec/noexec); the propagations share one slot.
  const OPPOSITE: Record<string, string> = {
    exec: 'noexec',
    suid: 'nosuid',
    dev: 'nodev',
    rw: 'ro',
  };
  const key = (o: string) =>
    PROPAGATIONS.has(o)
      ? 'propagation'
      : (OPPOSITE[o] ?? (o.includes('=') ? o.slice(0, o.indexOf('=')) : o));
  return all.filter((o, i) => !all.slice(i + 1).some((later) => key(later) === key(o)));
}

/**
 * moby's sortMounts: by the destination's depth, parents before what is
 * mounted inside them. Go's sort.Sort does not keep the order of equals;
 * DockScope keeps it (a stable sort).
 */
export function byDepth(mounts: OciSpec['mounts']): OciSpec['mounts'] {
  const depth = (p: string) => p.split('/').length;
  return [...mounts].sort((a, b) => depth(a.destination) - depth(b.destination));
}

/**
 * At start, before the spec (MountPoint.Setup): a `-v` bind whose source
 * directory is missing gets it made (`--mount type=bind` was refused at create instead).
 */
export function* prepareMounts(host: Host, caller: Caller, c: ContainerRecord): Task<void> {
  for (const m of c.mounts ?? []) {
    if (m.Type !== 'bind' || host.dirs.exists(m.Source)) continue;
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: `mkdirat ${m.Source} (MkdirAll)`,
      op: 'kernel.volume.bindsource',
      subjects: aboutContainer(c.id),
      request: { call: 'dir.create', path: m.Source, what: `${m.Source} created` },
      summary: `the bind mount's source ${m.Source} does not exist on the host: dockerd creates it (-v does that; --mount type=bind refuses)`,
    });
  }
}

/**
 * After `docker rm` (removeMountPoints): the container's references to its
 * volumes go; with `-v` (or `--rm`) its anonymous volumes are removed too,
 * unless another container uses one. Named volumes always stay.
 */
export function* releaseVolumes(
  host: Host,
  caller: Caller,
  mounts: readonly MountPoint[],
  removeAnonymous: boolean,
): Task<void> {
  if (!removeAnonymous) return;
  const d = contextOf<DockerdState>(host.dockerd);
  for (const m of mounts) {
    if (m.Type !== 'volume' || !m.anonymous || !m.Name) continue;
    if (volumeUsers(d, m.Name).length > 0) continue;
    yield* removeVolume(host, caller, m.Name, true);
  }
}

/**
 * The create route's step after the container's layers exist: register its
 * mounts and record them; on a bad spec, dockerd removes the half-made
 * container (and any anonymous volume it got) before answering the error.
 */
export function* setUpMounts(
  host: Host,
  caller: Caller,
  c: ContainerRecord,
  body: {
    Volumes?: Record<string, object> | null;
    HostConfig?: {
      Binds?: string[] | null;
      Mounts?: MountSpec[] | null;
      Tmpfs?: Record<string, string> | null;
    } | null;
  },
  image: ImageRecord,
): Task<void> {
  let mounts: MountPoint[];
  try {
    mounts = yield* registerMounts(
      host,
      caller,
      {
        binds: body.HostConfig?.Binds ?? [],
        mounts: body.HostConfig?.Mounts ?? [],
        tmpfs: body.HostConfig?.Tmpfs ?? {},
        volumes: Object.keys(body.Volumes ?? {}),
      },
      image,
    );
  } catch (e) {
    if (e instanceof DaemonError) yield* removeContainer(host, caller, c.id, true, true);
    throw e;
  }
  if (mounts.length > 0)
    commit(host.dockerd, { type: 'container.updated', id: c.id, patch: { mounts } });
}
