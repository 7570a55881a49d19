import type { EngineHello, EngineRequest, EngineUpdate, WorkerMessage } from './protocol';

/** What the link calls back with: the engine's answer, or why none will come. */
export interface Answer {
  answer(update: EngineUpdate): void;
  fail(error: Error): void;
}

/**
 * How the bridge talks to the engine: requests go out in order and each one's
 * answer comes back, in the same order, to the callbacks given with it.
 */
export interface EngineLink {
  /** The engine's code has loaded: what it says of the world. */
  readonly hello: Promise<EngineHello>;
  send(request: EngineRequest, to: Answer): void;
}

/**
 * The engine in a Web Worker: the page's main thread never runs it, so typing,
 * scrolling and animating never wait for a command to be computed.
 */
export class WorkerLink implements EngineLink {
  readonly hello: Promise<EngineHello>;
  private readonly waiting: Answer[] = [];
  /** Why the worker can answer no more (it failed): every request then fails with it. */
  private broken: Error | null = null;

  constructor(private readonly worker: Worker) {
    this.hello = new Promise((resolve, reject) => {
      const stop = (error: Error) => {
        reject(error);
        this.broken ??= error;
        for (const w of this.waiting.splice(0)) w.fail(this.broken);
      };
      worker.addEventListener('error', (e) =>
        stop(new Error(`the simulated host stopped: ${e.message || 'its worker failed'}`)),
      );
      worker.addEventListener('messageerror', () =>
        stop(new Error('the simulated host stopped: an answer could not be read')),
      );
      worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
        const data = e.data;
        if (data.type === 'hello') return resolve(data);
        if (data.type === 'failed')
          return stop(new Error(`the simulated host stopped: ${data.reason}`));
        this.waiting.shift()?.answer(data);
      });
    });
  }

  send(request: EngineRequest, to: Answer): void {
    if (this.broken) return to.fail(this.broken);
    this.waiting.push(to);
    this.worker.postMessage(request);
  }
}

/** The part of the worker's code the in-process link runs. */
export interface EngineHandler {
  handle(request: EngineRequest): EngineUpdate;
}

/**
 * The engine on the calling thread, answering at once (before `send` returns):
 * where no Worker exists (the unit tests, in Node). `clone` passes each request
 * and answer through structuredClone, as postMessage would.
 */
export class InProcessLink implements EngineLink {
  constructor(
    private readonly server: EngineHandler,
    readonly hello: Promise<EngineHello>,
    private readonly clone = false,
  ) {}

  send(request: EngineRequest, to: Answer): void {
    const update = this.server.handle(this.clone ? structuredClone(request) : request);
    to.answer(this.clone ? structuredClone(update) : update);
  }
}

/**
 * The engine's link for this page: a Web Worker where the browser has them; in
 * Node (the unit tests) the same server code on this thread, loaded on demand.
 */
export async function openEngineLink(): Promise<EngineLink> {
  if (typeof Worker !== 'undefined')
    return new WorkerLink(
      new Worker(new URL('./engine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'dockscope-engine',
      }),
    );
  const { EngineServer } = await import('./engineServer');
  return new InProcessLink(new EngineServer(), Promise.resolve(EngineServer.hello()));
}
