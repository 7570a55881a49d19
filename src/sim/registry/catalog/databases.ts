/**
 * mysql 9.1.0 (Oracle Linux 9) and mongo 8.0.3 (Ubuntu noble): the databases
 * learners run next to postgres and redis. In Oct 2024 both were built with the
 * classic builder (their official-images entries name no `Builder:`), so their
 * history lines are `/bin/sh -c …` and `#(nop)` lines.
 *
 * Sources: docker-library/official-images `library/mysql` and `library/mongo`
 * on 2024-10-28; docker-library/mysql innovation/Dockerfile.oracle and
 * docker-entrypoint.sh at b7333451; docker-library/mongo 8.0/Dockerfile at
 * a0b18e58. Log lines: the entrypoint's own messages (its `mysql_note` /
 * `mysql_error`), and server lines in the form the servers print them.
 */
import type { CatalogRepository, LogLine } from './types';
import {
  PATH_DEFAULT,
  UBUNTU_NOBLE_HISTORY,
  UBUNTU_NOBLE_LABELS,
  UBUNTU_NOBLE_LAYERS,
} from './bases';
import { nop, nopCopy, shRun } from './steps';

const out = (text: string, delayMs = 1): LogLine => ({ stream: 'stdout', text, delayMs });
const err = (text: string, delayMs = 1): LogLine => ({ stream: 'stderr', text, delayMs });

// ---------------------------------------------------------------------------
// mysql 9.1.0
// ---------------------------------------------------------------------------

const MYSQL_VERSION = '9.1.0-1.el9';

/** `mysql_note`: `<date --rfc-3339=seconds> [Note] [Entrypoint]: <text>`, on stdout. */
const note = (text: string, delayMs = 1) =>
  out(`{mysqlTime} [Note] [Entrypoint]: ${text}`, delayMs);

/** Before the init: the script runs once as root, re-execs itself as mysql via gosu, and starts again. */
const MYSQL_ENTRY: readonly LogLine[] = [
  note(`Entrypoint script for MySQL Server ${MYSQL_VERSION} started.`, 20),
  note("Switching to dedicated user 'mysql'", 30),
  note(`Entrypoint script for MySQL Server ${MYSQL_VERSION} started.`, 10),
];

/** mysqld's own error log (stderr): `<time> <thread> [<prio>] [<code>] [Server] <message>`. */
const mysqld = (text: string, delayMs = 1) => err(`{mysqldTime} 0 ${text}`, delayMs);

const MYSQL_READY: readonly LogLine[] = [
  mysqld(
    "[System] [MY-011323] [Server] X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock",
    900,
  ),
  mysqld(
    "[System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '9.1.0'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.",
    0,
  ),
];

/**
 * A first start with a password: the entrypoint initialises the data directory,
 * runs a temporary server to set the root password, stops it and execs mysqld.
 * Simplified: mysqld's own lines during the initialisation (several dozen,
 * varying with the host) are left out; every line shown is one it prints.
 */
const MYSQL_STARTUP: readonly LogLine[] = [
  ...MYSQL_ENTRY,
  note('Initializing database files', 10),
  note('Database files initialized', 4000),
  note('Starting temporary server', 1),
  note('Temporary server started.', 1500),
  out("'/var/lib/mysql/mysql.sock' -> '/var/run/mysqld/mysqld.sock'", 20),
  note('Stopping temporary server', 600),
  note('Temporary server stopped', 1200),
  out('', 0),
  note('MySQL init process done. Ready for start up.', 0),
  out('', 0),
  ...MYSQL_READY,
];

/** The data directory exists: no init, the socket link, then mysqld. */
const MYSQL_RESTART: readonly LogLine[] = [
  ...MYSQL_ENTRY,
  out("'/var/lib/mysql/mysql.sock' -> '/var/run/mysqld/mysqld.sock'", 20),
  ...MYSQL_READY,
];

const MYSQL_STOP: readonly LogLine[] = [
  mysqld(
    '[System] [MY-013172] [Server] Received SHUTDOWN from user <via user signal>. Shutting down mysqld (Version: 9.1.0).',
    0,
  ),
  mysqld(
    '[System] [MY-010910] [Server] /usr/sbin/mysqld: Shutdown complete (mysqld 9.1.0)  MySQL Community Server - GPL.',
    1500,
  ),
];

