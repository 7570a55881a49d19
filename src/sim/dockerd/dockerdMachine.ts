import { storeLogic } from '../core/store';
import { dict, drop, put, stateDict } from '../core/records';
import { addressReleased } from './networks';
import type {
  ContainerRecord,
  ContainerState,
  DockerdState,
  ImageRecord,
  VolumeRecord,
  NetworkRecord,
  ExecRecord,
  ContainerEndpoint,
  EventMessage,
  GraphLayer,
  GraphMount,
  ShelvedStore,
  StorageDriver,
} from './model';
import { lifecycleState, type Lifecycle } from './containerLifecycle';

export type DockerdEvent =
  | { type: 'image.stored'; image: ImageRecord }
  | { type: 'image.tagged'; tag: string; imageId: string }
  | { type: 'image.untagged'; tag: string }
  | { type: 'image.deleted'; imageId: string }
  | { type: 'container.created'; container: ContainerRecord; lifecycle: Lifecycle }
  /** The container's lifecycle machine moved to `to`: the record follows it. */
  | { type: 'container.moved'; id: string; to: ContainerState; patch?: Partial<ContainerRecord> }
  | { type: 'container.updated'; id: string; patch: Partial<Omit<ContainerRecord, 'id' | 'state'>> }
  | { type: 'container.removed'; id: string }
  /** `docker rename`: the record and the name index change together; the ID stays. */
  | { type: 'container.renamed'; id: string; name: string }
  | { type: 'ports.allocated'; id: string; keys: string[] }
  | { type: 'ports.released'; id: string }
  | { type: 'volume.created'; volume: VolumeRecord }
  | { type: 'volume.removed'; name: string }
  | { type: 'network.created'; network: NetworkRecord }
  | { type: 'network.removed'; id: string }
  // exec instances: keyed `execId`, not `id`, so the host history (which follows `id`) leaves them alone
  | { type: 'exec.created'; exec: ExecRecord }
  | { type: 'exec.updated'; execId: string; patch: Partial<Omit<ExecRecord, 'id' | 'containerId'>> }
  | { type: 'exec.removed'; execId: string }
  // ── obs: one message appended to the event log (events.ts emitEvent) ──
  | { type: 'event.logged'; message: EventMessage }
  // ── storage: the store dockerd starts with (graphStore.ts) ──
  | { type: 'storage.switched'; driver: StorageDriver }
  | { type: 'graph.layerRegistered'; layer: GraphLayer }
  | { type: 'graph.layerReleased'; chainId: string }
  | { type: 'graph.mountCreated'; containerId: string; mount: GraphMount }
  | { type: 'graph.mountRemoved'; containerId: string };

export const initialDockerdState = (): DockerdState => ({
  images: stateDict(),
  tags: stateDict(),
  containers: stateDict(),
  lifecycles: stateDict(),
  names: stateDict(),
  ports: stateDict(),
  addresses: stateDict(),
  volumes: stateDict(),
  networks: stateDict(),
  execs: stateDict(),
  events: [],
  driver: 'overlayfs',
  shelved: dict<ShelvedStore>(),
  graphLayers: stateDict(),
  graphMounts: stateDict(),
});

/**
 * dockerd's memory: images, containers and their names, and published
 * ports. Every change is an event. A container's state moves only in its own
 * lifecycle machine (`containerLifecycle.ts`), which refuses moves Docker
 * never makes; the record here follows the machine, and the guard refuses a
 * record state the machine is not in, so a bug in a route shows up as a
 * refused event, not a wrong `ps`.
 */
