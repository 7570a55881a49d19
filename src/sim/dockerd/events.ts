/**
 * dockerd's event log (moby v28.2.2 daemon/events): every action on a
 * container, image, network or volume is published as one message, kept in a
 * ring of the last 256 (eventsLimit) and sent to every `GET /events` stream
 * that is open. `docker events --since` reads the ring; without `--since` or
 * `--until` a stream shows only what happens after it opened.
 *
 * Every component that logs an event calls `emitEvent` (or one of the helpers
 * below that fill the attributes the way moby's LogContainerEvent,
 * LogImageEvent, LogNetworkEvent and LogVolumeEvent do). Nothing else writes
 * the log.
 */
import type { Host } from '../host';
import { commit, contextOf } from '../core/actors';
import type { ContainerRecord, DockerdState, EventMessage, EventType } from './model';

export type { EventMessage, EventType };

/** moby daemon/events eventsLimit: the ring keeps the newest 256 messages. */
export const EVENTS_LIMIT = 256;

/** What a caller gives: the rest (scope, times, deprecated fields) is dockerd's. */
export interface EventInput {
  Type: EventType;
  /** `create`, `start`, `die`, `exec_start: sh -c ls`, `health_status: healthy`… */
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
}

type Listener = (m: EventMessage) => void;
/** The open `GET /events` streams of each daemon (runtime wiring, not state: the log is the state). */
const listeners = new WeakMap<Host, Set<Listener>>();

/** Keys sorted as Go marshals a map, so the JSON and the CLI's line agree with moby's. */
function sortedAttributes(attrs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(attrs).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    out[k] = attrs[k]!;
  return out;
}

/**
 * Log one event on `host`'s dockerd (moby Events.Log): stamped now, scope
 * `local`, the deprecated `status`/`id` filled for container and image events
 * and `from` for container events only, as moby 28 still does, kept in the ring
 * and sent to open streams.
 *
 * @example
 * emitEvent(host, { Type: 'container', Action: 'oom', Actor: { ID: c.id, Attributes: { image: 'alpine', name: 'web' } } });
 */
export function emitEvent(host: Host, event: EventInput): EventMessage {
  // Wall-clock time in whole microseconds: its nanoseconds print exactly as a JSON number.
  const micros = Math.round((host.epoch + host.scheduler.now) * 1000);
  const attributes = sortedAttributes(event.Actor.Attributes);
  const deprecated =
    event.Type === 'container'
      ? {
          status: event.Action,
          id: event.Actor.ID,
          ...(attributes.image ? { from: attributes.image } : {}),
        }
      : event.Type === 'image'
        ? { status: event.Action, id: event.Actor.ID }
        : {};
  const message: EventMessage = {
    ...deprecated,
    Type: event.Type,
    Action: event.Action,
    Actor: { ID: event.Actor.ID, Attributes: attributes },
    scope: 'local',
    time: Math.floor(micros / 1e6),
    timeNano: micros * 1000,
  };
  commit(host.dockerd, { type: 'event.logged', message });
  for (const l of listeners.get(host) ?? []) l(message);
  return message;
}

/** The ring as it is now (oldest first). */
export function loggedEvents(host: Host): readonly EventMessage[] {
  return contextOf<DockerdState>(host.dockerd).events ?? [];
}

/** Hear every event logged from now on; the returned function stops it (Evict). */
export function subscribeEvents(host: Host, l: Listener): () => void {
  let set = listeners.get(host);
  if (!set) listeners.set(host, (set = new Set()));
  set.add(l);
  return () => set.delete(l);
}

/**
 * moby LogContainerEventWithAttributes: the container's labels (its image's
 * and its own), then `image` (as the create request named it) and `name`,
 * then the action's own attributes (`exitCode`, `signal`, `execID`…).
 */
export function emitContainerEvent(
  host: Host,
  c: Pick<ContainerRecord, 'id' | 'name' | 'config'>,
  action: string,
  extra: Record<string, string> = {},
): EventMessage {
  const attrs: Record<string, string> = { ...extra, ...c.config.Labels };
  if (c.config.Image) attrs.image = c.config.Image;
  attrs.name = c.name.replace(/^\/+/, '');
  return emitEvent(host, {
    Type: 'container',
    Action: action,
    Actor: { ID: c.id, Attributes: attrs },
  });
}

/**
 * moby's containerd image service LogImageEvent: the image's labels (when it
 * still exists) and `name`. `id` is what moby passes as the image ID: the
 * reference for a pull (`nginx:latest`), the digest for a delete.
 */
export function emitImageEvent(
  host: Host,
  id: string,
  name: string,
  action: string,
  labels: Record<string, string> = {},
): EventMessage {
  const attrs: Record<string, string> = { ...labels };
  if (name !== '') attrs.name = name;
  return emitEvent(host, { Type: 'image', Action: action, Actor: { ID: id, Attributes: attrs } });
}

/** moby LogNetworkEventWithAttributes: `name` and `type` (the driver), and the action's own (`container`). */
export function emitNetworkEvent(
  host: Host,
  network: { id: string; name: string; driver: string },
  action: string,
  extra: Record<string, string> = {},
): EventMessage {
  return emitEvent(host, {
    Type: 'network',
    Action: action,
    Actor: { ID: network.id, Attributes: { ...extra, name: network.name, type: network.driver } },
  });
}

/** moby LogVolumeEvent: the volume's name as its ID, and the attributes the caller gives (`driver`…). */
export function emitVolumeEvent(
  host: Host,
  name: string,
  action: string,
  attributes: Record<string, string>,
): EventMessage {
  return emitEvent(host, {
    Type: 'volume',
    Action: action,
    Actor: { ID: name, Attributes: attributes },
  });
}
