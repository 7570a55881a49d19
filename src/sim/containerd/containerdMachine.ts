import { storeLogic } from '../core/store';
import { drop, put, stateDict } from '../core/records';

/** An OCI descriptor: what a name or a label points at. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/**
 * One record of containerd's images service (core/images.Image): a name, the
 * descriptor it points at (an index or a manifest), labels, and the times
 * containerd set when it was created and last updated.
 */
export interface ImageRecord {
  target: Descriptor;
  labels: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

/**
 * containerd's metadata in one namespace (`moby` for the first dockerd): containerd
 * keeps a store like this per namespace, and nothing in one is seen from another.
 */
export interface ContainerdState {
  content: Record<string, { size: number; mediaType: string; labels?: Record<string, string> }>;
  /** Snapshot key → kind and parent (overlayfs snapshotter). */
  snapshots: Record<string, { kind: 'active' | 'committed'; parent?: string }>;
  /** How many blobs and snapshots there are, kept as they change (the page shows both counts). */
  contentCount: number;
  snapshotCount: number;
  /** Image name → its record, as containerd's images service keeps it. */
  images: Record<string, ImageRecord>;
  /** Containers' metadata, with the OCI spec dockerd registered (written into the bundle at Tasks.Create). */
  containers: Record<
    string,
    {
      runtime: string;
      snapshotKey: string;
      image: string;
      /** The runc shim's `root` option (dockerd's `<exec-root>/runtime-runc`). */
      runtimeRoot?: string;
      /** The runc options' SystemdCgroup: false with the cgroupfs driver (daemon). */
      systemdCgroup?: boolean;
      spec?: unknown;
    }
  >;
  tasks: Record<
    string,
    { pid: number; status: 'created' | 'running' | 'stopped'; exitStatus?: number }
  >;
  leases: string[];
}

export type ContainerdEvent =
  | { type: 'lease.created'; id: string }
  | { type: 'lease.deleted'; id: string }
  | {
      type: 'content.written';
      digest: string;
      size: number;
      mediaType: string;
      labels?: Record<string, string>;
    }
  | { type: 'content.deleted'; digest: string }
  | { type: 'snapshot.prepared'; key: string; parent?: string }
  | { type: 'snapshot.committed'; key: string; name: string }
  | { type: 'snapshot.removed'; key: string }
  | {
      type: 'image.created';
      name: string;
      target: Descriptor;
      labels: Record<string, string>;
      /** RFC 3339: containerd stamps both times on create. */
      at: string;
    }
  | {
      type: 'image.updated';
      name: string;
      target: Descriptor;
      labels: Record<string, string>;
      at: string;
    }
  | { type: 'image.deleted'; name: string }
  | {
      type: 'container.created';
      id: string;
      runtime: string;
      snapshotKey: string;
      image: string;
      runtimeRoot?: string;
      systemdCgroup?: boolean;
      spec?: unknown;
    }
  | { type: 'container.deleted'; id: string }
  | { type: 'task.created'; id: string; pid: number }
  | { type: 'task.started'; id: string }
  | { type: 'task.exited'; id: string; exitStatus: number }
  | { type: 'task.deleted'; id: string };

export const containerdMachine = storeLogic<ContainerdState, ContainerdEvent>(
  () => ({
    content: stateDict(),
    snapshots: stateDict(),
    contentCount: 0,
    snapshotCount: 0,
    images: stateDict(),
    containers: stateDict(),
    tasks: stateDict(),
    leases: [],
  }),
  {
    'lease.created': {
      update: (context, event) => ({ leases: [...context.leases, event.id] }),
    },
    'lease.deleted': {
      update: (context, event) => ({
        leases: context.leases.filter((l) => l !== event.id),
      }),
    },
    'content.written': {
      update: (context, event) => ({
        // Counted before `put`, which writes the record in place.
        contentCount: context.contentCount + (context.content[event.digest] ? 0 : 1),
        content: put(context.content, event.digest, {
          size: event.size,
          mediaType: event.mediaType,
          labels: event.labels,
        }),
      }),
    },
    'content.deleted': {
      update: (context, event) => ({
        contentCount: context.contentCount - (context.content[event.digest] ? 1 : 0),
        content: drop(context.content, event.digest),
      }),
    },
    'snapshot.prepared': {
      update: (context, event) => ({
        snapshotCount: context.snapshotCount + (context.snapshots[event.key] ? 0 : 1),
        snapshots: put(context.snapshots, event.key, {
          kind: 'active' as const,
          parent: event.parent,
        }),
      }),
    },
    'snapshot.committed': {
      guard: (context, event) => context.snapshots[event.key]?.kind === 'active',
      update: (context, event) => {
        const s = context.snapshots[event.key]!;
        // The active key goes and the committed name comes: one fewer if another snapshot
        // had that name already (committing under its own key leaves the count alone).
        const replaced = event.name !== event.key && !!context.snapshots[event.name];
        const snapshotCount = context.snapshotCount - (replaced ? 1 : 0);
        const snapshots = drop(context.snapshots, event.key);
        snapshots[event.name] = { kind: 'committed', parent: s.parent };
        return { snapshots, snapshotCount };
      },
    },
    'snapshot.removed': {
      update: (context, event) => ({
        snapshotCount: context.snapshotCount - (context.snapshots[event.key] ? 1 : 0),
        snapshots: drop(context.snapshots, event.key),
      }),
    },
    'image.created': {
      update: (context, event) => ({
        images: put(context.images, event.name, {
          target: event.target,
          labels: event.labels,
          createdAt: event.at,
          updatedAt: event.at,
        }),
      }),
    },
    'image.updated': {
      guard: (context, event) => !!context.images[event.name],
      update: (context, event) => ({
        images: put(context.images, event.name, {
          ...context.images[event.name]!,
          target: event.target,
          labels: event.labels,
          updatedAt: event.at,
        }),
      }),
    },
    'image.deleted': {
      update: (context, event) => ({
        images: drop(context.images, event.name),
      }),
    },
    'container.created': {
      update: (context, event) => ({
        containers: put(context.containers, event.id, {
          runtime: event.runtime,
          snapshotKey: event.snapshotKey,
          image: event.image,
          ...(event.runtimeRoot === undefined ? {} : { runtimeRoot: event.runtimeRoot }),
          ...(event.systemdCgroup === false ? { systemdCgroup: false } : {}),
          spec: event.spec,
        }),
      }),
    },
    'container.deleted': {
      guard: (context, event) => !!context.containers[event.id],
      update: (context, event) => ({
        containers: drop(context.containers, event.id),
      }),
    },
    'task.created': {
      guard: (context, event) => !!context.containers[event.id] && !context.tasks[event.id],
      update: (context, event) => ({
        tasks: put(context.tasks, event.id, { pid: event.pid, status: 'created' as const }),
      }),
    },
    'task.started': {
      guard: (context, event) => context.tasks[event.id]?.status === 'created',
      update: (context, event) => ({
        tasks: put(context.tasks, event.id, {
          ...context.tasks[event.id]!,
          status: 'running' as const,
        }),
      }),
    },
    'task.exited': {
      guard: (context, event) => context.tasks[event.id]?.status !== 'stopped',
      update: (context, event) => ({
        tasks: put(context.tasks, event.id, {
          ...context.tasks[event.id]!,
          status: 'stopped' as const,
          exitStatus: event.exitStatus,
        }),
      }),
    },
    'task.deleted': {
      guard: (context, event) => !!context.tasks[event.id],
      update: (context, event) => ({ tasks: drop(context.tasks, event.id) }),
    },
  },
);
