import type { Host } from '../host';
import { formatPlatform } from '../image/platform';
import { type Task, sleep, wait } from '../core/scheduler';
import type { Signal } from '../core/signal';
import { commit, contextOf } from '../core/actors';
import { chainIds } from '../image/digest';
import { canonicalString, familiarName, familiarString, parseReference } from '../image/reference';
import { GRPC, SNAPSHOTTER } from '../containerd/services';
import type { WireImage } from '../containerd/containerdServer';
import type { DockerdState, ImageRecord } from './model';
import { DaemonError, notFound } from './errors';
import { fetchFailure, writeFailure } from './registryFaults';
import {
  BYTES_PER_MS,
  REGISTRY_RTT_MS,
  UNPACK_BYTES_PER_MS,
  getJson,
  grpc,
  progress,
  registry,
  type Descriptor,
  type PullContext,
} from './pullWire';

export { pullAccessDenied, resolve } from './pullWire';
import { humanSize, progressBar } from './progress';

/**
 * moby's `withLease` (daemon/containerd/leases.go): every pull runs under a
 * lease taken before anything else, even before the tag is resolved, so that
 * nothing the pull writes can be garbage-collected half-way. containerd's
 * `WithRandomID` names it `<nanoseconds>-<4 base64url characters>`; moby
 * labels it for `docker image prune` and lets it expire after 8 hours.
 */
export function* takeLease(p: PullContext): Task<string> {
  const { host } = p;
  const nanos = host.rng.int(0, 999_999_999);
  const bytes = [host.rng.int(0, 255), host.rng.int(0, 255), host.rng.int(0, 255)];
  const id = `${nanos}-${base64Url(bytes)}`;
  const expires = new Date(host.wallClock + LEASE_EXPIRY_MS).toISOString().slice(0, 19) + 'Z';
  yield* grpc(
    p,
    GRPC.leasesCreate,
    { id, labels: { 'containerd.io/gc.expire': expires, 'moby/prune.images': 'true' } },
    'dockerd takes a lease first: nothing this pull writes can be garbage-collected before the image names it',
  );
  return id;
}

export function* releaseLease(p: PullContext, id: string): Task<void> {
  yield* grpc(
    p,
    GRPC.leasesDelete,
    { id },
    'the pull is over: dockerd releases the lease; the image record now keeps its content alive',
  );
}

const LEASE_EXPIRY_MS = 8 * 3600_000;
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
function base64Url([a, b, c]: number[]): string {
  const n = (a! << 16) | (b! << 8) | c!;
  return [18, 12, 6, 0].map((shift) => B64URL[(n >> shift) & 63]).join('');
}

/**
 * Fetch and unpack an image whose tag resolved to `target`, writing the
 * progress stream the CLI prints, as moby 28's containerd image store does
 * (daemon/containerd/image_pull.go running containerd's client pull in
 * dockerd): index, then the platform's manifest (that is when "Pulling from"
 * is written), then the config; then containerd's unpacker walks the layers
 * in order. Layers whose snapshot already exists are skipped without a word;
 * from the first one that must be unpacked, all the remaining layers are
 * fetched at once (moby sets no download limit for this store, unlike the
 * graph-driver store's three) while the unpacker applies them one by one.
 * Progress statuses are the containerd store's (daemon/containerd/progress.go):
 * Pulling fs layer, Downloading, Download complete or Already exists,
 * Extracting (in seconds), Pull complete. There is no "Verifying Checksum"
 * and no "Waiting": those are the graph-driver store's.
 *
 * `start` is called once the stream begins ("Pulling from"); anything thrown
 * before that is an HTTP error of its own.
 */
const isIndexType = (mediaType: string) => /index|manifest\.list/.test(mediaType);