export const dockerdMachine = storeLogic<DockerdState, DockerdEvent>(initialDockerdState, {
  'image.stored': {
    update: (context, event) => ({
      images: put(context.images, event.image.id, event.image),
    }),
  },
  'image.tagged': {
    update: (context, event) => ({
      tags: put(context.tags, event.tag, event.imageId),
    }),
  },
  'image.untagged': {
    update: (context, event) => ({ tags: drop(context.tags, event.tag) }),
  },
  'image.deleted': {
    update: (context, event) => ({
      images: drop(context.images, event.imageId),
    }),
  },
  'container.created': {
    guard: (context, event) =>
      lifecycleState(event.lifecycle) === event.container.state &&
      !context.containers[event.container.id] &&
      !context.names[`/${event.container.name}`] &&
      !!context.images[event.container.imageId],
    update: (context, event) => ({
      addresses: reindex(context, event.container.id, undefined, event.container.endpoints),
      containers: put(context.containers, event.container.id, event.container),
      lifecycles: put(context.lifecycles, event.container.id, event.lifecycle),
      names: put(context.names, `/${event.container.name}`, event.container.id),
    }),
  },
  'container.moved': {
    guard: (context, event) => {
      const lifecycle = context.lifecycles[event.id];
      return (
        !!lifecycle && !!context.containers[event.id] && lifecycleState(lifecycle) === event.to
      );
    },
    update: (context, event) => {
      const c = context.containers[event.id]!;
      return {
        addresses: event.patch?.endpoints
          ? reindex(context, event.id, c.endpoints, event.patch.endpoints)
          : context.addresses,
        containers: put(context.containers, event.id, {
          ...c,
          ...event.patch,
          state: event.to,
        }),
      };
    },
  },
  'container.updated': {
    guard: (context, event) => !!context.containers[event.id],
    update: (context, event) => ({
      addresses: event.patch.endpoints
        ? reindex(context, event.id, context.containers[event.id]!.endpoints, event.patch.endpoints)
        : context.addresses,
      containers: put(context.containers, event.id, {
        ...context.containers[event.id]!,
        ...event.patch,
      }),
    }),
  },
  'container.removed': {
    guard: (context, event) =>
      !!context.containers[event.id] &&
      context.lifecycles[event.id]?.getSnapshot().status === 'done',
    update: (context, event) => {
      const c = context.containers[event.id]!;
      // A removed container's execs can no longer be inspected (moby answers "No such exec
      // instance" for them at once, and its exec GC drops them within ten minutes).
      for (const [execId, e] of Object.entries(context.execs))
        if (e.containerId === event.id) drop(context.execs, execId);
      return {
        addresses: reindex(context, event.id, c.endpoints, undefined),
        containers: drop(context.containers, event.id),
        lifecycles: drop(context.lifecycles, event.id),
        names: drop(context.names, `/${c.name}`),
        execs: context.execs,
      };
    },
  },
  'container.renamed': {
    guard: (context, event) => !!context.containers[event.id] && !context.names[`/${event.name}`],
    update: (context, event) => {
      const c = context.containers[event.id]!;
      drop(context.names, `/${c.name}`);
      return {
        containers: put(context.containers, event.id, { ...c, name: event.name }),
        names: put(context.names, `/${event.name}`, event.id),
      };
    },
  },
  'ports.allocated': {
    update: (context, event) => {
      for (const k of event.keys) put(context.ports, k, event.id);
      return { ports: context.ports };
    },
  },
  'network.created': {
    guard: (context, event) =>
      !context.networks[event.network.id] &&
      !Object.values(context.networks).some((n) => n.name === event.network.name),
    update: (context, event) => ({
      networks: put(context.networks, event.network.id, event.network),
    }),
  },
  'network.removed': {
    guard: (context, event) => !!context.networks[event.id],
    update: (context, event) => ({ networks: drop(context.networks, event.id) }),
  },
  'exec.created': {
    guard: (context, event) =>
      !context.execs[event.exec.id] && !!context.containers[event.exec.containerId],
    update: (context, event) => ({ execs: put(context.execs, event.exec.id, event.exec) }),
  },
  'exec.updated': {
    guard: (context, event) => !!context.execs[event.execId],
    update: (context, event) => ({
      execs: put(context.execs, event.execId, { ...context.execs[event.execId]!, ...event.patch }),
    }),
  },
  'exec.removed': {
    guard: (context, event) => !!context.execs[event.execId],
    update: (context, event) => ({ execs: drop(context.execs, event.execId) }),
  },
  // ── storage: dockerd starts with the other store: what the old one held stays on disk,
  // unseen (moby's restore skips containers "created with another storage driver"), and
  // what the new one held before comes back ──
  'storage.switched': {
    guard: (context, event) => context.driver !== event.driver,
    update: (context, event) => {
      const back = context.shelved[event.driver];
      const names = stateDict<string>();
      const containers = stateDict<ContainerRecord>();
      const lifecycles = stateDict<Lifecycle>();
      for (const [id, c] of Object.entries(back?.containers ?? {})) {
        put(containers, id, c);
        put(lifecycles, id, back!.lifecycles[id]!);
        put(names, `/${c.name}`, id);
      }
      const shelved = dict<ShelvedStore>();
      for (const [driver, store] of Object.entries(context.shelved))
        if (driver !== event.driver && store) shelved[driver] = store;
      shelved[context.driver] = {
        images: context.images,
        tags: context.tags,
        containers: context.containers,
        lifecycles: context.lifecycles,
      };
      return {
        driver: event.driver,
        shelved,
        images: back?.images ?? stateDict(),
        tags: back?.tags ?? stateDict(),
        containers,
        lifecycles,
        names,
        ports: stateDict(),
        addresses: stateDict(),
      };
    },
  },
  'graph.layerRegistered': {
    update: (context, event) => ({
      graphLayers: put(context.graphLayers, event.layer.chainId, event.layer),
    }),
  },
  'graph.layerReleased': {
    update: (context, event) => ({ graphLayers: drop(context.graphLayers, event.chainId) }),
  },
  'graph.mountCreated': {
    update: (context, event) => ({
      graphMounts: put(context.graphMounts, event.containerId, event.mount),
    }),
  },
  'graph.mountRemoved': {
    update: (context, event) => ({ graphMounts: drop(context.graphMounts, event.containerId) }),
  },
  // ── obs: the ring keeps the newest EVENTS_LIMIT (256) messages, as moby's does ──
  // Written in place, as the collections are: a copy of the ring per event was a tenth of
  // everything a `docker run` allocated.
  'event.logged': {
    update: (context, event) => {
      const events = context.events as EventMessage[];
      if (events.length >= 256) events.shift();
      events.push(event.message);
      return { events };
    },
  },
  'ports.released': {
    update: (context, event) => {
      for (const k of Object.keys(context.ports))
        if (context.ports[k] === event.id) drop(context.ports, k);
      return { ports: context.ports };
    },
  },
  'volume.created': {
    guard: (context, event) => !context.volumes[event.volume.name],
    update: (context, event) => ({
      volumes: put(context.volumes, event.volume.name, event.volume),
    }),
  },
  /** Refused while a container still refers to the volume: a volume in use is never removed. */
  'volume.removed': {
    guard: (context, event) =>
      !!context.volumes[event.name] &&
      !Object.values(context.containers).some((c) =>
        c.mounts?.some((m) => m.Type === 'volume' && m.Name === event.name),
      ),
    update: (context, event) => ({ volumes: drop(context.volumes, event.name) }),
  },
});

/**
 * Keep the address index in step with a container's endpoints: the addresses it
 * held go (unless another container holds them now), the ones it holds come.
 */
function reindex(
  context: DockerdState,
  id: string,
  before: Readonly<Record<string, ContainerEndpoint>> | undefined,
  after: Readonly<Record<string, ContainerEndpoint>> | undefined,
): DockerdState['addresses'] {
  const index = context.addresses;
  for (const [network, ep] of Object.entries(before ?? {})) {
    const held = index[network];
    if (ep.ip && held?.[ep.ip] === id) {
      drop(held, ep.ip);
      addressReleased(held, ep.ip);
    }
  }
  for (const [network, ep] of Object.entries(after ?? {}))
    if (ep.ip) put((index[network] ??= stateDict()), ep.ip, id);
  return index;
}
