import { roleOf } from '../../sim/core/roles';
/**
 * What each component is for, in a sentence or two: the inspector links a
 * message's ends to these. Checked against ../shared/reference/docker-internals.md.
 */
export interface ComponentRole {
  name: string;
  role: string;
}

export const COMPONENT_ROLES: Record<string, ComponentRole> = {
  client: {
    name: 'docker CLI',
    role: 'Turns what you type into Engine API requests over /var/run/docker.sock and prints the answers. It never runs containers itself.',
  },
  dockerd: {
    name: 'dockerd',
    role: 'The Docker daemon: answers the Engine API, pulls images from registries, keeps the container records, mounts each container’s root filesystem, sets up networking, and drives containerd over gRPC.',
  },
  registry: {
    name: 'Docker Hub registry',
    role: 'registry-1.docker.io serves manifests and blobs by digest over the OCI distribution API, to anyone holding a token.',
  },
  auth: {
    name: 'auth.docker.io',
    role: 'The token service: hands out short-lived Bearer tokens scoped to one repository and action (pull).',
  },
  containerd: {
    name: 'containerd',
    role: 'Keeps content, snapshots, images and containers in the "moby" namespace, and runs each container’s process through a shim. It holds the images here because this host uses the containerd image store (opt-in on Engine 28, the default for fresh installs since 29.0).',
  },
  shim: {
    name: 'containerd-shim-runc-v2',
    role: 'One per container: the parent of its process. Calls runc, holds its stdio open and reports its exit, so containerd can restart without killing containers (dockerd only with live-restore enabled).',
  },
  runc: {
    name: 'runc',
    role: 'The OCI runtime: reads config.json, asks the kernel for namespaces and a cgroup, pivots into the root filesystem dockerd mounted, starts the process, and exits. A tool, not a daemon.',
  },
  kernel: {
    name: 'Linux kernel',
    role: 'The only one that can make namespaces, cgroups, mounts and processes: a container is an ordinary process it isolates.',
  },
  container: {
    name: 'container process',
    role: 'The image’s program, PID 1 in its own namespaces; its output goes to pipes that dockerd reads.',
  },
};

/** `shim-88ad…` → `shim`; unknown ids keep their own name. */
export const roleKey = roleOf;

export const roleInfo = (id: string): ComponentRole | undefined => COMPONENT_ROLES[roleKey(id)];
