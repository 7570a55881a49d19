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
import { DaemonError, notFound, systemError } from './errors';
import { daemonLog } from './daemonProcess';
import { fetchFailure } from './registryFaults';
import {
  BYTES_PER_MS,
  UNPACK_BYTES_PER_MS,
  notCarried,
  progress,
  pullAccessDenied,
  registry,
  registryOnce,
  resolve,
  rtt,
  type Descriptor,
  type PullContext,
} from './pullWire';
import { humanSize, progressBar } from './progress';
import { registryRoute } from './registryHosts';
import { AUTH_MACHINE, AUTH_SERVICE, HUB_MACHINE, MANIFEST_ACCEPT } from '../registry/hub';
import { registerLayer, writeImageDb } from './graphStore';
import { downloadingTicker, pulledImage, unpackedSize } from './pull';

/**
 * Pulls that ended (failed, or done): their layer transfers stop, as moby's
 * cancelled transfer context stops them, and write nothing more on the stream.
 */
const ended = new WeakSet<PullContext>();

/** One progress message, unless the pull has ended. */
function say(p: PullContext, message: Record<string, unknown>): void {
  if (!ended.has(p)) progress(p.inbound, message);
}

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
  const target = yield* graphResolve(p);
  const index = yield* graphGetJson<{ manifests: Descriptor[] }>(
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
  const manifest = yield* graphGetJson<{ config: Descriptor; layers: Descriptor[] }>(
    p,
    'registry.manifests.get',
    `/v2/${ref.path}/manifests/${wanted.digest}`,
    `fetch the ${os}/${arch} manifest`,
  );
  const configPath = `/v2/${ref.path}/blobs/${manifest.config.digest}`;
  const config = yield* graphGetJson<{
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
    say(p, { status: 'Already exists', progressDetail: {}, id: ids[first] });
    first++;
  }
  for (let i = first; i < layers.length; i++)
    say(p, { status: 'Pulling fs layer', progressDetail: {}, id: ids[i] });
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
          if ((below && (yield* wait(below))) || ended.has(p)) {
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
          say(p, { status: 'Pull complete', progressDetail: {}, id: ids[i] });
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
    if (failed) {
      ended.add(p);
      throw failed;
    }
  }
  ended.add(p);
  const image = pulledImage(p, manifest.config.digest, target.digest, wanted, manifest, config);
  const existing = contextOf<DockerdState>(host.dockerd).images[image.id];
  commit(host.dockerd, {
    type: 'image.stored',
    image: existing
      ? { ...existing, repoDigests: [...new Set([...existing.repoDigests, ...image.repoDigests])] }
      : image,
  });
  return { image, digest: target.digest };
}

/**
 * How the graph-driver puller resolves a tag (distribution/registry.go
 * newRepository, then the tag service's Get): it pings the registry first
 * (`GET /v2/`, answered 401 with the Bearer challenge), so the token is
 * fetched before the first request for the repository; then a HEAD of the
 * manifest. A HEAD that fails is sent again as a GET, for the error's details.
 * Its errors are distribution's, not containerd's resolver's.
 */