/** `docker_verify_minimum_env`: a new data directory and no password option. */
const MYSQL_NO_PASSWORD: readonly LogLine[] = [
  ...MYSQL_ENTRY,
  err(
    '{mysqlTime} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n' +
      '    You need to specify one of the following as an environment variable:\n' +
      '    - MYSQL_ROOT_PASSWORD\n' +
      '    - MYSQL_ALLOW_EMPTY_PASSWORD\n' +
      '    - MYSQL_RANDOM_ROOT_PASSWORD',
    20,
  ),
];

const MYSQL_ENV = [
  'GOSU_VERSION=1.17',
  'MYSQL_MAJOR=innovation',
  `MYSQL_VERSION=${MYSQL_VERSION}`,
  `MYSQL_SHELL_VERSION=${MYSQL_VERSION}`,
];

export const MYSQL: CatalogRepository = {
  name: 'library/mysql',
  description: 'MySQL is a widely used, open-source relational database management system (RDBMS).',
  images: [
    {
      tags: ['latest', '9', '9.1', '9.1.0', 'innovation', 'oracle', '9.1.0-oraclelinux9'],
      version: '9.1.0',
      created: '2024-10-16T00:00:00Z', // unsure: the week is right, the day and time are approximate
      baseName: 'oraclelinux:9-slim',
      config: {
        ExposedPorts: { '3306/tcp': {}, '33060/tcp': {} },
        Env: [PATH_DEFAULT, ...MYSQL_ENV],
        Entrypoint: ['docker-entrypoint.sh'],
        Cmd: ['mysqld'],
        Volumes: { '/var/lib/mysql': {} },
      },
      history: [
        // oraclelinux:9-slim
        nopCopy('ADD', '/'),
        nop('CMD ["/bin/bash"]'),
        shRun(
          'set -eux; \tgroupadd --system --gid 999 mysql; \tuseradd --system --uid 999 --gid 999 --home-dir /var/lib/mysql --no-create-home mysql',
        ),
        nop('ENV GOSU_VERSION=1.17'),
        // Abridged: the architecture switch and the GPG verification.
        shRun(
          'set -eux; \tarch="$(uname -m)"; \tcase "$arch" in \t\taarch64) gosuArch=\'arm64\' ;; \t\tx86_64) gosuArch=\'amd64\' ;; \t\t*) echo >&2 "error: unsupported architecture: \'$arch\'"; exit 1 ;; \tesac; \t…; \tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu nobody true',
        ),
        shRun(
          'set -eux; \tmicrodnf install -y \t\tbzip2 \t\tgzip \t\topenssl \t\txz \t\tzstd \t\tfindutils \t; \tmicrodnf clean all',
        ),
        shRun(
          'set -eux; \tkey=\'BCA4 3417 C3B4 85DD 128E C6D4 B7B3 B788 A8D3 785C\'; \texport GNUPGHOME="$(mktemp -d)"; \tgpg --batch --keyserver keyserver.ubuntu.com --recv-keys "$key"; \tgpg --batch --export --armor "$key" > /etc/pki/rpm-gpg/RPM-GPG-KEY-mysql; \trm -rf "$GNUPGHOME"',
        ),
        nop('ENV MYSQL_MAJOR=innovation'),
        nop(`ENV MYSQL_VERSION=${MYSQL_VERSION}`),
        // Abridged: the repository file's lines.
        shRun(
          "set -eu; \t{ \t\techo '[mysqlinnovation-server-minimal]'; \t\t…; \t} | tee /etc/yum.repos.d/mysql-community-minimal.repo",
        ),
        // Abridged: the my.cnf socket edits and directory set-up.
        shRun(
          'set -eux; \tmicrodnf install -y "mysql-community-server-minimal-$MYSQL_VERSION"; \tmicrodnf clean all; \t…; \tmkdir /docker-entrypoint-initdb.d; \t\tmysqld --version; \tmysql --version',
        ),
        shRun(
          "set -eu; \t{ \t\techo '[mysql-tools-community]'; \t\t…; \t} | tee /etc/yum.repos.d/mysql-community-tools.repo",
        ),
        nop(`ENV MYSQL_SHELL_VERSION=${MYSQL_VERSION}`),
        shRun(
          'set -eux; \tmicrodnf install -y "mysql-shell-$MYSQL_SHELL_VERSION"; \tmicrodnf clean all; \t\tmysqlsh --version',
        ),
        nop('VOLUME [/var/lib/mysql]'),
        nopCopy('COPY', '/usr/local/bin/'),
        nop('ENTRYPOINT ["docker-entrypoint.sh"]'),
        nop('EXPOSE 3306 33060'),
        nop('CMD ["mysqld"]'),
      ],
      layers: {
        'linux/amd64': [
          'oraclelinux-9-slim/amd64',
          'mysql-9.1.0/user/amd64',
          'mysql-9.1.0/gosu/amd64',
          'mysql-9.1.0/tools/amd64',
          'mysql-9.1.0/gpg-key/amd64',
          'mysql-9.1.0/server-repo/amd64',
          'mysql-9.1.0/server/amd64',
          'mysql-9.1.0/tools-repo/amd64',
          'mysql-9.1.0/shell/amd64',
          'mysql-9.1.0/docker-entrypoint.sh/amd64',
        ],
        'linux/arm64/v8': [
          'oraclelinux-9-slim/arm64',
          'mysql-9.1.0/user/arm64',
          'mysql-9.1.0/gosu/arm64',
          'mysql-9.1.0/tools/arm64',
          'mysql-9.1.0/gpg-key/arm64',
          'mysql-9.1.0/server-repo/arm64',
          'mysql-9.1.0/server/arm64',
          'mysql-9.1.0/tools-repo/arm64',
          'mysql-9.1.0/shell/arm64',
          'mysql-9.1.0/docker-entrypoint.sh/arm64',
        ],
      },
      runtime: {
        kind: 'server',
        requiresEnv: {
          anyOf: [
            { name: 'MYSQL_ROOT_PASSWORD' },
            { name: 'MYSQL_ALLOW_EMPTY_PASSWORD' },
            { name: 'MYSQL_RANDOM_ROOT_PASSWORD' },
          ],
          otherwise: { logs: MYSQL_NO_PASSWORD, exitCode: 1 },
        },
        startupLogs: MYSQL_STARTUP,
        programs: {
          onPath: ['mysqld', 'mysql', 'mysqladmin', 'mysqldump', 'mysqlsh'],
          outputs: {
            'mysql --version':
              'mysql  Ver 9.1.0 for Linux on {uname} (MySQL Community Server - GPL)\n',
          },
        },
        restartLogs: MYSQL_RESTART,
        listens: ['3306/tcp', '33060/tcp'],
        stopLogs: MYSQL_STOP,
        stopExitCode: 0,
      },
    },
  ],
};

