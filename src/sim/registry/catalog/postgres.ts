/**
 * postgres 17.0, FROM debian:bookworm-slim.
 *
 * Streams: initdb, pg_ctl and the entrypoint's echoes go to stdout; the server's
 * own log (`LOG:` lines) and initdb's warnings go to stderr. pg_ctl prints its
 * dots without a newline, so the server's first log line continues that line.
 * Internal PIDs ([48], [51], …) are the usual ones for a fresh container.
 */
import type { CatalogRepository, LogLine } from './types';
import { DEBIAN_HISTORY, DEBIAN_SLIM_LAYERS } from './bases';
import { files, meta, run } from './steps';

const out = (text: string, delayMs = 1): LogLine => ({ stream: 'stdout', text, delayMs });
const err = (text: string, delayMs = 1): LogLine => ({ stream: 'stderr', text, delayMs });
const dots = (text: string, delayMs = 1): LogLine => ({
  stream: 'stdout',
  text,
  delayMs,
  partial: true,
});

const STARTING = (pid: number): LogLine =>
  err(
    `{pgTime} [${pid}] LOG:  starting PostgreSQL 17.0 (Debian 17.0-1.pgdg120+1) on {gnuTriplet}, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
    20,
  );

const LISTENING_ALL: readonly LogLine[] = [
  err('{pgTime} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432'),
  err('{pgTime} [1] LOG:  listening on IPv6 address "::", port 5432', 0),
  err('{pgTime} [1] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"', 3),
];

/** First start of a container with POSTGRES_PASSWORD set: initdb, a temporary server, then the real one. */
const FIRST_START: readonly LogLine[] = [
  out('The files belonging to this database system will be owned by user "postgres".', 30),
  out('This user must also own the server process.'),
  out(''),
  out('The database cluster will be initialized with locale "en_US.utf8".'),
  out('The default database encoding has accordingly been set to "UTF8".'),
  out('The default text search configuration will be set to "english".'),
  out(''),
  out('Data page checksums are disabled.'),
  out(''),
  out('fixing permissions on existing directory /var/lib/postgresql/data ... ok', 2),
  out('creating subdirectories ... ok', 3),
  out('selecting dynamic shared memory implementation ... posix', 5),
  out('selecting default "max_connections" ... 100', 20),
  out('selecting default "shared_buffers" ... 128MB', 10),
  out('selecting default time zone ... Etc/UTC', 5),
  out('creating configuration files ... ok', 3),
  out('running bootstrap script ... ok', 250),
  out('performing post-bootstrap initialization ... ok', 600),
  out('syncing data to disk ... ok', 30),
  out(''),
  out(''),
  out('Success. You can now start the database server using:'),
  out(''),
  out('    pg_ctl -D /var/lib/postgresql/data -l logfile start'),
  out(''),
  err('initdb: warning: enabling "trust" authentication for local connections'),
  err(
    'initdb: hint: You can change this by editing pg_hba.conf or using the option -A, or --auth-local and --auth-host, the next time you run initdb.',
    0,
  ),
  dots('waiting for server to start....', 10),
  STARTING(48),
  err('{pgTime} [48] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"'),
  err('{pgTime} [51] LOG:  database system was shut down at {pgTimeSec}', 5),
  err('{pgTime} [48] LOG:  database system is ready to accept connections', 8),
  out(' done', 80),
  out('server started'),
  out(''),
  out('/usr/local/bin/docker-entrypoint.sh: ignoring /docker-entrypoint-initdb.d/*', 5),
  out(''),
  err('{pgTime} [48] LOG:  received fast shutdown request', 5),
  dots('waiting for server to shut down....', 0),
  err('{pgTime} [48] LOG:  aborting any active transactions', 5),
  err(
    '{pgTime} [48] LOG:  background worker "logical replication launcher" (PID 54) exited with exit code 1',
    2,
  ),
  err('{pgTime} [49] LOG:  shutting down'),
  err('{pgTime} [49] LOG:  checkpoint starting: shutdown immediate', 2),
  err(
    '{pgTime} [49] LOG:  checkpoint complete: wrote 921 buffers (5.6%); 0 WAL file(s) added, 0 removed, 0 recycled; write=0.021 s, sync=0.042 s, total=0.071 s; sync files=301, longest=0.002 s, average=0.001 s; distance=4238 kB, estimate=4238 kB; lsn=0/1908980, redo lsn=0/1908980',
    70,
  ),
  err('{pgTime} [48] LOG:  database system is shut down', 4),
  out(' done', 90),
  out('server stopped'),
  out(''),
  out('PostgreSQL init process complete; ready for start up.'),
  out(''),
  STARTING(1),
  ...LISTENING_ALL,
  err('{pgTime} [64] LOG:  database system was shut down at {pgTimeSec}', 5),
  err('{pgTime} [1] LOG:  database system is ready to accept connections', 8),
];

/** Start of a container whose data directory is already initialised. */
const RESTART: readonly LogLine[] = [
  out('', 25),
  out('PostgreSQL Database directory appears to contain a database; Skipping initialization'),
  out(''),
  STARTING(1),
  ...LISTENING_ALL,
  err('{pgTime} [29] LOG:  database system was shut down at {pgTimeSec}', 5),
  err('{pgTime} [1] LOG:  database system is ready to accept connections', 8),
];

/** SIGINT is PostgreSQL's "fast shutdown". */
const STOP: readonly LogLine[] = [
  err('{pgTime} [1] LOG:  received fast shutdown request', 0),
  err('{pgTime} [1] LOG:  aborting any active transactions', 1),
  err(
    '{pgTime} [1] LOG:  background worker "logical replication launcher" (PID 67) exited with exit code 1',
    2,
  ),
  err('{pgTime} [62] LOG:  shutting down'),
  err('{pgTime} [62] LOG:  checkpoint starting: shutdown immediate', 1),
  err(
    '{pgTime} [62] LOG:  checkpoint complete: wrote 0 buffers (0.0%); 0 WAL file(s) added, 0 removed, 0 recycled; write=0.001 s, sync=0.001 s, total=0.004 s; sync files=0, longest=0.000 s, average=0.000 s; distance=0 kB, estimate=3814 kB; lsn=0/1908A78, redo lsn=0/1908A78',
    5,
  ),
  err('{pgTime} [1] LOG:  database system is shut down', 3),
];

/** docker_verify_minimum_env in docker-entrypoint.sh, verbatim (to stderr). */
const NO_PASSWORD: readonly LogLine[] = [
  err('Error: Database is uninitialized and superuser password is not specified.', 15),
  err('       You must specify POSTGRES_PASSWORD to a non-empty value for the', 0),
  err('       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".', 0),
  err('', 0),
  err('       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all', 0),
  err('       connections without a password. This is *not* recommended.', 0),
  err('', 0),
  err('       See PostgreSQL documentation about "trust":', 0),
  err('       https://www.postgresql.org/docs/current/auth-trust.html', 0),
];

export const POSTGRES: CatalogRepository = {
  name: 'library/postgres',
  description:
    'The PostgreSQL object-relational database system provides reliability and data integrity.',
  images: [
    {
      tags: ['latest', '17', '17.0', 'bookworm', '17-bookworm'],
      version: '17.0',
      created: '2024-09-26T19:04:07Z', // unsure: approximate
      baseName: 'debian:bookworm-slim',
      config: {
        ExposedPorts: { '5432/tcp': {} },
        Env: [
          'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/17/bin',
          'GOSU_VERSION=1.17',
          'LANG=en_US.utf8',
          'PG_MAJOR=17',
          'PG_VERSION=17.0-1.pgdg120+1',
          'PGDATA=/var/lib/postgresql/data',
        ],
        Entrypoint: ['docker-entrypoint.sh'],
        Cmd: ['postgres'],
        Volumes: { '/var/lib/postgresql/data': {} },
        StopSignal: 'SIGINT',
        ArgsEscaped: true,
      },
      history: [
        ...DEBIAN_HISTORY,
        run(
          'set -eux; \tgroupadd -r postgres --gid=999; \tuseradd -r -g postgres --uid=999 --home-dir=/var/lib/postgresql --shell=/bin/bash postgres; \tmkdir -p /var/lib/postgresql; \tchown -R postgres:postgres /var/lib/postgresql',
        ),
        run(
          'set -ex; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tgnupg \t\tless \t; \trm -rf /var/lib/apt/lists/*',
        ),
        meta('ENV GOSU_VERSION=1.17'),
        // Abridged from here on where marked "…".
        run(
          'set -eux; \tsavedAptMark="$(apt-mark showmanual)"; \t…; \tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu nobody true',
        ),
        run(
          "set -eux; \tif [ -f /etc/dpkg/dpkg.cfg.d/docker ]; then \t\t…; \tfi; \tapt-get update; apt-get install -y --no-install-recommends locales; rm -rf /var/lib/apt/lists/*; \techo 'en_US.UTF-8 UTF-8' >> /etc/locale.gen; \tlocale-gen; \tlocale -a | grep 'en_US.utf8'",
        ),
        meta('ENV LANG=en_US.utf8'),
        run(
          'set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tlibnss-wrapper \t\txz-utils \t\tzstd \t; \trm -rf /var/lib/apt/lists/*',
        ),
        run('mkdir /docker-entrypoint-initdb.d'),
        run(
          'set -ex; \tkey=\'B97B0AFCAA1A47F044F244A07FCC7D46ACCC4CF8\'; \texport GNUPGHOME="$(mktemp -d)"; \tmkdir -p /usr/local/share/keyrings/; \tgpg --batch --keyserver keyserver.ubuntu.com --recv-keys "$key"; \tgpg --batch --export --armor "$key" > /usr/local/share/keyrings/postgres.gpg.asc; \tgpgconf --kill all; \trm -rf "$GNUPGHOME"',
        ),
        meta('ENV PG_MAJOR=17'),
        meta(
          'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/17/bin',
        ),
        meta('ENV PG_VERSION=17.0-1.pgdg120+1'),
        run(
          'set -ex; \t\texport PYTHONDONTWRITEBYTECODE=1; \t\tdpkgArch="$(dpkg --print-architecture)"; \taptRepo="[ signed-by=/usr/local/share/keyrings/postgres.gpg.asc ] http://apt.postgresql.org/pub/repos/apt bookworm-pgdg main $PG_MAJOR"; \t…; \tapt-get install -y --no-install-recommends postgresql-common; \tsed -ri \'s/#(create_main_cluster) .*$/\\1 = false/\' /etc/postgresql-common/createcluster.conf; \tapt-get install -y --no-install-recommends \t\t"postgresql-$PG_MAJOR=$PG_VERSION" \t; \t…; \t\tpostgres --version',
        ),
        run(
          'set -eux; \tdpkg-divert --add --rename --divert "/usr/share/postgresql/postgresql.conf.sample.dpkg" "/usr/share/postgresql/$PG_MAJOR/postgresql.conf.sample"; \tcp -v /usr/share/postgresql/postgresql.conf.sample.dpkg /usr/share/postgresql/postgresql.conf.sample; \tln -sv ../postgresql.conf.sample "/usr/share/postgresql/$PG_MAJOR/"; \tsed -ri "s!^#?(listen_addresses)\\s*=\\s*\\S+.*!\\1 = \'*\'!" /usr/share/postgresql/postgresql.conf.sample; \tgrep -F "listen_addresses = \'*\'" /usr/share/postgresql/postgresql.conf.sample',
        ),
        run(
          'mkdir -p /var/run/postgresql && chown -R postgres:postgres /var/run/postgresql && chmod 3777 /var/run/postgresql',
        ),
        meta('ENV PGDATA=/var/lib/postgresql/data'),
        run('mkdir -p "$PGDATA" && chown -R postgres:postgres "$PGDATA" && chmod 1777 "$PGDATA"'),
        meta('VOLUME [/var/lib/postgresql/data]'),
        files('COPY docker-entrypoint.sh docker-ensure-initdb.sh /usr/local/bin/ # buildkit'),
        run('ln -sT docker-ensure-initdb.sh /usr/local/bin/docker-enforce-initdb.sh'),
        meta('ENTRYPOINT ["docker-entrypoint.sh"]'),
        meta('STOPSIGNAL SIGINT'),
        meta('EXPOSE map[5432/tcp:{}]'),
        meta('CMD ["postgres"]'),
      ],
      layers: {
        'linux/amd64': [
          ...DEBIAN_SLIM_LAYERS.amd64,
          'postgres-17.0/user/amd64',
          'postgres-17.0/gnupg-less/amd64',
          'postgres-17.0/gosu/amd64',
          'postgres-17.0/locales/amd64',
          'postgres-17.0/nss-xz-zstd/amd64',
          'postgres-17.0/initdb-dir/amd64',
          'postgres-17.0/apt-key/amd64',
          'postgres-17.0/install/amd64',
          'postgres-17.0/conf-sample/amd64',
          'postgres-17.0/run-dir/amd64',
          'postgres-17.0/pgdata-dir/amd64',
          'postgres-17.0/entrypoint-scripts/amd64',
          'postgres-17.0/enforce-initdb-link/amd64',
        ],
        'linux/arm64/v8': [
          ...DEBIAN_SLIM_LAYERS.arm64,
          'postgres-17.0/user/arm64',
          'postgres-17.0/gnupg-less/arm64',
          'postgres-17.0/gosu/arm64',
          'postgres-17.0/locales/arm64',
          'postgres-17.0/nss-xz-zstd/arm64',
          'postgres-17.0/initdb-dir/arm64',
          'postgres-17.0/apt-key/arm64',
          'postgres-17.0/install/arm64',
          'postgres-17.0/conf-sample/arm64',
          'postgres-17.0/run-dir/arm64',
          'postgres-17.0/pgdata-dir/arm64',
          'postgres-17.0/entrypoint-scripts/arm64',
          'postgres-17.0/enforce-initdb-link/arm64',
        ],
      },
      runtime: {
        kind: 'server',
        // With POSTGRES_HOST_AUTH_METHOD=trust the real entrypoint also prints a
        // multi-line WARNING banner; not modelled.
        requiresEnv: {
          anyOf: [
            { name: 'POSTGRES_PASSWORD' },
            { name: 'POSTGRES_HOST_AUTH_METHOD', equals: 'trust' },
          ],
          otherwise: { logs: NO_PASSWORD, exitCode: 1 },
        },
        startupLogs: FIRST_START,
        programs: {
          onPath: ['postgres', 'psql', 'pg_ctl', 'initdb', 'pg_dump', 'pg_restore', 'createdb'],
          outputs: { 'psql --version': 'psql (PostgreSQL) 17.0 (Debian 17.0-1.pgdg120+1)\n' },
        },
        restartLogs: RESTART,
        listens: ['5432/tcp'],
        stopLogs: STOP,
        stopExitCode: 0,
      },
    },
  ],
};
