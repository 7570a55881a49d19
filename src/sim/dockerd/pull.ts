import type { Host } from '../host';
import { type Task, sleep, wait } from '../core/scheduler';
import { Signal } from '../core/signal';
import { commit, contextOf } from '../core/actors';
import { chainIds } from '../image/digest';
import { canonicalString, familiarName, familiarString } from '../image/reference';
import { GRPC, SNAPSHOTTER } from '../containerd/services';
import type { DockerdState, ImageRecord } from './model';
import { notFound } from './errors';
import {
  BYTES_PER_MS,
  MAX_CONCURRENT_DOWNLOADS,
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
 * Fetch and unpack an image whose tag resolved to `target`, writing the
 * progress stream the CLI prints. containerd's pull, run inside dockerd: a
 * lease, index → platform manifest → config → layers (three at a time, each
 * skipped if its blob is already in the content store), then each layer
 * unpacked into an overlayfs snapshot keyed by its chain ID.
 */
export function* fetchAndUnpack(p: PullContext, target: { digest: string }): Task<ImageRecord> {
  const { host, inbound, ref } = p;
  const leaseId = `moby-pull-${host.rng.hex(8)}`;
  yield* grpc(
    p,
    GRPC.leasesCreate,
    { id: leaseId },
    'dockerd takes a lease so the half-pulled content is not garbage-collected',
  );

  const index = yield* getJson<{ manifests: Descriptor[] }>(
    p,
    `/v2/${ref.path}/manifests/${target.digest}`,
    'fetch the image index: one manifest per platform',
  );
  const wanted = index.manifests.find(
    (m) => m.platform?.os === 'linux' && m.platform.architecture === host.architecture,
  );
  if (!wanted)
    throw notFound(
      `no matching manifest for linux/${host.architecture} in the manifest list entries`,
    );
  yield* grpc(
    p,
    GRPC.contentWrite,
    {
      action: 'commit',
      ref: target.digest,
      expected: target.digest,
      total: 0,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      labels: { 'containerd.io/gc.ref.content.m.0': wanted.digest },
    },
    'store the index in the content store',
  );

  const manifest = yield* getJson<{ config: Descriptor; layers: Descriptor[] }>(
    p,
    `/v2/${ref.path}/manifests/${wanted.digest}`,
    `fetch the linux/${host.architecture} manifest`,
  );
  const manifestLabels: Record<string, string> = {
    'containerd.io/gc.ref.content.config': manifest.config.digest,
  };
  manifest.layers.forEach(
    (l, i) => (manifestLabels[`containerd.io/gc.ref.content.l.${i}`] = l.digest),
  );
  yield* grpc(
    p,
    GRPC.contentWrite,
    {
      action: 'commit',
      ref: wanted.digest,
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
    `/v2/${ref.path}/blobs/${manifest.config.digest}`,
    'fetch the image config (Entrypoint, Cmd, Env, layer diff IDs)',
  );
  const topChain = chainIds(config.rootfs.diff_ids).at(-1) ?? '';
  yield* grpc(
    p,
    GRPC.contentWrite,
    {
      action: 'commit',
      ref: manifest.config.digest,
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
  const present: boolean[] = [];
  for (const [i, layer] of layers.entries()) {
    const stat = yield* grpc(
      p,
      GRPC.contentWrite,
      { action: 'stat', ref: `layer-${layer.digest}`, expected: layer.digest, total: layer.size },
      `is layer ${ids[i]} already in the content store?`,
    );
    present.push(stat.status === 'AlreadyExists');
    progress(inbound, {
      status: present[i] ? 'Already exists' : 'Pulling fs layer',
      progressDetail: {},
      id: ids[i],
    });
  }

  // Downloads: at most three at a time; the rest say "Waiting".
  let running = 0;
  const queue: Array<() => void> = [];
  const downloads: Array<Signal<void> | undefined> = layers.map((layer, i) => {
    if (present[i]) return undefined;
    return host.scheduler.spawn(
      (function* (): Task<void> {
        if (running >= MAX_CONCURRENT_DOWNLOADS) {
          progress(inbound, { status: 'Waiting', progressDetail: {}, id: ids[i] });
          yield* waitTurn(queue);
        }
        running++;
        yield* downloadLayer(p, layer, ids[i]!);
        running--;
        queue.shift()?.();
      })(),
    );
  });

  for (const [i, layer] of layers.entries()) {
    const dl = downloads[i];
    if (dl) yield* wait(dl);
    const chain = chains[i]!;
    // Unpacking is keyed by chain ID: a layer whose content was already here
    // may still need its snapshot if it sits on a different stack of layers.
    const stat = yield* grpc(
      p,
      GRPC.snapshotsStat,
      { snapshotter: SNAPSHOTTER, key: chain },
      `is layer ${i + 1} already unpacked (snapshot ${chain.slice(7, 19)})?`,
    );
    if (stat.status === 'OK') continue;
    const total = host.unpackedSizeOf(layer.digest) ?? unpackedSize(layer.size);
    const key = `extract-${host.rng.hex(8)} ${chain}`;
    // An empty layer has no bytes to show: moby's JSONProgress.String() is "" for 0/0.
    if (dl && total > 0)
      progress(inbound, {
        status: 'Extracting',
        progressDetail: { current: Math.round(total / 2), total },
        progress: progressBar(total / 2, total),
        id: ids[i],
      });
    yield* grpc(
      p,
      GRPC.snapshotsPrepare,
      { snapshotter: SNAPSHOTTER, key, parent: chains[i - 1] ?? '' },
      `prepare an empty overlayfs snapshot on top of layer ${i}`,
    );
    yield* grpc(
      p,
      GRPC.diffApply,
      { diff: layer.digest, diff_id: diffIds[i], mounts: [] },
      `unpack layer ${ids[i]} (gzipped tar) into it`,
      total / UNPACK_BYTES_PER_MS,
    );
    yield* grpc(
      p,
      GRPC.snapshotsCommit,
      { snapshotter: SNAPSHOTTER, name: chain, key },
      `commit it as ${chain.slice(0, 19)}…, read-only, shareable with other images`,
    );
    if (dl) progress(inbound, { status: 'Pull complete', progressDetail: {}, id: ids[i] });
  }

  const name = canonicalString(ref);
  yield* grpc(
    p,
    GRPC.imagesCreate,
    { name, target: target.digest },
    `record the image ${familiarString(ref)} → ${target.digest.slice(0, 19)}…`,
  );
  yield* grpc(
    p,
    GRPC.leasesDelete,
    { id: leaseId },
    'release the lease: the image now references its content',
  );

  const image: ImageRecord = {
    id: target.digest,
    repoTags: [],
    repoDigests: [`${familiarName(ref)}@${target.digest}`],
    repository: ref.path,
    created: config.created,
    manifestDigest: wanted.digest,
    configDigest: manifest.config.digest,
    platform: { os: 'linux', architecture: host.architecture },
    config: config.config,
    layers: layers.map((l, i) => ({
      digest: l.digest,
      diffId: diffIds[i] ?? l.digest,
      size: l.size,
      unpackedSize: host.unpackedSizeOf(l.digest) ?? unpackedSize(l.size),
    })),
    size: layers.reduce((n, l) => n + (host.unpackedSizeOf(l.digest) ?? unpackedSize(l.size)), 0),
    pulledAt: host.scheduler.now,
  };
  return image;
}

/** Store the pulled image in dockerd's records and point the tag at it. */
export function recordImage(host: Host, image: ImageRecord, tag: string): void {
  const state = contextOf<DockerdState>(host.dockerd);
  const existing = state.images[image.id];
  const merged = existing
    ? { ...existing, repoTags: [...new Set([...existing.repoTags, tag])] }
    : { ...image, repoTags: [tag] };
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

function* downloadLayer(p: PullContext, layer: Descriptor, id: string): Task<void> {
  const { host, inbound } = p;
  const seconds = layer.size / BYTES_PER_MS;
  // Progress ticks while the bytes arrive, as the real stream sends them; none once they have.
  let arrived = false;
  host.scheduler.spawn(
    (function* (): Task<void> {
      for (const part of [0.25, 0.6]) {
        yield* sleep(seconds * (part === 0.25 ? 0.25 : 0.35) + REGISTRY_RTT_MS);
        if (arrived) return;
        const current = Math.round(layer.size * part);
        progress(inbound, {
          status: 'Downloading',
          progressDetail: { current, total: layer.size },
          progress: progressBar(current, layer.size),
          id,
        });
      }
    })(),
  );
  yield* registry(
    p,
    { method: 'GET', path: `/v2/${p.ref.path}/blobs/${layer.digest}` },
    `download layer ${id} (${humanSize(layer.size)})`,
    seconds,
  );
  arrived = true;
  progress(inbound, { status: 'Verifying Checksum', progressDetail: {}, id });
  yield* grpc(
    p,
    GRPC.contentWrite,
    {
      action: 'commit',
      ref: `layer-${layer.digest}`,
      expected: layer.digest,
      total: layer.size,
      mediaType: layer.mediaType,
    },
    `verify sha256 and commit layer ${id} to the content store`,
  );
  progress(inbound, { status: 'Download complete', progressDetail: {}, id });
}

function* waitTurn(queue: Array<() => void>): Task<void> {
  const s = new Signal<void>();
  queue.push(() => s.resolve());
  yield* wait(s);
}

/** Layers unpack to roughly 2.5× their gzipped size. */
export const unpackedSize = (compressed: number): number => Math.round(compressed * 2.5);
