/**
 * overlay2 against the containerd store (issue 14): the same pull and run
 * with the containerd image store (DockScope's default) and with the overlay2
 * graph driver (Docker Engine 28's own default), switched as an administrator
 * does, in /etc/docker/daemon.json. Facts follow moby 28.2: daemon/containerd
 * (image_pull.go, progress.go), distribution/ and distribution/xfer
 * (max-concurrent-downloads 3), layer/ and daemon/graphdriver/overlay2; a test
 * replays every step and question.
 */
import type { Lesson, Question } from '../types';

const TO_OVERLAY2 = `echo '{"features": {"containerd-snapshotter": false}}' | sudo tee /etc/docker/daemon.json`;
const TO_CONTAINERD = `echo '{"features": {"containerd-snapshotter": true}}' | sudo tee /etc/docker/daemon.json`;

export const overlay2VsContainerd: Lesson = {
  id: 'overlay2-vs-containerd-store',
  title: 'overlay2 against the containerd store',
  summary:
    'Pull and run with the containerd image store, then with the overlay2 graph driver: who stores the layers.',
  intro:
    'Docker Engine has two image stores. This host starts with the containerd image store: containerd keeps the blobs in its content store and unpacks layers with its overlayfs snapshotter (Engine 29.0 made it the default for fresh installs). Docker Engine 28’s own default is the overlay2 graph driver, where dockerd downloads and keeps the layers itself. An administrator chooses with "features": {"containerd-snapshotter": true|false} in /etc/docker/daemon.json and a restart of docker.service.',
  setup: [],
  steps: [
    {
      id: 'containerd-store',
      task: 'Pull alpine with the containerd store, and ask which store this is: `docker pull alpine`, then `docker info`.',
      commands: ['docker pull alpine', 'docker info'],
      goal: {
        all: [
          { message: { from: 'dockerd', operation: 'Snapshots/Prepare' }, since: 'step' },
          { output: 'Storage Driver: overlayfs', since: 'step' },
        ],
        label: 'dockerd had containerd unpack the layer, and docker info says overlayfs',
      },
      hints: ['`docker info` prints the storage driver under Server.'],
      solution: ['docker pull alpine', 'docker info'],
      explain:
        'dockerd took a lease from containerd, wrote each blob into containerd’s content store (Content/Write), and containerd’s unpacker prepared a snapshot, applied the layer (Diff/Apply) and committed it. `docker info` says Storage Driver: overlayfs with driver-type io.containerd.snapshotter.v1: the snapshotter’s name, not a graph driver.',
    },
    {
      id: 'switch',
      task: `Switch to overlay2 as an administrator would: \`${TO_OVERLAY2}\`, \`sudo systemctl restart docker\`, then \`docker images\`.`,
      commands: [TO_OVERLAY2, 'sudo systemctl restart docker', 'docker images'],
      goal: {
        all: [
          { message: { from: 'systemd', operation: '^/usr/bin/dockerd' }, since: 'step' },
          { output: 'REPOSITORY', since: 'step' },
          { images: { max: 0 } },
        ],
        label: 'dockerd restarted with overlay2, and its image store is empty',
      },
      hints: ['The store is chosen when dockerd starts: a reload (SIGHUP) does not change it.'],
      solution: [TO_OVERLAY2, 'sudo systemctl restart docker', 'docker images'],
      explain:
        'alpine is gone from `docker images`: the two stores are separate. The image is still in containerd (its content and snapshots), but dockerd now lists its own image store under /var/lib/docker/image/overlay2, which is empty. Containers made with the other store are not loaded either (moby’s restore skips a container “created with another storage driver”). The journal’s “Docker daemon” line now says containerd-snapshotter=false storage-driver=overlay2.',
    },
    {
      id: 'pull-overlay2',
      task: 'Pull nginx with overlay2 and read its progress: `docker pull nginx`.',
      commands: ['docker pull nginx'],
      goal: {
        all: [
          { output: ': Waiting', since: 'step' },
          { output: ': Verifying Checksum', since: 'step' },
          { message: { from: 'dockerd', to: 'kernel', operation: 'ApplyDiff' }, since: 'step' },
        ],
        label: 'three layers downloaded at a time, and dockerd unpacked them itself',
      },
      hints: ['nginx has seven layers: count how many say Waiting.'],
      solution: ['docker pull nginx'],
      explain:
        'No message went to containerd. dockerd’s transfer manager downloads at most three layers at a time (max-concurrent-downloads), so the others said Waiting; each download went to a file in /var/lib/docker/tmp, its digest was checked (Verifying Checksum), and once the layer below was registered dockerd unpacked it (Extracting) into /var/lib/docker/overlay2/<cache-id>/diff and recorded it in image/overlay2/layerdb. Pull it again and every layer says Already exists. The image ID is now the config’s digest, not the index’s.',
    },
    {
      id: 'run-overlay2',
      task: "Run it and look at its layers: `docker run -d --name web nginx`, `docker inspect -f '{{json .GraphDriver}}' web`, then `sudo ls /var/lib/docker/overlay2/l`.",
      commands: [
        'docker run -d --name web nginx',
        "docker inspect -f '{{json .GraphDriver}}' web",
        'sudo ls /var/lib/docker/overlay2/l',
      ],
      goal: {
        all: [
          { container: { name: 'web', state: 'running' } },
          { output: '"MergedDir"', since: 'step' },
        ],
        label: 'web runs on an overlay dockerd made and mounted',
      },
      hints: ['GraphDriver.Data names the four directories of the overlay.'],
      solution: ['docker run -d --name web nginx', "docker inspect -f '{{json .GraphDriver}}' web"],
      explain:
        'At create dockerd made two layers itself: <mount-id>-init (the empty /etc/hosts, /etc/hostname, /etc/resolv.conf, /.dockerenv and the other mount points every container needs) and <mount-id>, the writable one. At start it mounted the overlay at <mount-id>/merged: lowerdir lists the init layer and the image layers by their short links in l/ (so the options fit in a page), upperdir is the writable diff/. The spec’s root.path is that merged directory, and containerd’s Containers/Create carries no image name: containerd only runs the task.',
    },
    {
      id: 'back',
      task: `Switch back: \`${TO_CONTAINERD}\`, \`sudo systemctl restart docker\`, then \`docker images\` and \`docker ps -a\`.`,
      commands: [TO_CONTAINERD, 'sudo systemctl restart docker', 'docker images', 'docker ps -a'],
      goal: {
        all: [
          { image: 'alpine', present: true },
          { container: { name: 'web' }, count: { max: 0 } },
        ],
        label: 'the containerd store is back with alpine, and web is not in it',
      },
      hints: ['Each store keeps its own images and containers.'],
      solution: [TO_CONTAINERD, 'sudo systemctl restart docker'],
      explain:
        'alpine is back: it never left containerd. nginx and web are not listed: they are in overlay2’s store, on disk under /var/lib/docker, and come back if overlay2 is chosen again. Stopping dockerd without live-restore stopped web first. Switching stores does not convert anything: on a real host an administrator pulls again, or saves and loads the images.',
    },
  ],
};