export function* fetchAndUnpack(
  p: PullContext,
  target: { digest: string; mediaType: string; size: number },
  start: () => void,
): Task<ImageRecord> {
  const { host, inbound, ref } = p;
  // The target is an index (one manifest per platform), or, for an image pushed as one
  // platform's manifest, that manifest itself.
  const first = yield* getJson<{
    manifests?: Descriptor[];
    config: Descriptor;
    layers: Descriptor[];
  }>(
    p,
    'registry.manifests.get',
    `/v2/${ref.path}/manifests/${target.digest}`,
    isIndexType(target.mediaType)
      ? 'fetch the image index: one manifest per platform'
      : 'fetch the image manifest (config + layers)',
  );
  // ── obs: the requested platform (--platform), else the host's ──
  const arch = p.platform?.architecture ?? host.architecture;
  const os = p.platform?.os ?? 'linux';
  let wanted: Descriptor;
  let manifest: { config: Descriptor; layers: Descriptor[] };
  if (first.manifests) {
    const found = first.manifests.find(
      (m) =>
        m.platform?.os === os &&
        m.platform.architecture === arch &&
        (p.platform?.variant === undefined || m.platform.variant === p.platform.variant),
    );
    if (!found)
      throw notFound(
        `no matching manifest for ${p.platform ? formatPlatform(p.platform) : `linux/${arch}`} in the manifest list entries`,
      );
    wanted = found;
    yield* written(
      p,
      {
        action: 'commit',
        ref: `index-${target.digest}`,
        expected: target.digest,
        total: target.size,
        mediaType: target.mediaType,
        labels: { 'containerd.io/gc.ref.content.m.0': wanted.digest },
      },
      'store the index in the content store',
    );
    start();
    manifest = yield* getJson<{ config: Descriptor; layers: Descriptor[] }>(
      p,
      'registry.manifests.get',
      `/v2/${ref.path}/manifests/${wanted.digest}`,
      `fetch the ${os}/${arch} manifest`,
    );
  } else {
    wanted = { mediaType: target.mediaType, digest: target.digest, size: target.size };
    start();
    manifest = first;
  }
  const manifestLabels: Record<string, string> = {
    'containerd.io/gc.ref.content.config': manifest.config.digest,
  };
  manifest.layers.forEach(
    (l, i) => (manifestLabels[`containerd.io/gc.ref.content.l.${i}`] = l.digest),
  );
  yield* written(
    p,
    {
      action: 'commit',
      ref: `manifest-${wanted.digest}`,
      expected: wanted.digest,
      total: wanted.size,
      mediaType: wanted.mediaType,
      labels: manifestLabels,
    },
    'store the manifest',
  );
  const config = yield* getJson<{
    created: string;
    config: ImageRecord['config'];
    rootfs: { diff_ids: string[] };
  }>(
    p,
    'registry.blobs.get',
    `/v2/${ref.path}/blobs/${manifest.config.digest}`,
    'fetch the image config (Entrypoint, Cmd, Env, layer diff IDs)',
  );
  const topChain = chainIds(config.rootfs.diff_ids).at(-1) ?? '';
  yield* written(
    p,
    {
      action: 'commit',
      ref: `config-${manifest.config.digest}`,
      expected: manifest.config.digest,
      total: manifest.config.size,
      mediaType: manifest.config.mediaType,
      labels: { 'containerd.io/gc.ref.snapshot.overlayfs': topChain },
    },
    'store the config',
  );

  const layers = manifest.layers;
  const diffIds = config.rootfs.diff_ids;
  const chains = chainIds(diffIds);
  const ids = layers.map((l) => l.digest.slice(7, 19));
  const fetched: Array<Signal<DaemonError | undefined> | undefined> = [];
  let fetching = false;
  for (const [i, layer] of layers.entries()) {
    const chain = chains[i]!;
    // containerd's unpacker asks for the extraction snapshot with the chain
    // ID as its target (label containerd.io/snapshot.ref): if that snapshot
    // is already there, Prepare says AlreadyExists and a Stat confirms it,
    // and the layer is skipped without a word.
    const key = `extract-${host.rng.hex(8)} ${chain}`;
    const prepared = yield* grpc(
      p,
      GRPC.snapshotsPrepare,
      {
        snapshotter: SNAPSHOTTER,
        key,
        parent: chains[i - 1] ?? '',
        labels: { 'containerd.io/snapshot.ref': chain },
      },
      `prepare an empty overlayfs snapshot on top of layer ${i}, unless layer ${i + 1} is unpacked already (snapshot ${chain.slice(7, 19)})`,
      undefined,
      // The unpacker names the layer it unpacks: the overview tells this apart from a container's layer.
      { image: familiarString(ref), layer: chain },
    );
    if (prepared.status === 'AlreadyExists') {
      const stat = yield* grpc(
        p,
        GRPC.snapshotsStat,
        { snapshotter: SNAPSHOTTER, key: chain },
        `layer ${i + 1} is unpacked already: confirm snapshot ${chain.slice(7, 19)}`,
      );
      if (stat.status === 'OK') continue;
    }
    if (!fetching) {
      // From here on every layer is fetched, all at once; each says
      // "Pulling fs layer" as it is handed to the fetch handlers.
      fetching = true;
      for (let j = i; j < layers.length; j++)
        progress(inbound, { status: 'Pulling fs layer', progressDetail: {}, id: ids[j] });
      for (let j = i; j < layers.length; j++)
        fetched[j] = host.scheduler.spawn(fetchLayer(p, layers[j]!, ids[j]!));
    }
    const fetchFailed = yield* wait(fetched[i]!);
    if (fetchFailed) throw fetchFailed;
    const total = host.unpackedSizeOf(layer.digest) ?? unpackedSize(layer.size);
    const applying = total / UNPACK_BYTES_PER_MS;
    const ticker = extractingTicker(p, ids[i]!);
    yield* grpc(
      p,
      GRPC.diffApply,
      { diff: layer.digest, diff_id: diffIds[i], mounts: [] },
      `unpack layer ${ids[i]} (gzipped tar) into it`,
      applying,
    );
    ticker.stop();
    yield* grpc(
      p,
      GRPC.snapshotsCommit,
      { snapshotter: SNAPSHOTTER, name: chain, key },
      `commit it as ${chain.slice(0, 19)}…, read-only, shareable with other images`,
    );
    progress(inbound, {
      status: 'Pull complete',
      progressDetail: { hidecounts: true },
      id: ids[i],
    });
  }

  const image = pulledImage(p, target.digest, target.digest, wanted, manifest, config);
  return image;
}

