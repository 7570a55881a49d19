import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ociErrors } from '../schemas/ociValidators';
import { CATALOG, HELLO_WORLD_GREETING, LAYERS, PLATFORMS } from './catalog';
import type { ImageRuntime } from './catalog';
import {
  buildRegistryContent,
  catalogEntry,
  getBlob,
  getImageConfig,
  getIndex,
  getManifest,
  hasRepository,
  listRepositories,
  platformManifest,
  registryContent,
  resolveTag,
} from './content';
import { MEDIA_TYPE } from './ociTypes';
import type { OciIndex, OciManifest } from './ociTypes';

const content = registryContent();
const sha256 = (text: string): string =>
  `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

const indexOf = (repo: string, tag = 'latest'): OciIndex => {
  const digest = resolveTag(repo, tag);
  if (!digest) throw new Error(`no ${repo}:${tag}`);
  return getIndex(digest) as OciIndex;
};
const manifestOf = (repo: string, platform = AMD64, tag = 'latest'): OciManifest => {
  const found = platformManifest(resolveTag(repo, tag) ?? '', platform);
  if (!found) throw new Error(`no ${repo}:${tag} for ${platform.architecture}`);
  return found.manifest;
};
const layerDigests = (repo: string, platform = AMD64): string[] =>
  manifestOf(repo, platform).layers.map((l) => l.digest);
const runtimeOf = (repo: string): ImageRuntime => {
  const entry = catalogEntry(resolveTag(repo, 'latest') ?? '');
  if (!entry) throw new Error(`no entry for ${repo}`);
  return entry.image.runtime;
};

describe('registry content', () => {
  it('serves the expected official images', () => {
    expect(listRepositories()).toEqual(
      [
        'alpine',
        'busybox',
        'debian',
        'golang',
        'hello-world',
        'httpd',
        'mongo',
        'mysql',
        'nginx',
        'node',
        'postgres',
        'python',
        'redis',
        'registry',
        'traefik',
        'ubuntu',
      ].map((n) => `library/${n}`),
    );
    for (const repo of listRepositories()) {
      const tags = [...(content.repositories.get(repo)?.tags.keys() ?? [])];
      expect(tags, repo).toContain('latest');
      expect(tags.length, repo).toBeGreaterThan(1);
    }
    expect(resolveTag('library/nginx', '1.27')).toBe(resolveTag('library/nginx', 'latest'));
    expect(resolveTag('library/alpine', '3.20')).toBe(resolveTag('library/alpine', 'latest'));
    expect(resolveTag('library/nginx', 'nope')).toBeUndefined();
    expect(resolveTag('library/nosuch', 'latest')).toBeUndefined();
    expect(hasRepository('library/redis')).toBe(true);
    expect(hasRepository('redis')).toBe(false); // registry names are fully qualified
  });

  it('gives every JSON blob the sha256 and byte length of the exact bytes served', () => {
    let documents = 0;
    for (const [digest, blob] of content.blobs) {
      expect(blob.digest).toBe(digest);
      expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      if (blob.json === undefined) continue;
      documents++;
      expect(sha256(blob.json), digest).toBe(digest);
      expect(Buffer.byteLength(blob.json, 'utf8'), digest).toBe(blob.size);
      expect(JSON.parse(blob.json)).toEqual(content.documents.get(digest));
    }
    expect(documents).toBeGreaterThan(30);
  });

  it('validates every index, manifest and config against the OCI image-spec schemas', () => {
    const kinds = { index: 0, manifest: 0, config: 0 };
    for (const blob of content.blobs.values()) {
      if (blob.json === undefined) continue;
      const doc: unknown = JSON.parse(blob.json);
      const kind =
        blob.mediaType === MEDIA_TYPE.index
          ? 'index'
          : blob.mediaType === MEDIA_TYPE.manifest
            ? 'manifest'
            : 'config';
      expect(blob.mediaType).toBe(MEDIA_TYPE[kind]);
      expect(ociErrors(kind, doc), `${kind} ${blob.digest}`).toEqual([]);
      kinds[kind]++;
    }
    expect(kinds).toEqual({ index: 16, manifest: 32, config: 32 });
  });

  it('has validators that do reject broken documents', () => {
    const manifest = structuredClone(manifestOf('library/nginx'));
    expect(ociErrors('manifest', manifest)).toEqual([]);
    expect(ociErrors('manifest', { ...manifest, layers: [] })).not.toEqual([]);
    expect(ociErrors('descriptor', { ...manifest.config, digest: 'not a digest' })).not.toEqual([]);
    expect(
      ociErrors('index', { schemaVersion: 2, manifests: [{ digest: 'sha256:00' }] }),
    ).not.toEqual([]);
  });

  it('references only blobs it serves, with matching descriptors', () => {
    for (const [repo, { blobs }] of content.repositories) {
      for (const tagDigest of content.repositories.get(repo)?.tags.values() ?? []) {
        for (const d of (getIndex(tagDigest) as OciIndex).manifests) {
          const manifest = getManifest(d.digest) as OciManifest;
          expect(getBlob(d.digest)?.size).toBe(d.size);
          for (const ref of [manifest.config, ...manifest.layers]) {
            expect(getBlob(ref.digest), ref.digest).toMatchObject({
              size: ref.size,
              mediaType: ref.mediaType,
            });
            expect(blobs.has(ref.digest)).toBe(true);
          }
          const config = getImageConfig(manifest.config.digest);
          expect(config?.rootfs.diff_ids).toEqual(
            manifest.layers.map((l) => getBlob(l.digest)?.layer?.diffId),
          );
          expect(config?.history.filter((h) => !h.empty_layer)).toHaveLength(
            manifest.layers.length,
          );
        }
      }
    }
  });

  it('offers linux/amd64 and linux/arm64/v8 in every index, and picks them by platform', () => {
    for (const repo of listRepositories()) {
      const platforms = indexOf(repo).manifests.map((m) => m.platform);
      expect(platforms, repo).toEqual([
        { architecture: 'amd64', os: 'linux' },
        { architecture: 'arm64', os: 'linux', variant: 'v8' },
      ]);
      const arm = platformManifest(resolveTag(repo, 'latest') ?? '', ARM64);
      expect(getImageConfig(arm?.manifest.config.digest ?? '')).toMatchObject({
        architecture: 'arm64',
        variant: 'v8',
      });
    }
    const nginx = resolveTag('library/nginx', 'latest') ?? '';
    expect(
      platformManifest(nginx, { os: 'linux', architecture: 'arm64' })?.descriptor.platform?.variant,
    ).toBe('v8');
    expect(
      platformManifest(nginx, { os: 'linux', architecture: 'arm', variant: 'v7' }),
    ).toBeUndefined();
    expect(platformManifest(nginx, { os: 'windows', architecture: 'amd64' })).toBeUndefined();
    expect(platformManifest('sha256:0000', AMD64)).toBeUndefined();
  });

  it('shares base layers between images as the very same blobs', () => {
    for (const platform of [AMD64, ARM64]) {
      const slimBase = layerDigests('library/nginx', platform)[0];
      for (const repo of ['library/httpd', 'library/redis', 'library/postgres']) {
        expect(layerDigests(repo, platform)[0], repo).toBe(slimBase);
      }
      // node and python share the whole buildpack-deps:bookworm chain (4 layers).
      expect(layerDigests('library/python', platform).slice(0, 4)).toEqual(
        layerDigests('library/node', platform).slice(0, 4),
      );
      expect(layerDigests('library/node', platform)[0]).not.toBe(slimBase);
      expect(layerDigests('library/node', platform)[4]).not.toBe(
        layerDigests('library/python', platform)[4],
      );
    }
    for (const platform of [AMD64, ARM64]) {
      // debian:latest is the bookworm blob under node, python and golang; golang shares
      // buildpack-deps:bookworm-scm's three; mongo's first is ubuntu:noble's; traefik's alpine's.
      const [debian] = layerDigests('library/debian', platform);
      expect(layerDigests('library/node', platform)[0]).toBe(debian);
      expect(layerDigests('library/golang', platform).slice(0, 3)).toEqual(
        layerDigests('library/node', platform).slice(0, 3),
      );
      expect(layerDigests('library/golang', platform)[3]).not.toBe(
        layerDigests('library/node', platform)[3],
      );
      expect(layerDigests('library/mongo', platform)[0]).toBe(
        layerDigests('library/ubuntu', platform)[0],
      );
      expect(layerDigests('library/traefik', platform)[0]).toBe(
        layerDigests('library/alpine', platform)[0],
      );
      // registry:2 is built on alpine 3.18, not 3.20: a different blob.
      expect(layerDigests('library/registry', platform)[0]).not.toBe(
        layerDigests('library/alpine', platform)[0],
      );
    }
    expect(layerDigests('library/nginx', AMD64)[0]).not.toBe(
      layerDigests('library/nginx', ARM64)[0],
    );
    for (const repo of ['library/alpine', 'library/busybox', 'library/hello-world']) {
      expect(layerDigests(repo), repo).toHaveLength(1);
    }
    // The well-known 32-byte empty layer (a WORKDIR that changed nothing) is shared too.
    const empty = 'sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1';
    expect(layerDigests('library/redis')).toContain(empty);
    expect(layerDigests('library/httpd', ARM64)).toContain(empty);
    expect(getBlob(empty)?.size).toBe(32);
  });

  it('has realistic sizes', () => {
    const unpacked = (repo: string): number =>
      manifestOf(repo).layers.reduce(
        (sum, l) => sum + (getBlob(l.digest)?.layer?.unpackedSize ?? NaN),
        0,
      );
    expect(unpacked('library/hello-world')).toBe(13_256); // "13.3kB"
    expect(Math.round(unpacked('library/nginx') / 1e6)).toBe(192); // "192MB"
    expect(Math.round(unpacked('library/alpine') / 1e5) / 10).toBe(7.8);
    for (const [key, spec] of Object.entries(LAYERS)) expect(spec.size, key).toBeGreaterThan(0);
  });

  it('keeps the real image configs', () => {
    const config = (repo: string) => getImageConfig(manifestOf(repo).config.digest)?.config;
    expect(config('library/nginx')).toMatchObject({
      Entrypoint: ['/docker-entrypoint.sh'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      ExposedPorts: { '80/tcp': {} },
      StopSignal: 'SIGQUIT',
    });
    expect(config('library/nginx')?.Env).toContain('NGINX_VERSION=1.27.2');
    expect(config('library/httpd')?.StopSignal).toBe('SIGWINCH');
    expect(config('library/ubuntu')).toMatchObject({
      Cmd: ['/bin/bash'],
      Labels: {
        'org.opencontainers.image.ref.name': 'ubuntu',
        'org.opencontainers.image.version': '24.04',
      },
    });
    expect(config('library/golang')).toMatchObject({ WorkingDir: '/go', Cmd: ['bash'] });
    expect(config('library/golang')?.Env).toEqual([
      'PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'GOLANG_VERSION=1.23.2',
      'GOTOOLCHAIN=local',
      'GOPATH=/go',
    ]);
    expect(config('library/mysql')).toMatchObject({
      Entrypoint: ['docker-entrypoint.sh'],
      Cmd: ['mysqld'],
      ExposedPorts: { '3306/tcp': {}, '33060/tcp': {} },
      Volumes: { '/var/lib/mysql': {} },
    });
    expect(config('library/mongo')).toMatchObject({
      Cmd: ['mongod'],
      ExposedPorts: { '27017/tcp': {} },
      Volumes: { '/data/configdb': {}, '/data/db': {} },
    });
    expect(config('library/registry')).toMatchObject({
      Entrypoint: ['/entrypoint.sh'],
      Cmd: ['/etc/docker/registry/config.yml'],
      ExposedPorts: { '5000/tcp': {} },
    });
    expect(config('library/traefik')?.Labels?.['org.opencontainers.image.version']).toBe('v3.1.6');
    expect(config('library/postgres')).toMatchObject({
      StopSignal: 'SIGINT',
      Volumes: { '/var/lib/postgresql/data': {} },
    });
    expect(config('library/redis')).toMatchObject({
      WorkingDir: '/data',
      Volumes: { '/data': {} },
    });
    expect(config('library/alpine')?.Cmd).toEqual(['/bin/sh']);
    expect(config('library/busybox')?.Cmd).toEqual(['sh']);
    expect(config('library/hello-world')?.Cmd).toEqual(['/hello']);
    // Platform placeholders in history are filled in per architecture.
    const history = (platform: typeof AMD64) =>
      getImageConfig(manifestOf('library/alpine', platform).config.digest)?.history[0]?.created_by;
    expect(history(AMD64)).toBe('ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit');
    expect(history(ARM64)).toBe('ADD alpine-minirootfs-3.20.3-aarch64.tar.gz / # buildkit');
    for (const blob of content.blobs.values())
      expect(blob.json ?? '').not.toMatch(/\{(dpkgArch|uname|fileHash)\}/);
  });

  it("prints hello-world's greeting verbatim", () => {
    const runtime = runtimeOf('library/hello-world');
    expect(runtime).toMatchObject({ kind: 'prints-and-exits', exitCode: 0 });
    const stdout = runtime.kind === 'prints-and-exits' ? runtime.stdout : '';
    expect(stdout).toBe(HELLO_WORLD_GREETING);
    expect(stdout.replace('{bashbrewArch}', PLATFORMS['linux/amd64'].bashbrewArch)).toBe(
      `
