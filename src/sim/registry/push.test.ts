import { describe, expect, it } from 'vitest';
import { World } from '../world';
import { dockerHub } from '../install';
import { authHandler, registryHandler } from './registryServer';
import type { Inbound } from '../core/network';
import type { HttpRequest } from '../core/http';
import { digestOfString } from './digest';

const call = (
  h: (i: Inbound) => ReturnType<ReturnType<typeof registryHandler>>,
  req: HttpRequest,
) => h({ request: req } as unknown as Inbound);

describe('Docker Hub’s blob upload and manifest PUT', () => {
  const world = new World({ seed: 1 });
  const registry = registryHandler(world, dockerHub);
  const auth = authHandler(world, dockerHub);
  const token = (user: string | undefined, scope: string) =>
    (
      call(auth, {
        method: 'GET',
        path: '/token',
        query: { scope, service: 'registry.docker.io' },
        ...(user ? { headers: { Authorization: `Basic ${btoa(`${user}:pw`)}` } } : {}),
      }).body as { token: string }
    ).token;

  it('POST opens a session, PUT ?digest= stores the bytes; the manifest goes in only once its blobs are there', () => {
    const t = token('learner', 'repository:learner/web:pull,push');
    const bearer = { Authorization: `Bearer ${t}` };
    const config = '{"architecture":"amd64","os":"linux"}';
    const digest = digestOfString(config);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest,
        size: config.length,
      },
      layers: [],
    });
    const early = call(registry, {
      method: 'PUT',
      path: '/v2/learner/web/manifests/v1',
      headers: { ...bearer, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
      body: manifest,
    });
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toContain('MANIFEST_BLOB_UNKNOWN');
    const post = call(registry, {
      method: 'POST',
      path: '/v2/learner/web/blobs/uploads/',
      headers: bearer,
    });
    expect(post.status).toBe(202);
    const [path, q] = post.headers!.Location!.split('?');
    const put = call(registry, {
      method: 'PUT',
      path: path!,
      query: { ...Object.fromEntries(new URLSearchParams(q)), digest },
      headers: bearer,
      body: config,
    });
    expect(put.status).toBe(201);
    expect(put.headers!['Docker-Content-Digest']).toBe(digest);
    const ok = call(registry, {
      method: 'PUT',
      path: '/v2/learner/web/manifests/v1',
      headers: { ...bearer, 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
      body: manifest,
    });
    expect(ok.status).toBe(201);
    expect(ok.headers!['Docker-Content-Digest']).toBe(digestOfString(manifest));
    // Anyone may pull it now: the repository is public.
    const anon = token(undefined, 'repository:learner/web:pull');
    const head = call(registry, {
      method: 'HEAD',
      path: '/v2/learner/web/manifests/v1',
      headers: { Authorization: `Bearer ${anon}` },
    });
    expect(head.status).toBe(200);
    expect(head.headers!['Docker-Content-Digest']).toBe(digestOfString(manifest));
  });

  it('another Docker ID, or nobody, gets no push: 401 with insufficient_scope', () => {
    for (const user of ['someoneelse', undefined]) {
      const t = token(user, 'repository:learner/web:pull,push');
      const post = call(registry, {
        method: 'POST',
        path: '/v2/learner/web/blobs/uploads/',
        headers: { Authorization: `Bearer ${t}` },
      });
      expect(post.status).toBe(401);
      expect(post.headers!['Www-Authenticate']).toContain('error="insufficient_scope"');
    }
  });
});
