/**
 * redis 7.4.1, FROM debian:bookworm-slim.
 */
import type { CatalogRepository, LogLine } from './types';
import { DEBIAN_HISTORY, DEBIAN_SLIM_LAYERS, PATH_DEFAULT } from './bases';
import { envSteps, files, meta, run } from './steps';

const out = (text: string, delayMs = 1): LogLine => ({ stream: 'stdout', text, delayMs });

const REDIS_ENV = [
  'REDIS_VERSION=7.4.1',
  'REDIS_DOWNLOAD_URL=http://download.redis.io/releases/redis-7.4.1.tar.gz',
  'REDIS_DOWNLOAD_SHA=bc34b878eb89421bbfca6fa78752343bf37af312a09eb0fae47c9575977dfaa2',
];

/**
 * Redis logs to stdout as `<pid>:<role> <time> <level> <message>`; role C is the
 * process before it becomes the master (M). No ASCII-art logo: stdout is not a
 * TTY. On hosts with vm.overcommit_memory=0 a `# WARNING Memory overcommit must
 * be enabled!` line comes first; Docker Desktop's VM does not print it, so it is
 * left out here.
 */
const REDIS_STARTUP: readonly LogLine[] = [
  out('{pid}:C {redisTime} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo', 4),
  out(
    '{pid}:C {redisTime} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid={pid}, just started',
    0,
  ),
  out(
    '{pid}:C {redisTime} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf',
    0,
  ),
  out('{pid}:M {redisTime} * monotonic clock: POSIX clock_gettime'),
  out('{pid}:M {redisTime} * Running mode=standalone, port=6379.'),
  out('{pid}:M {redisTime} * Server initialized'),
  out('{pid}:M {redisTime} * Ready to accept connections tcp', 0),
];

/** After `docker restart`: the RDB saved at shutdown is loaded back. */
const REDIS_RESTART: readonly LogLine[] = [
  ...REDIS_STARTUP.slice(0, 6),
  out('{pid}:M {redisTime} * Loading RDB produced by version 7.4.1', 0),
  out('{pid}:M {redisTime} * RDB age {rdbAge} seconds', 0),
  out('{pid}:M {redisTime} * RDB memory usage when created 0.90 Mb', 0),
  out('{pid}:M {redisTime} * Done loading RDB, keys loaded: 0, keys expired: 0.', 0),
  out('{pid}:M {redisTime} * DB loaded from disk: 0.000 seconds', 0),
  out('{pid}:M {redisTime} * Ready to accept connections tcp', 0),
];

/** SIGTERM: Redis saves an RDB snapshot to /data, then exits 0. */
const REDIS_STOP: readonly LogLine[] = [
  out('{pid}:signal-handler ({epoch}) Received SIGTERM scheduling shutdown...', 0),
  out('{pid}:M {redisTime} * User requested shutdown...', 60),
  out('{pid}:M {redisTime} * Saving the final RDB snapshot before exiting.', 0),
  out('{pid}:M {redisTime} * DB saved on disk', 3),
  out('{pid}:M {redisTime} # Redis is now ready to exit, bye bye...', 0),
];

export const REDIS: CatalogRepository = {
  name: 'library/redis',
  description: 'Redis is an open source key-value store that functions as a data structure server.',
  images: [
    {
      tags: ['latest', '7', '7.4', '7.4.1', 'bookworm'],
      version: '7.4.1',
      created: '2024-10-04T09:56:40Z',
      baseName: 'debian:bookworm-slim',
      config: {
        ExposedPorts: { '6379/tcp': {} },
        Env: [PATH_DEFAULT, 'GOSU_VERSION=1.17', ...REDIS_ENV],
        Entrypoint: ['docker-entrypoint.sh'],
        Cmd: ['redis-server'],
        Volumes: { '/data': {} },
        WorkingDir: '/data',
        ArgsEscaped: true,
      },
      history: [
        ...DEBIAN_HISTORY,
        run('set -eux; \tgroupadd -r -g 999 redis; \tuseradd -r -g redis -u 999 redis'),
        run(
          'set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\ttzdata \t; \trm -rf /var/lib/apt/lists/*',
        ),
        meta('ENV GOSU_VERSION=1.17'),
        // Abridged: the per-architecture URL/sha256 table and the GPG verification.
        run(
          'set -eux; \tsavedAptMark="$(apt-mark showmanual)"; \tapt-get update; \tapt-get install -y --no-install-recommends ca-certificates gnupg wget; \trm -rf /var/lib/apt/lists/*; \tarch="$(dpkg --print-architecture | awk -F- \'{ print $NF }\')"; \t…; \twget -O /usr/local/bin/gosu "$url"; \t…; \tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu nobody true',
        ),
        ...envSteps(REDIS_ENV),
        // Abridged: jemalloc page-size tweaks and the dependency bookkeeping.
        run(
          'set -eux; \t\tsavedAptMark="$(apt-mark showmanual)"; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\twget \t\t\t\tdpkg-dev \t\tgcc \t\tlibc6-dev \t\tlibssl-dev \t\tmake \t; \trm -rf /var/lib/apt/lists/*; \t\twget -O redis.tar.gz "$REDIS_DOWNLOAD_URL"; \techo "$REDIS_DOWNLOAD_SHA *redis.tar.gz" | sha256sum -c -; \t…; \t\texport BUILD_TLS=yes; \tmake -C /usr/src/redis -j "$(nproc)" all; \tmake -C /usr/src/redis install; \t…; \t\tredis-cli --version; \tredis-server --version',
        ),
        run('mkdir /data && chown redis:redis /data'),
        meta('VOLUME [/data]'),
        files('WORKDIR /data'), // /data exists already: the empty layer
        files('COPY docker-entrypoint.sh /usr/local/bin/ # buildkit'),
        meta('ENTRYPOINT ["docker-entrypoint.sh"]'),
        meta('EXPOSE map[6379/tcp:{}]'),
        meta('CMD ["redis-server"]'),
      ],
      layers: {
        'linux/amd64': [
          ...DEBIAN_SLIM_LAYERS.amd64,
          'redis-7.4.1/user/amd64',
          'redis-7.4.1/tzdata/amd64',
          'redis-7.4.1/gosu/amd64',
          'redis-7.4.1/build/amd64',
          'redis-7.4.1/data-dir/amd64',
          'empty-layer',
          'redis-7.4.1/docker-entrypoint.sh/amd64',
        ],
        'linux/arm64/v8': [
          ...DEBIAN_SLIM_LAYERS.arm64,
          'redis-7.4.1/user/arm64',
          'redis-7.4.1/tzdata/arm64',
          'redis-7.4.1/gosu/arm64',
          'redis-7.4.1/build/arm64',
          'redis-7.4.1/data-dir/arm64',
          'empty-layer',
          'redis-7.4.1/docker-entrypoint.sh/arm64',
        ],
      },
      runtime: {
        kind: 'server',
        startupLogs: REDIS_STARTUP,
        programs: {
          onPath: [
            'redis-server',
            'redis-cli',
            'redis-benchmark',
            'redis-check-aof',
            'redis-check-rdb',
            'redis-sentinel',
          ],
          outputs: { 'redis-cli --version': 'redis-cli 7.4.1\n' },
        },
        restartLogs: REDIS_RESTART,
        listens: ['6379/tcp'],
        stopLogs: REDIS_STOP,
        stopExitCode: 0,
      },
    },
  ],
};
