/**
 * Lessons on what dockerd sets up around a process: published ports, the
 * json-file log, and the chain containerd → shim → runc that really runs it.
 * Facts follow ../shared/reference/docker-internals.md §3 and the engine's trace.
 */
import type { Lesson } from '../types';

export const ports: Lesson = {
  id: 'ports',
  title: 'Publishing a port',
  summary: '-p 8080:80: iptables rules in the kernel and two docker-proxy processes.',
  intro:
    'A container has its own network namespace and a private address on the docker0 bridge (172.17.0.x). `-p 8080:80` asks dockerd to forward the host’s port 8080 to the container’s port 80. Watch the arrows from dockerd to the kernel when the container starts.',
  setup: ['docker pull nginx'],
  steps: [
    {
      id: 'publish',
      task: 'Run nginx with host port 8080 forwarded to its port 80: `docker run -d --name web -p 8080:80 nginx`.',
      commands: ['docker run -d --name web -p 8080:80 nginx', 'docker ps'],
      goal: { container: { name: 'web', state: 'running', port: '8080->80/tcp' } },
      hints: ['`-p HOST:CONTAINER`, so `-p 8080:80`.'],
      solution: ['docker run -d --name web -p 8080:80 nginx'],
      explain:
        'After `runc create` made the network namespace, dockerd plugged a veth pair into docker0 and added iptables rules, these two to publish the port: in the nat table `-A DOCKER -p tcp -d 0/0 --dport 8080 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0` (traffic to port 8080 that does not come from the bridge goes to the container), and in the filter table one that lets it through. Only then it started two `docker-proxy` processes, its own children: one on 0.0.0.0:8080, and one on [::]:8080 that carries IPv6 connections to the container’s IPv4 address; they also serve connections the host makes to localhost, which the DNAT rule leaves alone. Then it started nginx. `docker ps` shows `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp`.',
    },
    {
      id: 'taken',
      task: 'Try a second container on the same host port: `docker run -d --name web2 -p 8080:80 nginx`.',
      commands: ['docker run -d --name web2 -p 8080:80 nginx', 'docker ps -a'],
      goal: {
        all: [
          { container: { name: 'web2', state: 'created' } },
          { output: 'port is already allocated', since: 'step' },
        ],
        label: 'web2 is created but cannot start: port 8080 is already allocated',
      },
      hints: ['Same `-p 8080:80`, another name.'],
      solution: ['docker run -d --name web2 -p 8080:80 nginx'],
      explain:
        'The create succeeded (port bindings are only a wish at that point), but start failed while wiring the network: `Bind for 0.0.0.0:8080 failed: port is already allocated`. One host port can forward to one place only. web2 stays Created and docker run exited 125.',
    },
    {
      id: 'other-port',
      task: 'Remove web2 and run it again on host port 8081.',
      commands: ['docker rm web2', 'docker run -d --name web2 -p 8081:80 nginx'],
      goal: { container: { name: 'web2', state: 'running', port: '8081->80' } },
      hints: ['`docker rm web2`, then the same run with `-p 8081:80`.'],
      solution: ['docker rm web2', 'docker run -d --name web2 -p 8081:80 nginx'],
      explain:
        'Two nginx containers both listen on port 80, each in its own network namespace; the host tells them apart by the published ports 8080 and 8081, each with its own DNAT rule.',
    },
    {
      id: 'unpublish',
      task: 'Stop the first one: `docker stop web`. What happens to port 8080?',
      commands: ['docker stop web'],
      goal: {
        all: [
          { container: { name: 'web', state: 'exited' } },
          {
            message: { from: 'dockerd', to: 'kernel', operation: '^iptables --wait -t nat -D' },
            since: 'step',
          },
        ],
        label: 'web is stopped and its DNAT rule deleted',
      },
      hints: ['`docker stop web`.'],
      solution: ['docker stop web'],
      explain:
        'When the task exited, dockerd cleaned up the network: it stopped both docker-proxy processes (with SIGINT), deleted the DNAT and filter rules (`iptables --wait -t nat -D …`) and removed the veth. Port 8080 is free again; starting web would set it all up anew.',
    },
  ],
};