// ---------------------------------------------------------------------------
// mongo 8.0.3
// ---------------------------------------------------------------------------

/**
 * mongod's structured log: one JSON object per line, on stdout, with the
 * severity, component and id padded so the fields line up.
 */
const mongo = (
  severity: 'I' | 'W',
  component: string,
  id: number,
  ctx: string,
  rest: string,
  delayMs = 1,
): LogLine =>
  out(
    `{"t":{"$date":"{mongoTime}"},"s":"${severity}",  "c":"${`${component}",`.padEnd(11)}"id":${`${id},`.padEnd(9)}"ctx":"${ctx}",${rest}}`,
    delayMs,
  );

/**
 * The entrypoint adds `--bind_ip_all` and execs mongod (no init without
 * MONGO_INITDB_ROOT_USERNAME). A short, real subset of mongod 8.0's start-up:
 * the full log also carries the build info, the WiredTiger configuration and
 * several dozen other lines, left out here.
 */
const MONGO_STARTUP: readonly LogLine[] = [
  mongo(
    'I',
    'CONTROL',
    23285,
    'thread1',
    `"msg":"Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'"`,
    30,
  ),
  mongo(
    'I',
    'CONTROL',
    4615611,
    'initandlisten',
    '"msg":"MongoDB starting","attr":{"pid":1,"port":27017,"dbPath":"/data/db","architecture":"64-bit","host":"{hostname}"}',
    20,
  ),
  mongo(
    'I',
    'CONTROL',
    51765,
    'initandlisten',
    '"msg":"Operating System","attr":{"os":{"name":"Ubuntu","version":"24.04"}}',
    0,
  ),
  mongo(
    'I',
    'CONTROL',
    21951,
    'initandlisten',
    '"msg":"Options set by command line","attr":{"options":{"net":{"bindIp":"*"}}}',
    0,
  ),
  mongo(
    'W',
    'CONTROL',
    22120,
    'initandlisten',
    '"msg":"Access control is not enabled for the database. Read and write access to data and configuration is unrestricted","tags":["startupWarnings"]',
    600,
  ),
  mongo(
    'I',
    'NETWORK',
    23015,
    'listener',
    '"msg":"Listening on","attr":{"address":"/tmp/mongodb-27017.sock"}',
    40,
  ),
  mongo('I', 'NETWORK', 23015, 'listener', '"msg":"Listening on","attr":{"address":"0.0.0.0"}', 0),
  mongo(
    'I',
    'NETWORK',
    23016,
    'listener',
    '"msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}',
    0,
  ),
];

