/**
 * The classic image store: the overlay2 graph driver, Engine 28's own default
 * (`"features": {"containerd-snapshotter": false}` in daemon.json, or no
 * `features` at all on a real host). dockerd keeps everything itself, as moby
 * 28's layer/ and daemon/graphdriver/overlay2 do; containerd only runs tasks:
 *
 * - the layer store: /var/lib/docker/image/overlay2/layerdb/sha256/<chain ID>/
 *   (cache-id, diff, size, parent) and, per container, layerdb/mounts/<id>/
 *   (mount-id, init-id, parent);
 * - the graph driver: /var/lib/docker/overlay2/<cache-id>/ with diff/ (the
 *   layer's files), link (its short name), lower (the short names below it)
 *   and work/; /var/lib/docker/overlay2/l/<short name> → ../<cache-id>/diff,
 *   so the mount options fit in a page;
 * - a container's read-write layer: `<mount-id>-init` (the files Docker puts
 *   in every container) under `<mount-id>`, whose merged/ dockerd mounts and
 *   the spec's root.path names.
 *
 * Cache and mount IDs are random (stringid.GenerateRandomID), never a digest
 * nor the container's ID.
 */
import type { Host } from '../host';
import type { Caller } from '../core/network';
import type { Task } from '../core/scheduler';
import type { Op } from '../core/types';
import { commit, contextOf } from '../core/actors';
import { aboutContainer } from '../trace/operations';
import { chainIds } from '../image/digest';
import type { ContainerRecord, DockerdState, GraphLayer, GraphMount, ImageRecord } from './model';

const state = (host: Host) => contextOf<DockerdState>(host.dockerd);

/** Whether the running dockerd uses the overlay2 graph driver (else the containerd store). */
export const usesGraphDriver = (host: Host): boolean => state(host).driver === 'overlay2';

/** The graph driver's home, `<data-root>/overlay2`. */
export const overlayHome = (host: Host) => `${host.daemon.dataRoot}/overlay2`;
/** The layer store's metadata, `<data-root>/image/overlay2`. */
export const imageRoot = (host: Host) => `${host.daemon.dataRoot}/image/overlay2`;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** overlayutils.GenerateID(26): the short name of a layer's link under l/. */
function shortLink(host: Host): string {
  let out = '';
  for (let i = 0; i < 26; i++) out += BASE32[host.rng.int(0, 31)];
  return out;
}

/** The kernel call of a layer directory operation, one message each. */
function* kernel(
  caller: Caller,
  operation: string,
  op: Op,
  request: object,
  summary: string,
  container?: string,
): Task<void> {
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation,
    op,
    ...(container ? { subjects: aboutContainer(container) } : {}),
    request,
    summary,
  });
}

/**
 * dockerd starts with overlay2: the driver's home with its l/ directory, the
 * layer and image databases, and the download directory (TMPDIR is
 * <data-root>/tmp).
 */
export function* initGraphDriver(host: Host, caller: Caller): Task<void> {
  const root = host.daemon.dataRoot;
  yield* kernel(
    caller,
    `mkdir ${root}/{overlay2/l,image/overlay2/{imagedb,layerdb},tmp}`,
    'kernel.overlay2.init',
    {
      call: 'layerdb.write',
      dirs: [
        `${overlayHome(host)}/l`,
        `${imageRoot(host)}/imagedb/content/sha256`,
        `${imageRoot(host)}/imagedb/metadata/sha256`,
        `${imageRoot(host)}/layerdb/sha256`,
        `${imageRoot(host)}/layerdb/mounts`,
        `${imageRoot(host)}/layerdb/tmp`,
        `${root}/tmp`,
      ],
      files: [],
      what: `${root}/overlay2 and ${root}/image/overlay2 are ready`,
    },
    'the overlay2 graph driver starts: dockerd makes its home (with l/ for the short links), the layer and image databases, and the directory downloads go to',
  );
}

/** The short names of a layer and every layer below it, top first (overlay2's `lower`). */
function lowerOf(s: DockerdState, chainId: string | undefined): string[] {
  const out: string[] = [];
  for (let c = chainId; c; c = s.graphLayers[c]?.parent) {
    const l = s.graphLayers[c];
    if (!l) break;
    out.push(`l/${l.link}`);
  }
  return out;
}

