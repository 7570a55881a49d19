/**
 * nginx and httpd: both FROM debian:bookworm-slim.
 */
import type { CatalogRepository, LogLine } from './types';
import { DEBIAN_HISTORY, DEBIAN_SLIM_LAYERS, PATH_DEFAULT } from './bases';
import { envSteps, files, meta, run } from './steps';

const out = (text: string, delayMs = 2): LogLine => ({ stream: 'stdout', text, delayMs });
const err = (text: string, delayMs = 1): LogLine => ({ stream: 'stderr', text, delayMs });
const errPerWorker = (text: string): LogLine => ({
  stream: 'stderr',
  text,
  delayMs: 1,
  perWorker: true,
});

// ---------------------------------------------------------------------------
// nginx 1.27.2 (mainline), config and history as in the real amd64 image.
// ---------------------------------------------------------------------------

const NGINX_ENV = [
  'NGINX_VERSION=1.27.2',
  'NJS_VERSION=0.8.6',
  'NJS_RELEASE=1~bookworm',
  'PKG_RELEASE=1~bookworm',
  'DYNPKG_RELEASE=1~bookworm',
];

const NGINX_SCRIPTS = [
  'docker-entrypoint.sh',
  '10-listen-on-ipv6-by-default.sh',
  '15-local-resolvers.envsh',
  '20-envsubst-on-templates.sh',
  '30-tune-worker-processes.sh',
] as const;

/** docker-entrypoint.sh echoes to stdout; nginx's error log is /dev/stderr. */
const NGINX_STARTUP: readonly LogLine[] = [
  out(
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    3,
  ),
  out('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/'),
  out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh'),
  out(
    '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    4,
  ),
  out(
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    4,
  ),
  out('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh'),
  out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh', 3),
  out('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh', 3),
  out('/docker-entrypoint.sh: Configuration complete; ready for start up', 3),
  err('{time} [notice] 1#1: using the "epoll" event method', 6),
  err('{time} [notice] 1#1: nginx/1.27.2'),
  // The trailing space is nginx's: NGX_COMPILER ends with one.
  err('{time} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) '),
  err('{time} [notice] 1#1: OS: Linux {kernel}'),
  err('{time} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576'),
  err('{time} [notice] 1#1: start worker processes'),
  errPerWorker('{time} [notice] 1#1: start worker process {workerPid}'),
];

/** SIGQUIT = graceful shutdown: workers finish their requests, then exit. */
const NGINX_STOP: readonly LogLine[] = [
  err('{time} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down'),
  errPerWorker('{time} [notice] {workerPid}#{workerPid}: gracefully shutting down'),
  errPerWorker('{time} [notice] {workerPid}#{workerPid}: exiting'),
  errPerWorker('{time} [notice] {workerPid}#{workerPid}: exit'),
  errPerWorker('{time} [notice] 1#1: signal 17 (SIGCHLD) received from {workerPid}'),
  errPerWorker('{time} [notice] 1#1: worker process {workerPid} exited with code 0'),
  err('{time} [notice] 1#1: exit'),
];

export const NGINX: CatalogRepository = {
  name: 'library/nginx',
  description: 'Official build of Nginx.',
  images: [
    {
      tags: ['latest', 'mainline', '1', '1.27', '1.27.2', 'bookworm'],
      version: '1.27.2',
      created: '2024-10-02T17:55:35Z',
      baseName: 'debian:bookworm-slim',
      config: {
        ExposedPorts: { '80/tcp': {} },
        Env: [PATH_DEFAULT, ...NGINX_ENV],
        Entrypoint: ['/docker-entrypoint.sh'],
        Cmd: ['nginx', '-g', 'daemon off;'],
        Labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' },
        StopSignal: 'SIGQUIT',
        ArgsEscaped: true,
      },
      history: [
        ...DEBIAN_HISTORY,
        meta('LABEL maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>'),
        ...envSteps(NGINX_ENV),
        // Abridged: the real step also fetches the GPG keys and has a source-build branch.
        run(
          'set -x     && groupadd --system --gid 101 nginx     && useradd --system --gid nginx --no-create-home --home /nonexistent --comment "nginx user" --shell /bin/false --uid 101 nginx     && apt-get update     && apt-get install --no-install-recommends --no-install-suggests -y gnupg1 ca-certificates     && … && apt-get install --no-install-recommends --no-install-suggests -y                         $nginxPackages                         gettext-base                         curl     && apt-get remove --purge --auto-remove -y && rm -rf /var/lib/apt/lists/* /etc/apt/sources.list.d/nginx.list     && ln -sf /dev/stdout /var/log/nginx/access.log     && ln -sf /dev/stderr /var/log/nginx/error.log     && mkdir /docker-entrypoint.d',
        ),
        files('COPY docker-entrypoint.sh / # buildkit'),
        ...NGINX_SCRIPTS.slice(1).map((s) => files(`COPY ${s} /docker-entrypoint.d # buildkit`)),
        meta('ENTRYPOINT ["/docker-entrypoint.sh"]'),
        meta('EXPOSE map[80/tcp:{}]'),
        meta('STOPSIGNAL SIGQUIT'),
        meta('CMD ["nginx" "-g" "daemon off;"]'),
      ],
      layers: {
        'linux/amd64': [
          ...DEBIAN_SLIM_LAYERS.amd64,
          'nginx-1.27.2/install/amd64',
          'nginx-1.27.2/docker-entrypoint.sh/amd64',
          'nginx-1.27.2/10-listen-on-ipv6-by-default.sh/amd64',
          'nginx-1.27.2/15-local-resolvers.envsh/amd64',
          'nginx-1.27.2/20-envsubst-on-templates.sh/amd64',
          'nginx-1.27.2/30-tune-worker-processes.sh/amd64',
        ],
        'linux/arm64/v8': [
          ...DEBIAN_SLIM_LAYERS.arm64,
          'nginx-1.27.2/install/arm64',
          'nginx-1.27.2/docker-entrypoint.sh/arm64',
          'nginx-1.27.2/10-listen-on-ipv6-by-default.sh/arm64',
          'nginx-1.27.2/15-local-resolvers.envsh/arm64',
          'nginx-1.27.2/20-envsubst-on-templates.sh/arm64',
          'nginx-1.27.2/30-tune-worker-processes.sh/arm64',
        ],
      },
      runtime: {
        kind: 'server',
        startupLogs: NGINX_STARTUP,
        programs: { onPath: ['nginx', 'envsubst'] },
        listens: ['80/tcp'],
        stopLogs: NGINX_STOP,
        stopExitCode: 0,
      },
    },
  ],
};

