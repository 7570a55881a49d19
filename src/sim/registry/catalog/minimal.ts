/**
 * The tiny images built FROM scratch: hello-world, alpine, busybox. One layer each.
 */
import type { CatalogRepository } from './types';
import { PATH_DEFAULT } from './bases';
import { files, meta } from './steps';

/**
 * What /hello prints, byte for byte (docker-library/hello-world, hello.c): a
 * leading blank line, and a trailing one. `{bashbrewArch}` is the one part
 * that depends on the image: `amd64`, `arm64v8`, …
 */
export const HELLO_WORLD_GREETING =
  '\n' +
  'Hello from Docker!\n' +
  'This message shows that your installation appears to be working correctly.\n' +
  '\n' +
  'To generate this message, Docker took the following steps:\n' +
  ' 1. The Docker client contacted the Docker daemon.\n' +
  ' 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.\n' +
  '    ({bashbrewArch})\n' +
  ' 3. The Docker daemon created a new container from that image which runs the\n' +
  '    executable that produces the output you are currently reading.\n' +
  ' 4. The Docker daemon streamed that output to the Docker client, which sent it\n' +
  '    to your terminal.\n' +
  '\n' +
  'To try something more ambitious, you can run an Ubuntu container with:\n' +
  ' $ docker run -it ubuntu bash\n' +
  '\n' +
  'Share images, automate workflows, and more with a free Docker ID:\n' +
  ' https://hub.docker.com/\n' +
  '\n' +
  'For more examples and ideas, visit:\n' +
  ' https://docs.docker.com/get-started/\n' +
  '\n';

/** BuildKit's defaults for an image built FROM scratch: PATH and WorkingDir "/". */
const SCRATCH_DEFAULTS = { Env: [PATH_DEFAULT], WorkingDir: '/' } as const;

export const HELLO_WORLD: CatalogRepository = {
  name: 'library/hello-world',
  description: 'Hello World! (an example of minimal Dockerization)',
  images: [
    {
      // The image that was `latest` from May 2023 to Jan 2025 (ID d2c94e258dcb…, 13.3kB).
      tags: ['latest', 'linux'],
      created: '2023-05-02T16:49:27Z', // unsure: the day is right, the time is approximate
      config: { ...SCRATCH_DEFAULTS, Cmd: ['/hello'], ArgsEscaped: true },
      history: [files('COPY hello / # buildkit'), meta('CMD ["/hello"]')],
      layers: { 'linux/amd64': ['hello-world/amd64'], 'linux/arm64/v8': ['hello-world/arm64'] },
      runtime: {
        kind: 'prints-and-exits',
        stdout: HELLO_WORLD_GREETING,
        exitCode: 0,
        durationMs: 5,
      },
    },
  ],
};

export const ALPINE: CatalogRepository = {
  name: 'library/alpine',
  description:
    'A minimal Docker image based on Alpine Linux with a complete package index and only 5 MB in size!',
  images: [
    {
      tags: ['latest', '3.20', '3.20.3', '3'],
      version: '3.20.3',
      created: '2024-09-06T12:05:36Z',
      config: { ...SCRATCH_DEFAULTS, Cmd: ['/bin/sh'], ArgsEscaped: true },
      history: [
        files('ADD alpine-minirootfs-3.20.3-{uname}.tar.gz / # buildkit'),
        meta('CMD ["/bin/sh"]'),
      ],
      layers: { 'linux/amd64': ['alpine-3.20.3/amd64'], 'linux/arm64/v8': ['alpine-3.20.3/arm64'] },
      // BusyBox ash as root: PS1 is '\w \$ ' → "/ # " in /.
      runtime: { kind: 'shell', program: '/bin/sh', prompt: '/ # ', exitCodeWithoutStdin: 0 },
    },
  ],
};

export const BUSYBOX: CatalogRepository = {
  name: 'library/busybox',
  description: 'Busybox base image.',
  images: [
    {
      // `latest` is the glibc variant, built from Debian's toolchain and imported as a
      // rootfs tarball (no Dockerfile), so its one history line is a plain description.
      tags: ['latest', '1.37', '1.37.0', '1.37.0-glibc'],
      version: '1.37.0-glibc',
      created: '2024-09-26T21:31:42Z', // unsure: approximate
      config: { Env: [PATH_DEFAULT], Cmd: ['sh'] },
      history: [{ createdBy: 'BusyBox 1.37.0 (glibc), Debian 12' }],
      layers: {
        'linux/amd64': ['busybox-1.37.0-glibc/amd64'],
        'linux/arm64/v8': ['busybox-1.37.0-glibc/arm64'],
      },
      runtime: { kind: 'shell', program: 'sh', prompt: '/ # ', exitCodeWithoutStdin: 0 },
    },
  ],
};