/** The `diff` directories of a layer and every layer below it, top first (GetMetadata's LowerDir). */
function diffDirsOf(host: Host, chainId: string | undefined): string[] {
  const s = state(host);
  const out: string[] = [];
  for (let c = chainId; c; c = s.graphLayers[c]?.parent) {
    const l = s.graphLayers[c];
    if (!l) break;
    out.push(`${overlayHome(host)}/${l.cacheId}/diff`);
  }
  return out;
}

/**
 * Register a downloaded layer (layer store RegisterWithDescriptor): a new
 * cache ID, overlay2's Create on top of its parent, ApplyDiff (the gzipped
 * tar, read from <data-root>/tmp, unpacked into diff/), and its layerdb entry.
 */
export function* registerLayer(
  host: Host,
  caller: Caller,
  layer: { chainId: string; diffId: string; parent?: string; size: number; digest: string },
  summary: string,
  subjects: { image: string; layer: string },
): Task<GraphLayer> {
  const held = state(host).graphLayers[layer.chainId];
  if (held) return held; // another pull registered the same chain meanwhile
  const cacheId = host.rng.hex(64);
  const link = shortLink(host);
  const lower = lowerOf(state(host), layer.parent);
  const db = `${imageRoot(host)}/layerdb/sha256/${layer.chainId.slice(7)}`;
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `mkdir ${overlayHome(host)}/${cacheId.slice(0, 12)}…/diff; tar -x (ApplyDiff)`,
    op: 'kernel.overlay2.layer',
    subjects,
    request: {
      call: 'overlay2.create',
      home: overlayHome(host),
      id: cacheId,
      link,
      ...(layer.parent ? { lower: lower.join(':') } : {}),
      chainId: layer.chainId,
      files: [
        { path: `${db}/cache-id`, content: cacheId },
        { path: `${db}/diff`, content: layer.diffId },
        { path: `${db}/size`, content: String(layer.size) },
        ...(layer.parent ? [{ path: `${db}/parent`, content: layer.parent }] : []),
      ],
      what: `layer ${layer.chainId.slice(7, 19)} is in ${overlayHome(host)}/${cacheId.slice(0, 12)}…/diff`,
    },
    summary,
  });
  const registered: GraphLayer = {
    chainId: layer.chainId,
    diffId: layer.diffId,
    ...(layer.parent ? { parent: layer.parent } : {}),
    cacheId,
    link,
    size: layer.size,
    digest: layer.digest,
  };
  commit(host.dockerd, { type: 'graph.layerRegistered', layer: registered });
  return registered;
}

/** The image's top layer, by chain ID, if the layer store holds it. */
const topChainOf = (s: DockerdState, image: ImageRecord): string | undefined => {
  const top = chainIds(image.layers.map((l) => l.diffId)).at(-1);
  return top && s.graphLayers[top] ? top : undefined;
};

/**
 * `docker create` (layer store CreateRWLayer): a random mount ID; the init
 * layer `<mount-id>-init` on top of the image (Docker's empty /etc/hosts,
 * /etc/hostname, /etc/resolv.conf, /.dockerenv and the mount points, written
 * while it is mounted once), then the read-write layer `<mount-id>` on it,
 * and layerdb/mounts/<container ID>.
 */
export function* createRwLayer(host: Host, caller: Caller, c: ContainerRecord): Task<void> {
  const s = state(host);
  const image = s.images[c.imageId]!;
  const parent = topChainOf(s, image) ?? '';
  const mountId = host.rng.hex(64);
  const initLink = shortLink(host);
  const link = shortLink(host);
  const lower = lowerOf(s, parent);
  yield* kernel(
    caller,
    `mkdir ${overlayHome(host)}/${mountId.slice(0, 12)}…-init/{diff,work}`,
    'kernel.overlay2.init-layer',
    {
      call: 'overlay2.create',
      home: overlayHome(host),
      id: `${mountId}-init`,
      link: initLink,
      lower: lower.join(':'),
      what: `${mountId.slice(0, 12)}…-init holds the files Docker puts in every container`,
    },
    'dockerd makes the init layer on top of the image: the empty /etc/hosts, /etc/hostname, /etc/resolv.conf, /.dockerenv and the other mount points every container has (written while it is mounted once)',
    c.id,
  );
  const mounts = `${imageRoot(host)}/layerdb/mounts/${c.id}`;
  yield* kernel(
    caller,
    `mkdir ${overlayHome(host)}/${mountId.slice(0, 12)}…/{diff,work}`,
    'kernel.overlay2.rw-layer',
    {
      call: 'overlay2.create',
      home: overlayHome(host),
      id: mountId,
      link,
      lower: [`l/${initLink}`, ...lower].join(':'),
      files: [
        { path: `${mounts}/mount-id`, content: mountId },
        { path: `${mounts}/init-id`, content: `${mountId}-init` },
        ...(parent ? [{ path: `${mounts}/parent`, content: parent }] : []),
      ],
      what: `${mountId.slice(0, 12)}… is ${c.name}'s writable layer`,
    },
    "dockerd makes the container's writable layer on top of the init layer, and records it in layerdb/mounts",
    c.id,
  );
  const mount: GraphMount = { mountId, link, initLink, parent };
  commit(host.dockerd, { type: 'graph.mountCreated', containerId: c.id, mount });
}

