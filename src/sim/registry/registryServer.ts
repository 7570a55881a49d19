import type { Actor } from 'xstate';
import type { Rng } from '../core/rng';
import type { Scheduler } from '../core/scheduler';
import type { Inbound, Reply } from '../core/network';
import type { HttpRequest } from '../core/http';
import { commit, contextOf } from '../core/actors';
import type { PushedBlob, RegistryState, registryMachine } from './registryMachine';
import { grants, signToken, verifyToken, type TokenClaims } from './token';
import { AUTH_REALM, AUTH_SERVICE, type HubContent } from './hub';
import { hubKnowledge } from './officialImages';
import { digestOfString } from './digest';

/** Docker Hub's machines: the registry's and the token service's state, and their clock. */
export interface HubMachine {
  /** What Docker Hub's registry has served this session (pulls counted); it keeps no tokens. */
  readonly registry: Actor<typeof registryMachine>;
  readonly rng: Rng;
  readonly scheduler: Scheduler;
  isoTime(simTime: number): string;
  /** Simulated wall-clock time, ms since 1970. */
  readonly wallClock: number;
}

/** How long a pull token is good for (Docker Hub's `expires_in`). */
const TOKEN_SECONDS = 300;

const errors = (code: string, message: string, detail?: unknown) => ({
  errors: [{ code, message, detail: detail ?? null }],
});

/**
 * Docker Hub's registry (OCI distribution API). Anonymous requests get a 401
 * with a Bearer challenge naming the token service; with a token it serves
 * manifests and blobs by digest. Unknown repositories also get 401: Docker Hub
 * does not reveal whether a repository exists to someone who may not pull it.
 * A tag the catalog does not hold gets 501 and DockScope's note, not a 404:
 * whether Docker Hub has it is not simulated.
 */
