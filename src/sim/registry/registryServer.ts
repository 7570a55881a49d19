import type { Actor } from 'xstate';
import type { Rng } from '../core/rng';
import type { Scheduler } from '../core/scheduler';
import type { Inbound, Reply } from '../core/network';
import type { HttpRequest } from '../core/http';
import { commit } from '../core/actors';
import type { registryMachine } from './registryMachine';
import { grants, signToken, verifyToken } from './token';
import { AUTH_REALM, AUTH_SERVICE, type HubContent } from './hub';
import { hubKnowledge } from './officialImages';

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
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(req.path);
    if (req.path === '/v2/' || req.path === '/v2') return challenge('');
    if (!m)
      return { status: 404, body: errors('NOT_FOUND', 'not found'), summary: '404 page not found' };
    const [, repository, kind, reference] = m as unknown as [string, string, string, string];
    const scope = `repository:${repository}:pull`;
    const token = (req.headers?.Authorization ?? '').replace(/^Bearer /, '');
    // No list of issued tokens: the signature is checked, then the claims are read.
    const claims = token ? verifyToken(token) : undefined;
    const live = claims !== undefined && claims.exp * 1000 > host.wallClock;
    if (!claims || !live || !grants(claims, repository, 'pull')) {
      return challenge(scope, live);
    }
    if (!hub.hasRepository(repository)) return challenge(scope, true);
    const digest = reference.startsWith('sha256:')
      ? reference
      : hub.resolveTag(repository, reference);
    const blob = digest ? hub.getBlob(digest) : undefined;
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
          ? [{ Type: 'repository', Class: '', Name: scope.split(':')[1], Action: 'pull' }]
          : null,
      ),
      summary: insufficient
        ? '401: this token does not allow pulling that repository'
        : '401: come back with a token from auth.docker.io',
    };
  }
}

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
    const scope = req.query?.scope ?? '';
    const [, repository = ''] = scope.split(':');
    const knowledge = hubKnowledge(repository, hub.hasRepository(repository));
    if (knowledge === 'not-carried') {
      return {
        status: 501,
        body: { details: `DockScope does not carry ${repository}: not simulated` },
        summary: `DockScope's Docker Hub does not carry ${repository}, so what auth.docker.io would answer for it is not simulated (the repository may well exist)`,
      };
    }
    const actions = knowledge === 'carried' ? ['pull'] : [];
    const iat = Math.floor(host.wallClock / 1000);
    const token = signToken({
      iss: 'auth.docker.io',
      aud: AUTH_SERVICE,
      iat,
      exp: iat + TOKEN_SECONDS,
      jti: host.rng.hex(48),
      access: [{ type: 'repository', name: repository, actions }],
    });
    return {
      status: 200,
      body: {
        token,
        access_token: token,
        expires_in: TOKEN_SECONDS,
        issued_at: host.isoTime(host.scheduler.now),
      },
      summary: actions.length
        ? `token for ${scope}`
        : `token with no access: ${repository} is not an official image, and library/ holds nothing else`,
    };
  };
}