function* graphResolve(p: PullContext): Task<{ digest: string; mediaType: string; size: number }> {
  // Registries DockScope does not model: the containerd store's resolve says how they fail.
  if (registryRoute(p.ref.domain).kind === 'unmodelled') return yield* resolve(p);
  const subjects = { image: familiarString(p.ref) };
  const ping = yield* p.inbound.call({
    to: 'registry',
    host: HUB_MACHINE,
    protocol: 'http',
    operation: 'GET /v2/',
    op: 'registry.v2.ping',
    subjects,
    request: { method: 'GET', path: '/v2/' },
    summary: 'dockerd pings the registry: its 401 names the token service to ask',
    latency: rtt(p.host),
  });
  const pingDial = (ping.body as { dialError?: string } | undefined)?.dialError;
  if (pingDial) throw systemError(`Get "https://${HUB_MACHINE}/v2/": ${pingDial}`);
  // No challenge in the ping's answer (a 503, say): no token is asked for.
  if (ping.status === 401) {
    const scope = `repository:${p.ref.path}:pull`;
    const t = yield* p.inbound.call<{ token: string }>({
      to: 'auth',
      host: AUTH_MACHINE,
      protocol: 'http',
      operation: `GET /token?scope=${scope}&service=${AUTH_SERVICE}`,
      op: 'auth.token.get',
      subjects,
      request: { method: 'GET', path: '/token', query: { scope, service: AUTH_SERVICE } },
      summary: `dockerd asks auth.docker.io for a pull token for ${p.ref.path}`,
      latency: rtt(p.host),
    });
    if (t.status === 501) throw notCarried(p.ref);
    p.token = t.body?.token;
  }
  const path = `/v2/${p.ref.path}/manifests/${p.ref.digest ?? p.ref.tag ?? 'latest'}`;
  const headers = {
    Accept: MANIFEST_ACCEPT,
    ...(p.token ? { Authorization: `Bearer ${p.token}` } : {}),
  };
  const head = yield* registryOnce(
    p,
    'registry.manifests.head',
    { method: 'HEAD', path, headers },
    `does ${familiarString(p.ref)} exist, and what digest does it point at?`,
  );
  const url = `https://${HUB_MACHINE}${path}`;
  const headDial = (head.body as { dialError?: string } | undefined)?.dialError;
  if (headDial) throw systemError(`Head "${url}": ${headDial}`);
  if (head.status === 200)
    return {
      digest: head.headers?.['Docker-Content-Digest'] ?? '',
      mediaType: head.headers?.['Content-Type'] ?? '',
      size: Number(head.headers?.['Content-Length'] ?? 0),
    };
  // The tag service sends a GET after a failed HEAD: a HEAD answer has no body to explain it.
  const get = yield* registryOnce(
    p,
    'registry.manifests.get',
    { method: 'GET', path, headers },
    'the HEAD failed: the same request as a GET, for the error in its body',
  );
  if (get.status === 501) throw notCarried(p.ref);
  if (get.status === 404)
    throw notFound(
      `manifest for ${familiarString(p.ref)} not found: manifest unknown: manifest unknown`,
    );
  if (get.status === 401)
    throw notFound(
      `pull access denied for ${familiarName(p.ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    );
  const getDial = (get.body as { dialError?: string } | undefined)?.dialError;
  if (getDial) throw systemError(`Get "${url}": ${getDial}`);
  if (typeof get.status === 'number' && get.status >= 500)
    throw systemError(
      `received unexpected HTTP status: ${get.status} ${STATUS_TEXT[get.status] ?? ''}`.trim(),
    );
  const failed = fetchFailure(p.ref, { method: 'GET', path }, get);
  throw failed ?? systemError(`unexpected status ${String(get.status)} from registry for ${path}`);
}

/**
 * A manifest or the config, fetched by dockerd's own registry client: no
 * immediate resend of a 408 or 429 (that is containerd's resolver), and
 * distribution's errors: the registry's own `code: message`, an unexpected
 * status, or the dial error.
 */
function* graphGetJson<T>(
  p: PullContext,
  op: 'registry.manifests.get' | 'registry.blobs.get',
  path: string,
  summary: string,
): Task<T> {
  const r = yield* registryOnce(
    p,
    op,
    {
      method: 'GET',
      path,
      headers: {
        Accept: MANIFEST_ACCEPT,
        ...(p.token ? { Authorization: `Bearer ${p.token}` } : {}),
      },
    },
    summary,
  );
  if (r.status === 200 && typeof r.body === 'string') return JSON.parse(r.body) as T;
  const dial = (r.body as { dialError?: string } | undefined)?.dialError;
  if (dial) throw systemError(`Get "https://${HUB_MACHINE}${path}": ${dial}`);
  if (r.status === 501) throw notCarried(p.ref);
  if (r.status === 401)
    throw notFound(
      `pull access denied for ${familiarName(p.ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    );
  if (typeof r.status === 'number' && r.status >= 500)
    throw systemError(
      `received unexpected HTTP status: ${r.status} ${STATUS_TEXT[r.status] ?? ''}`.trim(),
    );
  // A 4xx with the registry's JSON errors: errcode's own words (`toomanyrequests: …`).
  const errors = (r.body as { errors?: { code?: string; message?: string }[] } | undefined)?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  if (first)
    throw systemError(
      `${(first.code ?? 'UNKNOWN').toLowerCase().replace(/_/g, ' ')}: ${first.message ?? ''}`,
    );
  throw systemError(`unexpected status ${String(r.status)} from registry for ${path}`);
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
  const { host } = p;
  const queued = slots.take();
  if (queued) {
    say(p, { status: 'Waiting', progressDetail: {}, id });
    yield* wait(queued);
  }
  try {
    // The layer below failed before this one started: nothing is downloaded.
    if (below?.isSettled && below.take()) return;
    for (let attempt = 1; ; attempt++) {
      if (ended.has(p)) return;
      const failed = yield* downloadOnce(p, layer, id);
      if (!failed) return;
      // xfer: a DoNotRetry error, or the fifth attempt, ends the download.
      if (failed.final || attempt >= MAX_DOWNLOAD_ATTEMPTS) {
        daemonLog(host, 'error', `Download failed after ${attempt} attempts: ${failed.message}`);
        throw systemError(failed.message);
      }
      daemonLog(
        host,
        'info',
        `Download failed, retrying (${attempt}/${MAX_DOWNLOAD_ATTEMPTS}): ${failed.message}`,
      );
      for (let delay = attempt * 5; delay > 0; delay--) {
        say(p, {
          status: `Retrying in ${delay} second${delay === 1 ? '' : 's'}`,
          progressDetail: {},
          id,
        });
        yield* sleep(1000);
      }
    }
  } finally {
    slots.release();
  }
}

/** moby's default max-download-attempts. */
export const MAX_DOWNLOAD_ATTEMPTS = 5;

/**
 * One attempt (layerDescriptor.Download): the GET, written into a temporary
 * file in /var/lib/docker/tmp, then the digest checked. Returns the error and
 * whether retryOnError makes it final (DoNotRetry), or undefined once the
 * download is complete.
 */
function* downloadOnce(
  p: PullContext,
  layer: Descriptor,
  id: string,
): Task<{ message: string; final: boolean } | undefined> {
  const { host, inbound } = p;
  const ms = layer.size / BYTES_PER_MS;
  const ticker = downloadingTicker(p, layer, id, ms, (m) => say(p, m));
  const blobPath = `/v2/${p.ref.path}/blobs/${layer.digest}`;
  // os.CreateTemp("", "GetImageBlob"), with TMPDIR=<data-root>/tmp: a random decimal suffix.
  const tmp = `${host.daemon.dataRoot}/tmp/GetImageBlob${host.rng.int(0, 4_294_967_295)}`;
  const got = yield* registry(
    p,
    'registry.blobs.get',
    { method: 'GET', path: blobPath },
    `download layer ${id} (${humanSize(layer.size)}) into ${tmp}`,
    ms,
  );
  ticker.stop();
  const dial = (got.body as { dialError?: string } | undefined)?.dialError;
  // retryOnError: a *url.Error is judged by (and reported as) the error inside it.
  if (dial) return { message: dial, final: false };
  if (got.status === 401) return { message: pullAccessDenied(p.ref).message, final: true };
  if (typeof got.status === 'number' && got.status >= 500)
    // distribution's HandleErrorResponse: UnexpectedHTTPStatusError, which is retried.
    return {
      message:
        `received unexpected HTTP status: ${got.status} ${STATUS_TEXT[got.status] ?? ''}`.trim(),
      final: false,
    };
  if (got.status !== 200) {
    const failed = fetchFailure(p.ref, { method: 'GET', path: blobPath }, got);
    if (failed) return { message: failed.message, final: true };
  }
  const wrote = yield* inbound.call({
    to: 'kernel',
    protocol: 'syscall',
    operation: `write ${tmp}`,
    op: 'kernel.tmp.write',
    subjects: { image: familiarString(p.ref), layer: layer.digest },
    request: { call: 'noop', what: `${humanSize(layer.size)} written to ${tmp}`, ret: 0 },
    summary: `dockerd writes layer ${id} into its temporary file as the bytes arrive`,
  });
  // A full disk: io.Copy fails; retryOnError makes "no space left on device" final.
  if (wrote.status === -28)
    return { message: `write ${tmp}: no space left on device`, final: true };
  say(p, { status: 'Verifying Checksum', progressDetail: {}, id });
  say(p, { status: 'Download complete', progressDetail: {}, id });
  return undefined;
}

/** Go's http.StatusText for the 5xx codes a registry may answer. */
const STATUS_TEXT: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** "Extracting" as the progress reader counts it: bytes of the download read so far. */
function extracting(p: PullContext, layer: Descriptor, id: string, ms: number): { stop(): void } {
  let done = false;
  p.host.scheduler.spawn(
    (function* (): Task<void> {
      for (const part of [0.3, 1]) {
        if (done) return;
        const current = Math.round(layer.size * part);
        say(p, {
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