/**
 * Name the pulled image in containerd, as containerd's client does after a
 * pull (Create, and Update when the name exists), then drop a dangling name
 * the same content may have had (moby's pullTag).
 */
/**
 * The image record a finished pull keeps, with either store: `id` is the containerd store's
 * index digest or overlay2's config digest (the image ID each store uses).
 */
export function pulledImage(
  p: PullContext,
  id: string,
  repoDigest: string,
  wanted: Descriptor & { platform?: { variant?: string } },
  manifest: { config: Descriptor; layers: readonly Descriptor[] },
  config: { created: string; config: ImageRecord['config']; rootfs: { diff_ids: string[] } },
): ImageRecord {
  const { host, ref } = p;
  const unpacked = (l: Descriptor) => host.unpackedSizeOf(l.digest) ?? unpackedSize(l.size);
  return {
    id,
    repoTags: [],
    repoDigests: [`${familiarName(ref)}@${repoDigest}`],
    repository: ref.path,
    created: config.created,
    manifestDigest: wanted.digest,
    manifestMediaType: wanted.mediaType,
    manifestSize: wanted.size,
    configDigest: manifest.config.digest,
    platform: {
      os: p.platform?.os ?? 'linux',
      architecture: p.platform?.architecture ?? host.architecture,
      ...(wanted.platform?.variant ? { variant: wanted.platform.variant } : {}),
    },
    config: config.config,
    layers: manifest.layers.map((l, i) => ({
      digest: l.digest,
      diffId: config.rootfs.diff_ids[i] ?? l.digest,
      size: l.size,
      unpackedSize: unpacked(l),
    })),
    size: manifest.layers.reduce((n, l) => n + unpacked(l), 0),
    pulledAt: host.scheduler.now,
  };
}

export function* nameImage(
  p: PullContext,
  target: { digest: string; mediaType: string; size: number },
): Task<void> {
  const name = canonicalString(p.ref);
  const image = {
    name,
    labels: {},
    target: { media_type: target.mediaType, digest: target.digest, size: target.size },
  };
  const created = yield* grpc(
    p,
    GRPC.imagesCreate,
    { image },
    `record the image ${familiarString(p.ref)} → ${target.digest.slice(0, 19)}…`,
  );
  if (created.status === 'AlreadyExists')
    yield* grpc(
      p,
      GRPC.imagesUpdate,
      { image },
      `the name exists already: point ${familiarString(p.ref)} at ${target.digest.slice(0, 19)}…`,
    );
  yield* grpc(
    p,
    GRPC.imagesDelete,
    { name: `moby-dangling@${target.digest}` },
    'a dangling name for the same content, if one was kept, is no longer needed',
  );
}