export function registryHandler(host: HubMachine, hub: HubContent) {
  // A HEAD answer has the headers a GET would have, never a body (401s and 404s included).
  return (inbound: Inbound): Reply => {
    const reply = serve(inbound);
    return (inbound.request as HttpRequest).method === 'HEAD'
      ? { ...reply, body: undefined }
      : reply;
  };

  function serve(inbound: Inbound): Reply {
    const req = inbound.request as HttpRequest;
    const token = (req.headers?.Authorization ?? '').replace(/^Bearer /, '');
    // No list of issued tokens: the signature is checked, then the claims are read.
    const claims = token ? verifyToken(token) : undefined;
    const live = claims !== undefined && claims.exp * 1000 > host.wallClock;
    if (req.path === '/v2/' || req.path === '/v2')
      return live
        ? { status: 200, body: {}, summary: '200: the token is good: this client is logged in' }
        : challenge('');
    const upload = /^\/v2\/(.+)\/blobs\/uploads\/([^/]*)$/.exec(req.path);
    if (upload) return pushBlob(req, upload[1]!, upload[2]!, live ? claims : undefined);
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(req.path);
    if (!m)
      return { status: 404, body: errors('NOT_FOUND', 'not found'), summary: '404 page not found' };
    const [, repository, kind, reference] = m as unknown as [string, string, string, string];
    if (req.method === 'PUT' && kind === 'manifests')
      return pushManifest(req, repository, reference, live ? claims : undefined);
    const scope = `repository:${repository}:pull`;
    if (!claims || !live || !grants(claims, repository, 'pull')) {
      return challenge(
        claims && grants(claims, repository, 'push') ? pushScope(repository) : scope,
        live,
      );
    }
    const pushed = state().repositories[repository];
    if (!hub.hasRepository(repository) && !pushed) {
      // A repository of the learner's own namespace, not pushed yet: nothing in it.
      if (grants(claims, repository, 'push'))
        return kind === 'blobs'
          ? {
              status: 404,
              body: errors('BLOB_UNKNOWN', 'blob unknown to registry'),
              summary: 'blob unknown: not in this repository yet',
            }
          : {
              status: 404,
              body: errors('MANIFEST_UNKNOWN', 'manifest unknown'),
              summary: 'manifest unknown',
            };
      return challenge(scope, true);
    }
    const digest = reference.startsWith('sha256:')
      ? reference
      : (pushed?.[reference] ?? hub.resolveTag(repository, reference));
    const blob = digest ? (state().blobs[digest] ?? hub.getBlob(digest)) : undefined;
    if (
      kind === 'blobs' &&
      req.method === 'HEAD' &&
      blob &&
      pushed &&
      !hub.hasRepository(repository) &&
      !linked(repository, digest!)
    )
      return {
        status: 404,
        body: errors('BLOB_UNKNOWN', 'blob unknown to registry'),
        summary: 'blob unknown: not in this repository yet',
      };
    if (!digest || !blob) {
      // A tag or digest of a carried repository that the catalog does not hold: the real
      // Docker Hub may well have it (node:20, ubuntu:22.04…), so this one does not say 404.
      return kind === 'manifests'
        ? {
            status: 501,
            body: { details: `DockScope does not carry ${repository}:${reference}: not simulated` },
            summary: `DockScope's Docker Hub carries ${repository} but not ${reference}, so what Docker Hub would answer for it is not simulated (it may well exist)`,
          }
        : {
            status: 404,
            body: errors('BLOB_UNKNOWN', 'blob unknown to registry'),
            summary: 'blob unknown',
          };
    }
    const headers = {
      'Content-Type': blob.mediaType,
      'Content-Length': String(blob.size),
      'Docker-Content-Digest': digest,
    };
    if (kind === 'manifests') {
      if (req.method === 'GET') commit(host.registry, { type: 'manifest.served', repository });
      return {
        status: 200,
        headers,
        body: req.method === 'HEAD' ? undefined : blob.json,
        summary:
          req.method === 'HEAD'
            ? `the tag ${reference} points at ${digest.slice(0, 19)}…`
            : `here is the ${describe(blob.mediaType)}`,
      };
    }
    commit(host.registry, { type: 'blob.served', digest });
    return {
      status: 200,
      headers,
      body: blob.json ?? { bytes: blob.size },
      summary: blob.json
        ? 'here is the image config'
        : `layer ${digest.slice(7, 19)}: ${blob.size} bytes of gzipped tar`,
    };
  }

  function state(): RegistryState {
    return contextOf<RegistryState>(host.registry);
  }

  /** Whether a pushed repository holds the blob: one of its manifests names it, or it was uploaded to it. */
  function linked(repository: string, digest: string): boolean {
    return state().links[`${repository}@${digest}`] === true;
  }

  /**
   * The upload of a blob (distribution's blob upload API): `POST …/blobs/uploads/`
   * opens a session (202 and its Location), or mounts a blob of another
   * repository (`?mount=<digest>&from=<repo>`, 201) when the token may pull that
   * one; `PUT …/blobs/uploads/<uuid>?digest=` ends the session with the bytes,
   * and the registry checks the digest. Both need `push` on the repository.
   */
  function pushBlob(
    req: HttpRequest,
    repository: string,
    uuid: string,
    claims: ReturnType<typeof verifyToken>,
  ): Reply {
    if (!claims || !grants(claims, repository, 'push'))
      return challenge(pushScope(repository), !!claims);
    const location = (digest: string) => `/v2/${repository}/blobs/${digest}`;
    if (req.method === 'POST') {
      const mount = req.query?.mount;
      const from = req.query?.from;
      if (
        mount &&
        from &&
        grants(claims, from, 'pull') &&
        (state().blobs[mount] ?? hub.getBlob(mount))
      ) {
        commit(host.registry, { type: 'blob.linked', repository, digest: mount });
        return {
          status: 201,
          headers: {
            Location: location(mount),
            'Docker-Content-Digest': mount,
            'Content-Length': '0',
          },
          summary: `201: mounted from ${from}: the registry has the blob already, no bytes travel`,
        };
      }
      const h = host.rng.hex(32);
      const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
      commit(host.registry, { type: 'upload.started', uuid: id, repository });
      return {
        status: 202,
        headers: {
          Location: `/v2/${repository}/blobs/uploads/${id}?_state=${host.rng.hex(16)}`,
          'Docker-Upload-UUID': id,
          Range: '0-0',
          'Content-Length': '0',
        },
        summary: '202: an upload session is open; send the bytes to its Location',
      };
    }
    if (req.method === 'PUT') {
      const digest = req.query?.digest ?? '';
      if (state().uploads[uuid] !== repository)
        return {
          status: 404,
          body: errors('BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry'),
          summary: '404: no such upload session',
        };
      const body = req.body as { bytes?: number } | string | undefined;
      const blob: PushedBlob =
        typeof body === 'string'
          ? {
              mediaType: 'application/octet-stream',
              size: new TextEncoder().encode(body).length,
              json: body,
            }
          : { mediaType: 'application/octet-stream', size: body?.bytes ?? 0 };
      commit(host.registry, { type: 'blob.stored', uuid, digest, blob });
      commit(host.registry, { type: 'blob.linked', repository, digest });
      return {
        status: 201,
        headers: {
          Location: location(digest),
          'Docker-Content-Digest': digest,
          'Content-Length': '0',
        },
        summary: `201: ${blob.size} bytes stored as ${digest.slice(0, 19)}…`,
      };
    }
    return {
      status: 405,
      body: errors('UNSUPPORTED', 'The operation is unsupported.'),
      summary: '405: not supported',
    };
  }

  /** `PUT /v2/<name>/manifests/<tag>`: every blob it names must be in the repository. */
  function pushManifest(
    req: HttpRequest,
    repository: string,
    reference: string,
    claims: ReturnType<typeof verifyToken>,
  ): Reply {
    if (!claims || !grants(claims, repository, 'push'))
      return challenge(pushScope(repository), !!claims);
    const json = typeof req.body === 'string' ? req.body : JSON.stringify(req.body ?? {});
    const mediaType = req.headers?.['Content-Type'] ?? '';
    let parsed: { config?: { digest?: string }; layers?: Array<{ digest?: string }> } = {};
    try {
      parsed = JSON.parse(json) as typeof parsed;
    } catch {
      return {
        status: 400,
        body: errors('MANIFEST_INVALID', 'manifest invalid'),
        summary: '400: manifest invalid',
      };
    }
    const named = [parsed.config?.digest, ...(parsed.layers ?? []).map((l) => l.digest)].filter(
      (d): d is string => typeof d === 'string',
    );
    const missing = named.find((d) => !linked(repository, d));
    if (missing)
      return {
        status: 400,
        body: errors('MANIFEST_BLOB_UNKNOWN', 'blob unknown to registry', missing),
        summary: `400: the manifest names ${missing.slice(0, 19)}…, which this repository does not have`,
      };
    const digest = digestOfString(json);
    const tag = reference.startsWith('sha256:') ? undefined : reference;
    commit(host.registry, {
      type: 'manifest.stored',
      repository,
      ...(tag ? { tag } : {}),
      digest,
      blob: { mediaType, size: new TextEncoder().encode(json).length, json },
    });
    return {
      status: 201,
      headers: {
        Location: `/v2/${repository}/manifests/${digest}`,
        'Docker-Content-Digest': digest,
        'Content-Length': '0',
      },
      summary: tag
        ? `201: ${repository}:${tag} now points at ${digest.slice(0, 19)}…`
        : `201: manifest ${digest.slice(0, 19)}… stored`,
    };
  }

  function challenge(scope: string, insufficient = false): Reply {
    const parts = [`realm="${AUTH_REALM}"`, `service="${AUTH_SERVICE}"`];
    if (scope) parts.push(`scope="${scope}"`);
    if (insufficient) parts.push('error="insufficient_scope"');
    return {
      status: 401,
      headers: { 'Www-Authenticate': `Bearer ${parts.join(',')}` },
      body: errors(
        'UNAUTHORIZED',
        'authentication required',
        scope
          ? (scope.split(':')[2] ?? 'pull').split(',').map((action) => ({
              Type: 'repository',
              Class: '',
              Name: scope.split(':')[1],
              Action: action,
            }))
          : null,
      ),
      summary: insufficient
        ? `401: this token does not allow ${scope.endsWith(',push') ? 'pushing to' : 'pulling'} that repository`
        : '401: come back with a token from auth.docker.io',
    };
  }
}

