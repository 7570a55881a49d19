import type { Host } from '../host';
import type { Inbound, Reply } from '../core/network';
import type { HttpRequest } from '../core/http';
import type { Op } from '../core/types';
import { operationOf } from '../core/http';
import { isRedactedMark, redactedMark } from '../core/secrets';
import { contextOf } from '../core/actors';
import { dictFrom } from '../core/records';
import { sleep, type Task } from '../core/scheduler';
import { familiarName, familiarString, type ImageRef } from '../image/reference';
import { AUTH_MACHINE, AUTH_SERVICE, HUB_MACHINE } from '../registry/hub';
import { getBlob } from '../registry/content';
import type { DockerdState } from './model';
import { DaemonError } from './errors';
import { BYTES_PER_MS, notSimulated, rtt } from './pullWire';
import { registryRoute } from './registryHosts';
import { emitImageEvent } from './events';

/** What `X-Registry-Auth` carried: the login the CLI holds for the registry, if any. */
export interface PushAuth {
  username?: string;
  password?: string;
}

/** registry.DecodeAuthConfig: base64url JSON; an empty or broken header is no login. */
export function decodeRegistryAuth(header: string | undefined): PushAuth {
  if (!header) return {};
  try {
    const json = decodeURIComponent(escape(atob(header.replace(/-/g, '+').replace(/_/g, '/'))));
    const v = JSON.parse(json) as Record<string, unknown>;
    return {
      ...(typeof v.username === 'string' ? { username: v.username } : {}),
      ...(typeof v.password === 'string' ? { password: v.password } : {}),
    };
  } catch {
    return {};
  }
}

interface Push {
  host: Host;
  inbound: Inbound;
  ref: ImageRef;
  auth: PushAuth;
  token?: string;
  /** The scopes the token was issued for (containerd's authorizer asks again for new ones). */
  scopes?: string;
  /** Tokens already issued, by their scopes (the auth handler's scopedTokens). */
  tokens: Map<string, string>;
  write(m: object, summary: string): void;
}

const DENIED =
  'push access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';

/**
 * `POST /images/{name}/push` with the containerd image store, as moby 28.2.2
 * does it (daemon/containerd/image_push.go) with containerd's pusher
 * (core/remotes/docker/pusher.go):
 *
 * - "The push refers to repository [docker.io/<name>]";
 * - the image a pull left has only the host's platform: the index cannot be
 *   pushed whole, so dockerd pushes that platform's manifest instead (and says
 *   so in an aux message the CLI prints as a note);
 * - per blob (the layers with a progress line, then the config): a `HEAD` of
 *   the blob; if the registry lacks it, a cross-repository mount
 *   (`POST …/blobs/uploads/?mount=<digest>&from=<repo>`) when the image came
 *   from a repository of the same registry, else `POST …/blobs/uploads/` and
 *   one `PUT <location>?digest=` with the bytes (containerd uploads in one
 *   request: no PATCH);
 * - the manifest: `HEAD …/manifests/<tag>`, then `PUT`;
 * - "<tag>: digest: sha256:… size: N", and a `push` event.
 *
 * The token: the first request gets a 401 challenge; dockerd asks the token
 * service for `pull,push` on the repository (with the login's Basic
 * credentials when the CLI sent one; the password travels as DockScope's
 * mark), plus `pull` on the mount's source repository. Without push rights the
 * upload is refused twice with `insufficient_scope`, and the push fails with
 * containerd's "push access denied" error.
 *
 * Only Docker Hub is modelled; the overlay2 graph driver's push (distribution/xfer) is not.
 */