/**
 * What the name pointed at before this pull (moby's resolveImage: Images/Get
 * for a tag, Images/List by digest for a digest reference), so the pull can
 * tell "up to date" from "newer" and keep a replaced image.
 */
export function* previousImage(p: PullContext): Task<WireImage | undefined> {
  const name = canonicalString(p.ref);
  if (p.ref.digest) {
    const r = yield* grpc(
      p,
      GRPC.imagesList,
      { filters: [`target.digest==${p.ref.digest}`] },
      `does containerd already have ${p.ref.digest.slice(0, 19)}…?`,
    );
    const repo = `${p.ref.domain}/${p.ref.path}`;
    return ((r.body as { images?: WireImage[] } | undefined)?.images ?? []).find(
      (i) => i.name.startsWith(`${repo}:`) || i.name.startsWith(`${repo}@`),
    );
  }
  const r = yield* grpc(
    p,
    GRPC.imagesGet,
    { name },
    `what does ${familiarString(p.ref)} point at now, if anything?`,
  );
  return r.status === 'OK' ? (r.body as { image: WireImage }).image : undefined;
}

/**
 * moby keeps the image a tag pointed at before the pull under a dangling
 * name (`moby-dangling@<digest>`), so `docker images` still lists it as
 * `<none>` and its content is not collected.
 */
export function* keepDangling(p: PullContext, previous: WireImage): Task<void> {
  const created = yield* grpc(
    p,
    GRPC.imagesCreate,
    {
      image: {
        name: `moby-dangling@${previous.target.digest}`,
        labels: previous.labels,
        target: previous.target,
      },
    },
    'the tag moved: the image it named before is kept as dangling (<none>)',
  );
  void created; // AlreadyExists is fine: it is kept either way.
}

/** Store the pulled image in dockerd's records and point the tag at it. */
export function recordImage(host: Host, image: ImageRecord, tag: string): void {
  const state = contextOf<DockerdState>(host.dockerd);
  const existing = state.images[image.id];
  const merged = existing
    ? { ...existing, repoTags: [...new Set([...existing.repoTags, tag])] }
    : { ...image, repoTags: [tag] };
  // An image kept only as dangling gets its repo digest back with its new name.
  if (merged.repoDigests.length === 0) {
    const named = parseReference(tag);
    if (named.ok) merged.repoDigests = [`${familiarName(named)}@${image.id}`];
  }
  const previous = state.tags[tag];
  if (previous && previous !== image.id) {
    const old = state.images[previous];
    if (old)
      commit(host.dockerd, {
        type: 'image.stored',
        image: { ...old, repoTags: old.repoTags.filter((t) => t !== tag) },
      });
  }
  commit(host.dockerd, { type: 'image.stored', image: merged });
  commit(host.dockerd, { type: 'image.tagged', tag, imageId: image.id });
}

/**
 * One layer through containerd's fetch handler: either "Already exists" (its blob was in the content store
 * before the pull began) or the download, "Downloading" ticks while bytes
 * arrive, the commit (containerd checks the sha256 as it commits) and
 * "Download complete".
 */
/**
 * "Downloading" ticks while a layer's bytes arrive (at a quarter and at 60 %), as the real
 * progress stream sends them; none once they have (`stop`). Both stores' pulls use it.
 */
export function downloadingTicker(
  p: PullContext,
  layer: Descriptor,
  id: string,
  ms: number,
  send: (message: Record<string, unknown>) => void,
): { stop(): void } {
  let arrived = false;
  p.host.scheduler.spawn(
    (function* (): Task<void> {
      for (const part of [0.25, 0.6]) {
        yield* sleep(ms * (part === 0.25 ? 0.25 : 0.35) + REGISTRY_RTT_MS);
        if (arrived) return;
        const current = Math.round(layer.size * part);
        send({
          status: 'Downloading',
          progressDetail: { current, total: layer.size },
          progress: progressBar(current, layer.size),
          id,
        });
      }
    })(),
  );
  return {
    stop: () => {
      arrived = true;
    },
  };
}

