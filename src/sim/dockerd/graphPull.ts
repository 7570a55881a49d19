/**
 * A pull with the overlay2 graph driver (no containerd image store), as moby
 * 28's distribution/pull_v2.go and distribution/xfer do it, all inside dockerd:
 *
 * - the tag is resolved (HEAD of the manifest, with the token dance), the
 *   index and the platform's manifest fetched, then "Pulling from";
 * - the config is fetched; a prefix of layers the layer store holds already
 *   says "Already exists" (xfer.Download stops looking at the first missing
 *   one); every other layer says "Pulling fs layer" and is handed to the
 *   transfer manager, which runs at most max-concurrent-downloads (3) at a
 *   time: the others say "Waiting" until a download ends;
 * - a download goes to a temporary file in /var/lib/docker/tmp (Downloading,
 *   then Verifying Checksum against the digest, then Download complete) and
 *   frees its slot; registration waits for the layer below, then unpacks
 *   (Extracting, counted in bytes of the download) into overlay2 and says
 *   "Pull complete";
 * - the image (its ID is the config's digest) goes into dockerd's image store
 *   and the tag into its reference store.
 *
 * containerd is not called: no lease, no content store, no snapshotter.
 */
import type { Task } from '../core/scheduler';
import { sleep, wait } from '../core/scheduler';
import { Signal } from '../core/signal';
import { commit, contextOf } from '../core/actors';
import { chainIds } from '../image/digest';
import { familiarName, familiarString } from '../image/reference';
import { formatPlatform } from '../image/platform';
import type { DockerdState, ImageRecord } from './model';
import { DaemonError, notFound } from './errors';
import { fetchFailure } from './registryFaults';
import {
  BYTES_PER_MS,
  REGISTRY_RTT_MS,
  UNPACK_BYTES_PER_MS,
  getJson,
  progress,
  registry,
  resolve,
  type Descriptor,
  type PullContext,
} from './pullWire';
import { humanSize, progressBar } from './progress';
import { registerLayer, writeImageDb } from './graphStore';
import { unpackedSize } from './pull';

/** moby's default max-concurrent-downloads. */
export const MAX_CONCURRENT_DOWNLOADS = 3;

/** The transfer manager's slots: at most `n` downloads at once, the others queued in order. */
class Slots {
  private queue: Array<Signal<void>> = [];
  constructor(private free: number) {}
  /** A slot now (undefined), or a signal settled when one frees. */
  take(): Signal<void> | undefined {
    if (this.free > 0) {
      this.free--;
      return undefined;
    }
    const s = new Signal<void>();
    this.queue.push(s);
    return s;
  }
  release(): void {
    const next = this.queue.shift();
    if (next) next.resolve();
    else this.free++;
  }
}

/** What the route needs from a graph-driver pull. */
export interface GraphPulled {
  image: ImageRecord;
  /** The index digest the tag resolved to (the `Digest:` line and the repo digest). */
  digest: string;
}

/**
 * Resolve, fetch and register an image with the graph driver. `start` is
 * called once the stream begins ("Pulling from"); anything thrown before that
 * is an HTTP error of its own.
 */
