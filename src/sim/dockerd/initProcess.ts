/**
 * `--init` (moby v28.2.2 daemon/oci_linux.go WithCommonOptions): with
 * HostConfig.Init true and a private PID namespace, dockerd puts
 * `/sbin/docker-init --` in front of the container's command and bind-mounts
 * the daemon's `docker-init` binary (tini, found on dockerd's PATH; the
 * docker-ce package installs it as /usr/bin/docker-init) there read-only.
 * tini then runs as PID 1: it forwards the signals it gets to its child and
 * reaps orphaned processes, and when the child dies of a signal it exits
 * with 128 + the signal's number (143 for SIGTERM).
 */
import type { ContainerRecord } from './model';
import type { OciSpec } from './ociSpec';

/** moby `inContainerInitPath`: "/sbin/" + the default init binary's name. */
export const IN_CONTAINER_INIT_PATH = '/sbin/docker-init';
/** Where `exec.LookPath("docker-init")` finds the binary on a docker-ce host. */
export const HOST_INIT_PATH = '/usr/bin/docker-init';

/**
 * The spec with tini in front when the container asked for it. (dockerd's
 * `"init": true` in daemon.json would make it the default; DockScope's daemon
 * has no such setting, so only HostConfig.Init counts.)
 */
export function withInit(c: ContainerRecord, spec: OciSpec): OciSpec {
  if (c.hostConfig.Init !== true) return spec;
  // Only a private PID namespace gets an init (with --pid host there already is one).
  if (!spec.linux.namespaces.some((n) => n.type === 'pid' && !('path' in n && n.path))) return spec;
  return {
    ...spec,
    process: { ...spec.process, args: [IN_CONTAINER_INIT_PATH, '--', ...spec.process.args] },
    mounts: [
      ...spec.mounts,
      {
        destination: IN_CONTAINER_INIT_PATH,
        type: 'bind',
        source: HOST_INIT_PATH,
        options: ['bind', 'ro'],
      },
    ],
  };
}
