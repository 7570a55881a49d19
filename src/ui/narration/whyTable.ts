import type { MessageKind, Protocol } from '../../sim/core/types';

/**
 * Why a message happens, in plain language: one row per kind of message.
 * The first row whose protocol, kind and operation pattern all match wins;
 * the rows at the end are per-protocol fallbacks. This is data: add rows,
 * never put texts like these in a component.
 */
export interface WhyRule {
  protocol?: Protocol;
  kind?: MessageKind;
  /** Tested against `from→to operation [status]`, e.g. `dockerd→client HEAD /_ping [200]`. */
  match?: RegExp;
  why: string;
  /** A per-protocol catch-all: a test makes sure no real message needs one. */
  fallback?: boolean;
}

export const WHY_TABLE: readonly WhyRule[] = [
  // The Engine API, client ↔ dockerd
  {
    protocol: 'http',
    match: /\/_ping/,
    why: 'Before its first request to dockerd, the CLI asks which API version it speaks, over the connection its endpoint names (/var/run/docker.sock unless -H, DOCKER_HOST or a context names another daemon). Commands the CLI answers alone, such as docker context ls or docker ps --help, send no ping.',
  },
  // Reaching another machine's daemon: TLS before HTTPS, or an ssh tunnel (docker/cli connhelper).
  {
    protocol: 'tls',
    why: 'HTTPS to a remote dockerd starts with a TLS handshake: dockerd shows its certificate, asks for the client’s when it runs with --tlsverify, and both agree on keys; the Engine API then travels encrypted on that connection.',
  },
  {
    protocol: 'exec',
    match: /^(client→ssh|ssh→client) /,
    why: 'For an ssh:// endpoint the docker CLI starts the ssh program and writes its HTTP requests to ssh’s stdin. ssh does not exit while the command runs: it is the tunnel.',
  },
  {
    protocol: 'ssh',
    why: 'ssh reaches sshd on port 22 in one encrypted connection: the server proves its host key, the user logs in with a key, and one command runs with its stdin and stdout carried inside that connection.',
  },
  {
    protocol: 'exec',
    match: /^(sshd→dial-stdio|dial-stdio→sshd) /,
    why: 'docker system dial-stdio is the remote machine’s own docker CLI: it connects to its daemon’s socket and copies bytes between it and its stdin and stdout until the connection closes.',
  },
  {
    protocol: 'http',
    match: /containers\/create/,
    kind: 'request',
    why: 'Creating a container only stores its configuration. Nothing runs yet.',
  },
  {
    protocol: 'http',
    match: /containers\/create.*\[404\]/,
    why: 'A 404 here means the image is not local: the CLI asks dockerd to pull it, then tries again.',
  },
  {
    protocol: 'http',
    match: /containers\/create.*\[201\]/,
    why: 'dockerd answers with the new container’s 64-hex ID; with -d that ID is all the CLI prints.',
  },
  {
    protocol: 'http',
    match: /client.*images\/create|dockerd→client.*images\/create/,
    why: 'The CLI never talks to the registry: dockerd pulls on its behalf and streams progress back.',
  },
  {
    protocol: 'http',
    match: /\/attach/,
    why: 'The CLI attaches before starting, so not one byte of the container output is lost.',
  },
  {
    protocol: 'http',
    match: /\/wait/,
    why: 'The CLI asks to be told when the container exits, to report its exit code.',
  },
  {
    protocol: 'http',
    match: /\/start\b/,
    why: 'Start turns the stored configuration into a process: dockerd hands the work to containerd.',
  },
  {
    protocol: 'http',
    match: /\/stop\b/,
    why: 'docker stop sends the image’s stop signal (SIGTERM unless the image names another: nginx asks for SIGQUIT), waits up to 10 seconds, then sends SIGKILL.',
  },
  {
    protocol: 'http',
    match: /\/kill\b/,
    why: 'kill sends one signal, at once: SIGKILL unless another is asked for (?signal=…). No grace period, no second signal. The CLI uses the same call to pass on a signal it caught, such as Ctrl-C as signal=INT.',
  },
  {
    protocol: 'http',
    match: /\/resize/,
    why: 'With -t the container has a pseudo-terminal: the CLI tells it the size of your window.',
  },
  {
    protocol: 'http',
    match: /\/restart\b/,
    why: 'Restart is a stop then a start: the same stop signal, then a new process from the same stored container.',
  },
  {
    protocol: 'http',
    match: /GET \S*\/containers\/[^/\s]+\/json/,
    why: 'The CLI reads the container’s record first: its full ID, and whether it has a TTY, which decides how its output is framed.',
  },
  {
    protocol: 'http',
    match: /\/logs\?/,
    why: 'dockerd reads the container’s json-file log; with -f it keeps the answer open and sends new lines as the container writes them.',
  },
  {
    protocol: 'http',
    match: /GET \S*\/version/,
    why: 'docker version asks dockerd for its version; dockerd in turn asks containerd and runc for theirs.',
  },
  {
    protocol: 'http',
    match: /GET \S*\/info/,
    why: 'docker info asks dockerd for a summary of the host: containers and images, storage and cgroup drivers.',
  },
  {
    protocol: 'http',
    match: /GET \S*\/containers\/json/,
    why: 'docker ps reads the container records dockerd keeps: no other component is asked.',
  },
  {
    protocol: 'http',
    match: /GET \S*\/images\/json/,
    why: 'With the containerd image store, dockerd builds the list from containerd: it asks Images/List for every image record and groups the names by the image they point at. Real dockerd then reads each config and the snapshots’ disk usage too; those calls are not drawn here.',
  },
  {
    protocol: 'http',
    match: /DELETE \S*\/containers\//,
    why: 'Removing a container deletes its record and its writable layer; a running one must be stopped first.',
  },
  {
    protocol: 'http',
    match: /DELETE \S*\/images\//,
    why: 'With the containerd image store an image is a set of names in containerd: rmi deletes the name (Untagged), and the image itself (Deleted) once no name is left; containerd’s garbage collector then removes the content no other image uses.',
  },
  // The registry
  {
    protocol: 'http',
    kind: 'response',
    match: /\/token.*\[501\]/,
    why: 'DockScope carries only some images; for others it cannot know what the real token service would grant, so the simulated one says so and the pull stops with DockScope’s note.',
  },
  {
    protocol: 'http',
    match: /\/token/,
    why: 'Docker Hub wants a bearer token even for public images; the token service grants a pull scope.',
  },
  // The first HEAD goes out without a token and the retry with one: the
  // request's text must be true for both, so only the answers name the 401.
  {
    protocol: 'http',
    kind: 'response',
    match: /\/v2\/.*manifests.*\[501\]/,
    why: 'DockScope carries only some tags of each image; for any other it cannot know what Docker Hub would answer, so the simulated registry says so and the pull stops with DockScope’s note.',
  },
  {
    protocol: 'http',
    kind: 'response',
    match: /HEAD \/v2\/.*manifests.*\[401\]/,
    why: 'No token yet: the registry answers 401 with a WWW-Authenticate header naming the token service and the scope to ask for.',
  },
  {
    protocol: 'http',
    kind: 'response',
    match: /HEAD \/v2\/.*manifests/,
    why: 'The Docker-Content-Digest header resolves the tag to a digest; everything after is fetched by digest.',
  },
  {
    protocol: 'http',
    match: /HEAD \/v2\/.*manifests/,
    why: 'Before downloading anything, dockerd resolves the tag: a HEAD asks for the manifest’s headers (its digest), not its body.',
  },
  {
    protocol: 'http',
    match: /GET \/v2\/.*manifests/,
    why: 'A manifest lists the layers and config of the image; an index picks one per platform.',
  },
  {
    protocol: 'http',
    match: /\/v2\/.*blobs/,
    why: 'Layers are blobs named by their sha256 digest: the bytes can be checked and shared between images.',
  },
  // dockerd → containerd
  {
    protocol: 'grpc',
    match: /Leases/,
    why: 'A lease keeps containerd’s garbage collector away from what a pull writes until the image names it: dockerd takes it before anything else and releases it at the very end.',
  },
  {
    protocol: 'grpc',
    match: /Content\//,
    why: 'containerd’s content store keeps every blob by digest, once, whatever image uses it. It holds Docker’s images because this host uses the containerd image store (Engine 28: opt-in; 29.0: the default for fresh installs).',
  },
  {
    protocol: 'grpc',
    match: /Snapshots\/Stat/,
    why: 'Prepare answered AlreadyExists: a snapshot named by this layer’s chain ID is there. Stat confirms it, and the layer is skipped: not downloaded, not listed.',
  },
  {
    protocol: 'grpc',
    match: /Snapshots\/Prepare/,
    why: 'A snapshot is an overlayfs directory stacked on its parent layer; the container gets a writable one on top. In a pull the unpacker names the layer’s chain ID as the target: AlreadyExists means that layer is unpacked already.',
  },
  {
    protocol: 'grpc',
    match: /Diff\/Apply/,
    why: 'The layer tarball is unpacked into the new snapshot.',
  },
  {
    protocol: 'grpc',
    match: /Snapshots\/Commit/,
    why: 'A committed snapshot is read-only, and shared by every container of the image.',
  },
  {
    protocol: 'grpc',
    match: /Snapshots\/Mounts/,
    why: 'dockerd asks how to mount the container’s root filesystem (an overlay of all the layers), then mounts it itself.',
  },
  {
    protocol: 'grpc',
    match: /Snapshots\/Remove/,
    why: 'A snapshot nobody uses any more is removed: a container’s writable layer on rm, an image’s unpacked layer on rmi.',
  },
  {
    protocol: 'grpc',
    match: /Images\//,
    why: 'containerd’s images service keeps one record per image name (target descriptor, labels, times) in the "moby" namespace that Docker uses.',
  },
  {
    protocol: 'grpc',
    match: /Containers\/Create/,
    why: 'containerd stores the container’s metadata and OCI spec. Still no process.',
  },
  {
    protocol: 'grpc',
    match: /Containers\/Delete/,
    why: 'containerd forgets the container; dockerd still keeps its own record until docker rm.',
  },
  {
    protocol: 'grpc',
    match: /Tasks\/Create/,
    why: 'A task is a container’s running process: containerd starts a shim to own it.',
  },
  {
    protocol: 'grpc',
    match: /Tasks\/Start/,
    why: 'Starting the task makes the process run the image’s command.',
  },
  {
    protocol: 'grpc',
    match: /Tasks\/Kill/,
    why: 'Signals travel down the chain: dockerd → containerd → shim → runc → kernel.',
  },
  {
    protocol: 'grpc',
    match: /Tasks\/Delete/,
    why: 'Once the process exited, its task is cleaned up: exit status collected, resources freed.',
  },
  {
    protocol: 'grpc',
    match: /Version/,
    why: 'docker version asks every daemon for its own version.',
  },
  // containerd → shim, shim → runc
  {
    protocol: 'exec',
    match: /containerd-shim-runc-v2 start/,
    why: 'One shim per container: it stays the process’s parent, so containerd can restart without killing containers. dockerd can too, but only with live-restore enabled; without it, dockerd stops the running containers when it shuts down.',
  },
  {
    protocol: 'ttrpc',
    match: /Task\/Create/,
    why: 'containerd asks the shim to create the task; the shim runs runc create with the bundle containerd prepared.',
  },
  {
    protocol: 'ttrpc',
    match: /Task\/Start/,
    why: 'containerd asks the shim to start the task; the shim runs runc start and keeps watching the process.',
  },
  {
    protocol: 'ttrpc',
    match: /Task\/Kill/,
    why: 'The signal goes on down: the shim runs runc kill, which asks the kernel to deliver it.',
  },
  {
    protocol: 'ttrpc',
    match: /Task\/Delete/,
    why: 'The shim runs runc delete and reports the exit status it kept, as the process’s parent.',
  },
  {
    protocol: 'ttrpc',
    match: /Events\/Forward/,
    why: 'The shim saw the process exit and reports it; containerd turns it into a TaskExit event.',
  },
  {
    protocol: 'ttrpc',
    match: /Task\/Shutdown/,
    why: 'No task left: the shim has nothing to watch and exits.',
  },
  {
    protocol: 'ttrpc',
    fallback: true,
    why: 'containerd talks to the shim with ttrpc, a lighter gRPC made for small, local processes.',
  },
  {
    protocol: 'exec',
    match: /runc create/,
    why: 'runc reads config.json, builds namespaces, cgroup and root filesystem, and exits: it is a tool, not a daemon.',
  },
  {
    protocol: 'exec',
    match: /runc start/,
    why: 'runc start lets the waiting init process exec the container’s program.',
  },
  {
    protocol: 'exec',
    match: /runc kill/,
    why: 'runc delivers the signal to the container’s PID 1.',
  },
  {
    protocol: 'exec',
    match: /runc delete/,
    why: 'runc removes what it created: the cgroup and its state directory.',
  },
  {
    protocol: 'exec',
    match: /runc --version/,
    why: 'dockerd reports the runtime it uses: it runs runc --version and reads the answer.',
  },
  {
    protocol: 'exec',
    match: /docker-proxy/,
    why: 'docker-proxy, a child of dockerd, takes the connections iptables does not redirect (such as from the host itself); -p 8080:80 starts one for 0.0.0.0 and one for [::].',
  },
  // The kernel
  {
    protocol: 'syscall',
    match: /clone/,
    why: 'Namespaces give the process its own PIDs, network, mounts and hostname: this is what "container" means.',
  },
  {
    protocol: 'syscall',
    match: /cgroup/,
    why: 'The cgroup is where limits on memory, CPU and number of processes are enforced.',
  },
  {
    protocol: 'syscall',
    match: /^(dockerd→kernel|kernel→dockerd) mount\(/,
    why: 'dockerd itself mounts the container’s root filesystem before it registers the container with containerd: overlayfs merges the read-only image layers with the writable layer. The spec’s root.path points at this mount.',
  },
  {
    protocol: 'syscall',
    match: /^(dockerd→kernel|kernel→dockerd) umount2\(/,
    why: 'The container stopped: dockerd, which mounted its root filesystem at start, unmounts it during cleanup. The writable layer stays until docker rm.',
  },
  {
    protocol: 'syscall',
    match: /^(runc→kernel|kernel→runc) mount\(.*MS_BIND/,
    why: 'runc does not build the overlay: it bind-mounts the directory dockerd mounted onto itself, so the new root is a mount point that pivot_root can switch to.',
  },
  {
    protocol: 'syscall',
    match: /^(runc→kernel|kernel→runc) mount ×/,
    why: 'The spec lists the filesystems every container gets: /proc, /dev, /dev/pts, /sys, /sys/fs/cgroup, /dev/mqueue, /dev/shm, and bind mounts of /etc/resolv.conf, /etc/hostname and /etc/hosts.',
  },
  {
    protocol: 'syscall',
    match: /pivot_root/,
    why: 'After pivot_root the container cannot see the host’s files.',
  },
  {
    protocol: 'syscall',
    match: /^(runc→kernel|kernel→runc) stat\(/,
    why: 'runc init looks the program up (Go’s exec.LookPath) before it waits on exec.fifo, so a missing command fails runc create and no execve is tried.',
  },
  {
    protocol: 'syscall',
    match: /SIGINT \(pty/,
    why: 'With -it the CLI’s terminal is raw: Ctrl-C reaches the container as a byte, and the container’s pty turns it into SIGINT. The program decides: sleep as PID 1 has no handler and keeps running.',
  },
  {
    protocol: 'syscall',
    match: /sethostname/,
    why: 'The UTS namespace gives the container its own hostname: Docker uses the short container ID.',
  },
  {
    protocol: 'syscall',
    match: /seccomp/,
    why: 'seccomp filters system calls: Docker’s default profile blocks the dangerous ones.',
  },
  {
    protocol: 'syscall',
    match: /capset/,
    why: 'root inside a container is a reduced root: most capabilities are dropped.',
  },
  {
    protocol: 'syscall',
    match: /exec\.fifo/,
    why: 'exec.fifo is how runc create and runc start hand over: runc init’s open for writing blocks until runc start opens the read end.',
  },
  {
    protocol: 'syscall',
    match: /execve/,
    why: 'execve replaces runc’s init with the image’s program, which keeps PID 1 in its namespace.',
  },
  {
    protocol: 'syscall',
    match: /SIGCHLD/,
    why: 'The kernel tells the parent, the shim, that its child ended; wait4 says how: exited with a status, or killed by a signal (the shim reports a signal N as 128 + N).',
  },
  {
    protocol: 'syscall',
    match: /^dockerd→kernel kill\(/,
    why: 'docker-proxy is dockerd’s own helper, not a container: with the container’s port released, dockerd stops the proxy with SIGINT.',
  },
  {
    protocol: 'syscall',
    match: /kill\(/,
    why: 'The kernel delivers the signal; PID 1 only reacts to signals it installed handlers for.',
  },
  {
    protocol: 'syscall',
    match: /netlink|veth/,
    why: 'A veth pair connects the container’s network namespace to the docker0 bridge.',
  },
  {
    protocol: 'syscall',
    match: /iptables.*-t filter/,
    why: 'The filter table’s DOCKER chain drops what is not allowed: this rule lets traffic from outside docker0 reach the published container port.',
  },
  {
    protocol: 'syscall',
    match: /iptables/,
    why: '-p publishes a port: a DNAT rule sends traffic for the host port, unless it comes from docker0, to the container’s IP.',
  },
  // A registry other than Docker Hub: DockScope does not model it, so the dial fails.
  {
    protocol: 'syscall',
    match: /connect\(fd/,
    why: 'The registry host in the image name decides where dockerd goes: only docker.io names go to Docker Hub. DockScope models no other registry, so here this connection finds nothing; a real one may exist.',
  },
  {
    protocol: 'syscall',
    match: /DNS query/,
    why: 'To reach a registry by name dockerd first needs its address. DockScope models no DNS beyond the host, so only Docker Hub’s names resolve here; that is a limit of the simulation, not proof the registry does not exist.',
  },
  // Streams and events
  {
    protocol: 'stream',
    match: /pull progress/,
    why: 'Pull progress arrives as JSON lines; the CLI draws them as progress bars. These statuses are the containerd image store’s: no Verifying Checksum, and Extracting counts seconds.',
  },
  {
    protocol: 'stream',
    match: /^container-/,
    why: 'The process writes to a pipe; dockerd reads it, logs it and forwards it to attached clients.',
  },
  {
    protocol: 'stream',
    match: /(stdout|stderr) frame/,
    why: 'Without a TTY the output is multiplexed: each frame has an 8-byte header saying stdout (1) or stderr (2) and its length.',
  },
  {
    protocol: 'stream',
    match: /dockerd→client tty$/,
    why: 'With -t the output is raw terminal bytes: no frames, stdout and stderr arrive merged.',
  },
  {
    protocol: 'stream',
    match: /stdin/,
    why: 'What you type goes to dockerd on the attach connection, then into the container’s stdin pipe.',
  },
  {
    protocol: 'stream',
    match: /wait result/,
    why: 'The wait answer carries the exit code that docker run exits with.',
  },
  {
    protocol: 'stream',
    fallback: true,
    why: 'Output flows back over the attach connection that the CLI opened before start.',
  },
  {
    protocol: 'event',
    match: /\/tasks\/start/,
    why: 'dockerd subscribes to containerd’s events and updates the container’s state from them.',
  },
  {
    protocol: 'event',
    match: /\/tasks\/exit/,
    why: 'The exit event is how dockerd learns that a container stopped, whoever stopped it.',
  },
  // Fallbacks
  {
    protocol: 'http',
    fallback: true,
    why: 'HTTP: the Docker Engine API over a Unix socket (or TCP, TLS or an ssh tunnel to a remote daemon), or the registry API over HTTPS.',
  },
  {
    protocol: 'grpc',
    fallback: true,
    why: 'dockerd drives containerd over gRPC on /run/containerd/containerd.sock.',
  },
  {
    protocol: 'exec',
    fallback: true,
    why: 'A program is started with arguments and reports back with its exit status.',
  },
  {
    protocol: 'syscall',
    fallback: true,
    why: 'A system call: the kernel is the only one that can create namespaces and processes.',
  },
  { protocol: 'event', fallback: true, why: 'An event is one-way: nobody waits for an answer.' },
];