export function* pushImage(
  host: Host,
  inbound: Inbound,
  ref: ImageRef,
  auth: PushAuth,
  start: () => void,
  write: (m: object, summary: string) => void,
): Task<void> {
  const name = `${ref.domain}/${ref.path}`;
  start();
  write({ status: `The push refers to repository [${name}]` }, `pushing to ${familiarName(ref)}`);
  const d = contextOf<DockerdState>(host.dockerd);
  const id = d.tags[familiarString(ref)];
  const image = id ? d.images[id] : undefined;
  if (!image) throw new DaemonError('NotFound', `tag does not exist: ${familiarString(ref)}`);
  if (registryRoute(ref.domain).kind !== 'hub')
    throw notSimulated(`pushes to ${ref.domain} are not simulated (only to Docker Hub)`);
  const manifest = getBlob(image.manifestDigest);
  const config = getBlob(image.configDigest);
  if (!manifest?.json || !config)
    throw notSimulated(
      `pushing ${familiarString(ref)} is not simulated: its manifest is not one DockScope carries`,
    );
  const p: Push = { host, inbound, ref, auth, write, tokens: new Map() };
  const source =
    ref.domain === 'docker.io' && image.repository !== ref.path ? image.repository : undefined;
  const short = (digest: string) => digest.slice(7, 19);
  for (const layer of image.layers)
    write(
      { status: 'Waiting', progressDetail: {}, id: short(layer.digest) },
      `layer ${short(layer.digest)} waits its turn`,
    );
  for (const layer of image.layers) {
    const status = yield* pushBlob(p, layer.digest, layer.size, source, true);
    write(
      { status, progressDetail: {}, id: short(layer.digest) },
      `layer ${short(layer.digest)}: ${status}`,
    );
  }
  yield* pushBlob(p, image.configDigest, config.size, source, false, config.json);
  // The manifest: by tag.
  const tag = ref.tag ?? 'latest';
  const path = `/v2/${ref.path}/manifests/${tag}`;
  const mediaType = image.manifestMediaType ?? manifest.mediaType;
  const head = yield* registry(
    p,
    'registry.manifests.head',
    { method: 'HEAD', path, headers: { Accept: `${mediaType}, */*` } },
    `does ${familiarName(ref)}:${tag} already point at this manifest?`,
  );
  if (!(head.status === 200 && head.headers?.['Docker-Content-Digest'] === image.manifestDigest)) {
    const put = yield* registry(
      p,
      'registry.manifests.put',
      { method: 'PUT', path, headers: { 'Content-Type': mediaType }, body: manifest.json },
      `the manifest last: it names the config and the layers, which are all there now`,
    );
    if (put.status === 401) throw new DaemonError('System', DENIED);
    if (put.status !== 201)
      throw new DaemonError(
        'System',
        `unexpected status from PUT request to https://registry-1.docker.io${path}: ${String(put.status)}`,
      );
  }
  if (image.id !== image.manifestDigest)
    write(
      {
        aux: {
          manifestPushedInsteadOfIndex: true,
          originalIndex: { mediaType: 'application/vnd.oci.image.index.v1+json', digest: image.id },
          selectedManifest: { mediaType, digest: image.manifestDigest, size: manifest.size },
        },
      },
      'not every platform of the index is here: only this platform’s manifest was pushed',
    );
  write(
    { status: `${tag}: digest: ${image.manifestDigest} size: ${manifest.size}` },
    `${familiarString(ref)} is on Docker Hub`,
  );
  emitImageEvent(host, familiarString(ref), familiarName(ref), 'push');
}

