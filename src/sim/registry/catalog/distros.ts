/**
 * The distribution images learners run first: ubuntu and debian. Both are one
 * rootfs layer and a `CMD` for bash; their layers are the very blobs other
 * images are built on (debian:bookworm under node, python and golang,
 * ubuntu:noble under mongo), so pulling one after the other fetches the shared layer once.
 *
 * Sources: docker-library/official-images `library/debian` and `library/ubuntu`
 * on 2024-10-28 (debian bookworm-20241016 = 12.7, from debuerreotype; ubuntu
 * noble-20241011, imported from Canonical's OCI build).
 */
import type { CatalogRepository } from './types';
import {
  DEBIAN_HISTORY,
  PATH_DEFAULT,
  UBUNTU_NOBLE_HISTORY,
  UBUNTU_NOBLE_LABELS,
  UBUNTU_NOBLE_LAYERS,
} from './bases';

/**
 * Debian's and Ubuntu's /etc/bash.bashrc set PS1 to `\u@\h:\w\$ `: as root in
 * `/`, `root@<hostname>:/# `; the hostname is the container's short ID.
 */
export const bashPrompt = (dir: string) => `root@{hostname}:${dir}# `;

export const UBUNTU: CatalogRepository = {
  name: 'library/ubuntu',
  description: 'Ubuntu is a Debian-based Linux operating system based on free software.',
  images: [
    {
      tags: ['latest', '24.04', 'noble', 'noble-20241011'],
      version: '24.04',
      created: '2024-10-11T03:00:00Z', // unsure: the day is right, the time is approximate
      config: {
        Env: [PATH_DEFAULT],
        Cmd: ['/bin/bash'],
        Labels: UBUNTU_NOBLE_LABELS,
      },
      history: UBUNTU_NOBLE_HISTORY,
      layers: {
        'linux/amd64': UBUNTU_NOBLE_LAYERS.amd64,
        'linux/arm64/v8': UBUNTU_NOBLE_LAYERS.arm64,
      },
      runtime: {
        kind: 'shell',
        program: '/bin/bash',
        prompt: bashPrompt('/'),
        exitCodeWithoutStdin: 0,
      },
    },
  ],
};

export const DEBIAN: CatalogRepository = {
  name: 'library/debian',
  description:
    "Debian is a Linux distribution that's composed entirely of free and open-source software.",
  images: [
    {
      tags: ['latest', 'bookworm', 'bookworm-20241016', '12.7', '12'],
      version: '12.7',
      created: '2024-10-17T00:20:00Z', // unsure: the day is right, the time is approximate
      config: { Env: [PATH_DEFAULT], Cmd: ['bash'] },
      history: DEBIAN_HISTORY,
      layers: {
        'linux/amd64': ['debian-bookworm/amd64'],
        'linux/arm64/v8': ['debian-bookworm/arm64'],
      },
      runtime: { kind: 'shell', program: 'bash', prompt: bashPrompt('/'), exitCodeWithoutStdin: 0 },
    },
  ],
};