export const logs: Lesson = {
  id: 'logs',
  title: 'Where `docker logs` comes from',
  summary: 'dockerd keeps what the container writes in a json-file log.',
  intro:
    'A container’s process writes to stdout and stderr like any program. Those are pipes the shim made; the shim copies what arrives into FIFOs that dockerd created and reads, and dockerd appends every line to a json-file log on the host. `docker logs` reads that file back, even after the process has ended.',
  setup: ['docker pull nginx'],
  steps: [
    {
      id: 'run',
      task: 'Run nginx in the background: `docker run -d --name web nginx`.',
      commands: ['docker run -d --name web nginx'],
      goal: { container: { name: 'web', state: 'running' } },
      hints: ['`-d` so that nothing is printed to your terminal.'],
      solution: ['docker run -d --name web nginx'],
      explain:
        'Nothing printed but the ID, yet nginx wrote its start-up lines: see the `stdout` and `stderr` stream arrows from the container to dockerd. dockerd stored each line in the json-file log.',
    },
    {
      id: 'read',
      task: 'Read what it wrote: `docker logs web`.',
      commands: ['docker logs web'],
      goal: {
        all: [
          { output: 'Configuration complete; ready for start up', since: 'step' },
          {
            message: {
              from: 'client',
              to: 'dockerd',
              operation: '^GET /v[0-9.]+/containers/[^/]+/logs',
            },
            since: 'step',
          },
        ],
        label: 'the logs of web, read through GET /containers/…/logs',
      },
      hints: ['`docker logs web`.'],
      solution: ['docker logs web'],
      explain:
        'The CLI looked the container up, then sent `GET /v1.50/containers/<id>/logs?stderr=1&stdout=1&tail=all`. dockerd read the json-file log and sent it back in frames that keep stdout and stderr apart. Neither containerd nor the container was involved.',
    },
    {
      id: 'after-stop',
      task: 'Stop it, then read the logs again: `docker stop web`, `docker logs web`.',
      commands: ['docker stop web', 'docker logs web'],
      goal: {
        all: [
          { container: { name: 'web', state: 'exited' } },
          { output: 'signal 3 \\(SIGQUIT\\) received', since: 'step' },
        ],
        label: 'web is stopped and its logs show how it was stopped',
      },
      hints: ['Run `docker logs web` after the stop has finished.'],
      solution: ['docker stop web', 'docker logs web'],
      explain:
        'The process is gone but the log is not: it belongs to the container, not to the process. The last lines show how the stop went: nginx’s image declares `STOPSIGNAL SIGQUIT`, so dockerd sent SIGQUIT and nginx shut down gracefully.',
    },
    {
      id: 'remove',
      task: 'Remove the container and try once more: `docker rm web`, `docker logs web`.',
      commands: ['docker rm web', 'docker logs web'],
      goal: {
        all: [
          { container: { name: 'web' }, count: { max: 0 } },
          { output: 'No such container: web', since: 'step' },
        ],
        label: 'web is removed, and its logs with it',
      },
      hints: ['`docker rm web`, then `docker logs web`.'],
      solution: ['docker rm web', 'docker logs web'],
      explain:
        'The json-file log went with the container. Logs that must outlive containers need another logging driver that ships them elsewhere.',
    },
  ],
};

