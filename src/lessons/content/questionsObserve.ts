/**
 * Interview questions on observing containers (issue 14, obs): docker top,
 * docker events, docker cp and --platform. True per moby v28.2.2
 * (daemon/top_unix.go, daemon/events, daemon/archive*.go, daemon/create.go),
 * containerd's runc shim and runc 1.2; a test replays every `show`.
 */
import type { Question } from '../types';

const WEB = ['docker pull alpine', 'docker run -d --name web alpine sleep 1000'];

export const OBSERVE_QUESTIONS: readonly Question[] = [
  {
    id: 'top-pids',
    topic: 'kernel',
    question:
      'Where do the processes `docker top` lists come from, and why are the PIDs not 1, 2, 3?',
    answer:
      'dockerd asks containerd for the task’s PIDs (Tasks.ListPids); the shim runs `runc ps`, which reads the container cgroup’s cgroup.procs. dockerd then runs the host’s own ps (-ef unless other options are given) and keeps the lines of those PIDs. They are host PIDs: inside the container’s PID namespace the main process is PID 1.',
    show: {
      setup: WEB,
      commands: ['docker top web'],
      highlight: ['dockerd', 'containerd', 'shim', 'runc', 'kernel'],
      focus: { operation: 'Tasks/ListPids', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'events-source',
    topic: 'objects',
    question: 'Where does `docker events` get its events, and what does `--since` change?',
    answer:
      'From dockerd itself: every action on a container, image, network or volume (and on plugins and the daemon itself) is logged as one event, and GET /events streams them as they happen until the client goes away. dockerd keeps the last 256; with --since (or --until) the stream first replays the kept ones in that window, and with --until it ends.',
    show: {
      setup: [...WEB, 'docker stop -t 1 web'],
      commands: ['docker events --since 1h --until 0s'],
      highlight: ['client', 'dockerd'],
      focus: { operation: '^GET /v1\\.\\d+/events', from: 'client', to: 'dockerd' },
    },
  },
  {
    id: 'cp-writable-layer',
    topic: 'objects',
    question: 'Where does a file copied into a container with `docker cp` end up?',
    answer:
      'The CLI sends it as a tar stream (PUT /containers/{id}/archive) and dockerd unpacks it into the container’s root: the writable layer, unless a volume or bind mount covers that path. `docker diff` then shows it as added; the image is unchanged, and `docker rm` deletes the file with the layer.',
    show: {
      setup: [...WEB, 'echo hello > notes.txt'],
      commands: ['docker cp notes.txt web:/tmp/', 'docker diff web'],
      highlight: ['client', 'dockerd', 'kernel'],
      focus: { operation: '^PUT /v1\\.\\d+/containers/web/archive', from: 'client', to: 'dockerd' },
    },
  },
  {
    id: 'cp-stopped',
    topic: 'lifecycle',
    question: 'Can you `docker cp` out of a stopped container?',
    answer:
      'Yes. A stopped container keeps its writable layer until it is removed; dockerd mounts the container’s root (image layers plus that layer) for the copy and unmounts it after. No process runs.',
    show: {
      setup: [...WEB, "docker exec web sh -c 'echo saved > /root/note'", 'docker stop -t 1 web'],
      commands: ['docker cp web:/root/note /tmp/note'],
      highlight: ['dockerd', 'containerd', 'kernel'],
      focus: { operation: '^mount\\(', from: 'dockerd', to: 'kernel' },
    },
  },
  {
    id: 'platform-exec-format',
    topic: 'registry',
    question: 'What happens with `docker run --platform linux/arm64 alpine` on an amd64 host?',
    answer:
      'dockerd pulls the arm64 manifest from the image index, and the container is created. At start, execve(2) of the arm64 binary fails with ENOEXEC unless emulation (binfmt_misc with QEMU) is registered: runc’s init prints `exec /bin/sh: exec format error` on the container’s stderr and exits 255. Without --platform, dockerd warns when an image’s platform differs from the host’s.',
    show: {
      setup: ['docker pull alpine'],
      commands: ['docker run --platform linux/arm64 alpine echo hi'],
      highlight: ['client', 'dockerd', 'registry'],
      focus: { operation: '^POST /v1\\.\\d+/images/create', from: 'client', to: 'dockerd' },
    },
  },
];
