/**
 * Base images that the catalog's images are built FROM. They are not served
 * as repositories of their own; their layers and history steps are shared by
 * reference, so every image built on them has the very same base blobs.
 */
import type { HistoryStep } from './types';
import type { LayerKey } from './layers';
import { nop, nopCopy, run } from './steps';

export const PATH_DEFAULT = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * debian:bookworm and debian:bookworm-slim as of the 2024-09/10 builds: made by
 * the classic builder from a debuerreotype rootfs (`ADD file:<hash> in /`), so
 * these two steps carry no BuildKit comment. Later builds switched to BuildKit
 * (`ADD rootfs.tar.xz / # buildkit`) and, in 2025, to `# debian.sh …` lines.
 */
export const DEBIAN_HISTORY: readonly HistoryStep[] = [
  { createdBy: '/bin/sh -c #(nop) ADD file:{fileHash} in / ' },
  { createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', emptyLayer: true },
];

export const DEBIAN_SLIM_LAYERS = {
  amd64: ['debian-bookworm-slim/amd64'],
  arm64: ['debian-bookworm-slim/arm64'],
} as const satisfies Record<'amd64' | 'arm64', readonly LayerKey[]>;

/** buildpack-deps:bookworm = debian:bookworm + curl + scm + the build toolchain. */
export const BUILDPACK_DEPS_HISTORY: readonly HistoryStep[] = [
  ...DEBIAN_HISTORY,
  run(
    'set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tcurl \t\tgnupg \t\tnetbase \t\tsq \t\twget \t; \trm -rf /var/lib/apt/lists/*',
  ),
  run(
    'set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tgit \t\tmercurial \t\topenssh-client \t\tsubversion \t\t\t\tprocps \t; \trm -rf /var/lib/apt/lists/*',
  ),
  // Abridged: the real step lists about 45 -dev packages.
  run(
    'set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tautoconf \t\tautomake \t\tbzip2 \t\tdefault-libmysqlclient-dev \t\tdpkg-dev \t\tfile \t\tg++ \t\tgcc \t\timagemagick \t\tlibbz2-dev \t\tlibc6-dev \t\tlibcurl4-openssl-dev \t\t… \t\tmake \t\tpatch \t\tunzip \t\txz-utils \t\tzlib1g-dev \t; \trm -rf /var/lib/apt/lists/*',
  ),
];

export const BUILDPACK_DEPS_LAYERS = {
  amd64: [
    'debian-bookworm/amd64',
    'buildpack-deps-bookworm-curl/amd64',
    'buildpack-deps-bookworm-scm/amd64',
    'buildpack-deps-bookworm/amd64',
  ],
  arm64: [
    'debian-bookworm/arm64',
    'buildpack-deps-bookworm-curl/arm64',
    'buildpack-deps-bookworm-scm/arm64',
    'buildpack-deps-bookworm/arm64',
  ],
} as const satisfies Record<'amd64' | 'arm64', readonly LayerKey[]>;

/** buildpack-deps:bookworm-scm: debian:bookworm + curl + scm, the first three layers above (golang is built FROM it). */
export const BUILDPACK_DEPS_SCM_HISTORY: readonly HistoryStep[] = BUILDPACK_DEPS_HISTORY.slice(
  0,
  4,
);

export const BUILDPACK_DEPS_SCM_LAYERS = {
  amd64: BUILDPACK_DEPS_LAYERS.amd64.slice(0, 3),
  arm64: BUILDPACK_DEPS_LAYERS.arm64.slice(0, 3),
} as const satisfies Record<'amd64' | 'arm64', readonly LayerKey[]>;

/**
 * ubuntu:noble (24.04), the 20241011 build: Canonical's rootfs imported as an
 * OCI image, whose history keeps the classic builder's lines of the
 * Dockerfile it was made with (two ARGs, two LABELs, the rootfs, CMD).
 */
export const UBUNTU_NOBLE_LABELS = {
  'org.opencontainers.image.ref.name': 'ubuntu',
  'org.opencontainers.image.version': '24.04',
} as const;

export const UBUNTU_NOBLE_HISTORY: readonly HistoryStep[] = [
  nop('ARG RELEASE'),
  nop('ARG LAUNCHPAD_BUILD_ARCH'),
  nop('LABEL org.opencontainers.image.ref.name=ubuntu'),
  nop('LABEL org.opencontainers.image.version=24.04'),
  nopCopy('ADD', '/'),
  nop('CMD ["/bin/bash"]'),
];

export const UBUNTU_NOBLE_LAYERS = {
  amd64: ['ubuntu-noble-20241011/amd64'],
  arm64: ['ubuntu-noble-20241011/arm64'],
} as const satisfies Record<'amd64' | 'arm64', readonly LayerKey[]>;
