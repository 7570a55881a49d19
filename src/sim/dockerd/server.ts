import type { Host } from '../host';
import type { Message } from '../core/types';
import { contextOf } from '../core/actors';
import { createRouter } from './router';
import { systemRoutes } from './routes/system';
import { imageRoutes } from './routes/images';
import { containerRoutes } from './routes/containers';
import { containerOpRoutes } from './routes/containerOps';
import { containerStreamRoutes } from './routes/containerStreams';
import { handleExit } from './lifecycle';
import { listenerAnswer } from './listener';
import type { DockerdState } from './model';

/** Every Engine API route DockScope serves, in one table. */
export const ENGINE_ROUTES = [
  ...systemRoutes,
  ...imageRoutes,
  ...containerRoutes,
  ...containerOpRoutes,
  ...containerStreamRoutes,
];

export const engineApi = createRouter(ENGINE_ROUTES);

/**
 * Put dockerd on the wire: it answers Engine API requests through the
 * router, and hears what arrives unasked: containerd's events (TaskExit) and
 * the containers' output on their stdio FIFOs.
 */
export function installDockerd(host: Host): void {
  host.net.register(
    'dockerd',
    (inbound) => listenerAnswer(host, inbound) ?? engineApi(host, inbound),
  );
  host.net.receive('dockerd', (m: Message) => {
    if (m.operation === '/tasks/exit') {
      const e = m.request as { id: string; exit_status: number };
      host.scheduler.spawn(handleExit(host, e.id, e.exit_status));
      return;
    }
    if (m.protocol === 'stream' && m.from === 'client' && m.operation === 'stdin') {
      const input = m.request as { containerId: string; text?: string; eof?: boolean };
      host.io.writeStdin(input.containerId, input.eof ? undefined : input.text);
      return;
    }
    if (m.protocol === 'stream' && m.from.startsWith('container-')) {
      const out = m.request as { containerId: string; stream: 'stdout' | 'stderr'; text: string };
      if (!contextOf<DockerdState>(host.dockerd).containers[out.containerId]) return;
      host.logs.append(out.containerId, { stream: out.stream, text: out.text, time: m.time });
      host.io.emit(out.containerId, out.stream, out.text);
    }
  });
}
