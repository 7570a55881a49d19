/**
 * dockerd's volume store with the `local` driver (moby `volume/service`,
 * `volume/local`): creating, finding, listing and removing volumes, and the
 * JSON the Engine API answers with. A local volume is a directory,
 * `<data-root>/volumes/<name>/_data`; dockerd makes and deletes it through
 * the kernel, and keeps the volume's name, labels and options in its memory
 * (moby also keeps them in `<data-root>/volumes/metadata.db`, a bolt
 * database DockScope does not draw).
 */
import { emitVolumeEvent } from './events';
import { RE2JS } from 're2js';
import type { Caller } from '../core/network';
import type { Task } from '../core/scheduler';
import type { Host } from '../host';
import { commit, contextOf } from '../core/actors';
import { dict, dictFrom } from '../core/records';
import { DaemonError, conflict, invalid, notFound } from './errors';
import type { ContainerRecord, DockerdState, VolumeRecord } from './model';
import type { Filters } from './psFilters';

/** moby `AnonymousLabel`: what marks a volume dockerd named itself (`volume prune` removes only these). */
export const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

/** The `local` driver's directory for a volume's data: the Mountpoint, and what a container mounts. */
export const volumeDataDir = (dataRoot: string, name: string) =>
  `${dataRoot}/volumes/${name}/_data`;

/** The volume's own directory (`_data`'s parent): what removing the volume deletes. */
export const volumeDir = (dataRoot: string, name: string) => `${dataRoot}/volumes/${name}`;

const state = (host: Host) => contextOf<DockerdState>(host.dockerd);

/** names.RestrictedNamePattern, which the local driver checks names against. */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
/** The local driver's options (volume/local/local_unix.go validOpts). */
const VALID_OPTS = new Set(['type', 'o', 'device', 'size']);

/** The containers that refer to a volume (moby's volume store references), in creation order. */
export function volumeUsers(d: DockerdState, name: string): ContainerRecord[] {
  return Object.values(d.containers)
    .filter((c) => c.mounts?.some((m) => m.Type === 'volume' && m.Name === name))
    .sort((a, b) => a.created - b.created);
}

/**
 * The Engine API's Volume object (api/types/volume.Volume), fields in Go's
 * order. Labels and Options are null when the create request had none.
 */
export function volumeView(host: Host, v: VolumeRecord) {
  return {
    CreatedAt: rfc3339(host.wallClock - host.scheduler.now + v.createdAt),
    Driver: v.driver,
    Labels: Object.keys(v.labels).length ? v.labels : null,
    Mountpoint: volumeDataDir(host.daemon.dataRoot, v.name),
    Name: v.name,
    Options: Object.keys(v.options).length ? v.options : null,
    Scope: 'local',
  };
}

/** Go's time.RFC3339 of a UTC time: whole seconds, `Z`. */
function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** moby `VolumesService.Get`: `get <name>: no such volume` (404) when there is none. */
export function findVolume(d: DockerdState, name: string): VolumeRecord {
  const v = Object.hasOwn(d.volumes, name) ? d.volumes[name] : undefined;
  if (!v) throw notFound(`get ${name}: no such volume`);
  return v;
}

export interface CreateVolume {
  /** Empty: an anonymous volume, named with 64 random hex digits. */
  name: string;
  driver: string;
  options: Record<string, string>;
  labels: Record<string, string>;
}

/**
 * moby `VolumesService.Create` → `VolumeStore.Create` → local `Root.Create`:
 * a name that exists already gives that volume back unchanged (labels and
 * options are not updated); a new one gets its directory made through the kernel.
 */