export function* pullWithGraphDriver(p: PullContext, start: () => void): Task<GraphPulled> {
  const { host, inbound, ref } = p;
  let target: { digest: string; mediaType: string; size: number };
  try {
    target = yield* resolve(p);
  } catch (e) {
    // The graph-driver puller words a missing tag as distribution's manifest error.
    if (
      e instanceof DaemonError &&
      e.message.startsWith('failed to resolve reference') &&
      e.message.endsWith(': not found')
    )
      throw notFound(
        `manifest for ${familiarString(ref)} not found: manifest unknown: manifest unknown`,
      );
    throw e;
  }
  const index = yield* getJson<{ manifests: Descriptor[] }>(
    p,
    'registry.manifests.get',
    `/v2/${ref.path}/manifests/${target.digest}`,
    'fetch the image index: one manifest per platform (dockerd keeps it in no content store)',
  );
  start();
  const arch = p.platform?.architecture ?? host.architecture;
  const os = p.platform?.os ?? 'linux';
  const wanted = index.manifests.find(
    (m) =>
      m.platform?.os === os &&
      m.platform.architecture === arch &&
      (p.platform?.variant === undefined || m.platform.variant === p.platform.variant),
  );
  if (!wanted)
    throw notFound(
      `no matching manifest for ${p.platform ? formatPlatform(p.platform) : `linux/${arch}`} in the manifest list entries`,
    );
  const manifest = yield* getJson<{ config: Descriptor; layers: Descriptor[] }>(
    p,
    'registry.manifests.get',
    `/v2/${ref.path}/manifests/${wanted.digest}`,
    `fetch the ${os}/${arch} manifest`,
  );
  const configPath = `/v2/${ref.path}/blobs/${manifest.config.digest}`;
  const config = yield* getJson<{
    created: string;
    config: ImageRecord['config'];
    rootfs: { diff_ids: string[] };
  }>(
    p,
    'registry.blobs.get',
    configPath,
    'fetch the image config (its digest will be the image ID)',
  );

  const layers = manifest.layers;
  const diffIds = config.rootfs.diff_ids;
  const chains = chainIds(diffIds);
  const ids = layers.map((l) => l.digest.slice(7, 19));
  const held = contextOf<DockerdState>(host.dockerd).graphLayers;
  // xfer.Download: "Already exists" for the layers the store holds, until the first it lacks.
  let first = 0;
  while (first < layers.length && held[chains[first]!]) {
    progress(inbound, { status: 'Already exists', progressDetail: {}, id: ids[first] });
    first++;
  }
  for (let i = first; i < layers.length; i++)
    progress(inbound, { status: 'Pulling fs layer', progressDetail: {}, id: ids[i] });
  const slots = new Slots(MAX_CONCURRENT_DOWNLOADS);
  const registered: Array<Signal<DaemonError | undefined>> = [];
  for (let i = first; i < layers.length; i++) {
    const below = i > first ? registered[i - 1] : undefined;
    const done = new Signal<DaemonError | undefined>();
    registered[i] = done;
    host.scheduler.spawn(
      (function* (): Task<void> {
        try {
          yield* transfer(p, slots, layers[i]!, ids[i]!, below);
          if (below && (yield* wait(below))) {
            done.resolve(undefined);
            return;
          }
          const size = host.unpackedSizeOf(layers[i]!.digest) ?? unpackedSize(layers[i]!.size);
          const ticker = extracting(p, layers[i]!, ids[i]!, size / UNPACK_BYTES_PER_MS);
          yield* sleep(size / UNPACK_BYTES_PER_MS);
          ticker.stop();
          yield* registerLayer(
            host,
            inbound,
            {
              chainId: chains[i]!,
              diffId: diffIds[i]!,
              ...(i > 0 ? { parent: chains[i - 1]! } : {}),
              size,
              digest: layers[i]!.digest,
            },
            `register layer ${ids[i]}: overlay2 unpacks the download from /var/lib/docker/tmp into a new directory, on top of the layer below`,
            { image: familiarString(ref), layer: chains[i]! },
          );
          progress(inbound, { status: 'Pull complete', progressDetail: {}, id: ids[i] });
          done.resolve(undefined);
        } catch (e) {
          if (e instanceof DaemonError) done.resolve(e);
          else done.reject(e);
        }
      })(),
    );
  }
  for (let i = first; i < layers.length; i++) {
    const failed = yield* wait(registered[i]!);
    if (failed) throw failed;
  }
  const image: ImageRecord = {
    id: manifest.config.digest,
    repoTags: [],
    repoDigests: [`${familiarName(ref)}@${target.digest}`],
    repository: ref.path,
    created: config.created,
    manifestDigest: wanted.digest,
    manifestMediaType: wanted.mediaType,
    manifestSize: wanted.size,
    configDigest: manifest.config.digest,
    platform: {
      os,
      architecture: arch,
      ...(wanted.platform?.variant ? { variant: wanted.platform.variant } : {}),
    },
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
  const existing = contextOf<DockerdState>(host.dockerd).images[image.id];
  commit(host.dockerd, {
    type: 'image.stored',
    image: existing
      ? { ...existing, repoDigests: [...new Set([...existing.repoDigests, ...image.repoDigests])] }
      : image,
  });
  return { image, digest: target.digest };
}

/** After the tag is set: the image config and the names on disk (imagedb, repositories.json). */
export function* storeImage(p: PullContext, image: ImageRecord): Task<void> {
  yield* writeImageDb(p.host, p.inbound, image, JSON.stringify(image.config));
}

/**
 * One layer through the transfer manager: "Waiting" without a free slot, the
 * download into /var/lib/docker/tmp with "Downloading" ticks, "Verifying
 * Checksum", "Download complete", and the slot freed for the next.
 */
function* transfer(
  p: PullContext,
  slots: Slots,
  layer: Descriptor,
  id: string,
  below: Signal<DaemonError | undefined> | undefined,
): Task<void> {
  const { host, inbound } = p;
  const queued = slots.take();
  if (queued) {
    progress(inbound, { status: 'Waiting', progressDetail: {}, id });
    yield* wait(queued);
  }
  try {
    // The layer below failed before this one started: nothing is downloaded.
    if (below?.isSettled && below.take()) return;
    const ms = layer.size / BYTES_PER_MS;
    let arrived = false;
    host.scheduler.spawn(
      (function* (): Task<void> {
        for (const part of [0.25, 0.6]) {
          yield* sleep(ms * (part === 0.25 ? 0.25 : 0.35) + REGISTRY_RTT_MS);
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
    const blobPath = `/v2/${p.ref.path}/blobs/${layer.digest}`;
    const got = yield* registry(
      p,
      'registry.blobs.get',
      { method: 'GET', path: blobPath },
      `download layer ${id} (${humanSize(layer.size)}) into a temporary file in /var/lib/docker/tmp`,
      ms,
    );
    arrived = true;
    const failed = fetchFailure(p.ref, { method: 'GET', path: blobPath }, got);
    if (failed) throw failed;
    progress(inbound, { status: 'Verifying Checksum', progressDetail: {}, id });
    progress(inbound, { status: 'Download complete', progressDetail: {}, id });
  } finally {
    slots.release();
  }
}

/** "Extracting" as the progress reader counts it: bytes of the download read so far. */
function extracting(p: PullContext, layer: Descriptor, id: string, ms: number): { stop(): void } {
  let done = false;
  p.host.scheduler.spawn(
    (function* (): Task<void> {
      for (const part of [0.3, 1]) {
        if (done) return;
        const current = Math.round(layer.size * part);
        progress(p.inbound, {
          status: 'Extracting',
          progressDetail: { current, total: layer.size },
          progress: progressBar(current, layer.size),
          id,
        });
        yield* sleep(ms / 2);
      }
    })(),
  );
  return {
    stop: () => {
      done = true;
    },
  };
}