export const STORAGE_QUESTIONS: readonly Question[] = [
  {
    id: 'overlay2-vs-containerd',
    topic: 'objects',
    question:
      'How does a pull differ between the overlay2 graph driver and the containerd image store?',
    answer:
      'With overlay2 (Docker Engine 28’s default) dockerd does it alone: at most three layer downloads at a time (max-concurrent-downloads; the others say Waiting), each into /var/lib/docker/tmp, checked (Verifying Checksum), then unpacked by dockerd into /var/lib/docker/overlay2/<cache-id>/diff and recorded in image/overlay2/layerdb; the image ID is the config’s digest. With the containerd image store ("features": {"containerd-snapshotter": true}, Engine 29’s default for fresh installs) dockerd drives containerd: a lease, blobs in its content store, and its snapshotter unpacks each layer; no download limit, no Verifying Checksum, and the image ID is the index digest.',
    show: {
      setup: [TO_OVERLAY2, 'sudo systemctl restart docker'],
      commands: ['docker pull nginx'],
      highlight: ['dockerd', 'registry'],
      focus: { operation: 'ApplyDiff', from: 'dockerd', to: 'kernel' },
    },
  },
  {
    id: 'overlay2-dirs',
    topic: 'kernel',
    question:
      'What are LowerDir, UpperDir, WorkDir and MergedDir in `docker inspect` with overlay2?',
    answer:
      'The overlay mount of the container’s root, all under /var/lib/docker/overlay2: LowerDir the read-only layers (the container’s <mount-id>-init layer, then the image’s, top first), UpperDir the container’s writable diff/ where its changes go, WorkDir overlayfs’s scratch directory, MergedDir where dockerd mounts the overlay: the OCI spec’s root.path. The mount itself names the lower layers by short links in l/ so its options fit in a page. With the containerd image store GraphDriver is just {"Name": "overlayfs", "Data": null}: the snapshotter keeps those directories.',
    show: {
      setup: [TO_OVERLAY2, 'sudo systemctl restart docker', 'docker pull alpine'],
      commands: ['docker run -d --name box alpine sleep 100'],
      highlight: ['dockerd', 'kernel'],
      focus: { operation: 'mount\\("overlay"', from: 'dockerd', to: 'kernel' },
    },
  },
];