export function* createVolume(host: Host, caller: Caller, req: CreateVolume): Task<VolumeRecord> {
  let name = req.name;
  const labels = dictFrom(Object.entries(req.labels));
  if (name === '') {
    name = host.rng.hex(64);
    labels[ANONYMOUS_LABEL] = '';
  }
  const driver = req.driver || 'local';
  const fail = (e: DaemonError) => new DaemonError(e.kind, `create ${name}: ${e.message}`);
  if (driver !== 'local') {
    throw fail(notFound(`error looking up volume plugin ${driver}: plugin "${driver}" not found`));
  }
  const existing = Object.hasOwn(state(host).volumes, name) ? state(host).volumes[name] : undefined;
  if (existing) return existing;
  if (name.length === 1)
    throw fail(
      invalid('volume name is too short, names should be at least two alphanumeric characters'),
    );
  if (!VOLUME_NAME.test(name))
    throw fail(
      invalid(
        `"${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
      ),
    );
  for (const key of Object.keys(req.options))
    if (!VALID_OPTS.has(key)) throw fail(invalid(`invalid option: "${key}"`));
  // A size asks for a project quota: the simulated host's /var/lib/docker is on ext4 mounted
  // without prjquota, as most are, so the local driver has no quota support.
  if (Object.hasOwn(req.options, 'size')) {
    const size = ramInBytes(req.options.size!);
    if (size === undefined) throw fail(invalid(`invalid size: '${req.options.size}'`));
    if (size > 0) throw fail(invalid('quota size requested but no quota support'));
  }
  for (const [opt, needs] of [
    ['device', ['type']],
    ['type', ['device']],
    ['o', ['device', 'type']],
  ] as const)
    if (Object.hasOwn(req.options, opt))
      for (const need of needs)
        if (!Object.hasOwn(req.options, need))
          throw fail(invalid(`missing required option: "${need}"`));
  const data = volumeDataDir(host.daemon.dataRoot, name);
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `mkdirat ${data} (MkdirAll)`,
    op: 'kernel.volume.create',
    subjects: { volume: name },
    request: { call: 'dir.create', path: data, what: `${data} created` },
    summary: `the local volume driver makes the volume's directory ${data}`,
  });
  const volume: VolumeRecord = {
    name,
    driver: 'local',
    labels,
    options: dictFrom(Object.entries(req.options)),
    createdAt: host.scheduler.now,
  };
  commit(host.dockerd, { type: 'volume.created', volume });
  // ── obs ──
  emitVolumeEvent(host, volume.name, 'create', { driver: volume.driver });
  return volume;
}

/**
 * moby `VolumesService.Remove`: a volume a container refers to (running or
 * not) is refused with its references; `force` makes a missing one no error.
 */
export function* removeVolume(
  host: Host,
  caller: Caller,
  name: string,
  force: boolean,
): Task<boolean> {
  return (yield* removeVolumeSized(host, caller, name, force)) !== undefined;
}

/**
 * removeVolume, answering the bytes that were in the volume (what prune
 * reports as reclaimed), or undefined when there was no volume (with force).
 */
export function* removeVolumeSized(
  host: Host,
  caller: Caller,
  name: string,
  force: boolean,
): Task<number | undefined> {
  const d = state(host);
  const v = Object.hasOwn(d.volumes, name) ? d.volumes[name] : undefined;
  if (!v) {
    if (force) return undefined;
    throw notFound(`get ${name}: no such volume`);
  }
  const users = volumeUsers(d, name);
  if (users.length > 0)
    throw conflict(`remove ${name}: volume is in use - [${users.map((c) => c.id).join(', ')}]`);
  const dir = volumeDir(host.daemon.dataRoot, name);
  // What moby's prune measures first (directory.Size of the volume's path): the kernel's files.
  const size = host.dirs.sizeUnder(volumeDataDir(host.daemon.dataRoot, name));
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `unlinkat ${dir} (os.RemoveAll)`,
    op: 'kernel.volume.remove',
    subjects: { volume: name },
    request: { call: 'dir.remove', path: dir, what: `${dir} removed, with everything in it` },
    summary: `the local volume driver deletes ${dir} and the data in it`,
  });
  commit(host.dockerd, { type: 'volume.removed', name });
  // ── obs ──
  emitVolumeEvent(host, name, 'destroy', { driver: 'local' });
  return size;
}

