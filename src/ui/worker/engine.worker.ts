// The engine's Web Worker: it owns the Engine, does each request the page sends,
// in order, and posts back what changed (see protocol.ts).
import { EngineServer, transferOf } from './engineServer';
import type { EngineRequest, WorkerMessage } from './protocol';

/** The worker's global scope, as far as it is used (the DOM lib types `self` as a Window). */
const scope = self as unknown as {
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<EngineRequest>) => void): void;
};
const server = new EngineServer();

let failed = false;

scope.addEventListener('message', (e: MessageEvent<EngineRequest>) => {
  if (failed) return;
  const message: WorkerMessage = { type: 'update', ...server.handle(e.data) };
  try {
    // The new messages' numeric columns move to the page rather than being copied.
    scope.postMessage(message, transferOf(message));
  } catch (error) {
    // Something in the answer cannot be cloned: the page would miss it, so say so and stop.
    failed = true;
    scope.postMessage({ type: 'failed', reason: String(error) });
  }
});
scope.postMessage(EngineServer.hello() satisfies WorkerMessage);
