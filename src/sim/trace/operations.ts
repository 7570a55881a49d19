/**
 * The operation vocabulary: every message the engine records names one of
 * these operations (`Message.op`), and this catalogue is the one place that
 * says what each means. The narration's why-texts, the overview's step titles
 * and the diagram's notion of "image work" all read it by `op`; nothing
 * re-derives meaning from the wire form (`Message.operation`).
 *
 * An id is `<component kind>.<service>.<verb>`: the component that serves the
 * operation (the callee of a request; the sender of an event or a stream),
 * the service, the verb. `engine` is dockerd's Engine API, `runc` a command
 * line tool with no services (`runc.create`), `kernel` the system calls and
 * helper programs the kernel runs.
 *
 * Texts are checked against ../shared/reference/docker-internals.md and the
 * sources (moby 28, containerd 1.7/2.x, runc 1.2): keep them true.
 */

/** What a message concerns: only the keys that apply, omitted when none do. */
export interface Subjects {
  /** A container: its 64-hex ID, or its name or ID prefix as the CLI typed it. */
  container?: string;
  /** An image: a reference as typed (`nginx`, `alpine:3.20`) or its ID. */
  image?: string;
  /** A layer or blob: its digest, or the chain ID naming its snapshot. */
  layer?: string;
  network?: string;
  volume?: string;
  exec?: string;
}

export type SubjectKey = keyof Subjects;

/** What the overview calls a step this operation leads. */
export interface StepTitle {
  title: string;
  /**
   * dockerd's further calls that stay in a step this one leads (unpacking
   * asks Stat, Prepare, Diff/Apply and Commit for every layer: one thing at
   * the overview's scale). Checked against the catalogue's keys by a test.
   */
  absorbs?: readonly string[];
}

export interface OperationEntry {
  /** The subjects a message of this operation may carry. */
  concerns: readonly SubjectKey[];
  /** One plain line for the operation, from its subjects (call sites may say more). */
  summary: (s: Subjects) => string;
  /** Why the operation happens: for its request, and for every message of it unless `answers` says otherwise. */
  why: string;
  /** Why-texts for particular answers, by status; `*` for any other answer. */
  answers?: Readonly<Record<string, string>>;
  /**
   * The title of an overview step this operation leads: dockerd's own call into
   * the host, or a message that comes up from below (an event, output). For a
   * stream between overview components, the title of a run of its frames.
   */
  overview?: StepTitle | ((s: Subjects) => StepTitle);
  /** The title of a step led by a later message of the operation (the rest of a call, after other messages came in between). */
  resumed?: string;
}

const c = (s: Subjects): string => s.container?.slice(0, 12) ?? 'the container';
const img = (s: Subjects): string => s.image ?? 'the image';
const vol = (s: Subjects): string =>
  s.volume ? (/^[0-9a-f]{64}$/.test(s.volume) ? s.volume.slice(0, 12) : s.volume) : 'a volume';
const net = (s: Subjects): string => s.network ?? 'the network';
const layer = (s: Subjects): string =>
  s.layer?.replace(/^(sha256:)?([0-9a-f]{12}).*/, '$1$2') ?? 'a layer';

/** Unpacking a pull's layers: one step however many layers (Stat if one exists already). */
const UNPACK: StepTitle = {
  title: 'dockerd asks containerd to unpack the layers, one snapshot on top of the other',
  absorbs: [
    'containerd.snapshots.stat',
    'containerd.snapshots.prepare',
    'containerd.snapshots.commit',
    'containerd.diff.apply',
    'containerd.content.write',
  ],
};

const ANSWERS_DOCKERD = 'containerd answers dockerd';
const FINISHES_STARTING = 'containerd finishes starting the container';
const FINISHES_CREATING = 'containerd finishes creating the container’s process';
const FINISHES_CLEANUP = 'containerd finishes cleaning up the exited process';
const FINISHES_STARTING_EXEC = 'containerd finishes starting the exec’d process';
const SIGNAL_REACHES = 'the signal reaches the container';
const EXIT_COMES_UP = 'the container’s process exits and containerd tells dockerd';
const OUTPUT_TO_CLI = 'dockerd streams the container’s output to the CLI';
const HTTP_WHY =
  'HTTP: the Docker Engine API over a Unix socket (or TCP, TLS or an ssh tunnel to a remote daemon), or the registry API over HTTPS.';