/** moby acceptedListFilters / acceptedPruneFilters. */
export const LIST_FILTERS = new Set(['dangling', 'name', 'driver', 'label']);
export const PRUNE_FILTERS = new Set(['label', 'label!', 'all']);

/** A Go regexp (RE2, as re2js runs it) found anywhere in the text; a bad one matches nothing. */
function found(pattern: string, text: string): boolean {
  try {
    return RE2JS.compile(pattern).matcher(text).find();
  } catch {
    return false;
  }
}

/** filters.Args.GetBoolOrDefault: `1`/`true` or `0`/`false`, not both and not neither. */
function boolFilter(filters: Filters, key: string): boolean | undefined {
  const values = filters[key];
  if (values === undefined) return undefined;
  if (values.length === 0) throw invalid(`invalid filter '${key}'`);
  const isFalse = values.includes('0') || values.includes('false');
  const isTrue = values.includes('1') || values.includes('true');
  if (isFalse === isTrue) throw invalid(`invalid filter '${key}=[${values.join(' ')}]'`);
  return isTrue;
}

/** filters.Args.MatchKVList: every `key` or `key=value` of the filter is among the labels. */
function matchLabels(wanted: readonly string[] | undefined, labels: Record<string, string>) {
  if (!wanted || wanted.length === 0) return true;
  return wanted.every((w) => {
    const eq = w.indexOf('=');
    const key = eq < 0 ? w : w.slice(0, eq);
    if (!Object.hasOwn(labels, key)) return false;
    return eq < 0 || labels[key] === w.slice(eq + 1);
  });
}

/** The volumes `GET /volumes` lists under these filters (moby filtersToBy). */
export function filterVolumes(d: DockerdState, filters: Filters): VolumeRecord[] {
  const dangling = boolFilter(filters, 'dangling');
  const names = filters.name;
  return Object.values(d.volumes).filter((v) => {
    if (filters.driver?.length && !filters.driver.includes(v.driver)) return false;
    // filters.Args.Match: the value equals the name, or is a regexp found in it.
    if (names?.length && !names.some((n) => v.name === n || found(n, v.name))) return false;
    if (!matchLabels(filters.label, v.labels)) return false;
    if (dangling !== undefined && (volumeUsers(d, v.name).length === 0) !== dangling) return false;
    return true;
  });
}

/**
 * `POST /volumes/prune` (moby VolumesService.Prune): local volumes no
 * container refers to, created without driver options; only anonymous ones
 * unless the `all` filter is true (API 1.42 and later).
 */
export function pruneCandidates(d: DockerdState, filters: Filters): VolumeRecord[] {
  const all = filters.all;
  let everything = false;
  if (all !== undefined) {
    if (all.length > 1)
      throw invalid(`invalid filter 'all=[${all.join(' ')}]': only one value is expected`);
    if (all.length === 1) {
      const b = parseGoBool(all[0]!);
      if (b === undefined)
        throw invalid(
          `invalid filter 'all': strconv.ParseBool: parsing "${all[0]}": invalid syntax`,
        );
      everything = b;
    }
  }
  const labels = everything ? (filters.label ?? []) : [...(filters.label ?? []), ANONYMOUS_LABEL];
  return Object.values(d.volumes).filter(
    (v) =>
      volumeUsers(d, v.name).length === 0 &&
      Object.keys(v.options).length === 0 &&
      matchLabels(labels, v.labels) &&
      !(filters['label!']?.length && matchLabels(filters['label!'], v.labels)),
  );
}

/** go-units RAMInBytes: a number and an optional binary unit (`512m`, `1GiB`). */
function ramInBytes(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?$/i.exec(s);
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * 1024 ** ' kmgtp'.indexOf((m[2] || ' ').toLowerCase()));
}

/** Go strconv.ParseBool. */
function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

/** A volume's labels as the API body gave them (a null-prototype copy). */
export const labelsOf = (m: Record<string, string> | null | undefined) =>
  dictFrom(Object.entries(m ?? dict<string>()));
