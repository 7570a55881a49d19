/**
 * Lessons on a container's life: create, start, stop, rm; `docker run` as
 * create + start (+ pull); and what an exit code says about who failed.
 * Facts follow ../shared/reference/docker-internals.md §0, §1, §3, §4.
 */
import type { Lesson } from '../types';

export const lifecycle: Lesson = {
  id: 'lifecycle',
  title: 'The life of a container',
  summary: 'Created, running, exited, removed: each state change is one API call.',
  intro:
    'A container is not born running. `docker create` makes it (a name, a config, a writable layer), `docker start` runs its process, the process ends by itself or is stopped, and `docker rm` deletes what is left. Keep an eye on the container boxes in the diagram as they appear and change.',
  setup: ['docker pull alpine'],
  steps: [
    {
      id: 'create',
      task: 'Create a container named box that will print hello: `docker create --name box alpine echo hello`.',
      commands: ['docker create --name box alpine echo hello', 'docker ps -a'],
      goal: { container: { name: 'box', state: 'created' } },
      hints: ['`docker create` takes the same arguments as `docker run`.'],
      solution: ['docker create --name box alpine echo hello'],
      explain:
        'dockerd gave the container an ID and the name box, stored its config and prepared its writable layer (two `Snapshots/Prepare` calls to containerd). No process exists: containerd has no container or task for it yet, and there is no shim. `docker ps -a` shows it as Created.',
    },
    {
      id: 'start',
      task: 'Start it: `docker start box`.',
      commands: ['docker start box', 'docker ps -a'],
      goal: { container: { name: 'box', state: 'exited', exitCode: 0 } },
      hints: ['`docker start box`. It runs `echo hello` and ends at once.'],
      solution: ['docker start box'],
      explain:
        'Start is where containerd, the shim and runc come in: `Containers/Create`, then `Tasks/Create` (a shim, then `runc create`), then `Tasks/Start`. echo printed hello into the log and exited with 0, so box is now Exited (0). `docker start` does not attach, so the word went to `docker logs box`, not to your terminal.',
    },
    {
      id: 'long-running',
      task: 'Run a container that keeps going, in the background: `docker run -d --name sleeper alpine sleep 3600`.',
      commands: ['docker run -d --name sleeper alpine sleep 3600', 'docker ps'],
      goal: { container: { name: 'sleeper', state: 'running' } },
      hints: ['`-d` (detached) gives the terminal back while the container runs.'],
      solution: ['docker run -d --name sleeper alpine sleep 3600'],
      explain:
        'sleeper is running: `sleep` is PID 1 in its own PID namespace, and its shim stays beside it in the diagram. `docker ps` lists only running containers; `docker ps -a` lists box too.',
    },
    {
      id: 'stop',
      task: 'Stop it: `docker stop sleeper`. Watch the clock: how long does it take?',
      commands: ['docker stop sleeper', 'docker ps -a'],
      goal: { container: { name: 'sleeper', state: 'exited', exitCode: 137 } },
      hints: ['`docker stop sleeper`. Then read its STATUS with `docker ps -a`.'],
      solution: ['docker stop sleeper'],
      explain:
        'dockerd sent SIGTERM (through containerd, the shim and `runc kill`). `sleep` runs as PID 1 and sets no handler, and the kernel does not apply default actions to PID 1 of a namespace, so nothing happened. After 10 seconds dockerd sent SIGKILL, which cannot be ignored. The kernel reports the process as killed by signal 9; the shim turns that into exit code 128 + 9 = 137, the number Docker shows.',
    },
    {
      id: 'remove',
      task: 'Remove both containers: `docker rm box sleeper`.',
      commands: ['docker rm box sleeper', 'docker ps -a'],
      goal: {
        all: [
          { container: { name: 'box' }, count: { max: 0 } },
          { container: { name: 'sleeper' }, count: { max: 0 } },
        ],
        label: 'neither box nor sleeper exists any more',
      },
      hints: [
        '`docker rm` takes several names. A running container would need stopping first (or `-f`).',
      ],
      solution: ['docker rm box sleeper'],
      explain:
        'Each `DELETE /v1.50/containers/…` made dockerd remove the writable layer and its init layer (`Snapshots/Remove`). Anything a container wrote there is gone; the alpine image is untouched.',
    },
  ],
};