export const containerdShimRunc: Lesson = {
  id: 'containerd-shim-runc',
  title: 'containerd, the shim and runc',
  summary: 'Who really runs a container, and why a shim stays beside it.',
  intro:
    'dockerd does not start processes itself. It asks containerd, which starts one containerd-shim-runc-v2 per container; the shim runs runc, and runc asks the kernel for namespaces and cgroups, then exits. Follow the arrows from dockerd to the right of the diagram.',
  setup: ['docker pull alpine'],
  steps: [
    {
      id: 'start',
      task: 'Start a long-running container: `docker run -d --name sleeper alpine sleep 3600`.',
      commands: ['docker run -d --name sleeper alpine sleep 3600'],
      goal: { container: { name: 'sleeper', state: 'running', hasShim: true } },
      hints: ['`docker run -d --name sleeper alpine sleep 3600`.'],
      solution: ['docker run -d --name sleeper alpine sleep 3600'],
      explain:
        'First dockerd mounted the container’s root filesystem itself: the overlay of the image layers and the writable layer, at /var/lib/docker/rootfs/overlayfs/<id>, which the spec’s root.path names. `Tasks/Create`: containerd started a shim, which ran `runc create`. runc started `runc init`, which made new namespaces (mount, network, UTS, PID, IPC, cgroup) with unshare(2) and forked the container’s first process into them, and runc put it in a cgroup; init bind-mounted that root onto itself and pivot_root’ed into it, applied seccomp, dropped capabilities, checked that `sleep` exists, and blocked opening exec.fifo, while runc create exited. `Tasks/Start` made the shim run `runc start`, which opened the other end of exec.fifo: init woke up and exec’d sleep. runc is gone; the shim stays as the container’s parent.',
    },
    {
      id: 'one-per-container',
      task: 'Start a second one: `docker run -d --name second alpine sleep 3600`. Count the shims.',
      commands: ['docker run -d --name second alpine sleep 3600'],
      goal: { shims: { min: 2 } },
      hints: ['Any second running container will do.'],
      solution: ['docker run -d --name second alpine sleep 3600'],
      explain:
        'One shim per container. Because each container’s parent is its own small shim, not containerd or dockerd, containerd can be restarted or upgraded without killing running containers, and so can dockerd when live-restore is on.',
    },
    {
      id: 'exit',
      task: 'Stop the first: `docker stop sleeper`. Who hears about the exit first?',
      commands: ['docker stop sleeper'],
      goal: {
        all: [
          { container: { name: 'sleeper', state: 'exited', hasShim: false } },
          { message: { from: 'kernel', to: 'shim', operation: 'SIGCHLD' }, since: 'step' },
        ],
        label: 'sleeper has exited, its shim told by the kernel (SIGCHLD) and then gone',
      },
      hints: ['`docker stop sleeper` (it takes 10 simulated seconds: sleep ignores SIGTERM).'],
      solution: ['docker stop sleeper'],
      explain:
        'The kernel sent SIGCHLD to the shim, the process’s parent; the shim’s wait4 read “killed by signal 9” (SIGKILL, after 10 seconds of an ignored SIGTERM), which the shim reports as exit status 137 = 128 + 9. It reported the exit to containerd (TaskExit), containerd told dockerd, and dockerd asked for `Tasks/Delete` (`runc delete`). With no task left, containerd shut the shim down, and dockerd unmounted the container’s root filesystem.',
    },
    {
      id: 'create-no-shim',
      task: 'Create a container without starting it: `docker create --name idle alpine sleep 3600`. Does it get a shim?',
      commands: ['docker create --name idle alpine sleep 3600'],
      goal: {
        all: [
          { container: { name: 'idle', state: 'created', hasShim: false } },
          { shims: { max: 1 } },
        ],
        label: 'idle is created, and still only one shim runs',
      },
      hints: ['`docker create --name idle alpine sleep 3600`.'],
      solution: ['docker create --name idle alpine sleep 3600'],
      explain:
        'No: create stores the config and asks containerd’s snapshotter for the writable layer (`Snapshots/Prepare`), nothing more. containerd’s containers and tasks, the shim and runc come in only when the container starts. Kubernetes skips dockerd entirely and asks containerd for the same tasks through the CRI.',
    },
  ],
};
