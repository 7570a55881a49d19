/**
 * registry (the CNCF Distribution registry, 2.8.3) and traefik (v3.1.6): the
 * two infrastructure images learners meet first. Both are built FROM alpine
 * with the classic builder; traefik on alpine:3.20, so its first layer is the
 * very blob of alpine:latest.
 *
 * Sources: docker-library/official-images `library/registry` and
 * `library/traefik` on 2024-10-28; distribution/distribution-library-image at
 * 39dd72fe (Dockerfile, config-example.yml, docker-entrypoint.sh);
 * traefik/traefik-library-image v3.1/alpine at 370363b6. Log lines: the form
 * both print at start-up (registry: logrus text to stderr; traefik: zerolog's
 * console format to stdout).
 */
import type { CatalogRepository, LogLine } from './types';
import { PATH_DEFAULT } from './bases';
import { nop, nopCopy, shRun } from './steps';

// ---------------------------------------------------------------------------
// registry 2.8.3
// ---------------------------------------------------------------------------

/** Every logrus line carries the same fields after the message, then a space. */
const registryLog = (level: 'info' | 'warning', msg: string, delayMs = 0): LogLine => ({
  stream: 'stderr',
  text: `time="{goTime}" level=${level} msg="${msg}" go.version=go1.20.8 instance.id={instanceId} service=registry version=2.8.3 `,
  delayMs,
});

/**
 * With the image's config (no http.secret, no redis, in-memory blob cache,
 * `addr: :5000`). The upload purger's first run is randomly delayed (up to an
 * hour, whole minutes); 20m0s here.
 */
const REGISTRY_STARTUP: readonly LogLine[] = [
  registryLog(
    'warning',
    'No HTTP secret provided - generated random secret. This may cause problems with uploads if multiple registries are behind a load-balancer. To provide a shared secret, fill in http.secret in the configuration file or set the REGISTRY_HTTP_SECRET environment variable.',
    15,
  ),
  registryLog('info', 'redis not configured'),
  registryLog('info', 'Starting upload purge in 20m0s'),
  registryLog('info', 'using inmemory blob descriptor cache'),
  registryLog('info', 'listening on [::]:5000', 1),
];

export const REGISTRY: CatalogRepository = {
  name: 'library/registry',
  description:
    'Distribution implementation for storing and distributing of container images and artifacts',
  images: [
    {
      tags: ['latest', '2', '2.8', '2.8.3'],
      version: '2.8.3',
      created: '2024-09-07T00:00:00Z', // unsure: rebuilt on alpine 3.18.9; date approximate
      baseName: 'alpine:3.18',
      config: {
        ExposedPorts: { '5000/tcp': {} },
        Env: [PATH_DEFAULT],
        Entrypoint: ['/entrypoint.sh'],
        Cmd: ['/etc/docker/registry/config.yml'],
        Volumes: { '/var/lib/registry': {} },
      },
      history: [
        // alpine:3.18
        nopCopy('ADD', '/'),
        nop('CMD ["/bin/sh"]'),
        shRun('apk add --no-cache ca-certificates'),
        // Abridged: the per-architecture URL and sha256 table.
        shRun(
          "set -eux; \tversion='2.8.3'; \tapkArch=\"$(apk --print-arch)\"; \tcase \"$apkArch\" in \t\tx86_64)  arch='amd64';   sha256='b1f750ecbe09f38e2143e22c61a25e3da2afe1510d9522859230b480e642ceff' ;; \t\taarch64) arch='arm64';   sha256='7d2252eeeac97dd60fb9b36bebd15b95d7f947c4c82b8e0824cb55233ece9cd0' ;; \t\t… \tesac; \twget -O registry.tar.gz \"https://github.com/distribution/distribution/releases/download/v${version}/registry_${version}_linux_${arch}.tar.gz\"; \techo \"$sha256 *registry.tar.gz\" | sha256sum -c -; \ttar --extract --verbose --file registry.tar.gz --directory /bin/ registry; \trm registry.tar.gz; \tregistry --version",
        ),
        nopCopy('COPY', '/etc/docker/registry/config.yml'),
        nop('VOLUME [/var/lib/registry]'),
        nop('EXPOSE 5000'),
        nopCopy('COPY', '/entrypoint.sh'),
        nop('ENTRYPOINT ["/entrypoint.sh"]'),
        nop('CMD ["/etc/docker/registry/config.yml"]'),
      ],
      layers: {
        'linux/amd64': [
          'alpine-3.18.9/amd64',
          'registry-2.8.3/ca-certificates/amd64',
          'registry-2.8.3/binary/amd64',
          'registry-2.8.3/config.yml/amd64',
          'registry-2.8.3/entrypoint.sh/amd64',
        ],
        'linux/arm64/v8': [
          'alpine-3.18.9/arm64',
          'registry-2.8.3/ca-certificates/arm64',
          'registry-2.8.3/binary/arm64',
          'registry-2.8.3/config.yml/arm64',
          'registry-2.8.3/entrypoint.sh/arm64',
        ],
      },
      // Without http.draintimeout it installs no SIGTERM handler; Go's runtime, unable to die of
      // the signal as PID 1, exits with status 2, at once and without a log line.
      runtime: {
        kind: 'server',
        startupLogs: REGISTRY_STARTUP,
        programs: { onPath: ['registry'] },
        listens: ['5000/tcp'],
        stopLogs: [],
        stopExitCode: 2,
      },
    },
  ],
};

