/**
 * Volumes (issue 13): what a container writes goes into its writable layer
 * and goes with it; a volume is a directory on the host that dockerd manages
 * apart from any container. Facts from moby v28.2.2 (volume/local,
 * daemon/volumes.go, daemon/mounts.go) and the engine's trace.
 */
import type { Lesson, Question } from '../types';

export const volumes: Lesson = {
  id: 'volumes',
  title: 'Data that outlives its container',
  summary: 'The writable layer goes with the container; a volume stays until you remove it.',
  intro:
    'Everything a container writes lands in its own writable layer, the top of the overlay dockerd mounts as its root, and `docker rm` deletes that layer. A volume is different: a directory dockerd keeps under /var/lib/docker/volumes, mounted into the container. In the trace a volume is a `mkdirat` dockerd asks of the kernel (the full level draws the kernel), and only removing the volume deletes that directory.',
  setup: ['docker pull alpine'],
  steps: [
    {
      id: 'layer-goes',
      task: "Write a file in a container, remove the container, and look for the file in a new one: `docker run --name scratch alpine sh -c 'echo hi > /note'`, `docker rm scratch`, then `docker run --rm alpine cat /note`.",
      commands: [
        "docker run --name scratch alpine sh -c 'echo hi > /note'",
        'docker rm scratch',
        'docker run --rm alpine cat /note',
      ],
      goal: {
        output: "can't open '/note'",
        since: 'step',
        stream: 'stderr',
        label: 'a new container does not find /note',
      },
      hints: [
        'Each `docker run` makes a new container with a new, empty writable layer on top of the same image.',
      ],
      solution: [
        "docker run --name scratch alpine sh -c 'echo hi > /note'",
        'docker rm scratch',
        'docker run --rm alpine cat /note',
      ],
      explain:
        '/note was written into scratch’s writable layer (the overlay’s upperdir). `docker rm` had containerd’s snapshotter delete that layer (`Snapshots/Remove`, then the kernel unlinks the directory), and the file went with it. (DockScope models the containerd image store, opt-in in Engine 28; with its default overlay2 graphdriver dockerd deletes the layer itself.) The new container got its own empty layer; the image was never changed.',
    },
    {
      id: 'write',
      task: "Write into the volume from a container that removes itself: `docker run --rm -v data:/data alpine sh -c 'echo kept > /data/note'`.",
      commands: ["docker run --rm -v data:/data alpine sh -c 'echo kept > /data/note'"],
      goal: {
        exitCode: 0,
        since: 'step',
        command: '-v data:/data',
        label: 'a container wrote into the volume and exited',
      },
      hints: ['`-v data:/data` mounts the volume named data at /data in the container.'],
      solution: ["docker run --rm -v data:/data alpine sh -c 'echo kept > /data/note'"],
      explain:
        'There was no volume named data, so dockerd’s local volume driver created one at create time: a directory, /var/lib/docker/volumes/data/_data (the `mkdirat` to the kernel). The OCI spec lists it as a bind mount onto /data (`rbind`), and runc mounted it inside the new root, so the write went to that host directory, not to the writable layer. With --rm the container is gone already; `docker volume ls` still lists data.',
    },
    {
      id: 'read',
      task: 'Read it back from a brand-new container: `docker run --rm -v data:/data alpine cat /data/note`.',
      commands: ['docker run --rm -v data:/data alpine cat /data/note'],
      goal: {
        output: '^kept',
        since: 'step',
        stream: 'stdout',
        label: 'the new container prints kept',
      },
      hints: ['Mount the same volume at /data again.'],
      solution: ['docker run --rm -v data:/data alpine cat /data/note'],
      explain:
        'Another container, another writable layer, the same volume: the file was on the host all along. This is how databases keep their data across `docker rm` and image upgrades; the redis and postgres images even declare a VOLUME, so Docker gives them an anonymous volume when you name none.',
    },
    {
      id: 'in-use',
      task: 'Make a container that refers to the volume, then try to remove the volume: `docker create --name holder -v data:/data alpine`, then `docker volume rm data`.',
      commands: ['docker create --name holder -v data:/data alpine', 'docker volume rm data'],
      goal: {
        output: 'volume is in use',
        since: 'step',
        stream: 'stderr',
        label: 'dockerd refuses: the volume is in use',
      },
      hints: ['A container that is not even running still counts as a user of the volume.'],
      solution: ['docker create --name holder -v data:/data alpine', 'docker volume rm data'],
      explain:
        'dockerd keeps a reference from every container to each volume it mounts, running or not, and refuses to remove a volume that has one: `remove data: volume is in use - [<container ID>]`, a 409 Conflict.',
    },
    {
      id: 'remove',
      task: 'Remove the container, then the volume: `docker rm holder`, then `docker volume rm data`.',
      commands: ['docker rm holder', 'docker volume rm data', 'docker volume ls'],
      goal: {
        message: { operation: 'DELETE /v[0-9.]+/volumes/data', status: 204 },
        since: 'step',
        label: 'the volume is removed',
      },
      hints: ['`docker rm holder` first; `docker rm -v` would not remove a named volume anyway.'],
      solution: ['docker rm holder', 'docker volume rm data'],
      explain:
        'Only now does the data go: dockerd deletes /var/lib/docker/volumes/data (the `unlinkat` to the kernel). `docker rm -v` and `--rm` remove a container’s anonymous volumes, never named ones like data; `docker volume prune` removes unused anonymous volumes, and with -a the named ones too.',
    },
  ],
};

const ALPINE = ['docker pull alpine'];

export const VOLUME_QUESTIONS: readonly Question[] = [
  {
    id: 'volume-outlives',
    topic: 'objects',
    question: 'Why does data in a volume survive `docker rm`, when files in the container do not?',
    answer:
      'A container’s own files live in its writable layer, a snapshot deleted with the container. A volume is a directory dockerd manages separately (with the local driver, /var/lib/docker/volumes/<name>/_data) and bind-mounts into the container; removing the container only drops its reference.',
    show: {
      setup: ALPINE,
      commands: ["docker run --rm -v data:/data alpine sh -c 'echo hi > /data/f'"],
      highlight: ['dockerd', 'kernel'],
      focus: { operation: 'volumes/data/_data', to: 'kernel' },
    },
  },
  {
    id: 'volume-in-spec',
    topic: 'containerd-runc',
    question: 'How does a volume get into a container?',
    answer:
      'dockerd puts it in the OCI spec’s mounts as a bind mount from the volume’s directory to the destination; containerd writes the spec into the bundle’s config.json, and runc mounts it inside the new root before pivot_root.',
    show: {
      setup: [...ALPINE, 'docker volume create data'],
      commands: ['docker run --rm -v data:/data alpine true'],
      highlight: ['runc', 'kernel'],
      focus: { operation: 'config.json "mounts"', to: 'kernel' },
    },
  },
  {
    id: 'volume-in-use',
    topic: 'objects',
    question: 'Can you remove a volume while a stopped container still refers to it?',
    answer:
      'No. dockerd keeps a reference from each container to its volumes whether it runs or not, and answers 409: `remove <name>: volume is in use - [<container ID>]`. Remove the container first; `docker rm -v` also removes its anonymous volumes, never named ones.',
    show: {
      setup: [...ALPINE, 'docker create --name holder -v data:/data alpine'],
      commands: ['docker volume rm data'],
      highlight: ['dockerd'],
      focus: { operation: 'DELETE /v[0-9.]+/volumes/data', status: 409 },
    },
  },
];