// ---------------------------------------------------------------------------
// httpd 2.4.62
// ---------------------------------------------------------------------------

const HTTPD_ENV = [
  'HTTPD_VERSION=2.4.62',
  'HTTPD_SHA256=674188e7bf44ced82da8db522da946849e22080d73d16c93f7f4df89e25729ec',
  'HTTPD_PATCHES=',
];

/** Apache reads its configuration twice at start-up, hence the AH00558 warning twice. All on stderr. */
const HTTPD_STARTUP: readonly LogLine[] = [
  err(
    "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
    8,
  ),
  err(
    "AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using {ip}. Set the 'ServerName' directive globally to suppress this message",
    6,
  ),
  err(
    '[{apacheTime}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations',
    3,
  ),
  err("[{apacheTime}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'"),
];

export const HTTPD: CatalogRepository = {
  name: 'library/httpd',
  description: 'The Apache HTTP Server Project',
  images: [
    {
      tags: ['latest', '2', '2.4', '2.4.62', 'bookworm'],
      version: '2.4.62',
      created: '2024-07-17T23:31:14Z',
      baseName: 'debian:bookworm-slim',
      config: {
        ExposedPorts: { '80/tcp': {} },
        Env: [
          'PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          'HTTPD_PREFIX=/usr/local/apache2',
          ...HTTPD_ENV,
        ],
        Cmd: ['httpd-foreground'],
        WorkingDir: '/usr/local/apache2',
        StopSignal: 'SIGWINCH',
        ArgsEscaped: true,
      },
      history: [
        ...DEBIAN_HISTORY,
        meta('ENV HTTPD_PREFIX=/usr/local/apache2'),
        meta(
          'ENV PATH=/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        ),
        run('mkdir -p "$HTTPD_PREFIX" \t&& chown www-data:www-data "$HTTPD_PREFIX"'),
        files('WORKDIR /usr/local/apache2'), // the directory exists already: the empty layer
        run(
          'set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tlibaprutil1-ldap \t\tlibldap-common \t; \trm -rf /var/lib/apt/lists/*',
        ),
        ...envSteps(HTTPD_ENV),
        // Abridged: download, GPG check, configure, make, make install, config tweaks.
        run(
          'set -eux; \t\tsavedAptMark="$(apt-mark showmanual)"; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tbzip2 \t\tdpkg-dev \t\tgcc \t\tgnupg \t\tlibapr1-dev \t\tlibaprutil1-dev \t\t… \t; \t\tddist \'httpd.tar.bz2\' "httpd/httpd-$HTTPD_VERSION.tar.bz2"; \t…; \t./configure \t\t--build="$gnuArch" \t\t--prefix="$HTTPD_PREFIX" \t\t--enable-mods-shared=reallyall \t\t--enable-mpms-shared=all \t\t…; \tmake -j "$(nproc)"; \tmake install; \t…; \thttpd -v',
        ),
        meta('STOPSIGNAL SIGWINCH'),
        files('COPY httpd-foreground /usr/local/bin/ # buildkit'),
        meta('EXPOSE map[80/tcp:{}]'),
        meta('CMD ["httpd-foreground"]'),
      ],
      layers: {
        'linux/amd64': [
          ...DEBIAN_SLIM_LAYERS.amd64,
          'httpd-2.4.62/prefix/amd64',
          'empty-layer',
          'httpd-2.4.62/runtime-deps/amd64',
          'httpd-2.4.62/build/amd64',
          'httpd-2.4.62/httpd-foreground/amd64',
        ],
        'linux/arm64/v8': [
          ...DEBIAN_SLIM_LAYERS.arm64,
          'httpd-2.4.62/prefix/arm64',
          'empty-layer',
          'httpd-2.4.62/runtime-deps/arm64',
          'httpd-2.4.62/build/arm64',
          'httpd-2.4.62/httpd-foreground/arm64',
        ],
      },
      runtime: {
        kind: 'server',
        startupLogs: HTTPD_STARTUP,
        programs: { onPath: ['httpd', 'apachectl', 'httpd-foreground'] },
        listens: ['80/tcp'],
        // SIGWINCH is Apache's "graceful-stop".
        stopLogs: [
          err(
            '[{apacheTime}] [mpm_event:notice] [pid 1:tid 1] AH00492: caught SIGWINCH, shutting down gracefully',
          ),
        ],
        stopExitCode: 0,
      },
    },
  ],
};