/** SIGTERM: mongod logs the signal, shuts down cleanly (a few dozen lines, abridged) and exits 0. */
const MONGO_STOP: readonly LogLine[] = [
  mongo(
    'I',
    'CONTROL',
    23377,
    'SignalHandler',
    '"msg":"Received signal","attr":{"signal":15,"error":"Terminated"}',
    0,
  ),
  // docker stop's signal comes from outside the container's PID namespace: pid 0.
  mongo(
    'I',
    'CONTROL',
    23378,
    'SignalHandler',
    '"msg":"Signal was sent by kill(2)","attr":{"pid":0,"uid":0}',
    0,
  ),
  mongo('I', 'CONTROL', 23381, 'SignalHandler', '"msg":"will terminate after current cmd ends"', 0),
  mongo('I', 'CONTROL', 23138, 'SignalHandler', '"msg":"Shutting down","attr":{"exitCode":0}', 300),
];

const MONGO_ENV = [
  'GOSU_VERSION=1.17',
  'JSYAML_VERSION=3.13.1',
  'JSYAML_CHECKSUM=662e32319bdd378e91f67578e56a34954b0a2e33aca11d70ab9f4826af24b941',
  'MONGO_PACKAGE=mongodb-org',
  'MONGO_REPO=repo.mongodb.org',
  'MONGO_MAJOR=8.0',
  'MONGO_VERSION=8.0.3',
  'HOME=/data/db',
];

const MONGO_ARGS = ['MONGO_PACKAGE=mongodb-org', 'MONGO_REPO=repo.mongodb.org'];