/** One blob: HEAD, then a mount or an upload. Returns the progress status it ends with. */
function* pushBlob(
  p: Push,
  digest: string,
  size: number,
  source: string | undefined,
  isLayer: boolean,
  json?: string,
): Task<string> {
  const repo = p.ref.path;
  const what = isLayer ? `layer ${digest.slice(7, 19)}` : 'the image config';
  const head = yield* registry(
    p,
    'registry.blobs.head',
    { method: 'HEAD', path: `/v2/${repo}/blobs/${digest}` },
    `does ${repo} already have ${what}?`,
  );
  if (head.status === 200) return isLayer ? 'Layer already exists' : 'Already exists';
  if (source) {
    const mount = yield* registry(
      p,
      'registry.blobs.upload',
      {
        method: 'POST',
        path: `/v2/${repo}/blobs/uploads/`,
        query: { from: source, mount: digest },
      },
      `mount ${what} from ${source}: the registry has it already`,
      [`repository:${repo}:pull,push`, `repository:${source}:pull`],
    );
    if (mount.status === 201) return `Mounted from ${source}`;
  }
  const post = yield* registry(
    p,
    'registry.blobs.upload',
    { method: 'POST', path: `/v2/${repo}/blobs/uploads/` },
    `open an upload session for ${what}`,
  );
  if (post.status === 401) throw new DaemonError('System', DENIED);
  if (post.status !== 202)
    throw new DaemonError(
      'System',
      `unexpected status from POST request to https://registry-1.docker.io/v2/${repo}/blobs/uploads/: ${String(post.status)}`,
    );
  const location = post.headers?.Location ?? '';
  const [lpath, lquery = ''] = location.split('?');
  const query = { ...dictFrom(new URLSearchParams(lquery)), digest };
  if (isLayer)
    p.write(
      { status: 'Pushing', progressDetail: { current: 0, total: size }, id: digest.slice(7, 19) },
      `pushing ${what}`,
    );
  const put = yield* registry(
    p,
    'registry.blobs.upload',
    {
      method: 'PUT',
      path: lpath!,
      query,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: json ?? { bytes: size },
    },
    `${size} bytes of ${what}, in one request; the registry checks them against the digest`,
    undefined,
    size,
  );
  if (put.status !== 201)
    throw new DaemonError(
      'System',
      `unexpected status from PUT request to https://registry-1.docker.io${lpath}: ${String(put.status)}`,
    );
  return 'Pushed';
}

/**
 * One request to Docker Hub with containerd's authorizer: with the token it holds for
 * these scopes; a 401 fetches a token and sends the request once more.
 */
function* registry(
  p: Push,
  op: Op,
  req: HttpRequest,
  summary: string,
  scopes: string[] = [`repository:${p.ref.path}:pull,push`],
  transfer?: number,
): Task<Reply> {
  const wanted = scopes.join(' ');
  if (p.scopes !== undefined && p.scopes !== wanted) {
    const held = p.tokens.get(wanted);
    if (held) {
      p.token = held;
      p.scopes = wanted;
    } else yield* fetchToken(p, scopes);
  }
  const send = (s: string) =>
    p.inbound.call({
      to: 'registry',
      host: HUB_MACHINE,
      protocol: 'http',
      operation: operationOf(req),
      op,
      subjects: { image: familiarString(p.ref) },
      request: {
        ...req,
        headers: { ...req.headers, ...(p.token ? { Authorization: `Bearer ${p.token}` } : {}) },
      },
      summary: s,
      latency: rtt(p.host),
      ...(transfer ? { transfer } : {}),
    });
  if (transfer) yield* sleep(Math.round(transfer / BYTES_PER_MS));
  const r = yield* send(summary);
  if (r.status !== 401) return r;
  yield* fetchToken(p, scopes);
  return yield* send('the same request, with a token for these scopes');
}

function* fetchToken(p: Push, scopes: string[]): Task<void> {
  const password = p.auth.password ?? '';
  const basic =
    p.auth.username && password
      ? btoa(
          unescape(
            encodeURIComponent(
              `${p.auth.username}:${isRedactedMark(password) ? password : redactedMark(password)}`,
            ),
          ),
        )
      : undefined;
  const scope = scopes.join(' ');
  const t = yield* p.inbound.call<{ token?: string }>({
    to: 'auth',
    host: AUTH_MACHINE,
    protocol: 'http',
    operation: `GET /token?${scopes.map((s) => `scope=${s}`).join('&')}&service=${AUTH_SERVICE}`,
    op: 'auth.token.push',
    subjects: { image: familiarString(p.ref) },
    request: {
      method: 'GET',
      path: '/token',
      query: { scope, service: AUTH_SERVICE },
      ...(basic ? { headers: { Authorization: `Basic ${basic}` } } : {}),
    },
    summary: basic
      ? `dockerd asks for a token to push, as ${p.auth.username}`
      : 'dockerd asks for a token to push, anonymously: no login was sent',
    latency: rtt(p.host),
  });
  if (t.status === 401)
    throw new DaemonError(
      'Unauthorized',
      `failed to fetch oauth token: unexpected status from GET request to https://auth.docker.io/token: 401 Unauthorized`,
    );
  p.token = t.body?.token;
  p.scopes = scope;
  if (p.token) p.tokens.set(scope, p.token);
}
