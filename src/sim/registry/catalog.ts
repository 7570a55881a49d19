/**
 * The simulated Docker Hub: which official images exist and what they are made
 * of. Pure data; `content.ts` turns it into the JSON documents and digests the
 * registry serves.
 *
 * Snapshot: the official images as Docker Hub served them at the end of
 * October 2024, when they were still built on Debian 12 "bookworm": nginx
 * 1.27.2, httpd 2.4.62, redis 7.4.1, postgres 17.0, node 23.1.0, python
 * 3.13.0, golang 1.23.2, alpine 3.20.3, busybox 1.37.0, hello-world (the May
 * 2023 build), debian 12.7, ubuntu 24.04 (noble-20241011), mysql 9.1.0,
 * mongo 8.0.3, registry 2.8.3 and traefik v3.1.6.
 * Configs (Env, Entrypoint, Cmd, ports, volumes, labels, stop signals) and
 * history lines are those of the real images (long RUN scripts abridged, marked
 * with "…"); sizes are real or close estimates (see catalog/layers.ts). Real
 * indexes list more platforms and attestation manifests; only linux/amd64 and
 * linux/arm64/v8 are modelled. Digests are this simulator's own (see content.ts).
 */
import type { Catalog } from './catalog/types';
import { ALPINE, BUSYBOX, HELLO_WORLD } from './catalog/minimal';
import { HTTPD, NGINX } from './catalog/webServers';
import { REDIS } from './catalog/redis';
import { POSTGRES } from './catalog/postgres';
import { GOLANG, NODE, PYTHON } from './catalog/languages';
import { DEBIAN, UBUNTU } from './catalog/distros';
import { MONGO, MYSQL } from './catalog/databases';
import { REGISTRY, TRAEFIK } from './catalog/infra';

export type * from './catalog/types';
export type { LayerKey } from './catalog/layers';
export { PLATFORMS, PLATFORM_KEYS, RUNTIME_PLACEHOLDERS } from './catalog/types';
export { LAYERS } from './catalog/layers';
export { HELLO_WORLD_GREETING } from './catalog/minimal';

/** The date the catalog depicts ("now" for `CREATED … ago` if the engine wants a default). */
export const CATALOG_SNAPSHOT_DATE = '2024-10-28T00:00:00Z';

export const CATALOG: Catalog = [
  HELLO_WORLD,
  ALPINE,
  BUSYBOX,
  NGINX,
  HTTPD,
  REDIS,
  POSTGRES,
  NODE,
  PYTHON,
  UBUNTU,
  DEBIAN,
  GOLANG,
  MYSQL,
  MONGO,
  REGISTRY,
  TRAEFIK,
];

/** What the learner types for each carried repository: `nginx`, not `library/nginx`. */
export const CATALOG_IMAGE_NAMES: readonly string[] = CATALOG.map((r) =>
  r.name.replace(/^library\//, ''),
);