/** Where a container's root is mounted with overlay2: `<home>/<mount-id>/merged`. */
export function mergedDir(host: Host, containerId: string): string {
  const m = state(host).graphMounts[containerId];
  return `${overlayHome(host)}/${m?.mountId ?? containerId}/merged`;
}

/** overlay2's Get: its mount options (index=off, the short links below, its diff and work). */
export function graphMountOptions(host: Host, containerId: string): string[] {
  const s = state(host);
  const m = s.graphMounts[containerId];
  if (!m) return [];
  const home = overlayHome(host);
  const lowers = [`l/${m.initLink}`, ...lowerOf(s, m.parent)].map((l) => `${home}/${l}`);
  return [
    'index=off',
    `lowerdir=${lowers.join(':')}`,
    `upperdir=${home}/${m.mountId}/diff`,
    `workdir=${home}/${m.mountId}/work`,
  ];
}

/** `docker rm` (ReleaseRWLayer): overlay2 Remove of the writable layer and the init layer. */
export function* removeRwLayer(host: Host, caller: Caller, containerId: string): Task<void> {
  const m = state(host).graphMounts[containerId];
  if (!m) return;
  const home = overlayHome(host);
  yield* kernel(
    caller,
    `unlinkat ${home}/l/${m.link}; unlinkat ${home}/${m.mountId.slice(0, 12)}… (os.RemoveAll)`,
    'kernel.overlay2.remove',
    {
      call: 'overlay2.remove',
      home,
      id: m.mountId,
      link: m.link,
      also: `${imageRoot(host)}/layerdb/mounts/${containerId}`,
      what: `${m.mountId.slice(0, 12)}… removed`,
    },
    "dockerd deletes the container's writable layer directory, and everything the container wrote with it",
    containerId,
  );
  yield* kernel(
    caller,
    `unlinkat ${home}/l/${m.initLink}; unlinkat ${home}/${m.mountId.slice(0, 12)}…-init (os.RemoveAll)`,
    'kernel.overlay2.remove',
    {
      call: 'overlay2.remove',
      home,
      id: `${m.mountId}-init`,
      link: m.initLink,
      what: `${m.mountId.slice(0, 12)}…-init removed`,
    },
    'and its init layer',
    containerId,
  );
  commit(host.dockerd, { type: 'graph.mountRemoved', containerId });
}

/**
 * `docker rmi` of the last name (layer store Release): each layer no other
 * image stands on goes, top first: its directory, its short link, its layerdb entry.
 */
export function* releaseImageLayers(host: Host, caller: Caller, image: ImageRecord): Task<number> {
  const s = state(host);
  const inUse = new Set<string>();
  for (const other of Object.values(s.images)) {
    if (other.id === image.id) continue;
    for (let c = topChainOf(s, other); c; c = s.graphLayers[c]?.parent) inUse.add(c);
  }
  for (const m of Object.values(s.graphMounts))
    for (let c: string | undefined = m.parent; c; c = s.graphLayers[c]?.parent) inUse.add(c);
  let removed = 0;
  for (let c = topChainOf(s, image); c && !inUse.has(c);) {
    const l = s.graphLayers[c]!;
    const home = overlayHome(host);
    yield* caller.call({
      to: 'kernel',
      protocol: 'syscall',
      operation: `unlinkat ${home}/l/${l.link}; unlinkat ${home}/${l.cacheId.slice(0, 12)}… (os.RemoveAll)`,
      op: 'kernel.overlay2.remove',
      subjects: { image: image.id, layer: l.chainId },
      request: {
        call: 'overlay2.remove',
        home,
        id: l.cacheId,
        link: l.link,
        also: `${imageRoot(host)}/layerdb/sha256/${l.chainId.slice(7)}`,
        what: `layer ${l.chainId.slice(7, 19)} removed`,
      },
      summary: `no image or container stands on layer ${l.chainId.slice(7, 19)} any more: dockerd deletes its directory and its layerdb entry`,
    });
    commit(host.dockerd, { type: 'graph.layerReleased', chainId: c });
    removed++;
    c = l.parent;
  }
  return removed;
}