export const OPERATIONS = {
  // ── The Engine API: the CLI (or the real docker CLI through `npm run daemon`) ↔ dockerd
  'engine.system.ping': {
    concerns: [],
    summary: () => 'the CLI pings dockerd to learn which API version it speaks',
    why: 'Before its first request to dockerd, the CLI asks which API version it speaks, over the connection its endpoint names (/var/run/docker.sock unless -H, DOCKER_HOST or a context names another daemon). Commands the CLI answers alone, such as docker context ls or docker ps --help, send no ping.',
  },
  'engine.system.version': {
    concerns: [],
    summary: () => 'the CLI asks dockerd for its version',
    why: 'docker version asks dockerd for its version; dockerd in turn asks containerd and runc for theirs.',
  },
  'engine.system.info': {
    concerns: [],
    summary: () => 'the CLI asks dockerd for a summary of the host',
    why: 'docker info asks dockerd for a summary of the host: containers and images, storage and cgroup drivers.',
  },
  'engine.system.auth': {
    concerns: [],
    summary: () => 'the CLI asks dockerd to check registry credentials',
    why: 'docker login does not talk to the registry itself: it sends the username and password to dockerd (POST /auth), and dockerd logs in to the registry to check them. Only when that works does the CLI store the credentials. DockScope records the password only as a mark with its length.',
    answers: {
      401: 'The registry refused the credentials: dockerd answers 401 with the registry’s reason, and the CLI stores nothing.',
    },
  },
  'engine.api.unknown': {
    concerns: [],
    summary: () => 'a request for an endpoint DockScope does not serve',
    why: 'DockScope serves only part of the Engine API: dockerd’s router finds no route for this request and answers 404 page not found, as real dockerd does for a path it does not know.',
  },
  // Reaching a daemon on another machine (-H, DOCKER_HOST, a context)
  'engine.tls.handshake': {
    concerns: [],
    summary: () => 'the CLI opens a TLS connection to dockerd',
    why: 'A tcp:// endpoint with --tlsverify (port 2376 by convention) is HTTPS: before its first request the CLI checks the daemon’s certificate against its CA and shows its own certificate, which a daemon started with --tlsverify requires. DockScope draws the handshake (hellos, certificates, keys: a few round trips) as one exchange.',
  },
  'ssh.start': {
    concerns: [],
    summary: () => 'the CLI starts ssh to reach a remote daemon',
    why: 'For an ssh:// endpoint the CLI does not speak ssh itself: it runs the ssh program with the remote command docker system dial-stdio, and sends its HTTP requests through that process’s stdin and stdout. ssh does not exit while the command runs: it is the tunnel.',
  },
  'sshd.session.exec': {
    concerns: [],
    summary: () => 'ssh asks sshd to run docker system dial-stdio',
    why: 'ssh logs in to sshd on the remote machine (port 22) and asks it to run docker system dial-stdio, with no terminal. DockScope simplifies: the learner’s key is accepted and the host key is already known, so no prompt appears.',
  },
  'dial-stdio.start': {
    concerns: [],
    summary: () => 'sshd runs docker system dial-stdio',
    why: 'docker system dial-stdio is the docker CLI of the remote machine: it connects to that machine’s /var/run/docker.sock and copies bytes between the socket and its stdin and stdout, so the CLI’s HTTP requests reach the remote dockerd.',
  },
  'engine.containers.create': {
    concerns: ['container', 'image'],
    summary: (s) => `the CLI asks dockerd to create a container from ${img(s)}`,
    why: 'Creating a container only stores its configuration. Nothing runs yet.',
    answers: {
      404: 'A 404 here means the image is not local: the CLI asks dockerd to pull it, then tries again.',
      201: 'dockerd answers with the new container’s 64-hex ID; with -d that ID is all the CLI prints.',
      '*': HTTP_WHY,
    },
  },
  'engine.containers.list': {
    concerns: [],
    summary: () => 'the CLI asks dockerd for the list of containers',
    why: 'docker ps reads the container records dockerd keeps, and no other component is asked, except with -s (size=1): then each container’s writable layer is measured, by containerd’s snapshotter with the containerd image store, by dockerd itself with overlay2.',
  },
  // ── Networks (libnetwork inside dockerd)
  'engine.networks.list': {
    concerns: [],
    summary: () => 'the CLI asks dockerd for its networks',
    why: 'docker network ls lists the networks dockerd keeps: bridge, host and none, which it creates at start, and those users created. The CLI sorts them by name.',
  },
  'engine.networks.inspect': {
    concerns: ['network'],
    summary: (s) => `the CLI reads network ${net(s)}`,
    why: 'dockerd answers with the network’s record: its driver, its subnet and gateway (IPAM), its options and the containers with an endpoint on it. docker network rm reads it first too, to warn before removing a swarm’s ingress network.',
  },
  'engine.networks.create': {
    concerns: ['network'],
    summary: (s) => `the CLI asks dockerd to create network ${net(s)}`,
    why: 'A user-defined bridge network: dockerd (libnetwork) gives it the next free subnet of its address pools, 172.18.0.0/16 first, unless --subnet names one, and the bridge driver creates a Linux bridge br-<12 hex> for it at once, with the iptables rules that let its containers out and keep other networks’ traffic apart.',
  },
  'engine.networks.delete': {
    concerns: ['network'],
    summary: (s) => `the CLI asks dockerd to remove network ${net(s)}`,
    why: 'dockerd refuses to remove bridge, host and none, and any network a container still has an endpoint on; otherwise the bridge driver deletes the network’s iptables rules and its Linux bridge.',
  },
  'engine.networks.connect': {
    concerns: ['network', 'container'],
    summary: (s) => `the CLI asks dockerd to connect ${c(s)} to network ${net(s)}`,
    why: 'Connecting adds an endpoint: for a running container, at once a new veth pair into its network namespace with an address from the network’s subnet; for a stopped one, the setting is kept for its next start.',
  },
  'engine.networks.disconnect': {
    concerns: ['network', 'container'],
    summary: (s) => `the CLI asks dockerd to disconnect ${c(s)} from network ${net(s)}`,
    why: 'Disconnecting removes the container’s endpoint on the network: its veth pair and its address there go, and other containers on that network can no longer reach it.',
  },
  'engine.networks.prune': {
    concerns: [],
    summary: () => 'the CLI asks dockerd to remove unused networks',
    why: 'docker network prune removes every user-defined network no container has an endpoint on. Only a running container holds an endpoint: a network that only stopped containers name is removed too, and their next start fails with network not found.',
  },
  'engine.containers.inspect': {
    concerns: ['container'],
    summary: (s) => `the CLI reads container ${c(s)}’s record`,
    why: 'dockerd answers from the container record it keeps: configuration, state, mounts and network settings. docker inspect prints it; docker logs and docker start -a read it first for the full ID and whether the container has a TTY, which decides how its output is framed.',
    answers: {
      404: 'No container by that name or ID prefix: docker inspect without --type goes on to look for an image, a network, a volume, then (services, tasks and nodes only on a swarm manager) a plugin of that name.',
      '*': HTTP_WHY,
    },
  },
  'engine.containers.rename': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd to rename container ${c(s)}`,
    why: 'A rename changes dockerd’s record and its name index, and the DNS names of the container’s network endpoints: the container keeps its ID, its process and its endpoints, and other containers on a user-defined network find it under the new name.',
  },
  'engine.containers.prune': {
    concerns: [],
    summary: () => 'the CLI asks dockerd to remove every stopped container',
    why: 'dockerd removes each container that is not running (created, exited or dead), with its writable layer, and answers with their IDs and the space reclaimed.',
  },

  'engine.plugins.inspect': {
    concerns: [],
    summary: () => 'the CLI asks dockerd for a plugin of that name',
    why: 'docker inspect without --type tries plugins after containers, images, networks and volumes (and, on a swarm manager only, services, tasks and nodes; secrets and configs come after): dockerd looks the name up among its managed plugins. DockScope installs none, so the answer is 404.',
  },
  'engine.swarm.inspect': {
    concerns: [],
    summary: () => 'the CLI asks dockerd for a swarm object',
    why: 'Services, tasks, nodes, secrets and configs exist only on a swarm manager; a daemon that is not one answers 503 and says so. DockScope does not simulate Swarm.',
  },
  'engine.containers.attach': {
    concerns: ['container'],
    summary: (s) => `the CLI attaches to container ${c(s)}`,
    why: 'docker run attaches before it starts the container, so not one byte of its output is lost. docker attach joins a container that already runs: its output from then on (what came before is in docker logs), and its stdin if it keeps stdin open.',
  },
  'engine.containers.wait': {
    concerns: ['container'],
    summary: (s) => `the CLI asks to be told when container ${c(s)} exits`,
    why: 'The CLI asks to be told when the container exits, to report its exit code.',
  },
  'engine.containers.start': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd to start container ${c(s)}`,
    why: 'Start turns the stored configuration into a process: dockerd hands the work to containerd.',
  },
  'engine.containers.stop': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd to stop container ${c(s)}`,
    why: 'docker stop sends the image’s stop signal (SIGTERM unless the image names another: nginx asks for SIGQUIT), waits up to 10 seconds, then sends SIGKILL.',
  },
  'engine.containers.kill': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd to signal container ${c(s)}`,
    why: 'kill sends one signal, at once: SIGKILL unless another is asked for (?signal=…). No grace period, no second signal. The CLI uses the same call to pass on a signal it caught, such as Ctrl-C as signal=INT.',
  },
  'engine.containers.restart': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd to restart container ${c(s)}`,
    why: 'Restart is a stop then a start: the same stop signal, then a new process from the same stored container.',
  },
  'engine.containers.resize': {
    concerns: ['container'],
    summary: (s) => `the CLI tells container ${c(s)} the size of the terminal`,
    why: 'With -t the container has a pseudo-terminal: the CLI tells it how many rows and columns your terminal has.',
  },
  'engine.containers.logs': {
    concerns: ['container'],
    summary: (s) => `the CLI asks for container ${c(s)}’s logs`,
    why: 'dockerd reads the container’s json-file log; with -f it keeps the answer open and sends new lines as the container writes them.',
  },
  'engine.containers.remove': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd to remove container ${c(s)}`,
    why: 'Removing a container deletes its record and its writable layer; a running one must be stopped first.',
  },
  'engine.containers.changes': {
    concerns: ['container'],
    summary: (s) => `the CLI asks which files container ${c(s)} changed`,
    why: 'docker diff lists what is in the container’s writable layer compared with the image under it: A added, C changed, D deleted. Files written into volumes and bind mounts are not in that layer, so they do not show (at most the mount point itself, if runc had to create it).',
  },
  // ── Volumes (the local driver)
  'engine.volumes.create': {
    concerns: ['volume'],
    summary: (s) => `the CLI asks dockerd to create volume ${vol(s)}`,
    why: 'A volume is storage dockerd manages apart from any container. With the local driver it is a directory, <data-root>/volumes/<name>/_data (/var/lib/docker/volumes/<name>/_data with the default --data-root). Creating a name that exists already with the same driver gives that volume back unchanged (another driver is a conflict).',
  },
  'engine.volumes.list': {
    concerns: [],
    summary: () => 'the CLI asks dockerd for the list of volumes',
    why: 'dockerd answers from its volume store: every volume with its driver, labels and mountpoint. dangling=true lists the ones no container refers to.',
  },
  'engine.volumes.inspect': {
    concerns: ['volume'],
    summary: (s) => `the CLI reads volume ${vol(s)}’s record`,
    why: 'The volume’s record: its driver, labels, options, creation time and Mountpoint, the directory on the host that containers mount.',
  },
  'engine.volumes.remove': {
    concerns: ['volume'],
    summary: (s) => `the CLI asks dockerd to remove volume ${vol(s)}`,
    why: 'Removing a volume deletes its directory and the data in it. dockerd refuses while any container, running or stopped, refers to the volume: remove the container first.',
  },
  'engine.volumes.prune': {
    concerns: [],
    summary: () => 'the CLI asks dockerd to remove unused volumes',
    why: 'Since API 1.42 (Docker 23) prune removes only anonymous volumes no container refers to; -a (the filter all=true) removes named ones too. Volumes created with driver options are never pruned.',
  },
  'engine.images.create': {
    concerns: ['image'],
    summary: (s) => `the CLI asks dockerd to pull ${img(s)}`,
    why: 'The CLI never talks to the registry: dockerd pulls on its behalf and streams progress back.',
  },
  'engine.images.list': {
    concerns: [],
    summary: () => 'the CLI asks dockerd for the list of images',
    why: 'With the containerd image store, dockerd builds the list from containerd: it asks Images/List for every image record and groups the names by the image they point at. Real dockerd then reads each config and the snapshots’ disk usage too; those calls are not drawn here.',
  },
  'engine.images.inspect': {
    concerns: ['image'],
    summary: (s) => `the CLI reads ${img(s)}’s record`,
    why: 'The CLI asks dockerd for the image’s record: its ID, its config (command, environment, exposed ports) and its layers.',
  },
  'engine.images.prune': {
    concerns: [],
    summary: () => 'the CLI asks dockerd to remove unused images',
    why: 'dockerd removes dangling images (no name left), or with -a every image no container uses, deleting the names in containerd; containerd’s garbage collector then frees the content and snapshots no other image shares.',
  },
  'engine.system.df': {
    concerns: [],
    summary: () => 'the CLI asks dockerd how much disk its objects use',
    why: 'dockerd answers with the space used by images (their content and unpacked snapshots), containers (their writable layers), local volumes and the build cache, with what uses each. The CLI works out RECLAIMABLE itself: images no container uses, the writable layers of containers that are not running, volumes no container refers to, build cache not in use.',
  },
  'engine.images.push': {
    concerns: ['image'],
    summary: (s) => `the CLI asks dockerd to push ${img(s)}`,
    why: 'The CLI never talks to the registry: it sends dockerd the image’s name and the login it holds for that registry (X-Registry-Auth: base64url JSON of the username and password, or {} with no login), and dockerd pushes on its behalf, streaming progress back. In DockScope’s trace the password is only a mark with its length.',
  },
  'engine.images.pushprogress': {
    concerns: ['image'],
    summary: (s) => `push progress for ${img(s)}`,
    why: 'Push progress arrives as JSON lines, one status per layer (Waiting, Pushing, Pushed, Layer already exists, Mounted from …), then the tag’s digest and the manifest’s size. These are the containerd image store’s statuses: the overlay2 graph driver’s push also says Preparing.',
    overview: { title: 'dockerd streams the push progress to the CLI' },
  },
  'engine.images.tag': {
    concerns: ['image'],
    summary: (s) => `the CLI asks dockerd to give ${img(s)} another name`,
    why: 'A tag is only a name: with the containerd image store dockerd creates one more containerd image record pointing at the same target, so nothing is copied and the image ID stays the same; with the overlay2 graph driver the name goes into dockerd’s own reference store. A name that pointed at another image is moved, and that image keeps a dangling name (<none>) if it has no other.',
  },
  'engine.images.remove': {
    concerns: ['image'],
    summary: (s) => `the CLI asks dockerd to remove ${img(s)}`,
    why: 'With the containerd image store an image is a set of names in containerd: rmi deletes the name (Untagged), and the image itself (Deleted) once no name is left; containerd’s garbage collector then removes the content no other image uses.',
  },
  // Streams on an Engine API answer
  'engine.images.progress': {
    concerns: ['image'],
    summary: (s) => `pull progress for ${img(s)}`,
    why: 'Pull progress arrives as JSON lines; the CLI draws them as progress bars. These statuses are the containerd image store’s: no Verifying Checksum, and Extracting counts seconds.',
    overview: { title: 'dockerd streams the pull progress to the CLI' },
  },
  'engine.containers.frame': {
    concerns: ['container'],
    summary: (s) => `a frame of container ${c(s)}’s output`,
    why: 'Without a TTY the output is multiplexed: each frame has an 8-byte header saying stdout (1) or stderr (2) and its length.',
    overview: { title: OUTPUT_TO_CLI },
  },
  'engine.containers.tty': {
    concerns: ['container'],
    summary: (s) => `container ${c(s)}’s terminal output`,
    why: 'With -t the output is raw terminal bytes: no frames, stdout and stderr arrive merged.',
    overview: { title: OUTPUT_TO_CLI },
  },
  'engine.containers.stdin': {
    concerns: ['container'],
    summary: (s) => `input for container ${c(s)}`,
    why: 'What you type goes to dockerd on the attach connection; dockerd writes it into the container’s stdin FIFO, and the shim copies it on into the process’s stdin (a pipe, or with -t the pty).',
    overview: {
      title: 'the CLI sends what you type over the attached connection to the container',
    },
  },
  'engine.containers.exited': {
    concerns: ['container'],
    summary: (s) => `container ${c(s)} exited`,
    why: 'The wait answer carries the exit code that docker run exits with.',
  },
  // docker exec: an exec instance of its own, run inside a running container
  'engine.exec.create': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd to set up a command to run in container ${c(s)}`,
    why: 'docker exec first registers an exec instance with dockerd: the command, -e, -u, -w, -t and which streams to attach. Nothing runs yet; dockerd answers with the exec’s own 64-hex ID, and refuses if the container is not running.',
  },
  'engine.exec.start': {
    concerns: ['exec'],
    summary: () => 'the CLI asks dockerd to start the exec and stream its output',
    why: 'Starting the exec is one hijacked request: dockerd answers 101 UPGRADED and the connection becomes a raw stream, the command’s output one way and what you type the other. With -d the CLI sends no upgrade: dockerd starts the process and answers at once.',
  },
  'engine.exec.resize': {
    concerns: ['exec'],
    summary: () => 'the CLI tells dockerd the size of its terminal for the exec',
    why: 'With -t the exec has a pseudo-terminal of its own, separate from the container’s: the CLI tells dockerd its rows and columns. DockScope keeps the answer at dockerd: the ResizePty call dockerd makes to containerd and the shim is not drawn.',
  },
  'engine.exec.inspect': {
    concerns: ['exec'],
    summary: () => 'the CLI reads the exec’s record',
    why: 'When the stream ends, the CLI asks for the exec’s record: its ExitCode is what docker exec exits with. The container keeps running; its own exit code is another number.',
  },
  'engine.exec.frame': {
    concerns: ['container', 'exec'],
    summary: () => 'a frame of the exec’s output',
    why: 'Without -t the exec’s output is multiplexed like a container’s: each frame has an 8-byte header saying stdout (1) or stderr (2) and its length.',
    overview: { title: 'dockerd streams the exec’s output to the CLI' },
  },
  'engine.exec.tty': {
    concerns: ['container', 'exec'],
    summary: () => 'the exec’s terminal output',
    why: 'With -t the exec’s output is raw bytes from its own pty: no frames, stdout and stderr merged.',
    overview: { title: 'dockerd streams the exec’s output to the CLI' },
  },
  'engine.exec.stdin': {
    concerns: ['container', 'exec'],
    summary: () => 'input for the exec',
    why: 'What you type goes to dockerd on the hijacked exec connection, then into the exec’s own stdin FIFO: the container’s main process never sees it.',
    overview: { title: 'the CLI sends what you type over the exec connection' },
  },

  // ── Docker Hub: the token service and the registry (dockerd is the client)
  'auth.token.get': {
    concerns: ['image'],
    summary: (s) => `dockerd asks for a pull token for ${img(s)}`,
    why: 'Docker Hub wants a bearer token even for public images; the token service grants a pull scope.',
    answers: {
      501: 'DockScope carries only some images; for others it cannot know what the real token service would grant, so the simulated one says so and the pull stops with DockScope’s note.',
    },
  },
  'auth.token.push': {
    concerns: ['image'],
    summary: (s) => `dockerd asks for a token to push ${img(s)}`,
    why: 'A push needs a token with the scope repository:<name>:pull,push (and pull on a repository a blob is mounted from). dockerd sends the login the CLI gave it, with Basic auth; Docker Hub grants push only on the namespace of that Docker ID, and to an anonymous user never. DockScope’s Docker Hub has no accounts: it takes any password for a name that can be a Docker ID.',
  },
  'auth.token.login': {
    concerns: [],
    summary: () => 'dockerd asks the token service for a token with the username and password',
    why: 'The login itself: dockerd sends the username and password to auth.docker.io with Basic auth, with account=, client_id=docker and offline_token=true and no scope. A token back means the credentials are good. DockScope’s Docker Hub has no accounts: it takes any password for a name that can be a Docker ID, and the password travels in DockScope’s trace only as a mark.',
    answers: {
      401: 'The token service refuses the credentials (“incorrect username or password”); dockerd reports the error and the CLI stores nothing.',
    },
  },
  // The first HEAD goes out without a token and the retry with one: the
  // request's text must be true for both, so only the answers name the 401.
  'registry.v2.ping': {
    concerns: ['image'],
    summary: () => 'dockerd pings the registry (GET /v2/)',
    why: 'With the overlay2 graph driver, dockerd’s own registry client (docker/distribution) first asks GET /v2/: Docker Hub answers 401 with a WWW-Authenticate header naming its token service, so the token is fetched before the first request for the repository. The containerd store’s resolver skips the ping and learns the challenge from the manifest HEAD.',
    answers: {
      'dial error':
        'Injected fault: no connection to the registry opened, so the ping fails and the pull with it: Get "https://registry-1.docker.io/v2/": and the dial error.',
    },
  },
  'registry.blobs.head': {
    concerns: ['image'],
    summary: (s) => `dockerd asks whether the registry already has a blob of ${img(s)}`,
    why: 'Before uploading a blob, containerd’s pusher asks HEAD /v2/<name>/blobs/<digest>: a 200 means the repository has it (“Layer already exists”) and no byte is sent.',
    answers: {
      401: 'No token yet, or one without the rights for this repository: the registry answers 401 with a Bearer challenge naming the scope (pull,push). dockerd fetches a token and asks again; if it still may not, it goes on to the upload, which is refused too.',
      404: 'The repository does not have the blob: it must be mounted from another repository or uploaded.',
    },
  },
  'registry.blobs.upload': {
    concerns: ['image'],
    summary: (s) => `dockerd uploads (or mounts) a blob of ${img(s)}`,
    why: 'POST /v2/<name>/blobs/uploads/ opens an upload session; the registry answers 202 with the Location to send the bytes to, and PUT <Location>?digest=sha256:… ends it with the bytes (containerd’s pusher sends a blob in one request, no PATCH chunks; the registry checks the digest of what it received). With ?mount=<digest>&from=<repository> dockerd first asks for a cross-repository mount: the image came from that repository of the same registry, so if the token may pull it, the registry links the blob into this repository (201) and no byte travels (“Mounted from …”).',
    answers: {
      201: 'Mounted (an answer to the POST with ?mount=): the registry already had the blob in the other repository and linked it into this one. Or, to the PUT: the bytes are stored under their digest.',
      202: 'An upload session is open: its Location is where the bytes go.',
      401: 'The token does not allow pushing to this repository (insufficient_scope). Twice refused, the push fails: “push access denied, repository does not exist or may require authorization”. On Docker Hub only the namespace’s owner may push: log in as that user, or tag the image <your Docker ID>/<name>.',
    },
  },
  'registry.manifests.put': {
    concerns: ['image'],
    summary: (s) => `dockerd puts the manifest of ${img(s)}`,
    why: 'The manifest goes last, by tag: PUT /v2/<name>/manifests/<tag>. The registry refuses one that names a blob it does not have, which is why every layer and the config were pushed first. Its digest is the one the CLI prints (“latest: digest: sha256:… size: N”).',
  },
  'registry.v2.login': {
    concerns: [],
    summary: () => 'dockerd checks a login against the registry (GET /v2/)',
    why: 'To check a login, dockerd’s registry client asks GET /v2/. Docker Hub answers 401 with a WWW-Authenticate header naming its token service; once dockerd has a token for the credentials, the same request answers 200, and the login has worked.',
    answers: {
      200: 'The registry accepts this token: the credentials are good.',
    },
  },
  'registry.manifests.head': {
    concerns: ['image'],
    summary: (s) => `dockerd resolves ${img(s)} to a digest`,
    why: 'Before downloading anything, dockerd resolves the tag: a HEAD asks for the manifest’s headers (its digest), not its body.',
    answers: {
      401: 'Without a token that allows this pull, the registry answers 401 with a WWW-Authenticate header naming the token service and the scope to ask for. dockerd fetches a token and asks again; a second 401 ends the pull with “pull access denied”.',
      501: 'DockScope carries only some tags of each image; for any other it cannot know what Docker Hub would answer, so the simulated registry says so and the pull stops with DockScope’s note.',
      // ── fault: answers an injected fault gives (core/faults.ts) ──
      'dial error':
        'Injected fault: no connection to the registry opened (its name did not resolve), so no HTTP answer came; dockerd fails the pull with the dial error.',
      503: 'Injected fault: the registry answers 503. With the containerd image store, dockerd’s registry client (containerd’s resolver, built into dockerd) retries no 5xx answer: the resolve fails at once and so does the pull. With the overlay2 graph driver, dockerd’s own client asks once more with a GET, for the error’s details, and the pull fails with “received unexpected HTTP status: 503 Service Unavailable”.',
      '*': 'The Docker-Content-Digest header resolves the tag to a digest; everything after is fetched by digest.',
    },
  },
  'registry.manifests.get': {
    concerns: ['image', 'layer'],
    summary: (s) => `dockerd fetches manifest ${layer(s)} of ${img(s)}`,
    why: 'A manifest lists the layers and config of the image; an index picks one per platform.',
    answers: {
      501: 'DockScope carries only some tags of each image; for any other it cannot know what Docker Hub would answer, so the simulated registry says so and the pull stops with DockScope’s note.',
      // ── fault: answers an injected fault gives (core/faults.ts) ──
      429: 'Injected fault: Docker Hub’s pull rate limit is used up, and a manifest GET is what counts as a pull. dockerd’s registry client (containerd’s resolver, built into dockerd with the containerd image store) sends the GET again at once, up to five more times; then the pull fails with the registry’s toomanyrequests message.',
      503: 'Injected fault: the registry answers 503. dockerd’s registry client (containerd’s resolver, built into dockerd) retries no 5xx answer, so the pull fails.',
      401: 'Injected fault: the registry does not accept the token for this repository, so the pull ends with “pull access denied”.',
      'dial error':
        'Injected fault: no connection to the registry opened (its name did not resolve), so the pull fails with the dial error.',
    },
  },
  'registry.blobs.get': {
    concerns: ['image', 'layer'],
    summary: (s) => `dockerd fetches blob ${layer(s)}`,
    why: 'Layers are blobs named by their sha256 digest: the bytes can be checked and shared between images.',
    // ── fault: answers an injected fault gives (core/faults.ts) ──
    answers: {
      503: 'Injected fault: the registry answers 503. With the containerd image store, dockerd’s registry client (containerd’s resolver, built into dockerd) retries no 5xx answer: the download fails, and the pull with it. With the overlay2 graph driver, dockerd tries the layer up to five times, waiting longer before each new try (“Retrying in 5 seconds”, then 10, 15, 20), before the pull fails with “received unexpected HTTP status: 503 Service Unavailable”.',
      401: 'Injected fault: the registry does not accept the token for this repository, so the pull ends with “pull access denied”.',
      'dial error':
        'Injected fault: no connection to the registry opened (its name did not resolve), so the download fails.',
    },
  },

  // ── dockerd → containerd, gRPC on /run/containerd/containerd.sock
  'containerd.leases.create': {
    concerns: ['image'],
    summary: () => 'dockerd takes a lease from containerd',
    why: 'A lease keeps containerd’s garbage collector away from what a pull writes until the image names it: dockerd takes it before anything else and releases it at the very end.',
    overview: {
      title: 'dockerd takes a lease from containerd so the new content is not garbage-collected',
    },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.leases.delete': {
    concerns: ['image'],
    summary: () => 'dockerd releases its lease',
    why: 'A lease keeps containerd’s garbage collector away from what a pull writes until the image names it: dockerd takes it before anything else and releases it at the very end.',
    overview: { title: 'dockerd releases the lease: the image now holds its content' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.content.write': {
    concerns: ['image', 'layer'],
    summary: (s) => `dockerd stores blob ${layer(s)} in containerd’s content store`,
    why: 'containerd’s content store keeps every blob by digest, once, whatever image uses it. It holds Docker’s images because this host uses the containerd image store (Engine 28: opt-in; 29.0: the default for fresh installs).',
    overview: { title: 'dockerd asks containerd to store the blob in its content store' },
    resumed: ANSWERS_DOCKERD,
    // ── fault: a full disk (core/faults.ts) ──
    answers: {
      Unknown:
        'Injected fault: the disk is full. Writing the blob into the content store’s ingest file fails with ENOSPC, and the pull fails with “no space left on device”.',
    },
  },
  'containerd.snapshots.stat': {
    concerns: ['image', 'layer'],
    summary: (s) => `dockerd asks whether snapshot ${layer(s)} exists`,
    why: 'Prepare answered AlreadyExists: a snapshot named by this layer’s chain ID is there. Stat confirms it, and the layer is skipped: not downloaded, not listed.',
    overview: UNPACK,
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.snapshots.prepare': {
    concerns: ['image', 'layer', 'container'],
    summary: (s) =>
      s.layer
        ? `dockerd prepares a snapshot for layer ${layer(s)}`
        : `dockerd prepares ${c(s)}’s writable layer`,
    why: 'A snapshot is an overlayfs directory stacked on its parent layer; the container gets a writable one on top. In a pull the unpacker names the layer’s chain ID as the target: AlreadyExists means that layer is unpacked already.',
    // A pull's unpacker names the layer it unpacks; outside a pull, the
    // container's own layers (the -init layer, committed, then its writable layer).
    overview: (s) =>
      s.layer
        ? UNPACK
        : {
            title:
              'dockerd asks containerd to prepare the container’s writable layer on top of the image',
            absorbs: ['containerd.snapshots.prepare', 'containerd.snapshots.commit'],
          },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.snapshots.commit': {
    concerns: ['image', 'layer', 'container'],
    summary: () => 'dockerd commits a snapshot: it becomes read-only',
    why: 'A committed snapshot is read-only, and shared by every container of the image.',
    overview: { title: 'dockerd asks containerd to make the snapshot read-only' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.snapshots.mounts': {
    concerns: ['container'],
    summary: (s) => `dockerd asks how to mount ${c(s)}’s root filesystem`,
    why: 'dockerd asks how to mount the container’s root filesystem (an overlay of all the layers), then mounts it itself.',
    overview: { title: 'dockerd asks containerd how to mount the container’s root filesystem' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.snapshots.usage': {
    concerns: ['container'],
    summary: (s) => `dockerd asks how much disk ${c(s)}’s writable layer uses`,
    why: 'For docker ps -s, inspect --size and system df, dockerd asks the snapshotter for the usage of the container’s writable snapshot: containerd walks its upperdir and adds up the blocks of every file and directory in it. What the image’s layers use (the virtual size) is added on top.',
    overview: {
      title: 'dockerd asks containerd how much disk the container’s writable layer uses',
    },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.snapshots.remove': {
    concerns: ['container', 'layer'],
    summary: () => 'dockerd removes a snapshot',
    why: 'A snapshot nobody uses any more is removed: a container’s writable layer on rm, an image’s unpacked layer on rmi.',
    overview: { title: 'dockerd asks containerd to remove a snapshot' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.diff.apply': {
    concerns: ['image', 'layer'],
    summary: (s) => `dockerd unpacks layer ${layer(s)} into its snapshot`,
    why: 'The layer tarball is unpacked into the new snapshot.',
    overview: {
      title: 'dockerd asks containerd to store the layers: unpack one into its snapshot',
    },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.images.create': {
    concerns: ['image'],
    summary: (s) => `dockerd records ${img(s)} in containerd`,
    why: 'containerd’s images service keeps one record per image name (target descriptor, labels, times) in the namespace the call’s gRPC metadata names: "moby" for a dockerd with the default --containerd-namespace.',
    overview: { title: 'dockerd asks containerd to record the image by name' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.images.update': {
    concerns: ['image'],
    summary: (s) => `dockerd points the name ${img(s)} at the pulled image`,
    why: 'containerd’s images service keeps one record per image name (target descriptor, labels, times) in the namespace the call’s gRPC metadata names: "moby" for a dockerd with the default --containerd-namespace.',
    overview: { title: 'dockerd asks containerd to point the image name at the pulled image' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.images.get': {
    concerns: ['image'],
    summary: (s) => `dockerd looks ${img(s)} up in containerd`,
    why: 'containerd’s images service keeps one record per image name (target descriptor, labels, times) in the namespace the call’s gRPC metadata names: "moby" for a dockerd with the default --containerd-namespace.',
    overview: { title: 'dockerd asks containerd about its images' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.images.list': {
    concerns: ['image'],
    summary: () => 'dockerd asks containerd for its image records',
    why: 'containerd’s images service keeps one record per image name (target descriptor, labels, times) in the namespace the call’s gRPC metadata names: "moby" for a dockerd with the default --containerd-namespace.',
    overview: { title: 'dockerd asks containerd for its image records' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.images.delete': {
    concerns: ['image'],
    summary: (s) => `dockerd deletes the name ${img(s)} in containerd`,
    why: 'containerd’s images service keeps one record per image name (target descriptor, labels, times) in the namespace the call’s gRPC metadata names: "moby" for a dockerd with the default --containerd-namespace.',
    overview: {
      title:
        'dockerd asks containerd to delete an image name; content no name reaches any more is garbage-collected',
    },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.containers.create': {
    concerns: ['container'],
    summary: (s) => `dockerd registers container ${c(s)} with containerd`,
    why: 'containerd stores the container’s metadata and OCI spec. Still no process.',
    overview: { title: 'dockerd registers the container with containerd, with its OCI spec' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.containers.delete': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd to forget container ${c(s)}`,
    why: 'containerd forgets the container; dockerd still keeps its own record until docker rm.',
    overview: { title: 'dockerd asks containerd to forget the container' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.tasks.create': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd to create ${c(s)}’s process`,
    why: 'A task is a container’s running process: containerd starts a shim to own it.',
    overview: {
      title: 'dockerd asks containerd to create the container’s process (shim, runc, namespaces)',
    },
    resumed: FINISHES_CREATING,
  },
  'containerd.tasks.start': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd to start ${c(s)}`,
    why: 'Starting the task makes the process run the image’s command.',
    overview: { title: 'dockerd asks containerd to start the container' },
    resumed: FINISHES_STARTING,
  },
  'containerd.tasks.kill': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd to signal ${c(s)}`,
    why: 'Signals travel down the chain: dockerd → containerd → shim → runc → kernel.',
    overview: { title: 'dockerd asks containerd to send a signal to the container' },
    resumed: SIGNAL_REACHES,
  },
  'containerd.tasks.delete': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd to clean up ${c(s)}’s exited process`,
    why: 'Once the process exited, its task is cleaned up: exit status collected, resources freed.',
    overview: { title: 'dockerd asks containerd to clean up the exited process' },
    resumed: FINISHES_CLEANUP,
  },
  'containerd.containers.get': {
    concerns: ['container', 'exec'],
    summary: (s) => `dockerd reads container ${c(s)}’s spec back from containerd`,
    why: 'An exec starts from the container’s own process settings: dockerd loads the container from containerd and copies its spec’s process (capabilities, AppArmor profile, rlimits), then puts the exec’s command, environment, working directory and terminal in.',
    overview: { title: 'dockerd asks containerd to run a new process in the container (exec)' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.tasks.exec': {
    concerns: ['container', 'exec'],
    summary: (s) => `dockerd asks containerd to add a process to ${c(s)}’s task`,
    why: 'Tasks.Exec registers an extra process with the running task: its exec ID, its process spec and its stdio FIFOs. containerd passes it on to the container’s shim; nothing runs until Start names the same exec ID.',
    overview: { title: 'dockerd asks containerd to run a new process in the container (exec)' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.tasks.exec-start': {
    concerns: ['container', 'exec'],
    summary: () => 'dockerd asks containerd to start the exec’d process',
    why: 'Tasks.Start with an exec ID starts that process, not the container: the shim runs runc exec, which puts the new process into the namespaces and cgroup of the container’s PID 1.',
    overview: {
      title: 'dockerd asks containerd to start the exec’d process (shim, runc exec, setns)',
    },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.tasks.delete-process': {
    concerns: ['container', 'exec'],
    summary: () => 'dockerd asks containerd to forget the exited exec process',
    why: 'The exec’s process exited: dockerd deletes it from the task (DeleteProcess with its exec ID). The container and its PID 1 are untouched.',
    overview: { title: 'dockerd asks containerd to clean up the exec’s process' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.tasks.resize-pty': {
    concerns: ['container', 'exec'],
    summary: (s) =>
      s.exec
        ? 'dockerd asks containerd to resize the exec’s terminal'
        : `dockerd asks containerd to resize ${c(s)}’s terminal`,
    why: 'The CLI told dockerd how many rows and columns your terminal has; the size travels down to the pseudo-terminal the process writes to, so full-screen programs (top, vi) fit your terminal.',
    overview: { title: 'dockerd passes the terminal size down to the container’s pty' },
    resumed: ANSWERS_DOCKERD,
  },
  'containerd.version.get': {
    concerns: [],
    summary: () => 'dockerd asks containerd for its version',
    why: 'docker version asks every daemon for its own version.',
    overview: { title: 'dockerd asks containerd for its version' },
    resumed: ANSWERS_DOCKERD,
  },
  // containerd's events, on the stream dockerd subscribed to
  'containerd.events.start': {
    concerns: ['container'],
    summary: (s) => `containerd publishes TaskStart for ${c(s)}`,
    why: 'dockerd subscribes to containerd’s events and updates the container’s state from them.',
    overview: { title: 'containerd tells dockerd the container is running' },
  },
  'containerd.events.exit': {
    concerns: ['container'],
    summary: (s) => `containerd publishes TaskExit for ${c(s)}`,
    why: 'The exit event is how dockerd learns that a container stopped, whoever stopped it.',
    overview: { title: 'containerd tells dockerd the container’s process exited' },
  },

  'containerd.events.exec-added': {
    concerns: ['container', 'exec'],
    summary: () => 'containerd publishes TaskExecAdded',
    why: 'The shim reports each exec process it registers (TaskExecAdded) and containerd publishes it on the event stream dockerd subscribed to (topics under /tasks/). moby 28 receives it and ignores it. DockScope draws containerd publishing it, without the shim’s forward before.',
    overview: { title: 'containerd tells dockerd the exec process was added' },
  },
  'containerd.events.exec-started': {
    concerns: ['container', 'exec'],
    summary: () => 'containerd publishes TaskExecStarted',
    why: 'TaskExecStarted carries the exec ID and the new process’s PID. moby 28 receives it and ignores it: dockerd has the PID from Tasks.Start’s answer. DockScope draws containerd publishing it, without the shim’s forward before.',
    overview: { title: 'containerd tells dockerd the exec’d process runs' },
  },
  'containerd.events.exec-exit': {
    concerns: ['container', 'exec'],
    summary: () => 'containerd publishes TaskExit for an exec’d process',
    why: 'TaskExit carries the exec ID as its id, beside the container’s ID: dockerd records the exec’s exit code and leaves the container running.',
    overview: { title: 'the exec’d process exits and containerd tells dockerd' },
  },

  // ── containerd → the shim (started as a program, then ttrpc)
  'shim.binary.start': {
    concerns: ['container'],
    summary: (s) => `containerd starts the shim for ${c(s)}`,
    why: 'One shim per container: it stays the process’s parent, so containerd can restart without killing containers. dockerd can too, but only with live-restore enabled; without it, dockerd stops the running containers when it shuts down.',
    resumed: FINISHES_CREATING,
  },
  'shim.task.create': {
    concerns: ['container'],
    summary: (s) => `containerd asks the shim to create ${c(s)}’s task`,
    why: 'containerd asks the shim to create the task; the shim runs runc create with the bundle containerd prepared.',
    resumed: FINISHES_CREATING,
  },
  'shim.task.start': {
    concerns: ['container'],
    summary: (s) => `containerd asks the shim to start ${c(s)}’s task`,
    why: 'containerd asks the shim to start the task; the shim runs runc start and keeps watching the process.',
    resumed: FINISHES_STARTING,
  },
  'shim.task.kill': {
    concerns: ['container'],
    summary: (s) => `containerd asks the shim to signal ${c(s)}’s task`,
    why: 'The signal goes on down: the shim runs runc kill, which asks the kernel to deliver it.',
    resumed: SIGNAL_REACHES,
  },
  'shim.task.resize-pty': {
    concerns: ['container', 'exec'],
    summary: () => 'containerd asks the shim to resize the pty',
    why: 'The shim holds the master end of the process’s pseudo-terminal (runc handed it over through the console socket), so it is the one that can set its size.',
  },
  'shim.task.delete': {
    concerns: ['container'],
    summary: (s) => `containerd asks the shim to delete ${c(s)}’s task`,
    why: 'The shim runs runc delete and reports the exit status it kept, as the process’s parent.',
    resumed: FINISHES_CLEANUP,
  },
  'shim.task.shutdown': {
    concerns: ['container'],
    summary: () => 'containerd tells the shim to exit',
    why: 'No task left: the shim has nothing to watch and exits.',
    resumed: FINISHES_CLEANUP,
  },
  'shim.task.exec': {
    concerns: ['container', 'exec'],
    summary: () => 'containerd asks the shim to add an exec process',
    why: 'The shim records the exec process (its spec and stdio); containerd-shim-runc-v2 runs nothing yet.',
    resumed: 'containerd finishes adding the exec process',
  },
  'shim.exec.start': {
    concerns: ['container', 'exec'],
    summary: () => 'containerd asks the shim to start the exec process',
    why: 'The shim runs runc exec --detach with the process spec; runc starts the process inside the container and exits, and the shim, a child subreaper, becomes the process’s parent.',
    resumed: FINISHES_STARTING_EXEC,
  },
  'shim.exec.delete': {
    concerns: ['container', 'exec'],
    summary: () => 'containerd asks the shim to delete the exec process',
    why: 'The shim forgets the exited exec process and reports its exit status. No runc runs: runc keeps no state for an exec’d process.',
    resumed: 'containerd finishes cleaning up the exec’s process',
  },
  'shim.events.exec-exit': {
    concerns: ['container', 'exec'],
    summary: () => 'the shim reports that the exec’d process exited',
    why: 'The shim reaped its child, the exec’d process, and reports it to containerd as TaskExit with the exec ID.',
    overview: { title: 'the exec’d process exits and containerd tells dockerd' },
  },
  'shim.events.exit': {
    concerns: ['container'],
    summary: (s) => `the shim reports that ${c(s)}’s process exited`,
    why: 'The shim saw the process exit and reports it; containerd turns it into a TaskExit event.',
    overview: { title: EXIT_COMES_UP },
  },

  // ── runc, run by the shim (and once by dockerd, for its version)
  'runc.create': {
    concerns: ['container'],
    summary: (s) => `the shim runs runc create for ${c(s)}`,
    why: 'runc reads config.json, builds namespaces, cgroup and root filesystem, and exits: it is a tool, not a daemon.',
    resumed: FINISHES_CREATING,
  },
  'runc.start': {
    concerns: ['container'],
    summary: (s) => `the shim runs runc start for ${c(s)}`,
    why: 'runc start lets the waiting init process exec the container’s program.',
  },
  'runc.kill': {
    concerns: ['container'],
    summary: (s) => `the shim runs runc kill for ${c(s)}`,
    why: 'runc delivers the signal to the container’s PID 1.',
    resumed: SIGNAL_REACHES,
  },
  'runc.delete': {
    concerns: ['container'],
    summary: (s) => `the shim runs runc delete for ${c(s)}`,
    why: 'runc removes what it created: the cgroup and its state directory.',
    resumed: FINISHES_CLEANUP,
  },
  'runc.exec': {
    concerns: ['container', 'exec'],
    summary: (s) => `the shim runs runc exec in ${c(s)}`,
    why: 'runc exec starts a process in a container that already runs: no new namespaces, no new root. Its runc init joins the namespaces of the container’s PID 1 with setns, runc writes the new PID into the container’s cgroup, and runc init execs the command.',
    resumed: FINISHES_STARTING_EXEC,
  },
  'runc.version': {
    concerns: [],
    summary: () => 'dockerd runs runc --version',
    why: 'dockerd reports the runtime it uses: it runs runc --version and reads the answer.',
    overview: { title: 'dockerd runs runc --version to report its version' },
  },

  // ── The kernel: what runc and dockerd ask of it
  'kernel.clone': {
    concerns: ['container'],
    summary: () => 'runc starts runc init in new namespaces',
    why: 'Namespaces give the process its own PIDs, network, mounts and hostname: this is what "container" means. A kind the spec leaves out (--pid host, --network host) stays the host’s; one with a path (--network container:web) is joined with setns instead of made. (Simplified: runc’s nsexec passes these CLONE_NEW* flags to unshare(2), then forks with clone(2) so that the new PID namespace applies to the child; DockScope draws it as one clone.)',
  },
  'kernel.pty.resize': {
    concerns: ['container', 'exec'],
    summary: () =>
      'the shim sets the terminal’s rows and columns: ioctl(TIOCSWINSZ) on the pty master',
    why: 'The kernel keeps each terminal’s rows and columns. Setting them sends SIGWINCH to the terminal’s foreground process group, so a full-screen program redraws at the new size.',
  },
  'kernel.exec.spec.write': {
    concerns: ['container', 'exec'],
    summary: () => 'the shim writes the exec’s process spec to a file',
    why: 'runc exec reads the process to start from a JSON file (--process): the shim’s runc library writes the spec containerd handed it to a temporary file and deletes it afterwards.',
    resumed: FINISHES_STARTING_EXEC,
  },
  'kernel.exec.spec.read': {
    concerns: ['container', 'exec'],
    summary: () => 'runc exec reads the process spec',
    why: 'The process spec is the exec’s: args, env, cwd, user, terminal. The rest (namespaces, cgroup, root) runc takes from the running container.',
    resumed: FINISHES_STARTING_EXEC,
  },
  'kernel.setns': {
    concerns: ['container', 'exec'],
    summary: () => 'runc init joins the container’s namespaces',
    why: 'setns(2) moves a process into an existing namespace, opened through /proc/<pid>/ns/* of the container’s PID 1: that is all exec joins. runc’s nsexec does it in stages (the PID namespace applies to the child it forks next); DockScope draws them as one message.',
    resumed: FINISHES_STARTING_EXEC,
  },
  'kernel.exec.lookup': {
    concerns: ['container', 'exec'],
    summary: () => 'runc init looks the exec’s command up inside the container',
    why: 'runc init looks the command up (Go’s exec.LookPath) in the container’s root, with the exec’s PATH, before it execs: a command the image does not have fails runc exec with "executable file not found in $PATH", and docker exec exits 127.',
    resumed: FINISHES_STARTING_EXEC,
  },
  'kernel.exec.abort': {
    concerns: ['container', 'exec'],
    summary: () => 'runc kills the runc init that could not exec',
    why: 'The exec failed inside runc init: runc kills it and reaps it, and exits 255 with the error, which the shim reports as "OCI runtime exec failed". The container and its PID 1 are untouched.',
    resumed: FINISHES_STARTING_EXEC,
  },
  'kernel.exec.execve': {
    concerns: ['container', 'exec'],
    summary: () => 'runc init replaces itself with the exec’s command',
    why: 'execve replaces runc init with the exec’s command. It keeps the PID it got in the container’s PID namespace (not 1: PID 1 is the container’s main process), and the shim becomes its parent once runc exits.',
    resumed: FINISHES_STARTING_EXEC,
  },
  'kernel.cgroup.join': {
    concerns: ['container', 'exec'],
    summary: () => 'runc puts the process in its own cgroup',
    why: 'The cgroup is where limits on memory, CPU and number of processes are enforced.',
  },
  'kernel.cgroup.remove': {
    concerns: ['container'],
    summary: () => 'runc removes the container’s cgroup',
    why: 'The cgroup is where limits on memory, CPU and number of processes are enforced.',
    resumed: FINISHES_CLEANUP,
  },
  'kernel.mount.overlay': {
    concerns: ['container'],
    summary: (s) => `dockerd mounts ${c(s)}’s root filesystem`,
    why: 'dockerd itself mounts the container’s root filesystem before it registers the container with containerd: overlayfs merges the read-only image layers with the writable layer. The spec’s root.path points at this mount.',
    overview: {
      title:
        'dockerd mounts the container’s root filesystem: an overlay of the image layers and its writable layer',
    },
  },
  'kernel.mount.unmount': {
    concerns: ['container'],
    summary: (s) => `dockerd unmounts ${c(s)}’s root filesystem`,
    why: 'The container stopped: dockerd, which mounted its root filesystem at start, unmounts it during cleanup. The writable layer stays until docker rm.',
    overview: { title: 'dockerd unmounts the container’s root filesystem' },
  },
  'kernel.files.write': {
    concerns: ['container'],
    summary: (s) => `dockerd writes ${c(s)}’s hostname, hosts and resolv.conf`,
    why: 'Before it builds the spec, dockerd writes the container’s hostname file and its network sandbox’s hosts and resolv.conf in <data-root>/containers/<id>/ (/var/lib/docker/containers/<id>/ with the default --data-root). The spec bind-mounts them over /etc: the container reads files on the host, not dockerd’s memory.',
    overview: {
      title:
        'dockerd writes the container’s hostname, hosts and resolv.conf, which the spec bind-mounts over /etc',
    },
  },
  'kernel.files.hosts': {
    concerns: ['container'],
    summary: (s) => `dockerd adds ${c(s)}’s address to its hosts file`,
    why: 'The container joined the bridge and got its address: libnetwork adds a line for it (address and hostname) to the hosts file the container sees as /etc/hosts.',
    overview: { title: 'dockerd adds the container’s address to its /etc/hosts' },
  },
  'kernel.files.unhosts': {
    concerns: ['container'],
    summary: (s) => `dockerd removes an address of ${c(s)} from its hosts file`,
    why: 'The container left a network: libnetwork deletes the line for its address there from the hosts file the container sees as /etc/hosts.',
    overview: { title: 'dockerd removes the address from the container’s /etc/hosts' },
  },
  'kernel.files.remove': {
    concerns: ['container'],
    summary: (s) => `dockerd deletes ${c(s)}’s directory`,
    why: 'docker rm deletes <data-root>/containers/<id>/ (/var/lib/docker/containers/<id>/ with the default --data-root): the container’s hostname, hosts, resolv.conf, its log and its configuration go with it.',
    overview: { title: 'dockerd deletes the container’s directory and the files in it' },
  },
  'kernel.volume.create': {
    concerns: ['volume'],
    summary: (s) => `dockerd makes volume ${vol(s)}’s directory`,
    why: 'The local volume driver makes <data-root>/volumes/<name>/ and its _data directory (/var/lib/docker/volumes/<name>/_data with the default --data-root). The volume is that directory: a container that mounts the volume sees what is in it.',
    overview: { title: 'dockerd makes the volume’s directory under /var/lib/docker/volumes' },
  },
  'kernel.volume.remove': {
    concerns: ['volume'],
    summary: (s) => `dockerd deletes volume ${vol(s)}’s directory`,
    why: 'Removing a volume deletes <data-root>/volumes/<name>/ with its _data: this is the one step that deletes what containers wrote into the volume.',
    overview: { title: 'dockerd deletes the volume’s directory and the data in it' },
  },
  'kernel.volume.bindsource': {
    concerns: ['container'],
    summary: () => 'dockerd creates a missing bind-mount source',
    why: 'With -v /host/path:/ctr, a host path that does not exist is created as an empty directory when the container starts. --mount type=bind refuses a missing source instead (bind source path does not exist).',
  },
  'kernel.layer.changes': {
    concerns: ['container'],
    summary: (s) => `dockerd walks ${c(s)}’s writable layer`,
    why: 'dockerd compares the container’s root with the image layers under it (archive.ChangesDirs): what the container wrote, changed or deleted is in its writable layer, the overlay’s upperdir. Real dockerd mounts a read-only view of the parent snapshot to compare against; DockScope draws the walk as one message.',
  },
  'kernel.layer.size': {
    concerns: ['container'],
    summary: (s) => `dockerd measures ${c(s)}’s writable layer`,
    why: 'With the overlay2 graph driver dockerd measures the layer itself: overlay2’s DiffSize is directory.Size of the layer’s diff/ directory, the sum of its files’ sizes (a hard link once), directories and whiteouts adding nothing, so a fresh container’s layer is 0B. The containerd store’s snapshotter counts whole blocks instead.',
  },
  'kernel.layer.usage': {
    concerns: ['container'],
    summary: (s) => `containerd measures ${c(s)}’s writable layer`,
    why: 'The overlayfs snapshotter’s Usage of an active snapshot is a du of its upperdir (continuity fs.DiskUsage): st_blocks × 512 for every inode, the directory itself included. A fresh container’s layer is that one directory, 4 kB.',
  },
  'kernel.bundle.write': {
    concerns: ['container'],
    summary: () => 'containerd writes the bundle’s config.json',
    why: 'containerd’s runtime v2 writes the bundle for the task, a directory with config.json (the OCI spec dockerd registered), before it starts the shim. The shim and runc get the spec from this file.',
  },
  'kernel.bundle.read': {
    concerns: ['container'],
    summary: () => 'runc reads config.json',
    why: 'runc runs in the bundle directory and reads the OCI spec from config.json: the namespaces, mounts, hostname, cgroup, capabilities and the program to run all come from this file.',
  },
  'kernel.bundle.remove': {
    concerns: ['container'],
    summary: () => 'containerd deletes the task’s bundle',
    why: 'The task is deleted: containerd removes its bundle directory, config.json included.',
  },
  'kernel.snapshot.remove': {
    concerns: ['container'],
    summary: (s) => `containerd deletes a snapshot directory of ${c(s)}`,
    why: 'The overlayfs snapshotter keeps each snapshot in a directory of its own: removing the snapshot deletes it, and with the writable layer everything the container wrote. containerd numbers these directories (snapshots/<n>); DockScope names them after the snapshot’s key, a simplification.',
  },
  // ── storage: the overlay2 graph driver, where dockerd keeps its layers itself (graphStore.ts) ──
  'kernel.overlay2.init': {
    concerns: [],
    summary: () => 'dockerd makes the overlay2 graph driver’s directories',
    why: 'With the classic image store (daemon.json "features": {"containerd-snapshotter": false}, Engine 28’s own default) dockerd keeps images and layers itself: the graph driver’s home /var/lib/docker/overlay2 (with l/ for the short links), the layer database /var/lib/docker/image/overlay2/layerdb, the image database image/overlay2/imagedb, and /var/lib/docker/tmp, where downloads are written.',
  },
  'kernel.overlay2.layer': {
    concerns: ['image', 'layer'],
    summary: (s) => `dockerd unpacks layer ${layer(s)} into /var/lib/docker/overlay2`,
    why: 'With overlay2 dockerd registers each downloaded layer in its own layer store: a random cache ID names its directory /var/lib/docker/overlay2/<cache-id>, the gzipped tar (read back from /var/lib/docker/tmp) is unpacked into its diff/, l/<short name> links to that diff, lower lists the short names of the layers below, and image/overlay2/layerdb/sha256/<chain ID>/ records cache-id, diff, size and parent. containerd is not asked: it has no content store or snapshot of this image.',
    overview: { title: 'dockerd unpacks the layer into /var/lib/docker/overlay2 itself' },
  },
  'kernel.overlay2.init-layer': {
    concerns: ['container'],
    summary: (s) => `dockerd makes ${c(s)}’s init layer`,
    why: 'docker create with overlay2: the layer store picks a random mount ID and makes <mount-id>-init on top of the image’s top layer, with the empty files and directories every container has as mount points (/etc/hosts, /etc/hostname, /etc/resolv.conf, /dev/console, /proc, /sys, /dev/pts, /dev/shm), /.dockerenv and the /etc/mtab link (written while it is mounted once). Its diff, work and lower are overlay2’s; nothing is asked of containerd.',
    overview: {
      title:
        'dockerd makes the container’s init and writable layers under /var/lib/docker/overlay2',
      absorbs: ['kernel.overlay2.rw-layer'],
    },
  },
  'kernel.overlay2.rw-layer': {
    concerns: ['container'],
    summary: (s) => `dockerd makes ${c(s)}’s writable layer`,
    why: 'The container’s read-write layer is /var/lib/docker/overlay2/<mount-id>: its lower names the init layer’s short link first, then the image’s layers; its diff/ is the upperdir the container writes into. image/overlay2/layerdb/mounts/<container ID>/ records mount-id, init-id and parent.',
  },
  'kernel.overlay2.remove': {
    concerns: ['container', 'image', 'layer'],
    summary: (s) =>
      s.container ? `dockerd deletes a layer of ${c(s)}` : `dockerd deletes layer ${layer(s)}`,
    why: 'overlay2’s Remove deletes the layer’s short link under l/ and then its directory (os.RemoveAll): for a container’s writable layer, everything the container wrote goes with it. An image layer goes only when no other image or container stands on it.',
  },
  'kernel.tmp.write': {
    concerns: ['image', 'layer'],
    summary: (s) => `dockerd writes layer ${layer(s)} into /var/lib/docker/tmp`,
    why: 'With overlay2 dockerd downloads each layer itself into a temporary file, /var/lib/docker/tmp/GetImageBlob<random> (its TMPDIR), and checks its sha256 as it copies (Verifying Checksum). The file is read back when the layer is unpacked and deleted after.',
    answers: {
      '-28':
        'Injected fault: the disk is full. The write fails with “no space left on device”; dockerd does not retry that error, and the pull ends with it.',
    },
  },
  'kernel.imagedb.write': {
    concerns: ['image'],
    summary: (s) => `dockerd records ${s.image ?? 'the image'} in its image store`,
    why: 'With overlay2 the image store is dockerd’s own: the image config is kept in image/overlay2/imagedb/content/sha256/<digest>, and the image ID is that config’s digest (not the index digest the containerd store uses); the names are in image/overlay2/repositories.json.',
  },
  'kernel.mount.bind': {
    concerns: ['container'],
    summary: () => 'runc init bind-mounts root.path onto itself',
    why: 'runc does not build the overlay: it bind-mounts the directory dockerd mounted onto itself, so the new root is a mount point that pivot_root can switch to.',
  },
  'kernel.mount.spec': {
    concerns: ['container'],
    summary: () => 'runc init mounts the spec’s filesystems',
    why: 'The spec lists the filesystems every container gets: /proc, /dev, /dev/pts, /sys, /sys/fs/cgroup, /dev/mqueue, /dev/shm, and bind mounts of /etc/resolv.conf, /etc/hostname and /etc/hosts. Then the container’s own: a volume or a -v/--mount bind is an rbind mount of a host directory (a volume’s is <data-root>/volumes/<name>/_data), a --tmpfs a tmpfs in memory. runc creates a mount point the image lacks.',
  },
  'kernel.pivot-root': {
    concerns: ['container'],
    summary: () => 'runc init switches the root filesystem',
    why: 'After pivot_root the container cannot see the host’s files.',
  },
  'kernel.lookup': {
    concerns: ['container'],
    summary: () => 'runc init looks the program up',
    why: 'runc init looks the program up (Go’s exec.LookPath) before it waits on exec.fifo, so a missing command fails runc create and no execve is tried.',
  },
  'kernel.sethostname': {
    concerns: ['container'],
    summary: () => 'runc init sets the container’s hostname',
    why: 'The UTS namespace gives the container its own hostname: Docker uses the short container ID.',
  },
  'kernel.seccomp': {
    concerns: ['container'],
    summary: () => 'runc init loads the seccomp profile',
    why: 'seccomp filters system calls: Docker’s default profile blocks the dangerous ones. A --privileged container (unless a profile is given explicitly with --security-opt seccomp=…) or a seccomp=unconfined one gets no filter, and runc skips this step.',
  },
  'kernel.capset': {
    concerns: ['container'],
    summary: () => 'runc init sets capabilities and the user',
    why: 'root inside a container is a reduced root: Docker keeps 14 of the kernel’s 41 capabilities; --cap-add and --cap-drop change the set and --privileged keeps them all. runc init also sets no_new_privs when the spec asks for it (--security-opt no-new-privileges) and switches to the spec’s user before it execs the program.',
  },
  'kernel.fifo.open': {
    concerns: ['container'],
    summary: () => 'runc opens exec.fifo',
    why: 'exec.fifo is how runc create and runc start hand over: runc init’s open for writing blocks until runc start opens the read end.',
  },
  'kernel.execve': {
    concerns: ['container'],
    summary: () => 'init replaces itself with the container’s program',
    why: 'execve replaces runc’s init with the image’s program, which keeps PID 1 in its namespace.',
  },
  'kernel.shim.exit': {
    concerns: ['container'],
    summary: () => 'the shim exits',
    why: 'containerd told the shim to shut down: with no task left, the containerd-shim-runc-v2 process exits (exit_group). Its parent is init (the start process that forked it exited at once, and containerd is no subreaper), which reaps it.',
  },
  'kernel.proc.stat': {
    concerns: ['container'],
    summary: () => 'runc checks whether the container’s init still runs',
    why: 'runc is not a daemon: nothing tells it that init exited. Before it deletes a container it reads /proc/<pid>/stat: a PID that is gone, a zombie or another process’s means the container stopped; a created container, its init still waiting on exec.fifo, is killed first; a running one is refused unless --force.',
  },
  'kernel.kill': {
    concerns: ['container'],
    summary: () => 'runc asks the kernel to deliver a signal to the container’s PID 1',
    why: 'The kernel delivers the signal. The PID 1 of a PID namespace ignores a signal it installed no handler for, except SIGKILL and SIGSTOP, which the kernel forces on it when they come from outside its namespace, as runc’s do.',
    resumed: SIGNAL_REACHES,
  },
  'kernel.pty.interrupt': {
    concerns: ['container'],
    summary: () => 'the container’s pty turns ^C into SIGINT',
    why: 'With -it the CLI’s terminal is raw: Ctrl-C reaches the container as a byte, and the container’s pty turns it into SIGINT. The program decides: sleep as PID 1 has no handler and keeps running.',
  },
  'kernel.process.exit': {
    concerns: ['container'],
    summary: () => 'the kernel tells the shim its child ended',
    why: 'The kernel tells the parent, the shim, that its child ended; wait4 says how: exited with a status, or killed by a signal (the shim reports a signal N as 128 + N).',
    overview: { title: EXIT_COMES_UP },
  },
  'kernel.exec.exit': {
    concerns: ['container', 'exec'],
    summary: () => 'the kernel tells the shim its exec’d child ended',
    why: 'The exec’d process is the shim’s child too: the kernel tells the shim (SIGCHLD) and its wait4 reads the status.',
    overview: { title: 'the exec’d process exits and containerd tells dockerd' },
  },
  // dockerd's networking
  // ── sec: a process in the container changes its network namespace's interfaces ──
  'kernel.netlink.link': {
    concerns: ['container'],
    summary: () => 'a process in the container asks the kernel for a new or removed interface',
    why: 'Creating or deleting a network interface is an rtnetlink request the kernel grants only to a caller with CAP_NET_ADMIN in that network namespace. Docker’s default capabilities leave it out, so `ip link add` fails with “Operation not permitted” unless the container has --cap-add NET_ADMIN or --privileged.',
  },
  'kernel.netlink.add': {
    concerns: ['container', 'network'],
    summary: () => 'dockerd creates a veth pair on the network’s bridge',
    why: 'A veth pair connects the container’s network namespace to its network’s bridge: docker0 for the default bridge network, br-<12 hex> for a user-defined one. One pair per network the container is on.',
    overview: { title: 'dockerd plugs the container into the network’s bridge' },
  },
  'kernel.netlink.delete': {
    concerns: ['container', 'network'],
    summary: () => 'dockerd removes the container’s veth',
    why: 'A veth pair connects the container’s network namespace to its network’s bridge (docker0, or br-<12 hex> for a user-defined network); deleting one end deletes the pair, and the address goes back to the network’s pool.',
    overview: { title: 'dockerd unplugs the container from the network' },
  },
  'kernel.bridge.add': {
    concerns: ['network'],
    summary: (s) => `dockerd creates the Linux bridge of network ${net(s)}`,
    why: 'A bridge network is a Linux bridge: a virtual switch in the host kernel. The bridge driver creates it with netlink (RTM_NEWLINK), gives it the network’s gateway address and brings it up; containers’ veth pairs plug into it.',
    overview: {
      title: 'dockerd creates the network’s Linux bridge',
      absorbs: ['kernel.iptables.network.add'],
    },
  },
  'kernel.bridge.delete': {
    concerns: ['network'],
    summary: (s) => `dockerd deletes the Linux bridge of network ${net(s)}`,
    why: 'With no endpoint left on the network, the bridge driver deletes its bridge (RTM_DELLINK).',
    overview: {
      title: 'dockerd deletes the network’s rules and its Linux bridge',
      absorbs: ['kernel.iptables.network.delete'],
    },
  },
  'kernel.iptables.network.add': {
    concerns: ['network'],
    summary: (s) => `dockerd adds iptables rules for network ${net(s)}`,
    why: 'Docker 28 programs the firewall with iptables only (--firewall-backend=nftables came in a later release). A bridge network gets a MASQUERADE rule in the nat table (its containers reach the outside with the host’s address), and filter rules in the DOCKER-FORWARD, DOCKER-CT, DOCKER-BRIDGE and DOCKER-ISOLATION-STAGE-1/2 chains that let its traffic out and drop traffic between different networks, and a rule in the DOCKER chain that drops traffic from outside the bridge to ports it did not publish. The DOCKER-USER chain, which FORWARD jumps to before Docker’s own, is left for the user’s rules: dockerd creates it but puts no network’s rules there.',
    overview: { title: 'dockerd adds the network’s iptables rules' },
  },
  'kernel.iptables.network.delete': {
    concerns: ['network'],
    summary: (s) => `dockerd removes the iptables rules of network ${net(s)}`,
    why: 'The network is being removed: the bridge driver deletes the rules it added for it (MASQUERADE, forwarding and isolation).',
    overview: { title: 'dockerd removes the network’s iptables rules' },
  },
  'kernel.packet.forward': {
    concerns: ['container', 'network'],
    summary: (s) => `a packet from ${c(s)} crosses its veth pair onto the bridge`,
    why: 'A container’s eth0 is one end of a veth pair; the other end is plugged into the network’s Linux bridge (docker0, or br-<12 hex> for a user-defined network). The bridge forwards the frame to the veth of the container that holds the address, all inside the host’s kernel: no process of Docker’s touches the packet. DockScope draws it as one hop through the kernel.',
    overview: { title: 'a packet crosses the bridge', absorbs: ['container.packet.receive'] },
  },
  'kernel.packet.dnat': {
    concerns: ['container'],
    summary: () => 'a connection to a published port is forwarded to the container',
    why: 'Here the connection goes from the host to 127.0.0.1 (localhost): with dockerd’s default userland proxy the nat table’s OUTPUT rule skips 127.0.0.0/8, so docker-proxy, listening on the host port, accepts it and opens its own connection to the container’s address and port. From another machine the DNAT rule in PREROUTING rewrites the destination instead (from the host to one of its other addresses, the OUTPUT rule does), and no proxy is involved.',
    overview: {
      title: 'the connection reaches the container through the published port',
      absorbs: ['container.packet.receive', 'kernel.packet.forward'],
    },
  },
  'kernel.nat.add': {
    concerns: ['container'],
    summary: () => 'dockerd adds a DNAT rule for a published port',
    why: '-p publishes a port: a DNAT rule sends traffic for the host port, unless it comes from the container’s own bridge (docker0 on the default network), to the container’s IP.',
    overview: {
      title:
        'dockerd adds iptables rules to publish the port (DNAT, and a filter rule to let it in)',
      absorbs: ['kernel.filter.add', 'kernel.raw.add'],
    },
  },
  'kernel.nat.delete': {
    concerns: ['container'],
    summary: () => 'dockerd removes the DNAT rule of a published port',
    why: '-p publishes a port: a DNAT rule sends traffic for the host port, unless it comes from the container’s own bridge (docker0 on the default network), to the container’s IP.',
    overview: {
      title: 'dockerd removes the port’s iptables rules',
      absorbs: ['kernel.filter.delete', 'kernel.raw.delete'],
    },
  },
  'kernel.filter.add': {
    concerns: ['container'],
    summary: () => 'dockerd lets forwarded traffic reach a published port',
    why: 'The filter table’s DOCKER chain drops what is not allowed: this rule lets traffic from outside the container’s bridge (docker0 on the default network) reach the published container port.',
    overview: {
      title:
        'dockerd adds iptables rules to publish the port (DNAT, and a filter rule to let it in)',
    },
  },
  'kernel.filter.delete': {
    concerns: ['container'],
    summary: () => 'dockerd removes the filter rule of a published port',
    why: 'The filter table’s DOCKER chain drops what is not allowed: this rule lets traffic from outside the container’s bridge (docker0 on the default network) reach the published container port.',
    overview: { title: 'dockerd removes the port’s iptables rules' },
  },
  'kernel.raw.add': {
    concerns: ['container'],
    summary: () => 'dockerd guards a port published on a loopback address',
    why: 'A port published on a 127.x.x.x address gets a raw-table rule that drops packets for it arriving on any interface but lo, so another host routing to that address through this one cannot reach it.',
    overview: {
      title:
        'dockerd adds iptables rules to publish the port (DNAT, and a filter rule to let it in)',
    },
  },
  'kernel.raw.delete': {
    concerns: ['container'],
    summary: () => 'dockerd removes the raw-table rule guarding a loopback port',
    why: 'A port published on a 127.x.x.x address gets a raw-table rule that drops packets for it arriving on any interface but lo, so another host routing to that address through this one cannot reach it.',
    overview: { title: 'dockerd removes the port’s iptables rules' },
  },
  'kernel.proxy.start': {
    concerns: ['container'],
    summary: () => 'dockerd starts docker-proxy for a published port',
    why: 'docker-proxy, a child of dockerd, takes the connections iptables does not redirect (such as from the host to 127.0.0.1, with the default userland proxy); -p 8080:80 starts one for 0.0.0.0 and one for [::].',
    overview: { title: 'dockerd starts docker-proxy for the published port' },
  },
  'kernel.proxy.stop': {
    concerns: ['container'],
    summary: () => 'dockerd stops a docker-proxy',
    why: 'docker-proxy is dockerd’s own helper, not a container: with the container’s port released, dockerd stops the proxy with SIGINT.',
    overview: { title: 'dockerd stops docker-proxy' },
  },
  // ── host: the learner's shell reads the host's own state (ps, ip, iptables, ls, cat, lsns) ──
  'kernel.proc.list': {
    concerns: [],
    summary: () => 'a program on the host lists /proc',
    why: 'ps and lsns read /proc: one directory per process, with its command line, parent, user, cgroup and namespaces. On the host every process shows, containers’ included: a container’s main process is an ordinary host process (its parent is its containerd-shim-runc-v2, not dockerd), with a host PID besides PID 1 inside its own PID namespace.',
    overview: { title: 'a program on the host reads the process table' },
  },
  'kernel.netdev.list': {
    concerns: [],
    summary: () => 'a program on the host dumps the network devices',
    why: 'ip asks the kernel over netlink for every link and address. The host sees docker0 and every br-<12 hex> bridge dockerd made, and the host end of each container’s veth pair plugged into its bridge (`master docker0`); the other end is eth0 in the container’s network namespace (`@if` names its index).',
    overview: { title: 'a program on the host reads the network devices' },
  },
  'kernel.netfilter.list': {
    concerns: [],
    summary: () => 'a program on the host lists the firewall rules',
    why: 'iptables (the nf_tables variant on current distributions) and nft read the rules from the kernel; this needs CAP_NET_ADMIN, so without sudo they fail. What they show is what dockerd wrote: the DOCKER chains, MASQUERADE for each bridge network, a DNAT rule per published port.',
    overview: { title: 'a program on the host reads the firewall rules' },
  },
  'kernel.vfs.read': {
    concerns: [],
    summary: () => 'a program on the host reads a file',
    why: 'cat reads a file through the kernel: /proc and /sys files are made by the kernel when read (a process’s cgroup and status, a cgroup’s limits), others are on disk (dockerd’s files under /var/lib/docker, which only root may open).',
    overview: { title: 'a program on the host reads a file' },
  },
  'kernel.vfs.list': {
    concerns: [],
    summary: () => 'a program on the host lists a directory',
    why: 'ls reads a directory through the kernel. dockerd keeps its state under /var/lib/docker (mode 0710, root only) and containerd its per-task bundles under /run/containerd; with the systemd cgroup driver each container has a docker-<id>.scope under /sys/fs/cgroup/system.slice, which systemd creates at runc’s request.',
    overview: { title: 'a program on the host lists a directory' },
  },
  // A registry DockScope does not model (localhost:5000, ghcr.io…): the attempt to reach it.
  'kernel.net.connect': {
    concerns: ['image'],
    summary: () => 'dockerd dials the registry',
    why: 'The registry host in the image name decides where dockerd goes: only docker.io names go to Docker Hub. DockScope models no other registry, so here this connection finds nothing; a real one may exist.',
    overview: {
      title: 'dockerd tries to connect to the registry; DockScope models none there',
      absorbs: ['kernel.net.connect'],
    },
  },
  'kernel.dns.query': {
    concerns: ['image'],
    summary: () => 'dockerd looks up the registry’s address',
    why: 'To reach a registry by name dockerd first needs its address. DockScope models no DNS beyond the host, so only Docker Hub’s names resolve here; that is a limit of the simulation, not proof the registry does not exist.',
    overview: {
      title: 'dockerd looks up the registry’s address; DockScope models no DNS beyond the host',
    },
  },

  // ── Typed input on its way down: dockerd → the stdin FIFO → the shim → the process
  'dockerd.stdin.write': {
    concerns: ['container'],
    summary: (s) => `dockerd writes input into container ${c(s)}’s stdin FIFO`,
    why: 'What you type goes to dockerd on the attach connection; dockerd writes it into the container’s stdin FIFO, and the shim copies it on to the process.',
    overview: {
      title: 'dockerd writes your input to the container’s stdin; the shim passes it on',
    },
  },
  'dockerd.exec.stdin': {
    concerns: ['container', 'exec'],
    summary: () => 'dockerd writes input into the exec’s stdin FIFO',
    why: 'Each exec has its own stdin FIFO, next to the container’s: dockerd copies what arrives on the exec connection into it, and the shim passes it on to the exec’d process.',
    overview: { title: 'dockerd writes your input to the exec’s stdin; the shim passes it on' },
  },
  'shim.stdin.copy': {
    concerns: ['container'],
    summary: (s) => `the shim copies input on to container ${c(s)}’s process`,
    why: 'The shim holds the other end of the stdin FIFO and copies what arrives to the process: into its stdin pipe, or with -t into the pty’s master.',
  },

  'container.packet.receive': {
    concerns: ['container', 'network'],
    summary: (s) => `a packet arrives in container ${c(s)}`,
    why: 'The veth pair carries the packet from the bridge into the container’s network namespace, where it arrives on the container’s eth interface; the container’s kernel stack answers it (ping) or hands it to the process listening on the port.',
  },
  'dockerd.dns.query': {
    concerns: ['container'],
    summary: (s) => `container ${c(s)} asks the embedded DNS server for a name`,
    why: 'On a user-defined network the container’s resolv.conf names 127.0.0.11: an iptables rule inside the container’s network namespace sends queries for it to a socket dockerd listens on there. dockerd answers from its own records (container names, network aliases, short IDs) for the networks the asker is on, and forwards other names to the host’s resolvers. The default bridge has no embedded DNS server: containers there cannot find each other by name (only the legacy --link writes names, into /etc/hosts).',
    overview: { title: 'the container asks dockerd’s embedded DNS server for a name' },
  },
  // ── A container's process
  'container.stdio.write': {
    concerns: ['container'],
    summary: (s) => `container ${c(s)} writes output`,
    why: 'The process writes to a pipe the shim made for it (with -t, to its pty); the shim copies that into the container’s stdout or stderr FIFO, which dockerd created and reads: DockScope draws it as one hop to dockerd. dockerd appends each line to the json-file log and forwards it to attached clients.',
    overview: { title: 'the container writes output and dockerd reads it' },
  },
  'container.exec.write': {
    concerns: ['container', 'exec'],
    summary: () => 'the exec’d process writes output',
    why: 'The exec’d process writes to pipes of its own (with -t, its own pty), which the shim copies into the exec’s FIFOs; DockScope draws it as one hop to dockerd. dockerd reads the FIFOs and sends the output to the exec connection only. It is not in the container’s log: docker logs shows the main process alone.',
    overview: { title: 'the exec’d process writes output and dockerd reads it' },
  },
  // ── fault: what injected faults add to the wire (core/faults.ts, containerd/deadShim.ts) ──
  'kernel.host.kill': {
    concerns: ['container'],
    summary: () => 'a process on the host sends a signal with kill(2)',
    why: 'kill(2) from the host shell: the kernel delivers the signal to any process on the machine, a container’s included (they are host processes in their own namespaces). Only root, or the process’s own user, may signal it: the learner’s bash without sudo gets EPERM for root’s processes.',
    overview: { title: 'a process on the host sends a signal with kill(2)' },
  },
  'kernel.shim.killed': {
    concerns: ['container'],
    summary: (s) => `the shim of container ${c(s)} died`,
    why: 'A killed shim’s sockets are closed by the kernel: containerd’s ttrpc connection to it closes. containerd then runs the shim binary once more in its delete mode, which runs runc delete --force: the container’s processes get SIGKILL, and containerd reports the task’s exit status as 137 (128 + SIGKILL).',
    overview: { title: 'the shim died: containerd cleans up after it (runc delete --force)' },
  },
  'shim.connection.closed': {
    concerns: ['container'],
    summary: (s) => `containerd’s connection to the shim of ${c(s)} closes`,
    why: 'The shim is gone, so the kernel closed its end of the ttrpc socket and containerd reads EOF. containerd does not restart a shim: it cleans up after it and reports the task exited.',
    overview: { title: 'containerd’s connection to the dead shim closes' },
  },
  'kernel.net.bind': {
    concerns: ['container'],
    summary: () => 'dockerd binds the published host port',
    why: 'dockerd binds the host port itself (and hands the socket to docker-proxy): if another process already listens there, bind(2) fails with EADDRINUSE and the container does not start.',
    overview: {
      title: 'dockerd binds the published host port itself',
      absorbs: ['kernel.net.bind'],
    },
  },
  // ── life: pause/unpause through the cgroup freezer, health probes ──
  'engine.containers.pause': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd to pause container ${c(s)}`,
    why: 'docker pause freezes every process of the container where it stands: nothing is signaled, nothing exits, memory stays as it is. dockerd passes the request down to containerd.',
  },
  'engine.containers.unpause': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd to unpause container ${c(s)}`,
    why: 'docker unpause thaws the frozen processes: they go on from where they stopped.',
  },
  'containerd.tasks.pause': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd to pause ${c(s)}’s task`,
    why: 'Pausing is a task operation: containerd passes it to the container’s shim, which runs runc pause.',
    overview: { title: 'dockerd asks containerd to pause the task' },
  },
  'containerd.tasks.resume': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd to resume ${c(s)}’s task`,
    why: 'Resuming is a task operation too: containerd passes it to the shim, which runs runc resume.',
    overview: { title: 'dockerd asks containerd to resume the task' },
  },
  'shim.task.pause': {
    concerns: ['container'],
    summary: (s) => `containerd asks the shim to pause ${c(s)}’s task`,
    why: 'The shim runs runc pause for the container.',
  },
  'shim.task.resume': {
    concerns: ['container'],
    summary: (s) => `containerd asks the shim to resume ${c(s)}’s task`,
    why: 'The shim runs runc resume for the container.',
  },
  'runc.pause': {
    concerns: ['container'],
    summary: (s) => `the shim runs runc pause for ${c(s)}`,
    why: 'runc freezes the container’s cgroup. On cgroup v2 it writes 1 into cgroup.freeze in the container’s cgroup directory, then waits until cgroup.events says frozen 1.',
  },
  'runc.resume': {
    concerns: ['container'],
    summary: (s) => `the shim runs runc resume for ${c(s)}`,
    why: 'runc thaws the cgroup: 0 into cgroup.freeze.',
  },
  'kernel.cgroup.freeze': {
    concerns: ['container'],
    summary: () => 'runc writes the container’s cgroup.freeze',
    why: 'The cgroup v2 freezer: with 1 in cgroup.freeze the kernel stops scheduling every process of the cgroup and its children, and cgroup.events then reads "frozen 1". The processes keep their memory; a thaw (0) lets them run on.',
  },
  // ── obs: docker top, docker events, docker cp ──
  'engine.containers.top': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd which processes run in ${c(s)}`,
    why: 'docker top has no view of its own inside the container: dockerd asks containerd for the task’s PIDs (the shim runs runc ps, which reads the container’s cgroup), runs the host’s ps with the options given (-ef by default) and keeps the lines of those PIDs. The PIDs are the host’s, not the container’s own (where the main process is PID 1), and a stopped container has no task to ask.',
  },
  'containerd.tasks.pids': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd for the PIDs of ${c(s)}’s task`,
    why: 'Tasks.ListPids: containerd does not track the container’s processes itself; it asks the task’s shim.',
    overview: { title: 'dockerd asks containerd which processes the container has' },
  },
  'shim.task.pids': {
    concerns: ['container'],
    summary: (s) => `containerd asks the shim for ${c(s)}’s PIDs`,
    why: 'The shim answers Task.Pids by running runc ps, and marks which of the PIDs are exec’d processes.',
  },
  'runc.ps': {
    concerns: ['container'],
    summary: (s) => `the shim runs runc ps for ${c(s)}`,
    why: 'runc ps --format json prints the PIDs of every process in the container’s cgroup: the main process, its children and exec’d processes.',
  },
  'kernel.cgroup.procs': {
    concerns: ['container'],
    summary: () => 'runc reads the container cgroup’s cgroup.procs',
    why: 'cgroup.procs lists every process in the cgroup, one PID a line. Every process the container starts lands in its cgroup, so this is the container’s process list as the host sees it.',
  },
  'kernel.ps': {
    concerns: ['container'],
    summary: () => 'dockerd runs ps on the host',
    why: 'moby runs the host’s procps ps with the docker top options and -q with the container’s PIDs (without -q if that fails), splits each line on blanks and keeps the lines whose PID column is one of the container’s.',
  },
  'engine.containers.archive.stat': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd what a path in ${c(s)} is`,
    why: 'HEAD /containers/{id}/archive answers with no body: the X-Docker-Container-Path-Stat header carries the path’s name, size, mode, mtime and link target (JSON, base64). docker cp asks it first about the destination, to know whether it is a directory.',
  },
  'engine.containers.archive.get': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd for a path of ${c(s)} as a tar stream`,
    why: 'GET /containers/{id}/archive sends the path as a tar archive, with its stat in the X-Docker-Container-Path-Stat header; the CLI unpacks it on the client’s machine. A stopped container works too: dockerd mounts its root for the copy. DockScope copies single files.',
  },
  'engine.containers.archive.put': {
    concerns: ['container'],
    summary: (s) => `the CLI sends dockerd a tar stream to unpack in ${c(s)}`,
    why: 'PUT /containers/{id}/archive?path=<dir> unpacks the tar stream into that directory of the container’s root: the files land in its writable layer (docker diff shows them) or in a volume mounted there. noOverwriteDirNonDir=true refuses to replace a directory with a file or the reverse.',
  },
  'kernel.archive.read': {
    concerns: ['container'],
    summary: () => 'dockerd reads a path in the container’s root',
    why: 'dockerd reads the file through the container’s root as the process sees it: its writable layer over the image layers, and its mounts. A stopped container’s root is mounted for the copy and unmounted after.',
  },
  'kernel.archive.extract': {
    concerns: ['container'],
    summary: () => 'dockerd writes files into the container’s root',
    why: 'What is written lands in the container’s writable layer (the overlay’s upperdir), or in the volume or bind mount that covers the path. The image layers under it never change.',
  },
  'engine.system.events': {
    concerns: [],
    summary: () => 'the CLI asks dockerd for its event stream',
    why: 'GET /events stays open: dockerd writes one JSON message a line for every action on a container, image, network or volume (create, start, die, pull, connect, mount…). With --since it first sends the matching ones from the last 256 it keeps; with --until it stops at that time, otherwise it goes on until the client goes away (Ctrl-C).',
    overview: { title: 'the CLI subscribes to dockerd’s events' },
  },
  'engine.system.event': {
    concerns: [],
    summary: () => 'dockerd sends one event',
    why: 'Each event is one JSON message on the open /events stream: Type, Action, Actor (ID and attributes such as the name, the image and the labels), scope, time and timeNano. moby 28 still fills the deprecated status and id for container and image events, and from (the image) for container events only.',
  },
  // ── res: limits, the OOM killer, docker update, docker stats ──
  'kernel.cgroup.write': {
    concerns: ['container'],
    summary: () => 'runc writes a limit into one of the container’s cgroup files',
    why: 'A cgroup v2 limit is a file under /sys/fs/cgroup: runc writes the spec’s linux.resources into memory.max, memory.swap.max, cpu.max, cpu.weight and pids.max, and the kernel enforces them.',
  },
  'kernel.cgroup.read': {
    concerns: ['container'],
    summary: () => 'a file of the container’s cgroup is read',
    why: 'The kernel keeps the cgroup’s counters and limits as files: memory.events says how often the limit was hit and how many processes the OOM killer ended; memory.current (less memory.stat’s inactive_file), cpu.stat and pids.current are what docker stats reports.',
  },
  'kernel.memory.charge': {
    concerns: ['container'],
    summary: (s) => `a process of ${c(s)} touches more memory, charged to its cgroup`,
    why: 'Every page a process touches is charged to its cgroup’s memory.current. When that would pass memory.max and nothing can be reclaimed, the kernel’s OOM killer ends a process of the cgroup with SIGKILL.',
    answers: {
      SIGKILL:
        'Out of memory: the OOM killer sent SIGKILL, which cannot be caught. The kernel counts it in memory.events (oom, oom_kill), and the chosen process dies (if it was the one faulting, it never returns from the fault).',
    },
  },
  'kernel.cgroup.events': {
    concerns: ['container'],
    summary: (s) => `memory.events of ${c(s)}’s cgroup changed`,
    why: 'containerd-shim-runc-v2 watches the cgroup’s memory.events with inotify: a new oom_kill count is how it learns of an OOM kill.',
    overview: { title: 'the kernel’s OOM killer ends the container’s process' },
  },
  'shim.events.oom': {
    concerns: ['container'],
    summary: (s) => `the shim reports an OOM kill in ${c(s)}`,
    why: 'The shim publishes a TaskOOM event (topic /tasks/oom); containerd passes it on to its subscribers.',
  },
  'containerd.events.oom': {
    concerns: ['container'],
    summary: (s) => `containerd publishes TaskOOM for ${c(s)}`,
    why: 'dockerd hears TaskOOM on its event subscription and sets State.OOMKilled; the exit event that follows carries status 137 (128 + SIGKILL). A start clears OOMKilled again.',
    overview: { title: 'containerd tells dockerd the container was OOM-killed' },
  },
  'engine.containers.update': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd to change container ${c(s)}’s limits`,
    why: 'docker update sends only the fields given; dockerd checks them, stores them, and for a running container passes them down to containerd, the shim and runc update, which rewrites the cgroup files. The process runs on.',
  },
  'containerd.tasks.update': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd to update ${c(s)}’s resources`,
    why: 'Tasks.Update carries the new linux.resources to the task’s shim.',
    overview: { title: 'dockerd asks containerd to change the container’s limits' },
  },
  'shim.task.update': {
    concerns: ['container'],
    summary: (s) => `containerd asks the shim to update ${c(s)}’s resources`,
    why: 'The shim runs runc update with the new resources as JSON on its stdin.',
  },
  'runc.update': {
    concerns: ['container'],
    summary: (s) => `the shim runs runc update for ${c(s)}`,
    why: 'runc update writes the new values into the container’s cgroup files; the kernel applies them at once, to the running process.',
  },
  'engine.containers.stats': {
    concerns: ['container'],
    summary: (s) => `the CLI asks dockerd for container ${c(s)}’s resource usage`,
    why: 'docker stats shows numbers the kernel keeps per cgroup: memory.current (the CLI subtracts memory.stat’s inactive_file, the reclaimable page cache) and memory.max for memory, cpu.stat for CPU time, pids.current for processes. dockerd asks containerd (Tasks.Metrics), containerd asks the container’s shim, and the shim reads the files. (Simplified: DockScope’s kernel charges memory only for what a program is modelled to allocate, such as tail /dev/zero, and keeps no CPU time, so an idle container reads 0B and 0.00% here where a real one uses a few MiB.)',
  },
  'engine.containers.stats.sample': {
    concerns: ['container'],
    summary: (s) => `dockerd sends one sample of ${c(s)}’s resource usage`,
    why: 'With stream=1 (docker stats without --no-stream) dockerd keeps the answer open and writes one JSON StatsResponse a second, each from a fresh Tasks.Metrics, with the previous sample’s CPU numbers as precpu_stats so the CLI can compute CPU % between the two. A stopped container’s samples are empty; the stream ends when the container is removed or the client goes away.',
    overview: { title: 'dockerd streams resource usage samples to the CLI' },
  },
  'shim.task.stats': {
    concerns: ['container'],
    summary: (s) => `containerd asks the shim for ${c(s)}’s cgroup counters`,
    why: 'The shim reads the cgroup’s files (memory.current, memory.stat, memory.max, cpu.stat, pids.current) and answers with cgroup v2 metrics.',
  },
  'containerd.tasks.metrics': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd for ${c(s)}’s cgroup counters`,
    why: 'containerd asks the task’s shim for its stats (Task.Stats); the shim reads the container’s cgroup files and containerd returns them as cgroup v2 metrics.',
    overview: { title: 'dockerd reads the container’s usage from its cgroup' },
  },
  // ── daemon: the daemons as systemd units, their restarts ──
  'systemd.units.start': {
    concerns: [],
    summary: () => 'systemctl asks systemd to start a unit',
    why: 'systemctl does not start programs itself: it asks systemd (PID 1) over D-Bus, and systemd runs the unit’s ExecStart with the unit’s dependencies first (docker.service wants containerd.service and requires docker.socket).',
    overview: { title: 'systemd starts a unit' },
  },
  'systemd.units.stop': {
    concerns: [],
    summary: () => 'systemctl asks systemd to stop a unit',
    why: 'systemd stops a service by sending its main process SIGTERM; docker.service and containerd.service have KillMode=process, so only dockerd or containerd gets it, never the shims or the containers.',
    overview: { title: 'systemd stops a unit' },
  },
  'systemd.units.restart': {
    concerns: [],
    summary: () => 'systemctl asks systemd to restart a unit',
    why: 'A restart is a stop followed by a start of the same unit: a new main process with a new PID.',
    overview: { title: 'systemd restarts a unit' },
  },
  'systemd.units.reload': {
    concerns: [],
    summary: () => 'systemctl asks systemd to reload a unit',
    why: 'docker.service’s ExecReload sends dockerd SIGHUP: dockerd reads /etc/docker/daemon.json again and applies the keys it can change while running.',
    overview: { title: 'systemd reloads a unit' },
  },
  'systemd.units.status': {
    concerns: [],
    summary: () => 'systemctl asks systemd for a unit’s state',
    why: 'systemctl status, is-active and is-enabled read the unit’s properties from systemd over D-Bus; reading needs no root.',
  },
  'systemd.journal.read': {
    concerns: [],
    summary: () => 'journalctl reads a unit’s lines from the journal',
    why: 'journald keeps what each unit’s processes write to stdout and stderr (dockerd’s and containerd’s log lines) and systemd’s own lines about the unit.',
  },
  'dockerd.process.start': {
    concerns: [],
    summary: () => 'systemd starts dockerd',
    why: 'docker.service’s ExecStart: dockerd -H fd:// takes its listening socket from systemd (docker.socket), loads /etc/docker/daemon.json, restores its containers from containerd and then tells systemd it is ready.',
    overview: { title: 'systemd starts dockerd' },
  },
  'dockerd.process.sigterm': {
    concerns: [],
    summary: () => 'systemd sends dockerd SIGTERM',
    why: 'On SIGTERM dockerd shuts down: without live-restore it stops every running container first (its stop signal, then SIGKILL after the stop timeout); with live-restore it leaves them running under their shims.',
    overview: { title: 'systemd stops dockerd' },
  },
  'dockerd.process.sighup': {
    concerns: [],
    summary: () => 'systemd sends dockerd SIGHUP',
    why: 'SIGHUP makes dockerd reload /etc/docker/daemon.json: debug, labels, live-restore and a few other keys change at once; the rest (the cgroup driver among them) need a restart.',
    overview: { title: 'dockerd reloads its configuration' },
  },
  'containerd.process.start': {
    concerns: [],
    summary: () => 'systemd starts containerd',
    why: 'containerd.service’s ExecStart. At start containerd finds the shims of the tasks that kept running (their bundles under /run/containerd) and connects to each shim’s socket again.',
    overview: { title: 'systemd starts containerd' },
  },
  'containerd.process.sigterm': {
    concerns: [],
    summary: () => 'systemd sends containerd SIGTERM',
    why: 'containerd exits; KillMode=process leaves the shims alone, and each shim keeps its container’s process and stdio, so the containers keep running.',
    overview: { title: 'systemd stops containerd' },
  },
  'containerd.tasks.get': {
    concerns: ['container'],
    summary: (s) => `dockerd asks containerd for ${c(s)}’s task`,
    why: 'At start dockerd checks every container it recorded as running against containerd: a live task is kept (live-restore) or stopped, a gone one is cleaned up.',
    overview: { title: 'dockerd restores a container from containerd' },
  },
  'containerd.events.subscribe': {
    concerns: [],
    summary: () => 'dockerd subscribes to containerd’s task events',
    why: 'dockerd learns that a task started, exited or was OOM-killed only from this subscription; after containerd restarts its client subscribes again.',
  },
  'shim.task.connect': {
    concerns: ['container'],
    summary: (s) => `containerd connects to ${c(s)}’s shim again`,
    why: 'A restarted containerd reads each task’s bundle under /run/containerd/io.containerd.runtime.v2.task/<namespace>/<id>, dials the shim’s socket named there and asks it for its PIDs (Task.Connect): the container never stopped.',
    overview: { title: 'containerd reconnects to a running shim' },
  },
  // ── end daemon ──
} as const satisfies Record<string, OperationEntry>;

