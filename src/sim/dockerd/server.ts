import { aboutContainer } from '../trace/operations';
import type { Host } from '../host';
import { emitContainerEvent } from './events';
import type { Message } from '../core/types';
import { commit, contextOf } from '../core/actors';
import { resourceRoutes } from './routes/resources';
import { shimId } from '../core/types';
import { createRouter } from './router';
import { systemRoutes } from './routes/system';
import { imageRoutes } from './routes/images';
import { containerRoutes } from './routes/containers';
import { containerOpRoutes } from './routes/containerOps';
import { containerStreamRoutes } from './routes/containerStreams';
import { volumeRoutes } from './routes/volumes';
import { containerChangesRoutes } from './routes/containerChanges';
import { objectRoutes } from './routes/objects';
import { housekeepingRoutes } from './routes/housekeeping';
import { networkRoutes } from './routes/networks';
import { execRoutes } from './routes/exec';
import { lifecycleOpRoutes } from './routes/lifecycleOps';
// ── obs: docker top, events, cp ──
import { containerTopRoutes } from './routes/containerTop';
import { eventRoutes } from './routes/events';
import { archiveRoutes } from './routes/archive';
import { execStdinArrived, handleExecExit } from './exec';
import { handleExit } from './lifecycle';
import { listenerAnswer } from './listener';
import { dnsAnswer } from './dns';
import type { DockerdState } from './model';
import { daemonProcessAnswer } from './daemonProcess';

/** Every Engine API route DockScope serves, in one table. */
export const ENGINE_ROUTES = [
  ...systemRoutes,
  // Before the container routes: /containers/prune is not a container named "prune".
  ...housekeepingRoutes,
  ...imageRoutes,
  ...containerRoutes,
  ...containerOpRoutes,
  ...containerStreamRoutes,
  ...volumeRoutes,
  ...containerChangesRoutes,
  ...objectRoutes,
  ...networkRoutes,
  ...execRoutes,
  // ── life: pause, unpause ──
  ...lifecycleOpRoutes,
  // ── obs ──
  ...containerTopRoutes,
  ...eventRoutes,
  ...archiveRoutes,
  // ── res: update and stats ──
  ...resourceRoutes,
];

export const engineApi = createRouter(ENGINE_ROUTES);

/**
 * Put dockerd on the wire: it answers Engine API requests through the
 * router, and hears what arrives unasked: containerd's events (TaskExit) and
 * the containers' output on their stdio FIFOs.
 */
export function installDockerd(host: Host): void {
  host.net.register(
    host.daemonId,
    (inbound) =>
      daemonProcessAnswer(host, inbound) ??
      dnsAnswer(host, inbound) ??
      listenerAnswer(host, inbound) ??
      engineApi(host, inbound),
  );
  host.net.receive(host.daemonId, (m: Message) => {
    if (m.operation === '/tasks/exit') {
      const e = m.request as { id: string; container_id?: string; exit_status: number };
      // An exec's process: the event's id is the exec ID (libcontainerd's ProcessID).
      if (e.container_id !== undefined && e.id !== e.container_id) {
        host.scheduler.spawn(handleExecExit(host, e.id, e.exit_status));
        return;
      }
      host.io.taskExited(e.id);
      host.scheduler.spawn(handleExit(host, e.id, e.exit_status));
      return;
    }
    // ── res: TaskOOM: moby's monitor sets State.OOMKilled (a start clears it) ──
    if (m.operation === '/tasks/oom') {
      const id = (m.request as { container_id: string }).container_id;
      const c = contextOf<DockerdState>(host.dockerd).containers[id];
      if (c) {
        commit(host.dockerd, { type: 'container.updated', id, patch: { oomKilled: true } });
        // moby's TaskOOM handling: LogContainerEvent(c, events.ActionOOM).
        emitContainerEvent(host, c, 'oom');
      }
      return;
    }
    if (m.operation === '/tasks/start') {
      const id = (m.request as { container_id: string }).container_id;
      for (const text of host.io.taskStarted(id)) writeStdin(host, id, text, m.commandId);
      return;
    }
    if (m.protocol === 'stream' && m.from === 'client' && m.operation === 'stdin') {
      const input = m.request as {
        containerId: string;
        execId?: string;
        text?: string;
        eof?: boolean;
      };
      if (input.execId !== undefined) {
        execStdinArrived(host, input.execId, input.eof ? undefined : input.text, m.commandId);
        return;
      }
      const text = input.eof ? undefined : input.text;
      if (host.io.acceptStdin(input.containerId, text))
        writeStdin(host, input.containerId, text, m.commandId);
      return;
    }
    if (m.protocol === 'stream' && m.from.startsWith('container-')) {
      const out = m.request as {
        containerId: string;
        execId?: string;
        stream: 'stdout' | 'stderr';
        text: string;
      };
      // An exec's output goes to its own connection, never into the container's log.
      if (out.execId !== undefined) {
        host.io.emit(out.execId, out.stream, out.text);
        return;
      }
      if (!contextOf<DockerdState>(host.dockerd).containers[out.containerId]) return;
      host.logs.append(out.containerId, { stream: out.stream, text: out.text, time: m.time });
      host.io.emit(out.containerId, out.stream, out.text);
    }
  });
}

/**
 * dockerd copies input from the attach stream into the container's stdin FIFO
 * (containerd's cio), which the container's shim reads.
 */
function writeStdin(
  host: Host,
  containerId: string,
  text: string | undefined,
  commandId: number | undefined,
): void {
  host.net.send(
    host.daemonId,
    {
      to: shimId(containerId),
      protocol: 'stream',
      operation: 'stdin',
      op: 'dockerd.stdin.write',
      subjects: aboutContainer(containerId),
      request: text === undefined ? { containerId, eof: true } : { containerId, text },
      summary:
        text === undefined
          ? "the client closed its input: dockerd closes the container's stdin FIFO"
          : "dockerd copies the input from the attach stream into the container's stdin FIFO, which the shim reads",
    },
    commandId,
  );
}
