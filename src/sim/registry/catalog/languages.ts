/**
 * node and python: both FROM buildpack-deps:bookworm (debian:bookworm + curl +
 * scm + toolchain), so they share their first four layers. golang is built
 * FROM buildpack-deps:bookworm-scm, so it shares the first three.
 */
import type { CatalogRepository } from './types';
import {
  BUILDPACK_DEPS_HISTORY,
  BUILDPACK_DEPS_LAYERS,
  BUILDPACK_DEPS_SCM_HISTORY,
  BUILDPACK_DEPS_SCM_LAYERS,
  PATH_DEFAULT,
} from './bases';
import { bashPrompt } from './distros';
import { envSteps, files, meta, run } from './steps';

// ---------------------------------------------------------------------------
// node 23.1.0 (the "current" line; `latest` follows it, not the LTS)
// ---------------------------------------------------------------------------

export const NODE: CatalogRepository = {
  name: 'library/node',
  description:
    'Node.js is a JavaScript-based platform for server-side and networking applications.',
  images: [
    {
      tags: ['latest', 'current', '23', '23.1', '23.1.0', 'bookworm', 'current-bookworm'],
      version: '23.1.0',
      created: '2024-10-24T21:13:25Z', // unsure: approximate
      baseName: 'buildpack-deps:bookworm',
      config: {
        Env: [PATH_DEFAULT, 'NODE_VERSION=23.1.0', 'YARN_VERSION=1.22.22'],
        Entrypoint: ['docker-entrypoint.sh'],
        Cmd: ['node'],
        ArgsEscaped: true,
      },
      history: [
        ...BUILDPACK_DEPS_HISTORY,
        run(
          'groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
        ),
        meta('ENV NODE_VERSION=23.1.0'),
        // Abridged: the architecture switch and the release keys.
        run(
          'ARCH= && dpkgArch="$(dpkg --print-architecture)"   && case "${dpkgArch##*-}" in     amd64) ARCH=\'x64\';;     ppc64el) ARCH=\'ppc64le\';;     s390x) ARCH=\'s390x\';;     arm64) ARCH=\'arm64\';;     armhf) ARCH=\'armv7l\';;     i386) ARCH=\'x86\';;     *) echo "unsupported architecture"; exit 1 ;;   esac   && … && curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz"   && … && tar -xJf "node-v$NODE_VERSION-linux-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner   && rm "node-v$NODE_VERSION-linux-$ARCH.tar.xz" SHASUMS256.txt.asc SHASUMS256.txt   && ln -s /usr/local/bin/node /usr/local/bin/nodejs   && node --version   && npm --version',
        ),
        meta('ENV YARN_VERSION=1.22.22'),
        run(
          'set -ex   && … && curl -fsSLO --compressed "https://yarnpkg.com/downloads/$YARN_VERSION/yarn-v$YARN_VERSION.tar.gz"   && … && mkdir -p /opt   && tar -xzf yarn-v$YARN_VERSION.tar.gz -C /opt/   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarn /usr/local/bin/yarn   && ln -s /opt/yarn-v$YARN_VERSION/bin/yarnpkg /usr/local/bin/yarnpkg   && rm yarn-v$YARN_VERSION.tar.gz.asc yarn-v$YARN_VERSION.tar.gz   && yarn --version',
        ),
        files('COPY docker-entrypoint.sh /usr/local/bin/ # buildkit'),
        meta('ENTRYPOINT ["docker-entrypoint.sh"]'),
        meta('CMD ["node"]'),
      ],
      layers: {
        'linux/amd64': [
          ...BUILDPACK_DEPS_LAYERS.amd64,
          'node-23.1.0/user/amd64',
          'node-23.1.0/install/amd64',
          'node-23.1.0/yarn/amd64',
          'node-23.1.0/docker-entrypoint.sh/amd64',
        ],
        'linux/arm64/v8': [
          ...BUILDPACK_DEPS_LAYERS.arm64,
          'node-23.1.0/user/arm64',
          'node-23.1.0/install/arm64',
          'node-23.1.0/yarn/arm64',
          'node-23.1.0/docker-entrypoint.sh/arm64',
        ],
      },
      // With no TTY and no stdin, `node` reads an empty script from stdin and exits 0.
      runtime: {
        kind: 'repl',
        program: 'node',
        // node 23.1.0 bundles npm 10.9.0; yarn is the classic 1.22.22 installed above.
        programs: {
          onPath: ['node', 'nodejs', 'npm', 'npx', 'corepack', 'yarn', 'yarnpkg'],
          outputs: {
            'node --version': 'v23.1.0\n',
            'node -v': 'v23.1.0\n',
            'npm --version': '10.9.0\n',
            'npm -v': '10.9.0\n',
            'yarn --version': '1.22.22\n',
          },
        },
        banner: 'Welcome to Node.js v23.1.0.\nType ".help" for more information.\n',
        prompt: '> ',
        exitCodeWithoutStdin: 0,
      },
    },
  ],
};

