import type { StandingFault } from '../../sim/core/faults';

/**
 * What the faults panel says about each fault: what follows, in Docker 28's
 * terms (moby 28.2 with the containerd image store, containerd 2.0's client), and
 * where DockScope simplifies.
 */
export const FAULT_TEXT = {
  button: 'Faults',
  title: 'Inject a fault',
  intro:
    'Each fault goes into the session’s log with your commands, so a reload, a share link or a rewind replays it. Turn one on, then run commands in the terminal and follow the failure in the trace.',
  clearAll: 'Clear all',
  close: 'Close',
  active: (n: number) => (n === 0 ? 'No fault in force' : `${n} in force`),
  on: 'On',
  off: 'Off',
  port: 'Host port',
  killTitle: 'Kill a container’s shim',
  killWhat:
    'The shim gets SIGKILL, as `sudo kill -9 <shim pid>` in the terminal sends. containerd sees its ttrpc connection close, runs the shim binary’s delete (runc delete --force, which kills the container’s processes) and reports the task exited with 137: `docker ps -a` shows Exited (137).',
  killButton: 'Kill its shim',
  noRunning: 'No container is running.',
  container: 'Running container',
  unavailable:
    'Faults are injected into the page’s own simulated host, not into a daemon served by npm run daemon.',
  describe: {
    'registry-down':
      'Docker Hub cannot be reached. The mode modelled: the host’s DNS stub (systemd-resolved, 127.0.0.53) gets no answer upstream and says SERVFAIL, so a pull fails before any connection opens, with `dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: server misbehaving`. The trace draws the failed dial on the arrow to the registry.',
    'registry-429':
      'Docker Hub’s pull rate limit is used up. The manifest HEAD still answers (it is not a pull); the manifest GET gets 429 with `toomanyrequests: You have reached your unauthenticated pull rate limit.` dockerd’s registry client (containerd’s resolver, built into dockerd with the containerd image store) sends the GET again at once, up to five more times, then the pull fails.',
    'registry-401':
      "The registry answers 401 even with the token from auth.docker.io: dockerd reports `pull access denied for …, repository does not exist or may require 'docker login'`.",
    'registry-5xx':
      'The registry answers 503 Service Unavailable. dockerd’s registry client (containerd’s resolver, built into dockerd) retries no 5xx answer, so the pull fails at once. (The classic graph-driver store tries a failed layer download up to five times, with `Retrying in N seconds` between tries; the containerd image store modelled here does not retry.)',
    'disk-full':
      "The host’s disk is full. A pull fails as containerd writes a blob into its content store (`no space left on device`), and a write inside a container fails (BusyBox: `can't create …: No space left on device`); tmpfs mounts are not on the disk. Simplified: dockerd can still create containers, which on a real full disk may fail too.",
    'port-taken':
      'A host process (not a container) listens on this port. `docker run -p <port>:…` fails when dockerd binds the port itself: `failed to bind host port for 0.0.0.0:<port>:…: address already in use`, and the container stays Created.',
  } satisfies Record<StandingFault['kind'], string>,
};
