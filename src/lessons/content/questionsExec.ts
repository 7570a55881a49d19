/**
 * Interview questions on `docker exec` (issue 13). True per moby daemon/exec.go,
 * containerd's runc shim and runc's setns init; a test replays every `show`.
 */
import type { Question } from '../types';

const WEB = ['docker pull alpine', 'docker run -d --name web alpine sleep 1000'];

export const EXEC_QUESTIONS: readonly Question[] = [
  {
    id: 'exec-joins',
    topic: 'kernel',
    question: 'What does `docker exec` join, and what does it not create?',
    answer:
      'It joins the running container: runc exec’s init enters the namespaces of the container’s PID 1 with setns(2) (IPC, UTS, network, PID, mount, cgroup), runc writes its PID into the container’s cgroup, and then it execs the command. No new namespace, root filesystem, cgroup or container is made.',
    show: {
      setup: WEB,
      commands: ['docker exec web echo hi'],
      highlight: ['runc', 'kernel'],
      focus: { operation: '^setns', from: 'runc', to: 'kernel' },
    },
  },
  {
    id: 'exec-path',
    topic: 'containerd-runc',
    question: 'Which calls does `docker exec` make below dockerd?',
    answer:
      'dockerd calls containerd’s Tasks.Exec to add a process, under an exec ID, to the container’s running task, then Tasks.Start with that exec ID. containerd passes both to the container’s shim, which runs `runc exec --detach` and, once runc exits, is the new process’s parent, so its exit reaches dockerd as a TaskExit with the exec ID.',
    show: {
      setup: WEB,
      commands: ['docker exec web echo hi'],
      highlight: ['dockerd', 'containerd', 'shim', 'runc'],
      focus: { operation: 'Tasks/Exec', from: 'dockerd', to: 'containerd' },
    },
  },
  {
    id: 'exec-exit-code',
    topic: 'lifecycle',
    question: 'What exit code does `docker exec` return, and does the container stop with it?',
    answer:
      'The exec’s own: when the stream ends the CLI reads `GET /exec/{id}/json` and exits with its ExitCode. A command the image lacks gives "OCI runtime exec failed … executable file not found in $PATH" and 127. The container’s PID 1 is untouched and keeps running.',
    show: {
      setup: WEB,
      commands: ['docker exec web sh -c "exit 3"'],
      highlight: ['client', 'dockerd'],
      focus: { operation: '^GET /v1\\.\\d+/exec/[0-9a-f]+/json$', from: 'client', to: 'dockerd' },
    },
  },
  {
    id: 'exec-not-logged',
    topic: 'logs',
    question: 'Why does `docker logs` not show what a `docker exec` command printed?',
    answer:
      'An exec has its own stdio FIFOs (named after its exec ID, beside the container’s). dockerd copies what it reads from them to the exec’s connection only; the json-file log holds the output of the container’s main process.',
    show: {
      setup: WEB,
      commands: ['docker exec web echo hi', 'docker logs web'],
      highlight: ['container', 'dockerd', 'client'],
      focus: { operation: '^stdout$', to: 'dockerd' },
    },
  },
];