/** GraphDriver of a container's inspect with overlay2 (GetMetadata of its writable layer). */
export function containerGraphDriver(host: Host, containerId: string) {
  const m = state(host).graphMounts[containerId];
  if (!m) return { Data: null, Name: 'overlay2' };
  const home = overlayHome(host);
  const lower = [`${home}/${m.mountId}-init/diff`, ...diffDirsOf(host, m.parent)];
  return {
    Data: {
      LowerDir: lower.join(':'),
      MergedDir: `${home}/${m.mountId}/merged`,
      UpperDir: `${home}/${m.mountId}/diff`,
      WorkDir: `${home}/${m.mountId}/work`,
    },
    Name: 'overlay2',
  };
}

/** GraphDriver of an image's inspect with overlay2 (GetMetadata of its top layer). */
export function imageGraphDriver(host: Host, image: ImageRecord) {
  const top = topChainOf(state(host), image);
  const l = top ? state(host).graphLayers[top] : undefined;
  if (!l) return { Data: null, Name: 'overlay2' };
  const home = overlayHome(host);
  const lower = diffDirsOf(host, l.parent);
  return {
    Data: {
      ...(lower.length > 0 ? { LowerDir: lower.join(':') } : {}),
      MergedDir: `${home}/${l.cacheId}/merged`,
      UpperDir: `${home}/${l.cacheId}/diff`,
      WorkDir: `${home}/${l.cacheId}/work`,
    },
    Name: 'overlay2',
  };
}

/** The writable layer and the layers under it, for `docker diff` with overlay2 (no containerd). */
export function graphChangesDirs(host: Host, containerId: string) {
  const m = state(host).graphMounts[containerId];
  const home = overlayHome(host);
  return {
    upperdir: m ? `${home}/${m.mountId}/diff` : '',
    lowerdirs: m
      ? [`${home}/l/${m.initLink}`, ...lowerOf(state(host), m.parent).map((l) => `${home}/${l}`)]
      : [],
  };
}

/**
 * The image store's own files once a pull is done: the config under
 * imagedb/content (the image ID is its digest) and the names in repositories.json.
 */
export function* writeImageDb(
  host: Host,
  caller: Caller,
  image: ImageRecord,
  config: string,
): Task<void> {
  const s = state(host);
  const repos: Record<string, Record<string, string>> = {};
  for (const [tag, id] of Object.entries(s.tags)) {
    const repo = tag.replace(/(?::[^:/@]+)?(?:@.*)?$/, '');
    (repos[repo] ??= {})[tag] = id;
    const img = s.images[id];
    for (const d of img?.repoDigests ?? []) if (d.startsWith(`${repo}@`)) repos[repo][d] = id;
  }
  yield* caller.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `write ${imageRoot(host)}/{imagedb/content/sha256/${image.id.slice(7, 19)}…,repositories.json}`,
    op: 'kernel.imagedb.write',
    subjects: { image: image.repoTags[0] ?? image.id },
    request: {
      call: 'layerdb.write',
      dirs: [],
      files: [
        { path: `${imageRoot(host)}/imagedb/content/sha256/${image.id.slice(7)}`, content: config },
        {
          path: `${imageRoot(host)}/repositories.json`,
          content: JSON.stringify({ Repositories: repos }),
        },
      ],
      what: `image ${image.id.slice(7, 19)} and its names are on disk`,
    },
    summary: `dockerd stores the image config as ${image.id.slice(0, 19)}… (the image ID is the config's digest) and the name in repositories.json`,
  });
}
