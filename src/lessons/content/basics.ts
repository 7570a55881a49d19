/**
 * First lessons: who talks to whom (client and daemon over a REST API), what
 * an image is compared to a container, and what a registry does in a pull.
 * Facts follow ../shared/reference/docker-internals.md §0–2 and what the
 * engine prints (`npm run --silent sim -- "docker …"`).
 */
import type { Lesson } from '../types';

export const clientDaemon: Lesson = {
  id: 'client-daemon',
  title: 'The client and the daemon',
  summary: 'The docker command is only a client: it sends HTTP requests to dockerd.',
  intro:
    'When you type a docker command, the program you run (the client) does almost nothing itself. It sends an HTTP request over the unix socket /var/run/docker.sock to dockerd, the daemon, and prints the answer. Watch the arrows between client and dockerd in the diagram.',
  setup: [],
  steps: [
    {
      id: 'version',
      task: 'Ask both sides for their version with `docker version`.',
      commands: ['docker version'],
      goal: {
        message: { from: 'client', to: 'dockerd', operation: '^GET /v[0-9.]+/version$' },
        since: 'step',
        label: 'the client asks dockerd for its version (GET /version)',
      },
      hints: [
        'The command is `docker version`, with no other words.',
        'The Client block comes from the CLI itself; the Server block had to be asked for.',
      ],
      solution: ['docker version'],
      explain:
        'Two programs answered. The Client block is the CLI describing itself. For the Server block it sent `GET /v1.50/version` to dockerd, which asked containerd for its version (a gRPC call) and ran `runc --version` before answering. Every arrow out of the client in the diagram is one HTTP request.',
    },
    {
      id: 'ping',
      task: 'List the running containers with `docker ps`, then look at the first two messages in the timeline.',
      commands: ['docker ps'],
      goal: {
        all: [
          { message: { from: 'client', to: 'dockerd', operation: '^HEAD /_ping$' }, since: 'step' },
          {
            message: { from: 'client', to: 'dockerd', operation: '^GET /v[0-9.]+/containers/json' },
            since: 'step',
          },
        ],
        label: 'the client pings dockerd, then asks for the container list',
      },
      hints: ['`docker ps` or `docker ps -a` will do.'],
      solution: ['docker ps'],
      explain:
        'A command that needs dockerd starts with `HEAD /_ping`: the answer tells the CLI which API version dockerd speaks, so later paths start with `/v1.50/`. Then `GET /v1.50/containers/json` asked for the list. dockerd answered from its own memory: containerd was not asked, so no arrow goes further right.',
    },
    {
      id: 'images',
      task: 'Ask the daemon which images it holds: `docker images`.',
      commands: ['docker images'],
      goal: {
        message: { from: 'client', to: 'dockerd', operation: '^GET /v[0-9.]+/images/json' },
        since: 'step',
        label: 'the client asks dockerd for the image list (GET /images/json)',
      },
      hints: ['`docker images` (or `docker image ls`) lists images.'],
      solution: ['docker images'],
      explain:
        'Another REST call: `GET /v1.50/images/json`. The answer is JSON; the table you see is the CLI formatting it. The CLI never reads image files itself: it only knows what the daemon tells it.',
    },
    {
      id: 'error',
      task: 'Stop a container that does not exist: `docker stop nothing`. Errors come over the same API.',
      commands: ['docker stop nothing'],
      goal: {
        all: [
          { message: { from: 'dockerd', to: 'client', status: 404 }, since: 'step' },
          { exitCode: 1, since: 'step' },
        ],
        label: 'dockerd answers 404 and the command exits with 1',
      },
      hints: ['Any name that is not a container works: `docker stop nothing`.'],
      solution: ['docker stop nothing'],
      explain:
        'dockerd answered the `POST /v1.50/containers/nothing/stop` request with HTTP status 404 and a JSON body `{"message":"No such container: nothing"}`. The CLI printed it after `Error response from daemon:` and exited with code 1. Select the red answer in the timeline to see the status.',
    },
  ],
};

export const imagesContainers: Lesson = {
  id: 'images-containers',
  title: 'Images and containers',
  summary: 'An image is a program on disk; a container is one run of it.',
  intro:
    'An image is a read-only template: a stack of filesystem layers plus a config that says which program to start. A container is what you get when you run it: the image layers, a thin writable layer of its own, and an isolated process. One image can give many containers.',
  setup: [],
  steps: [
    {
      id: 'pull',
      task: 'Fetch the small alpine image: `docker pull alpine`.',
      commands: ['docker pull alpine'],
      goal: { image: 'alpine', present: true },
      hints: ['`docker pull alpine` downloads it from Docker Hub.'],
      solution: ['docker pull alpine'],
      explain:
        'The image is now in containerd’s content store, and its layer is unpacked into a snapshot: this host uses the containerd image store (opt-in on Engine 28, the default for fresh installs since Engine 29.0; hosts upgraded from older versions keep the overlay2 graph driver). Nothing runs: an image is files and metadata, like a program on disk. `docker images` would list it.',
    },
    {
      id: 'run',
      task: 'Run a container from it that prints a word and ends: `docker run alpine echo hello`.',
      commands: ['docker run alpine echo hello'],
      goal: { container: { image: 'alpine', state: 'exited', exitCode: 0 } },
      hints: [
        'The words after the image name are the command the container runs.',
        'Try `docker run alpine echo hello`.',
      ],
      solution: ['docker run alpine echo hello'],
      explain:
        'dockerd created a container (its own writable layer on top of the image: `Snapshots/Prepare`), and runc started `echo` in new namespaces. echo printed `hello` and exited with 0, so the container is now exited, but it still exists: `docker ps -a` shows it. A process ended; the image did not change.',
    },
    {
      id: 'again',
      task: 'Run the same image again. Do you get the same container or a new one?',
      commands: ['docker run alpine echo hello', 'docker ps -a'],
      goal: {
        all: [{ container: { image: 'alpine' }, count: { min: 2 } }, { images: { max: 1 } }],
        label: 'two containers from alpine, still one image',
      },
      hints: ['Run `docker run alpine echo hello` once more, then `docker ps -a`.'],
      solution: ['docker run alpine echo hello'],
      explain:
        'A second container, with its own ID, name and writable layer, from the one image. The image was not pulled again (no arrow to the registry): it was already local. Images are shared; containers are per run.',
    },
    {
      id: 'in-use',
      task: 'Try to delete the image while containers still use it: `docker rmi alpine`.',
      commands: ['docker rmi alpine'],
      goal: {
        all: [
          { output: 'conflict: unable to delete', since: 'step' },
          { image: 'alpine', present: true },
        ],
        label: 'dockerd refuses to delete alpine: containers still use it',
      },
      hints: ['`docker rmi alpine` asks dockerd to delete the image.'],
      solution: ['docker rmi alpine'],
      explain:
        'dockerd refused with 409 Conflict: the exited containers still refer to the image (their filesystems are built on its layers). Remove the containers first, or force it.',
    },
  ],
};