const pushScope = (repository: string) => `repository:${repository}:pull,push`;

function describe(mediaType: string): string {
  if (mediaType.includes('index') || mediaType.includes('list'))
    return 'image index (one manifest per platform)';
  if (mediaType.includes('manifest')) return 'image manifest (config + layers)';
  return mediaType;
}

/**
 * auth.docker.io: issues a short-lived Bearer token for a scope. Anonymous
 * users get `pull` on public repositories; for a repository that does not
 * exist the token carries no access at all.
 *
 * For a repository DockScope does not carry and cannot know to be absent
 * (see officialImages.ts) it does not pretend: the simulated token service
 * answers 501 with DockScope's note, since what the real one would grant is
 * not simulated.
 */
export function authHandler(host: HubMachine, hub: HubContent) {
  return (inbound: Inbound): Reply => {
    const req = inbound.request as HttpRequest;
    // Basic credentials: a login (`account=`), or a logged-in pull or push.
    const basic = /^Basic (.+)$/.exec(req.headers?.Authorization ?? '')?.[1];
    let account: string | undefined;
    if (basic) {
      let decoded: string;
      try {
        decoded = atob(basic);
      } catch {
        decoded = '';
      }
      const colon = decoded.indexOf(':');
      account = colon > 0 ? decoded.slice(0, colon) : '';
      // DockScope's Docker Hub has no accounts to check a password against: it takes any
      // password for a name that can be a Docker ID (4 to 30 lower-case letters and digits).
      if (!DOCKER_ID.test(account) || decoded.slice(colon + 1) === '') {
        return {
          status: 401,
          body: { details: 'incorrect username or password' },
          summary: `401: incorrect username or password (DockScope's Docker Hub takes any password, but "${account}" cannot be a Docker ID)`,
        };
      }
    }
    const scopes = (req.query?.scope ?? '').split(' ').filter((x) => x !== '');
    const pushed = contextOf<RegistryState>(host.registry).repositories;
    const access: TokenClaims['access'] = [];
    for (const scope of scopes) {
      const [, repository = '', wanted = ''] = scope.split(':');
      const exists = hub.hasRepository(repository) || !!pushed[repository];
      const own = account !== undefined && repository.split('/')[0] === account;
      const knowledge = hubKnowledge(repository, exists);
      if (knowledge === 'not-carried' && !own && !wanted.includes('push')) {
        return {
          status: 501,
          body: { details: `DockScope does not carry ${repository}: not simulated` },
          summary: `DockScope's Docker Hub does not carry ${repository}, so what auth.docker.io would answer for it is not simulated (the repository may well exist)`,
        };
      }
      // Public repositories: anyone may pull; only the namespace's owner may push.
      const actions = [
        ...(exists || own ? ['pull'] : []),
        ...(own && wanted.includes('push') ? ['push'] : []),
      ];
      access.push({ type: 'repository', name: repository, actions });
    }
    const iat = Math.floor(host.wallClock / 1000);
    const token = signToken({
      iss: 'auth.docker.io',
      aud: AUTH_SERVICE,
      iat,
      exp: iat + TOKEN_SECONDS,
      jti: host.rng.hex(48),
      access,
    });
    const granted = access.map((a) => `${a.name}: ${a.actions.join(',') || 'nothing'}`).join('; ');
    return {
      status: 200,
      body: {
        token,
        access_token: token,
        expires_in: TOKEN_SECONDS,
        issued_at: host.isoTime(host.scheduler.now),
      },
      summary:
        scopes.length === 0
          ? `the credentials are good: a token for ${account ?? 'an anonymous user'}, with no repository in it`
          : access.every((a) => a.actions.length === 0) &&
              scopes.length === 1 &&
              !scopes[0]!.includes('push')
            ? `token with no access: ${access[0]!.name.replace(/^library\//, '')} is not an official image, and library/ holds nothing else`
            : `token for ${account ?? 'an anonymous user'}: ${granted}`,
    };
  };
}

/** What Docker Hub accepts as a Docker ID. */
const DOCKER_ID = /^[a-z0-9]{4,30}$/;