/** An operation id: only the catalogue's keys type-check. */
export type Op = keyof typeof OPERATIONS;

/** The entry of `op` (undefined only for data from outside, such as an old saved trace). */
export const entryOf = (op: string): OperationEntry | undefined =>
  (OPERATIONS as Record<string, OperationEntry>)[op];

/** Subjects shared per container: a few a container, not one a message (the trace is kept in memory). */
const BY_CONTAINER = new Map<string, Subjects>();
const MAX_SHARED = 1024;

/**
 * `{ container: id }`, the same object every time for the same id: messages share it
 * (subjects are never changed once made).
 */
export function aboutContainer(id: string): Subjects {
  let s = BY_CONTAINER.get(id);
  if (!s) {
    if (BY_CONTAINER.size >= MAX_SHARED) BY_CONTAINER.clear();
    s = { container: id };
    BY_CONTAINER.set(id, s);
  }
  return s;
}

const BY_EXEC = new Map<string, Subjects>();

/** `{ container, exec }` for an exec's messages, the same object for the same exec. */
export function aboutExec(containerId: string, execId: string): Subjects {
  let s = BY_EXEC.get(execId);
  if (!s) {
    if (BY_EXEC.size >= MAX_SHARED) BY_EXEC.clear();
    s = { container: containerId, exec: execId };
    BY_EXEC.set(execId, s);
  }
  return s;
}

/** The catalogue's line for an operation and its subjects. */
export function operationSummary(op: Op, subjects: Subjects = {}): string {
  return OPERATIONS[op].summary(subjects);
}

/** Work on the host's images and their content (the overview draws it as the host's images). */
export const isImageWork = (op: string): boolean => {
  const concerns = entryOf(op)?.concerns as readonly SubjectKey[] | undefined;
  return !!concerns && (concerns.includes('image') || concerns.includes('layer'));
};
