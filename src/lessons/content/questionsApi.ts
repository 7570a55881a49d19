/**
 * Interview questions, part 1: the client and the daemon, the Engine API,
 * registries and image objects. Every answer points at the simulation: the
 * commands to replay, the components to light up and the message that
 * proves it. True per ../shared/reference/docker-internals.md §0–2 and the
 * engine's trace (a test replays every `show`).
 */
import type { Question } from '../types';

const PULLED_ALPINE = ['docker pull alpine'];

export const API_QUESTIONS: readonly Question[] = [
  {
    id: 'client-daemon-split',
    topic: 'client-daemon',
    question: 'What is the difference between the Docker client and the Docker daemon?',
    answer:
      'The `docker` CLI is only a client: it turns each command into HTTP requests and prints the answers. dockerd, the daemon, owns the images, containers and networks and does all the work.',
    show: {
      setup: [],
      commands: ['docker ps'],
      highlight: ['client', 'dockerd'],
      focus: { operation: '^GET /v[0-9.]+/containers/json', from: 'client' },
    },
  },
  {
    id: 'client-remote',
    topic: 'client-daemon',
    question: 'How does the CLI reach the daemon, and can the daemon be on another machine?',
    answer:
      'By default it speaks HTTP over the unix socket /var/run/docker.sock. With `-H`, `DOCKER_HOST` or a context it can speak the same HTTP to `tcp://host:2375`, or 2376 with TLS, on another machine.',
    show: {
      setup: [],
      commands: ['docker version'],
      highlight: ['client', 'dockerd'],
      focus: { operation: '^GET /v[0-9.]+/version$', from: 'client' },
    },
  },
  {
    id: 'ping',
    topic: 'rest-api',
    question: 'Why does a docker command that talks to dockerd start with `HEAD /_ping`?',
    answer:
      'The answer’s headers say which API version the daemon speaks. The CLI uses the lower of that and its own maximum (1.50 for CLI 28.2), so every later path starts with `/v1.50/`. Commands the CLI answers alone, such as `docker context ls` or `docker ps --help`, send no ping.',
    show: {
      setup: [],
      commands: ['docker images'],
      highlight: ['client', 'dockerd'],
      focus: { operation: '^HEAD /_ping$', from: 'dockerd', to: 'client' },
    },
  },
  {
    id: 'version-server',
    topic: 'client-daemon',
    question: 'Where does the Server section of `docker version` come from?',
    answer:
      'From dockerd, through `GET /version`. To fill in the containerd and runc lines, dockerd asks containerd’s Version service over gRPC and runs `runc --version`.',
    show: {
      setup: [],
      commands: ['docker version'],
      highlight: ['client', 'dockerd', 'containerd', 'runc'],
      focus: { operation: 'Version/Version', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'engine-api',
    topic: 'rest-api',
    question: 'What is the Docker Engine API?',
    answer:
      'A versioned REST API served by dockerd: JSON over HTTP, paths like `POST /v1.50/containers/create`. The CLI, the SDKs and Compose are all clients of it.',
    show: {
      setup: PULLED_ALPINE,
      commands: ['docker create --name box alpine echo hello'],
      highlight: ['client', 'dockerd'],
      focus: { operation: '^POST /v[0-9.]+/containers/create', from: 'client' },
    },
  },
  {
    id: 'api-errors',
    topic: 'rest-api',
    question: 'How does the daemon report an error, and what does the CLI do with it?',
    answer:
      'With an HTTP status that matches the kind of error (404 not found, 409 conflict, 400 bad parameter) and a JSON body `{"message": …}`. The CLI prints `Error response from daemon:` and the message, and exits 1 (`docker run`: 125).',
    show: {
      setup: [],
      commands: ['docker stop nothing'],
      highlight: ['client', 'dockerd'],
      focus: {
        operation: '/containers/nothing/stop$',
        from: 'dockerd',
        to: 'client',
        status: 404,
      },
    },
  },
  {
    id: 'run-requests',
    topic: 'rest-api',
    question: 'Which API requests does `docker run -d nginx` send when the image is missing?',
    answer:
      '`POST /containers/create`, answered 404 `No such image`; then `POST /images/create` to pull; create again (201); `wait`; and `start` (204). The pull is triggered by the 404 alone.',
    show: {
      setup: [],
      commands: ['docker run -d --name web nginx'],
      highlight: ['client', 'dockerd', 'registry'],
      focus: {
        operation: '^POST /v[0-9.]+/containers/create',
        from: 'dockerd',
        to: 'client',
        status: 404,
      },
    },
  },
  {
    id: 'ps-from-memory',
    topic: 'client-daemon',
    question: 'Does `docker ps` ask containerd which containers run?',
    answer:
      'No. dockerd keeps its own records of every container and answers `GET /containers/json` from memory; no message goes further than dockerd.',
    show: {
      setup: [...PULLED_ALPINE, 'docker run -d --name sleeper alpine sleep 3600'],
      commands: ['docker ps'],
      highlight: ['client', 'dockerd'],
      focus: { operation: '^GET /v[0-9.]+/containers/json', from: 'dockerd', to: 'client' },
    },
  },
  {
    id: 'registry-what',
    topic: 'registry',
    question: 'What is a registry?',
    answer:
      'An HTTP server that stores images as manifests and blobs, each addressed by its digest, following the OCI distribution API (`/v2/<name>/manifests/…`, `/v2/<name>/blobs/…`). Docker Hub is the default one.',
    show: {
      setup: [],
      commands: ['docker pull alpine'],
      highlight: ['dockerd', 'registry'],
      focus: { operation: '^GET /v2/library/alpine/manifests/', from: 'dockerd', to: 'registry' },
    },
  },
  {
    id: 'who-pulls',
    topic: 'registry',
    question: 'During `docker pull`, who downloads the image: the CLI or the daemon?',
    answer:
      'The daemon. The CLI sends one `POST /images/create` and prints the progress stream; dockerd talks to the registry and hands the blobs to containerd.',
    show: {
      setup: [],
      commands: ['docker pull alpine'],
      highlight: ['client', 'dockerd', 'registry', 'containerd'],
      focus: { operation: '/blobs/sha256:', from: 'dockerd', to: 'registry' },
    },
  },
  {
    id: 'registry-token',
    topic: 'registry',
    question: 'Why does the first request to Docker Hub get a 401, even for a public image?',
    answer:
      'Docker Hub wants a Bearer token on every request. The 401 says where to get one; dockerd asks auth.docker.io for a token with scope `repository:library/alpine:pull` and repeats the request with it.',
    show: {
      setup: [],
      commands: ['docker pull alpine'],
      highlight: ['dockerd', 'registry', 'auth'],
      focus: { operation: '^GET /token', from: 'dockerd', to: 'auth' },
    },
  },
  {
    id: 'manifest-index',
    topic: 'registry',
    question: 'What are an image index and an image manifest?',
    answer:
      'The index lists one manifest per platform; dockerd picks the one for its own (linux/amd64). The manifest lists the image config and the layers, each by digest and size.',
    show: {
      setup: [],
      commands: ['docker pull alpine'],
      highlight: ['dockerd', 'registry'],
      focus: { operation: '/manifests/sha256:', from: 'dockerd', to: 'registry' },
    },
  },
  {
    id: 'digest',
    topic: 'registry',
    question: 'What is a digest, and how is it different from a tag?',
    answer:
      'A digest is the sha256 of a piece of content, so it names those exact bytes and can be verified. A tag like `latest` is a movable name: the manifest `HEAD` request resolves it to the digest it points at today.',
    show: {
      setup: [],
      commands: ['docker pull alpine'],
      highlight: ['dockerd', 'registry'],
      focus: {
        operation: '^HEAD /v2/library/alpine/manifests/latest$',
        from: 'registry',
        status: 200,
      },
    },
  },
  {
    id: 'already-exists',
    topic: 'registry',
    question: 'Why does a second pull not download the layers it shares with an image you have?',
    answer:
      'Layers are named by their digest, and with the containerd image store (this host) containerd’s unpacker finds a shared layer already unpacked, a snapshot keyed by its chain ID, so it is neither downloaded nor listed: httpd shares nginx’s Debian base. `Already exists` appears only for a layer whose blob is there but not unpacked on that stack. The classic overlay2 store, Engine 28’s default, prints `Already exists` for every layer it has.',
    show: {
      setup: ['docker pull nginx'],
      commands: ['docker pull httpd'],
      highlight: ['dockerd', 'containerd', 'registry'],
      focus: { operation: 'Snapshots/Stat', from: 'containerd', status: 'OK' },
    },
  },
  {
    id: 'up-to-date',
    topic: 'registry',
    question: 'What happens when you pull an image you already have?',
    answer:
      'dockerd still asks the registry what the tag points at, since tags move. If the digest is the one it has, nothing is downloaded: `Image is up to date`.',
    show: {
      setup: PULLED_ALPINE,
      commands: ['docker pull alpine'],
      highlight: ['dockerd', 'registry'],
      focus: { operation: '^HEAD /v2/library/alpine/manifests/latest$', from: 'dockerd' },
    },
  },
  {
    id: 'pull-denied',
    topic: 'registry',
    question: 'What does `pull access denied … may require docker login` mean?',
    answer:
      'The token service gave a token that allows nothing on that repository, and the registry answered 401. A registry does not reveal whether a private repository exists, so a missing one and a forbidden one look the same. (DockScope shows it with `nosuch`: one-word names live in `library/`, which holds only the official images, so `library/nosuch` does not exist.)',
    show: {
      setup: [],
      commands: ['docker pull nosuch'],
      highlight: ['dockerd', 'registry', 'auth'],
      focus: { operation: '/images/create', from: 'dockerd', to: 'client', status: 404 },
    },
  },
  {
    id: 'image-vs-container',
    topic: 'objects',
    question: 'What is the difference between an image and a container?',
    answer:
      'An image is a read-only template: layers plus a config, like a program on disk. A container is one run of it: the image’s layers plus its own writable layer, and an isolated process.',
    show: {
      setup: PULLED_ALPINE,
      commands: ['docker run alpine echo hello'],
      highlight: ['dockerd', 'containerd', 'container'],
      focus: { operation: 'Snapshots/Prepare', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'writable-layer',
    topic: 'objects',
    question: 'Where do a container’s file changes go?',
    answer:
      'Into its own writable snapshot, prepared on top of the image’s read-only layers when the container is created and merged with them by overlayfs. The image never changes; `docker rm` deletes the writable layer.',
    show: {
      setup: PULLED_ALPINE,
      commands: ['docker create --name box alpine echo hello', 'docker rm box'],
      highlight: ['dockerd', 'containerd'],
      focus: { operation: 'Snapshots/Remove', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'layers-snapshots',
    topic: 'objects',
    question: 'What are image layers, and what does containerd do with them?',
    answer:
      'Each layer is a gzipped tar of file changes. With the containerd image store (this host), containerd keeps the blob in its content store and unpacks it into an overlayfs snapshot on top of the previous layer (`Diff/Apply`), then commits it read-only. (The overlay2 graph driver, Engine 28’s default, unpacks layers into /var/lib/docker/overlay2 instead.)',
    show: {
      setup: [],
      commands: ['docker pull alpine'],
      highlight: ['dockerd', 'containerd'],
      focus: { operation: 'Diff/Apply', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'image-store',
    topic: 'objects',
    question: 'Where does Docker keep images?',
    answer:
      'With the containerd image store (this host), in containerd: blobs in its content store, unpacked layers in the overlayfs snapshotter, and the name recorded with `Images/Create`, all in the `moby` namespace. Engine 28 uses that store only when daemon.json sets `"features": {"containerd-snapshotter": true}`, and Engine 29.0 made it the default for fresh installs; hosts upgraded from earlier versions keep the overlay2 graph driver, where dockerd keeps the layers itself under /var/lib/docker/overlay2. `docker info` tells which: `Storage Driver: overlayfs` (driver-type io.containerd.snapshotter.v1) or `Storage Driver: overlay2`.',
    show: {
      setup: [],
      commands: ['docker pull alpine'],
      highlight: ['dockerd', 'containerd'],
      focus: { operation: 'Images/Create', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'rmi-in-use',
    topic: 'objects',
    question: 'Why can’t you remove an image that a stopped container was made from?',
    answer:
      'The container’s filesystem is built on the image’s layers, so dockerd refuses with 409 Conflict until the container is removed (or you force it).',
    show: {
      setup: [...PULLED_ALPINE, 'docker run alpine echo hello'],
      commands: ['docker rmi alpine'],
      highlight: ['client', 'dockerd'],
      focus: {
        operation: '^DELETE /v[0-9.]+/images/alpine$',
        from: 'dockerd',
        to: 'client',
        status: 409,
      },
    },
  },
  {
    id: 'inspect-format',
    topic: 'rest-api',
    question: 'Where does `docker inspect` get its JSON, and who runs `--format`?',
    answer:
      'dockerd answers `GET /containers/{id}/json` from the record it keeps, and the CLI prints that JSON. A `--format` such as `{{.State.Status}}` is a Go template the CLI runs on its own side: it sends no other request.',
    show: {
      setup: ['docker run -d --name web nginx'],
      commands: ["docker inspect -f '{{.State.Status}} {{.NetworkSettings.IPAddress}}' web"],
      highlight: ['client', 'dockerd'],
      focus: { operation: '^GET /v[0-9.]+/containers/web/json', from: 'client' },
    },
  },
  {
    id: 'inspect-any-kind',
    topic: 'objects',
    question: 'How does `docker inspect NAME` find out what kind of object NAME is?',
    answer:
      'It asks in turn: container, image, network, volume, going on after each 404; then it asks `/info` whether this daemon is a swarm manager: only a manager is asked for services, tasks and nodes. Then plugins (and, on a manager, secrets and configs). Only when every kind said no does it print `Error: No such object`.',
    show: {
      setup: [],
      commands: ['docker inspect nosuch'],
      highlight: ['client', 'dockerd'],
      focus: { operation: '^GET /v[0-9.]+/plugins/nosuch/json', from: 'client' },
    },
  },
  {
    id: 'rename-keeps-container',
    topic: 'lifecycle',
    question: 'Does `docker rename` recreate or restart the container?',
    answer:
      'No. dockerd changes the name in its container record and its name index, and the DNS names of its network endpoints; the ID, the running process and the writable layer stay as they were. A name another container holds is refused with a 409 Conflict.',
    show: {
      setup: ['docker run -d --name web nginx'],
      commands: ['docker rename web front', 'docker ps'],
      highlight: ['client', 'dockerd'],
      focus: { operation: '^POST /v[0-9.]+/containers/web/rename', from: 'client' },
    },
  },
  {
    id: 'container-prune',
    topic: 'lifecycle',
    question: 'What does `docker container prune` remove?',
    answer:
      'Every container that is not running (created, exited or dead), each with its writable layer. The CLI asks for confirmation unless `-f` is given, then sends one `POST /containers/prune`; dockerd removes them and answers with their IDs and the space reclaimed.',
    show: {
      setup: ['docker run --name once alpine echo hi'],
      commands: ['docker container prune -f'],
      highlight: ['client', 'dockerd', 'containerd'],
      focus: { operation: '^POST /v[0-9.]+/containers/prune', from: 'client' },
    },
  },
];
