/**
 * What `docker exec` joins: a second process in a running container, started by
 * `runc exec` in the namespaces and cgroup of the container's PID 1. Facts follow
 * moby daemon/exec.go, containerd's runc shim (execProcess) and runc's setns init, and
 * the engine's trace.
 */
import type { Lesson } from '../types';

export const execJoins: Lesson = {
  id: 'exec-joins',
  title: 'What `docker exec` joins',
  summary:
    'A new process in an existing container: setns into PID 1’s namespaces, its own exit code.',
  intro:
    'A container is its PID 1 and the namespaces and cgroup runc made for it. `docker exec` makes no new container: dockerd asks containerd to add a process to the running task, the shim runs `runc exec`, and runc’s init joins the namespaces of PID 1 with setns(2) before it execs your command. Watch the arrows below dockerd.',
  setup: ['docker pull alpine'],
  steps: [
    {
      id: 'run',
      task: 'Start a container whose PID 1 just sleeps: `docker run -d --name web alpine sleep 1000`.',
      commands: ['docker run -d --name web alpine sleep 1000'],
      goal: { container: { name: 'web', state: 'running' } },
      hints: ['`-d` runs it in the background; `sleep 1000` is its only process.'],
      solution: ['docker run -d --name web alpine sleep 1000'],
      explain:
        'runc create made new mount, UTS, IPC, PID, network and cgroup namespaces and a cgroup for the container, and `sleep 1000` became PID 1 inside them. That is the whole container: one process in its own namespaces.',
    },
    {
      id: 'exec',
      task: 'Run a second command in it: `docker exec web echo hi`.',
      commands: ['docker exec web echo hi'],
      goal: {
        all: [
          { message: { from: 'shim', to: 'runc', operation: '^runc exec$' }, since: 'step' },
          { output: '^hi', since: 'step', stream: 'stdout' },
        ],
        label: 'the shim ran runc exec and the exec printed hi',
      },
      hints: ['`docker exec CONTAINER COMMAND`.'],
      solution: ['docker exec web echo hi'],
      explain:
        'The CLI inspected web, created an exec instance (`POST /containers/web/exec`, an ID of its own) and started it on a hijacked connection (`POST /exec/<id>/start`, 101 UPGRADED). dockerd read the container’s spec back from containerd, put your command into its process settings and called Tasks.Exec, then Tasks.Start with the exec ID. The shim wrote the process spec to a file and ran `runc exec --process … --detach`. No clone with new namespaces this time: runc init does `setns` into `/proc/<pid of PID 1>/ns/*`, runc writes its PID into the container’s cgroup.procs, then runc init does execve of echo.',
    },
    {
      id: 'ps',
      task: 'Look at the container’s processes from inside: `docker exec web ps` (or open a shell with `docker exec -it web sh`, type `ps`, then `exit`).',
      commands: ['docker exec web ps', 'docker exec -it web sh'],
      goal: {
        output: '\\b1 root +0:00 sleep 1000',
        since: 'step',
        label: 'ps inside the container shows sleep 1000 as PID 1',
      },
      hints: ['BusyBox `ps` lists every process of the container’s PID namespace.'],
      solution: ['docker exec web ps'],
      explain:
        'ps runs in the container’s PID namespace, so it sees PID 1 (`sleep 1000`) and itself, with small PIDs of the namespace; the host’s processes are out of sight. On the host the same processes have other, larger PIDs. The exec’d process shares PID 1’s namespaces and root: the same hostname (`hostname` prints the short ID), network, mounts and root filesystem with what was written to it.',
    },
    {
      id: 'exit-code',
      task: 'Give the exec an exit code of its own: `docker exec web sh -c "exit 3"`, then `docker ps`.',
      commands: ['docker exec web sh -c "exit 3"', 'docker ps'],
      goal: {
        all: [
          { exitCode: 3, since: 'step', command: 'exec' },
          { container: { name: 'web', state: 'running' } },
        ],
        label: 'docker exec exited 3 and web still runs',
      },
      hints: ['The exit code of `docker exec` is the command’s, not the container’s.'],
      solution: ['docker exec web sh -c "exit 3"'],
      explain:
        'The exec’d process exited: the kernel told the shim (its parent), the shim sent TaskExit with the exec ID, and dockerd recorded 3 on the exec instance and deleted the process from the task (DeleteProcess). When the stream ended the CLI asked `GET /exec/<id>/json` and exited with its ExitCode. PID 1 never noticed: web is still Up.',
    },
    {
      id: 'missing',
      task: 'Ask for a program the image does not have: `docker exec web bash` (Alpine has only BusyBox sh).',
      commands: ['docker exec web bash'],
      goal: {
        all: [
          { exitCode: 127, since: 'step', command: 'exec' },
          { output: 'executable file not found in \\$PATH', since: 'step' },
        ],
        label: 'OCI runtime exec failed, exit 127',
      },
      hints: ['Try a command that is not in the image.'],
      solution: ['docker exec web bash'],
      explain:
        'runc’s init had already joined the namespaces when it looked bash up in the container’s root (Go’s exec.LookPath) and found nothing: runc exec failed with `exec failed: unable to start container process: exec: "bash": executable file not found in $PATH`, the shim reported "OCI runtime exec failed", and dockerd, already streaming, wrote the error into the stream and set the exec’s exit code to 127. The container runs on.',
    },
  ],
};
