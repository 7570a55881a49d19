import { assign, setup } from 'xstate';
import { dict, dictFrom, drop, put } from '../core/records';
import {
  CONTAINER_TRANSITIONS,
  type ContainerRecord,
  type ContainerState,
  type DockerdState,
  type ImageRecord,
} from './model';

export type DockerdEvent =
  | { type: 'image.stored'; image: ImageRecord }
  | { type: 'image.tagged'; tag: string; imageId: string }
  | { type: 'image.untagged'; tag: string }
  | { type: 'image.deleted'; imageId: string }
  | { type: 'container.created'; container: ContainerRecord }
  | { type: 'container.moved'; id: string; to: ContainerState; patch?: Partial<ContainerRecord> }
  | { type: 'container.updated'; id: string; patch: Partial<Omit<ContainerRecord, 'id' | 'state'>> }
  | { type: 'container.removed'; id: string }
  | { type: 'ports.allocated'; id: string; keys: string[] }
  | { type: 'ports.released'; id: string };

export const initialDockerdState = (): DockerdState => ({
  images: dict(),
  tags: dict(),
  containers: dict(),
  names: dict(),
  ports: dict(),
});

/**
 * dockerd's memory: images, containers and their names, and published
 * ports. Every change is an event; the guard refuses state moves Docker never
 * makes, so a bug in a route shows up as a refused event, not a wrong `ps`.
 */
export const dockerdMachine = setup({
  types: { context: {} as DockerdState, events: {} as DockerdEvent },
  guards: {
    isAllowedMove: ({ context, event }) => {
      if (event.type !== 'container.moved') return false;
      const c = context.containers[event.id];
      return !!c && CONTAINER_TRANSITIONS[c.state].includes(event.to);
    },
    isNewContainer: ({ context, event }) =>
      event.type === 'container.created' &&
      !context.containers[event.container.id] &&
      !context.names[`/${event.container.name}`] &&
      !!context.images[event.container.imageId],
    isKnownContainer: ({ context, event }) =>
      'id' in event && typeof event.id === 'string' && !!context.containers[event.id],
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
            names: put(context.names, `/${event.container.name}`, event.container.id),
          })),
        },
        'container.moved': {
          guard: 'isAllowedMove',
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
          guard: 'isKnownContainer',
          actions: assign(({ context, event }) => {
            const c = context.containers[event.id]!;
            return {
              containers: drop(context.containers, event.id),
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
