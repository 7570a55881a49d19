import { assign, setup } from 'xstate';
import { dict, dictFrom, drop, put } from '../core/records';
import type { ContainerRecord, ContainerState, DockerdState, ImageRecord } from './model';
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
  | { type: 'ports.allocated'; id: string; keys: string[] }
  | { type: 'ports.released'; id: string };

export const initialDockerdState = (): DockerdState => ({
  images: dict(),
  tags: dict(),
  containers: dict(),
  lifecycles: dict(),
  names: dict(),
  ports: dict(),
  nextIp: 2,
});

/**
 * dockerd's memory: images, containers and their names, and published
 * ports. Every change is an event. A container's state moves only in its own
 * lifecycle machine (`containerLifecycle.ts`), which refuses moves Docker
 * never makes; the record here follows the machine, and the guard refuses a
 * record state the machine is not in, so a bug in a route shows up as a
 * refused event, not a wrong `ps`.
 */
export const dockerdMachine = setup({
  types: { context: {} as DockerdState, events: {} as DockerdEvent },
  guards: {
    followsLifecycle: ({ context, event }) => {
      if (event.type !== 'container.moved') return false;
      const lifecycle = context.lifecycles[event.id];
      return (
        !!lifecycle && !!context.containers[event.id] && lifecycleState(lifecycle) === event.to
      );
    },
    isNewContainer: ({ context, event }) =>
      event.type === 'container.created' &&
      lifecycleState(event.lifecycle) === event.container.state &&
      !context.containers[event.container.id] &&
      !context.names[`/${event.container.name}`] &&
      !!context.images[event.container.imageId],
    isKnownContainer: ({ context, event }) =>
      'id' in event && typeof event.id === 'string' && !!context.containers[event.id],
    isRemovedContainer: ({ context, event }) =>
      event.type === 'container.removed' &&
      !!context.containers[event.id] &&
      context.lifecycles[event.id]?.getSnapshot().status === 'done',
  },
}).createMachine({
  id: 'dockerd',
  context: initialDockerdState,
  initial: 'running',
  states: {
    running: {
      on: {
        'image.stored': {
          actions: assign(({ context, event }) => ({
            images: put(context.images, event.image.id, event.image),
          })),
        },
        'image.tagged': {
          actions: assign(({ context, event }) => ({
            tags: put(context.tags, event.tag, event.imageId),
          })),
        },
        'image.untagged': {
          actions: assign(({ context, event }) => ({ tags: drop(context.tags, event.tag) })),
        },
        'image.deleted': {
          actions: assign(({ context, event }) => ({
            images: drop(context.images, event.imageId),
          })),
        },
        'container.created': {
          guard: 'isNewContainer',
          actions: assign(({ context, event }) => ({
            containers: put(context.containers, event.container.id, event.container),
            lifecycles: put(context.lifecycles, event.container.id, event.lifecycle),
            names: put(context.names, `/${event.container.name}`, event.container.id),
            nextIp: context.nextIp + 1,
          })),
        },
        'container.moved': {
          guard: 'followsLifecycle',
          actions: assign(({ context, event }) => {
            const c = context.containers[event.id]!;
            return {
              containers: put(context.containers, event.id, {
                ...c,
                ...event.patch,
                state: event.to,
              }),
            };
          }),
        },
        'container.updated': {
          guard: 'isKnownContainer',
          actions: assign(({ context, event }) => ({
            containers: put(context.containers, event.id, {
              ...context.containers[event.id]!,
              ...event.patch,
            }),
          })),
        },
        'container.removed': {
          guard: 'isRemovedContainer',
          actions: assign(({ context, event }) => {
            const c = context.containers[event.id]!;
            return {
              containers: drop(context.containers, event.id),
              lifecycles: drop(context.lifecycles, event.id),
              names: drop(context.names, `/${c.name}`),
            };
          }),
        },
        'ports.allocated': {
          actions: assign(({ context, event }) => {
            for (const k of event.keys) put(context.ports, k, event.id);
            return { ports: context.ports };
          }),
        },
        'ports.released': {
          actions: assign(({ context, event }) => ({
            ports: dictFrom(Object.entries(context.ports).filter(([, v]) => v !== event.id)),
          })),
        },
      },
    },
  },
});