export const MONGO: CatalogRepository = {
  name: 'library/mongo',
  description: 'MongoDB document databases provide high availability and easy scalability.',
  images: [
    {
      tags: ['latest', '8', '8.0', '8.0.3', 'noble', '8.0-noble', '8.0.3-noble'],
      version: '8.0.3',
      created: '2024-10-24T00:00:00Z', // unsure: the week is right, the day and time are approximate
      baseName: 'ubuntu:noble',
      config: {
        ExposedPorts: { '27017/tcp': {} },
        Env: [PATH_DEFAULT, ...MONGO_ENV],
        Entrypoint: ['docker-entrypoint.sh'],
        Cmd: ['mongod'],
        Volumes: { '/data/configdb': {}, '/data/db': {} },
        Labels: UBUNTU_NOBLE_LABELS,
      },
      history: [
        ...UBUNTU_NOBLE_HISTORY,
        shRun(
          'set -eux; \tgroupadd --gid 999 --system mongodb; \tuseradd --uid 999 --system --gid mongodb --home-dir /data/db mongodb; \tmkdir -p /data/db /data/configdb; \tchown -R mongodb:mongodb /data/db /data/configdb',
        ),
        shRun(
          'set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tca-certificates \t\tjq \t\tnumactl \t\tprocps \t; \trm -rf /var/lib/apt/lists/*',
        ),
        nop('ENV GOSU_VERSION=1.17'),
        nop('ENV JSYAML_VERSION=3.13.1'),
        nop(`ENV ${MONGO_ENV[2]}`),
        // Abridged: gosu and js-yaml downloads, their checks, and the MongoDB release key.
        shRun(
          'set -eux; \t\tsavedAptMark="$(apt-mark showmanual)"; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tgnupg \t\twget \t; \trm -rf /var/lib/apt/lists/*; \t…; \tchmod +x /usr/local/bin/gosu; \tgosu --version; \tgosu nobody true',
        ),
        shRun('mkdir /docker-entrypoint-initdb.d'),
        nop('ARG MONGO_PACKAGE=mongodb-org'),
        nop('ARG MONGO_REPO=repo.mongodb.org'),
        nop('ENV MONGO_PACKAGE=mongodb-org MONGO_REPO=repo.mongodb.org'),
        nop('ENV MONGO_MAJOR=8.0'),
        shRun(
          'echo "deb [ signed-by=/etc/apt/keyrings/mongodb.asc ] http://$MONGO_REPO/apt/ubuntu noble/${MONGO_PACKAGE%-unstable}/$MONGO_MAJOR multiverse" | tee "/etc/apt/sources.list.d/${MONGO_PACKAGE%-unstable}.list"',
          MONGO_ARGS,
        ),
        nop('ENV MONGO_VERSION=8.0.3'),
        shRun(
          'set -x \t&& export DEBIAN_FRONTEND=noninteractive \t&& apt-get update \t&& apt-get install -y \t\t${MONGO_PACKAGE}=$MONGO_VERSION \t\t${MONGO_PACKAGE}-server=$MONGO_VERSION \t\t${MONGO_PACKAGE}-shell=$MONGO_VERSION \t\t${MONGO_PACKAGE}-mongos=$MONGO_VERSION \t\t${MONGO_PACKAGE}-tools=$MONGO_VERSION \t\t${MONGO_PACKAGE}-database=$MONGO_VERSION \t\t${MONGO_PACKAGE}-database-tools-extra=$MONGO_VERSION \t&& rm -rf /var/lib/apt/lists/* \t&& rm -rf /var/lib/mongodb \t&& mv /etc/mongod.conf /etc/mongod.conf.orig',
          MONGO_ARGS,
        ),
        nop('VOLUME [/data/db /data/configdb]'),
        nop('ENV HOME=/data/db'),
        nopCopy('COPY', '/usr/local/bin/'),
        nop('ENTRYPOINT ["docker-entrypoint.sh"]'),
        nop('EXPOSE 27017'),
        nop('CMD ["mongod"]'),
      ],
      layers: {
        'linux/amd64': [
          ...UBUNTU_NOBLE_LAYERS.amd64,
          'mongo-8.0.3/user/amd64',
          'mongo-8.0.3/deps/amd64',
          'mongo-8.0.3/gosu-jsyaml/amd64',
          'mongo-8.0.3/initdb-dir/amd64',
          'mongo-8.0.3/sources-list/amd64',
          'mongo-8.0.3/install/amd64',
          'mongo-8.0.3/docker-entrypoint.sh/amd64',
        ],
        'linux/arm64/v8': [
          ...UBUNTU_NOBLE_LAYERS.arm64,
          'mongo-8.0.3/user/arm64',
          'mongo-8.0.3/deps/arm64',
          'mongo-8.0.3/gosu-jsyaml/arm64',
          'mongo-8.0.3/initdb-dir/arm64',
          'mongo-8.0.3/sources-list/arm64',
          'mongo-8.0.3/install/arm64',
          'mongo-8.0.3/docker-entrypoint.sh/arm64',
        ],
      },
      runtime: {
        kind: 'server',
        startupLogs: MONGO_STARTUP,
        programs: {
          onPath: [
            'mongod',
            'mongos',
            'mongosh',
            'mongodump',
            'mongorestore',
            'mongoexport',
            'mongoimport',
          ],
        },
        listens: ['27017/tcp'],
        stopLogs: MONGO_STOP,
        stopExitCode: 0,
      },
    },
  ],
};