Hello from Docker!
This message shows that your installation appears to be working correctly.

To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.

To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash

Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/

For more examples and ideas, visit:
 https://docs.docker.com/get-started/

`,
    );
  });

  it('describes how each image behaves when run', () => {
    const kinds = Object.fromEntries(
      listRepositories().map((r) => [r.replace('library/', ''), runtimeOf(r).kind]),
    );
    expect(kinds).toEqual({
      alpine: 'shell',
      busybox: 'shell',
      debian: 'shell',
      golang: 'shell',
      'hello-world': 'prints-and-exits',
      httpd: 'server',
      mongo: 'server',
      mysql: 'server',
      nginx: 'server',
      node: 'repl',
      postgres: 'server',
      python: 'repl',
      redis: 'server',
      registry: 'server',
      traefik: 'server',
      ubuntu: 'shell',
    });
    const nginx = runtimeOf('library/nginx');
    if (nginx.kind !== 'server') throw new Error('nginx is a server');
    expect(nginx.startupLogs.map((l) => l.text)).toContain('{time} [notice] 1#1: nginx/1.27.2');
    const postgres = runtimeOf('library/postgres');
    if (postgres.kind !== 'server') throw new Error('postgres is a server');
    expect(postgres.requiresEnv?.otherwise.exitCode).toBe(1);
    expect(postgres.requiresEnv?.otherwise.logs[0]?.text).toBe(
      'Error: Database is uninitialized and superuser password is not specified.',
    );
    for (const repo of ['library/node', 'library/python', 'library/alpine', 'library/busybox']) {
      expect(runtimeOf(repo), repo).toMatchObject({ exitCodeWithoutStdin: 0 });
    }
  });

  it('is deterministic and memoised', () => {
    const again = buildRegistryContent(CATALOG);
    expect([...again.blobs.keys()]).toEqual([...content.blobs.keys()]);
    expect(again.repositories.get('library/nginx')?.tags).toEqual(
      content.repositories.get('library/nginx')?.tags,
    );
    expect(registryContent()).toBe(content);
    const config = getImageConfig(manifestOf('library/redis').config.digest);
    expect(Object.isFrozen(config) && Object.isFrozen(config?.config.Env)).toBe(true);
  });

  it('refuses a catalog whose history does not match its layers', () => {
    const hello = CATALOG.find((r) => r.name === 'library/hello-world');
    const image = hello?.images[0];
    if (!hello || !image) throw new Error('hello-world missing');
    const broken = [{ ...hello, images: [{ ...image, history: image.history.slice(1) }] }];
    expect(() => buildRegistryContent(broken)).toThrow(/1 layers/);
  });

  it('maps index, manifest and config digests back to their catalog image', () => {
    const index = resolveTag('library/postgres', '17') ?? '';
    expect(catalogEntry(index)).toMatchObject({ repository: 'library/postgres' });
    const arm = platformManifest(index, ARM64);
    expect(catalogEntry(arm?.descriptor.digest ?? '')).toMatchObject({
      platform: 'linux/arm64/v8',
    });
    expect(catalogEntry(arm?.manifest.config.digest ?? '')?.image.version).toBe('17.0');
  });
});