export const runIsCreateStart: Lesson = {
  id: 'run-create-start',
  title: '`docker run` is create + start',
  summary: 'run = (pull if needed) + create + start, all from the client.',
  intro:
    '`docker run` is not one request. The CLI sends `POST /containers/create`; if dockerd answers 404 (no such image) the CLI asks for a pull and creates again; then it sends `start`. You can do the same steps by hand.',
  setup: [],
  steps: [
    {
      id: 'run',
      task: 'With no image on the host, run nginx in the background: `docker run -d --name web nginx`.',
      commands: ['docker run -d --name web nginx'],
      goal: { container: { name: 'web', image: 'nginx', state: 'running' } },
      hints: ['`-d` runs it in the background; `--name web` names it.'],
      solution: ['docker run -d --name web nginx'],
      explain:
        'Read the timeline from the top: `POST /v1.50/containers/create?name=web` answered 404 `No such image: nginx:latest`, so the CLI printed `Unable to find image` and sent `POST /v1.50/images/create` (the pull). Then it sent create again (201), `wait`, and `start` (204).',
    },
    {
      id: 'create',
      task: 'Now do it by hand. First create a second one: `docker create --name web2 nginx`.',
      commands: ['docker create --name web2 nginx'],
      goal: { container: { name: 'web2', state: 'created' } },
      hints: ['`docker create --name web2 nginx`.'],
      solution: ['docker create --name web2 nginx'],
      explain:
        'The same `POST /v1.50/containers/create` as run’s first request, answered 201 at once: the image is local now. The CLI printed the new ID and stopped there: web2 exists but nothing runs.',
    },
    {
      id: 'start',
      task: 'Then start it: `docker start web2`.',
      commands: ['docker start web2'],
      goal: { container: { name: 'web2', state: 'running' } },
      hints: ['`docker start web2`.'],
      solution: ['docker start web2'],
      explain:
        '`POST /v1.50/containers/web2/start` is the request that reaches containerd, the shim and runc. Create + start gave the same result as run. run also sends `wait` (to learn the exit code) and, without `-d`, attaches to the output first.',
    },
    {
      id: 'run-fails',
      task: 'Run an image that does not exist: `docker run nosuch`. Note the exit code.',
      commands: ['docker run nosuch'],
      goal: { exitCode: 125, since: 'step', command: '^docker run' },
      hints: ['`docker run nosuch`. The exit code is printed after the command.'],
      solution: ['docker run nosuch'],
      explain:
        'create answered 404, the pull was denied, and docker run exited with 125: the code for "docker itself failed", so a script can tell it apart from a container that ran and failed.',
    },
  ],
};

export const exitCodes: Lesson = {
  id: 'exit-codes',
  title: 'Exit codes: who failed?',
  summary: 'The container’s own code, 125, 127 and 137: each points at a different culprit.',
  intro:
    '`docker run` in the foreground exits with the container’s exit code, so scripts can use it. A few codes are special: 125 means docker failed, 126 and 127 mean the command could not be run, and 128 + N means the process was killed by signal N.',
  setup: ['docker pull alpine'],
  steps: [
    {
      id: 'own-code',
      task: 'Run a container whose process exits with 3: `docker run alpine sh -c "exit 3"`.',
      commands: ['docker run alpine sh -c "exit 3"'],
      goal: { container: { image: 'alpine', exitCode: 3 } },
      hints: ['The shell command `exit 3` ends the shell with code 3.'],
      solution: ['docker run alpine sh -c "exit 3"'],
      explain:
        'The shell exited with 3; the kernel told the shim (SIGCHLD, the shim is its parent), the shim told containerd, containerd told dockerd (TaskExit), and dockerd answered the client’s `wait` with `{"StatusCode":3}`. docker run exited with the same 3.',
    },
    {
      id: 'not-found',
      task: 'Ask for a program the image does not have: `docker run alpine nosuchcmd`.',
      commands: ['docker run alpine nosuchcmd'],
      goal: { exitCode: 127, since: 'step', command: '^docker run' },
      hints: ['Any command name alpine lacks will do.'],
      solution: ['docker run alpine nosuchcmd'],
      explain:
        '`runc create` failed inside the new namespaces: `exec: "nosuchcmd": executable file not found in $PATH`. The error travelled back from runc to the shim, containerd, dockerd and the client, and docker run exited with 127, as a shell does for a missing command. The container stays Created: it never ran.',
    },
    {
      id: 'not-executable',
      task: 'Ask alpine to run a file that is not a program: `docker run alpine /etc/passwd`.',
      commands: ['docker run alpine /etc/passwd'],
      goal: { exitCode: 126, since: 'step', command: '^docker run' },
      hints: ['Any file that exists in the image but has no execute bit will do; a directory too.'],
      solution: ['docker run alpine /etc/passwd'],
      explain:
        'This time the file exists, but it cannot be executed: `exec: "/etc/passwd": permission denied`. runc found the problem inside the new namespaces, and docker run exited with 126, as a shell does for a command it found but cannot run.',
    },
    {
      id: 'docker-failed',
      task: 'Make docker itself fail: `docker run nosuch`.',
      commands: ['docker run nosuch'],
      goal: { exitCode: 125, since: 'step', command: '^docker run' },
      hints: ['A one-word image name that is not an official image, such as `nosuch`.'],
      solution: ['docker run nosuch'],
      explain:
        'No container was made at all: the pull was denied. 125 says the failure was in docker (client or daemon), not in your program.',
    },
    {
      id: 'killed',
      task: 'Start `docker run -d --name sleeper alpine sleep 3600`, then `docker kill sleeper`.',
      commands: ['docker run -d --name sleeper alpine sleep 3600', 'docker kill sleeper'],
      goal: { container: { name: 'sleeper', exitCode: 137 } },
      hints: ['`docker kill` sends SIGKILL straight away (no 10 second grace period).'],
      solution: ['docker run -d --name sleeper alpine sleep 3600', 'docker kill sleeper'],
      explain:
        'SIGKILL is signal 9. A killed process has no exit status of its own: the kernel tells the shim “killed by signal 9”, and the shim reports it as 128 + 9 = 137. You get 137 from `docker kill`, from `docker stop` when the process ignored SIGTERM for 10 s, and from the kernel’s OOM killer.',
    },
  ],
};