export const registryPull: Lesson = {
  id: 'registry-pull',
  title: 'What a registry does: a pull, step by step',
  summary: 'A token, a manifest, layers by digest, and why a layer you have is not fetched again.',
  intro:
    'A registry (Docker Hub here) stores images as content-addressed pieces: manifests that list a config and layers, each named by its sha256 digest. A pull is dockerd asking for those pieces over HTTP, after getting a token from auth.docker.io. The client only sees progress lines. This host uses the containerd image store (opt-in on Engine 28, the default for fresh installs since Engine 29.0): the pieces go into containerd’s content store and snapshotter. Hosts on the classic overlay2 store pull differently in the details noted below.',
  setup: [],
  steps: [
    {
      id: 'first-pull',
      task: 'Pull nginx: `docker pull nginx`. Then follow the arrows between dockerd, auth and registry.',
      commands: ['docker pull nginx'],
      goal: { image: 'nginx', present: true },
      hints: ['`docker pull nginx` (the tag defaults to latest).'],
      solution: ['docker pull nginx'],
      explain:
        'dockerd first took a lease from containerd, so nothing the pull writes can be garbage-collected half-way. It asked the registry `HEAD /v2/library/nginx/manifests/latest` and got 401, fetched a pull token from auth.docker.io, asked again and learned the digest. Then it fetched the index (one manifest per platform), the linux/amd64 manifest and the config, and then all the layers at once, writing every blob into containerd’s content store while containerd unpacked the layers into snapshots, one on top of the other. (With the classic overlay2 store, Engine 28’s default, at most three layers download at a time and each says `Verifying Checksum`.) The client (CLI) never talked to the registry.',
    },
    {
      id: 'up-to-date',
      task: 'Pull nginx again. What is downloaded this time?',
      commands: ['docker pull nginx'],
      goal: {
        output: 'Status: Image is up to date for nginx:latest',
        since: 'step',
        label: 'a pull of nginx reports "Image is up to date"',
      },
      hints: ['Run exactly the same `docker pull nginx`.'],
      solution: ['docker pull nginx'],
      explain:
        'dockerd still asked the registry what `latest` points at (the manifest HEAD), because a tag can move. The digest was the one it already had, so no layer was fetched: `Image is up to date`.',
    },
    {
      id: 'already-exists',
      task: 'Pull another image built on the same base: `docker pull httpd`. Count its layers in the output, and find the snapshot containerd already had.',
      commands: ['docker pull httpd'],
      goal: {
        all: [
          { image: 'httpd', present: true },
          {
            message: {
              from: 'containerd',
              to: 'dockerd',
              operation: 'Snapshots/Stat',
              status: 'OK',
            },
            since: 'step',
          },
        ],
        label: 'httpd is pulled, and containerd already has the snapshot of its first layer',
      },
      hints: ['httpd and nginx both start from the same Debian layer.'],
      solution: ['docker pull httpd'],
      explain:
        'Layers are named by their digest, so the same layer is the same blob whichever image lists it. httpd’s first layer is nginx’s Debian base: containerd already had it unpacked (`Snapshots/Prepare` for its chain ID answered AlreadyExists, `Snapshots/Stat` OK), so it was neither downloaded nor even listed; only httpd’s own layers appear, and only they crossed the network. With the containerd image store, `Already exists` shows only for a layer whose blob is there but not unpacked on that stack; the classic overlay2 store prints `Already exists` for every layer it has.',
    },
    {
      id: 'denied',
      task: 'Pull an image that does not exist: `docker pull nosuch`.',
      commands: ['docker pull nosuch'],
      goal: {
        all: [
          { output: 'pull access denied for nosuch', since: 'step' },
          { exitCode: 1, since: 'step' },
        ],
        label: 'a pull fails with "pull access denied" and exit code 1',
      },
      hints: [
        'A one-word name means `library/<name>`, which holds only the Docker Official Images: any other word will do.',
      ],
      solution: ['docker pull nosuch'],
      explain:
        'auth.docker.io handed out a token that grants nothing for `library/nosuch`, and the registry answered 401 again. A registry does not say whether a private repository exists, so the message is `pull access denied … repository does not exist or may require docker login`, and the CLI exits 1. DockScope models this case for one-word names only: `library/` holds nothing but the official images, whose list it knows. For a name like `someone/app` it cannot know, so it says it does not carry the image instead.',
    },
  ],
};
