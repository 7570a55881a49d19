// Deterministic image catalog for the fake daemon: what "the registry" serves and what a
// local image store can hold. Digests and IDs are made up (sha256 of a label) but stable.
import { createHash } from 'node:crypto';

export const hex = (label: string): string => createHash('sha256').update(label).digest('hex');

export interface LayerSpec {
  /** 12-hex short ID the pull stream shows. */
  readonly id: string;
  /** Compressed size in bytes (Downloading total). */
  readonly size: number;
}

export interface ImageSpec {
  readonly repo: string; // familiar name, e.g. "nginx"
  readonly tag: string;
  /** Image ID (containerd store: the index digest), "sha256:<64hex>". */
  readonly id: string;
  /** Repo digest shown as "Digest: …". */
  readonly digest: string;
  readonly createdAgo: number; // seconds before "now"
  readonly size: number; // unpacked size, bytes
  readonly layers: readonly LayerSpec[];
  readonly cmd: readonly string[];
  readonly entrypoint: readonly string[] | null;
  readonly env: readonly string[];
  readonly exposedPorts: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly stopSignal?: string;
}

const layers = (label: string, sizes: readonly number[]): LayerSpec[] =>
  sizes.map((size, i) => ({ id: hex(`${label}/layer/${i}`).slice(0, 12), size }));

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const DAY = 86_400;

// nginx:1.27 and nginx:latest share the debian base layer (index 0) and the next one.
const nginxLatestLayers = layers(
  'nginx:latest',
  [28_227_259, 40_036_547, 628, 956, 405, 1_209, 1_398],
);
const nginx127Layers = [
  nginxLatestLayers[0]!,
  nginxLatestLayers[1]!,
  ...layers('nginx:1.27', [627, 955, 404, 1_208, 1_397]),
];

const nginx = (tag: string, ls: LayerSpec[], createdAgo: number, version: string): ImageSpec => ({
  repo: 'nginx',
  tag,
  id: `sha256:${hex(`nginx:${tag}/index`)}`,
  digest: `sha256:${hex(`nginx:${tag}/index`)}`,
  createdAgo,
  size: 192_004_242,
  layers: ls,
  cmd: ['nginx', '-g', 'daemon off;'],
  entrypoint: ['/docker-entrypoint.sh'],
  env: [PATH_ENV, `NGINX_VERSION=${version}`, 'NJS_VERSION=0.8.10', 'PKG_RELEASE=1~bookworm'],
  exposedPorts: ['80/tcp'],
  labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' },
  stopSignal: 'SIGQUIT',
});

export const CATALOG: readonly ImageSpec[] = [
  nginx('latest', nginxLatestLayers, 12 * DAY, '1.29.0'),
  nginx('1.27', nginx127Layers, 40 * DAY, '1.27.5'),
  {
    repo: 'hello-world',
    tag: 'latest',
    id: `sha256:${hex('hello-world:latest/index')}`,
    digest: `sha256:${hex('hello-world:latest/index')}`,
    createdAgo: 150 * DAY,
    size: 20_361,
    layers: layers('hello-world:latest', [3_195]),
    cmd: ['/hello'],
    entrypoint: null,
    env: [PATH_ENV],
    exposedPorts: [],
    labels: {},
  },
  {
    repo: 'alpine',
    tag: 'latest',
    id: `sha256:${hex('alpine:latest/index')}`,
    digest: `sha256:${hex('alpine:latest/index')}`,
    createdAgo: 60 * DAY,
    size: 12_794_775,
    layers: layers('alpine:latest', [3_642_247]),
    cmd: ['/bin/sh'],
    entrypoint: null,
    env: [PATH_ENV],
    exposedPorts: [],
    labels: {},
  },
];

export const refOf = (img: ImageSpec): string => `${img.repo}:${img.tag}`;

export function findInCatalog(ref: string): ImageSpec | undefined {
  return CATALOG.find((img) => refOf(img) === ref);
}

/** The greeting /hello prints (hello-world:latest, amd64). */
export const HELLO_WORLD_TEXT = `
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

`;