// ---------------------------------------------------------------------------
// python 3.13.0
// ---------------------------------------------------------------------------

const PYTHON_ENV = [
  'GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305',
  'PYTHON_VERSION=3.13.0',
  'PYTHON_SHA256=086de5882e3cb310d4dca48457522e2e48018ecd43da9cdf827f6a0759efb07d',
];

export const PYTHON: CatalogRepository = {
  name: 'library/python',
  description:
    'Python is an interpreted, interactive, object-oriented, open-source programming language.',
  images: [
    {
      tags: ['latest', '3', '3.13', '3.13.0', 'bookworm', '3.13-bookworm'],
      version: '3.13.0',
      created: '2024-10-18T23:23:40Z',
      baseName: 'buildpack-deps:bookworm',
      config: {
        // No LANG=C.UTF-8 any more: the 3.13 images dropped it.
        Env: [
          'PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
          ...PYTHON_ENV,
        ],
        Cmd: ['python3'],
        ArgsEscaped: true,
      },
      history: [
        ...BUILDPACK_DEPS_HISTORY,
        meta(
          'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        ),
        run(
          'set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tlibbluetooth-dev \t\ttk-dev \t\tuuid-dev \t; \trm -rf /var/lib/apt/lists/*',
        ),
        ...envSteps(PYTHON_ENV),
        // Abridged: download, checksum and GPG verification, then the PGO+LTO build.
        run(
          'set -eux; \t\twget -O python.tar.xz "https://www.python.org/ftp/python/${PYTHON_VERSION%%[a-z]*}/Python-$PYTHON_VERSION.tar.xz"; \techo "$PYTHON_SHA256 *python.tar.xz" | sha256sum -c -; \t…; \t./configure \t\t--build="$gnuArch" \t\t--enable-loadable-sqlite-extensions \t\t--enable-optimizations \t\t--enable-option-checking=fatal \t\t--enable-shared \t\t--with-lto \t\t--with-ensurepip \t; \t…; \tmake install; \t…; \tpython3 --version; \tpip3 --version',
        ),
        run(
          'set -eux; \tfor src in idle3 pip3 pydoc3 python3 python3-config; do \t\tdst="$(echo "$src" | tr -d 3)"; \t\t[ -s "/usr/local/bin/$src" ]; \t\t[ ! -e "/usr/local/bin/$dst" ]; \t\tln -svT "$src" "/usr/local/bin/$dst"; \tdone',
        ),
        meta('CMD ["python3"]'),
      ],
      layers: {
        'linux/amd64': [
          ...BUILDPACK_DEPS_LAYERS.amd64,
          'python-3.13.0/tk-dev/amd64',
          'python-3.13.0/install/amd64',
          'python-3.13.0/symlinks/amd64',
        ],
        'linux/arm64/v8': [
          ...BUILDPACK_DEPS_LAYERS.arm64,
          'python-3.13.0/tk-dev/arm64',
          'python-3.13.0/install/arm64',
          'python-3.13.0/symlinks/arm64',
        ],
      },
      // Without a TTY, python3 runs stdin as a script: empty, so it exits 0 at once.
      runtime: {
        kind: 'repl',
        program: 'python3',
        // Python 3.13.0's ensurepip bundles pip 24.2; the last RUN step links the unversioned names.
        programs: {
          onPath: [
            'python',
            'python3',
            'python3.13',
            'pip',
            'pip3',
            'pydoc',
            'pydoc3',
            'idle',
            'idle3',
          ],
          outputs: {
            'python --version': 'Python 3.13.0\n',
            'python3 --version': 'Python 3.13.0\n',
            'python -V': 'Python 3.13.0\n',
            'python3 -V': 'Python 3.13.0\n',
            'pip --version':
              'pip 24.2 from /usr/local/lib/python3.13/site-packages/pip (python 3.13)\n',
            'pip3 --version':
              'pip 24.2 from /usr/local/lib/python3.13/site-packages/pip (python 3.13)\n',
          },
        },
        // The build date is the compile time of this image's interpreter.
        banner:
          'Python 3.13.0 (main, Oct 19 2024, 04:08:57) [GCC 12.2.0] on linux\nType "help", "copyright", "credits" or "license" for more information.\n',
        prompt: '>>> ',
        exitCodeWithoutStdin: 0,
      },
    },
  ],
};

// ---------------------------------------------------------------------------
// golang 1.23.2 (docker-library/golang 1.23/bookworm at 89de06f6, BuildKit)
// ---------------------------------------------------------------------------

const GO_PATH_ENV =
  'PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * A two-stage build: the first stage downloads and checks Go, the image keeps
 * only the final stage's steps, so its history shows `COPY /target/ /`, not
 * the download. No CMD of its own: it inherits debian's `bash`.
 */
export const GOLANG: CatalogRepository = {
  name: 'library/golang',
  description: 'Go (golang) is a general purpose, higher-level, imperative programming language.',
  images: [
    {
      tags: ['latest', '1', '1.23', '1.23.2', 'bookworm', '1.23-bookworm', '1.23.2-bookworm'],
      version: '1.23.2',
      created: '2024-10-17T05:00:00Z', // unsure: rebuilt on bookworm-20241016; time approximate
      baseName: 'buildpack-deps:bookworm-scm',
      config: {
        Env: [GO_PATH_ENV, 'GOLANG_VERSION=1.23.2', 'GOTOOLCHAIN=local', 'GOPATH=/go'],
        Cmd: ['bash'],
        WorkingDir: '/go',
      },
      history: [
        ...BUILDPACK_DEPS_SCM_HISTORY,
        run(
          'set -eux; \tapt-get update; \tapt-get install -y --no-install-recommends \t\tg++ \t\tgcc \t\tlibc6-dev \t\tmake \t\tpkg-config \t; \trm -rf /var/lib/apt/lists/*',
        ),
        meta('ENV GOLANG_VERSION=1.23.2'),
        meta('ENV GOTOOLCHAIN=local'),
        meta('ENV GOPATH=/go'),
        meta(`ENV ${GO_PATH_ENV}`),
        files('COPY /target/ / # buildkit'),
        run('mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"'),
        files('WORKDIR /go'), // /go exists already: the empty layer
      ],
      layers: {
        'linux/amd64': [
          ...BUILDPACK_DEPS_SCM_LAYERS.amd64,
          'golang-1.23.2/cgo/amd64',
          'golang-1.23.2/go/amd64',
          'golang-1.23.2/gopath/amd64',
          'empty-layer',
        ],
        'linux/arm64/v8': [
          ...BUILDPACK_DEPS_SCM_LAYERS.arm64,
          'golang-1.23.2/cgo/arm64',
          'golang-1.23.2/go/arm64',
          'golang-1.23.2/gopath/arm64',
          'empty-layer',
        ],
      },
      runtime: {
        kind: 'shell',
        program: 'bash',
        prompt: bashPrompt('/go'),
        exitCodeWithoutStdin: 0,
        programs: {
          onPath: ['go', 'gofmt'],
          outputs: { 'go version': 'go version go1.23.2 linux/{goArch}\n' },
        },
      },
    },
  ],
};