function* fetchLayer(p: PullContext, layer: Descriptor, id: string): Task<DaemonError | undefined> {
  try {
    yield* fetchLayerOrThrow(p, layer, id);
    return undefined;
  } catch (e) {
    // It runs as a task of its own: its failure goes back to the unpacker that waits for it.
    if (e instanceof DaemonError) return e;
    throw e;
  }
}

function* fetchLayerOrThrow(p: PullContext, layer: Descriptor, id: string): Task<void> {
  const { inbound } = p;
  const stat = yield* grpc(
    p,
    GRPC.contentWrite,
    { action: 'stat', ref: `layer-${layer.digest}`, expected: layer.digest, total: layer.size },
    `is layer ${id} already in the content store?`,
  );
  if (stat.status === 'AlreadyExists') {
    progress(inbound, { status: 'Already exists', progressDetail: { hidecounts: true }, id });
    return;
  }
  // Another namespace of this containerd has the blob (a second dockerd pulled it): the
  // writer is already complete, so containerd's fetch handler commits it without a download,
  // and the progress sees a record created during this pull: "Download complete".
  const written = (stat.body as { offset?: number } | undefined)?.offset ?? 0;
  if (layer.size > 0 && written === layer.size) {
    yield* commitLayer(
      p,
      layer,
      `layer ${id} is already on disk for another namespace: commit it into this one, no download`,
    );
    progress(inbound, { status: 'Download complete', progressDetail: { hidecounts: true }, id });
    return;
  }
  const seconds = layer.size / BYTES_PER_MS;
  const ticker = downloadingTicker(p, layer, id, seconds, (m) => progress(inbound, m));
  const blobPath = `/v2/${p.ref.path}/blobs/${layer.digest}`;
  const got = yield* registry(
    p,
    'registry.blobs.get',
    { method: 'GET', path: blobPath },
    `download layer ${id} (${humanSize(layer.size)})`,
    seconds,
  );
  ticker.stop();
  const failed = fetchFailure(p.ref, { method: 'GET', path: blobPath }, got);
  if (failed) throw failed;
  yield* commitLayer(
    p,
    layer,
    `commit layer ${id} to the content store (containerd checks its sha256 as it commits)`,
  );
  progress(inbound, { status: 'Download complete', progressDetail: { hidecounts: true }, id });
}

/** containerd commits a layer's blob into the content store (it checks the sha256 as it does). */
function* commitLayer(p: PullContext, layer: Descriptor, summary: string): Task<void> {
  yield* written(
    p,
    {
      action: 'commit',
      ref: `layer-${layer.digest}`,
      expected: layer.digest,
      total: layer.size,
      mediaType: layer.mediaType,
    },
    summary,
  );
}

/**
 * The containerd store's "Extracting": no byte count (moby does not ask the
 * snapshotter how far it got), only the seconds since unpacking began,
 * starting at 1.
 */
function extractingTicker(p: PullContext, id: string): { stop(): void } {
  let done = false;
  p.host.scheduler.spawn(
    (function* (): Task<void> {
      for (let s = 1; !done; s++) {
        progress(p.inbound, {
          status: 'Extracting',
          progressDetail: { current: s, units: 's' },
          progress: `${s} s`,
          id,
        });
        yield* sleep(1000);
      }
    })(),
  );
  return {
    stop: () => {
      done = true;
    },
  };
}

// ── fault: a blob written into the content store may find the disk full (registryFaults.ts) ──
/** Content/Write of a blob: a failed write (a full disk) ends the pull with containerd's error. */
function* written(p: PullContext, request: object, summary: string): Task<void> {
  const r = yield* grpc(p, GRPC.contentWrite, request, summary);
  const failed = writeFailure(r);
  if (failed) throw failed;
}

/** Layers unpack to roughly 2.5× their gzipped size. */
export const unpackedSize = (compressed: number): number => Math.round(compressed * 2.5);