// ---------------------------------------------------------------------------
// traefik v3.1.6
// ---------------------------------------------------------------------------

const traefikLog = (text: string, delayMs = 0): LogLine => ({
  stream: 'stdout',
  text: `{isoSec} INF ${text}`,
  delayMs,
});

/**
 * Without a configuration: the default entry point on :80 and no provider but
 * the internal one. Anonymous usage statistics are off by default, and it says so.
 */
const TRAEFIK_STARTUP: readonly LogLine[] = [
  // unsure: the build time is approximate (v3.1.6 was released on 2024-10-09)
  traefikLog('Traefik version 3.1.6 built on 2024-10-09T14:00:00Z version=3.1.6', 10),
  traefikLog(''),
  { stream: 'stdout', text: 'Stats collection is disabled.', delayMs: 0 },
  { stream: 'stdout', text: 'Help us improve Traefik by turning this feature on :)', delayMs: 0 },
  {
    stream: 'stdout',
    text: 'More details on: https://doc.traefik.io/traefik/contributing/data-collection/',
    delayMs: 0,
  },
  { stream: 'stdout', text: '', delayMs: 0 },
  // Abridged: left out `Starting provider aggregator …`, whose type name gained a `*` between
  // 3.0 and 3.2, and any provider line we could not confirm for 3.1.6 (the ACME TLS-ALPN one).
  traefikLog('Starting provider *traefik.Provider', 2),
];

const TRAEFIK_LABELS = {
  'org.opencontainers.image.description': 'A modern reverse-proxy',
  'org.opencontainers.image.documentation': 'https://docs.traefik.io',
  'org.opencontainers.image.source': 'https://github.com/traefik/traefik',
  'org.opencontainers.image.title': 'Traefik',
  'org.opencontainers.image.url': 'https://traefik.io',
  'org.opencontainers.image.vendor': 'Traefik Labs',
  'org.opencontainers.image.version': 'v3.1.6',
} as const;

export const TRAEFIK: CatalogRepository = {
  name: 'library/traefik',
  description: 'Traefik, The Cloud Native Edge Router',
  images: [
    {
      tags: ['latest', 'v3', '3', 'v3.1', '3.1', 'v3.1.6', '3.1.6', 'comte'],
      version: 'v3.1.6',
      created: '2024-10-10T00:00:00Z', // unsure: the day after the release; time approximate
      baseName: 'alpine:3.20',
      config: {
        ExposedPorts: { '80/tcp': {} },
        Env: [PATH_DEFAULT],
        Entrypoint: ['/entrypoint.sh'],
        Cmd: ['traefik'],
        Labels: TRAEFIK_LABELS,
      },
      history: [
        // alpine:3.20 as the classic builder records it
        nopCopy('ADD', '/'),
        nop('CMD ["/bin/sh"]'),
        shRun('apk --no-cache add ca-certificates tzdata'),
        // Abridged: the architecture switch.
        shRun(
          'set -ex; \tapkArch="$(apk --print-arch)"; \tcase "$apkArch" in \t\tarmhf) arch=\'armv6\' ;; \t\taarch64) arch=\'arm64\' ;; \t\tx86_64) arch=\'amd64\' ;; \t\t… \tesac; \twget --quiet -O /tmp/traefik.tar.gz "https://github.com/traefik/traefik/releases/download/v3.1.6/traefik_v3.1.6_linux_$arch.tar.gz"; \ttar xzvf /tmp/traefik.tar.gz -C /usr/local/bin traefik; \trm -f /tmp/traefik.tar.gz; \tchmod +x /usr/local/bin/traefik',
        ),
        nopCopy('COPY', '/'),
        nop('EXPOSE 80'),
        nop('ENTRYPOINT ["/entrypoint.sh"]'),
        nop('CMD ["traefik"]'),
        nop(
          'LABEL org.opencontainers.image.vendor=Traefik Labs org.opencontainers.image.url=https://traefik.io org.opencontainers.image.source=https://github.com/traefik/traefik org.opencontainers.image.title=Traefik org.opencontainers.image.description=A modern reverse-proxy org.opencontainers.image.version=v3.1.6 org.opencontainers.image.documentation=https://docs.traefik.io',
        ),
      ],
      layers: {
        'linux/amd64': [
          'alpine-3.20.3/amd64',
          'traefik-3.1.6/ca-tzdata/amd64',
          'traefik-3.1.6/binary/amd64',
          'traefik-3.1.6/entrypoint.sh/amd64',
        ],
        'linux/arm64/v8': [
          'alpine-3.20.3/arm64',
          'traefik-3.1.6/ca-tzdata/arm64',
          'traefik-3.1.6/binary/arm64',
          'traefik-3.1.6/entrypoint.sh/arm64',
        ],
      },
      // Its shutdown lines are left out (not grounded well enough to print).
      runtime: {
        kind: 'server',
        startupLogs: TRAEFIK_STARTUP,
        programs: { onPath: ['traefik'] },
        listens: ['80/tcp'],
        stopLogs: [],
        stopExitCode: 0,
      },
    },
  ],
};
