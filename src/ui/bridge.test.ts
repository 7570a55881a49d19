import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Engine } from '../sim/engine';
import type { Answer, EngineLink } from './worker/engineLink';
import type { EngineRequest, EngineUpdate } from './worker/protocol';

/**
 * The engine as the page meets it in a browser: in another thread, answering later.
 * Requests wait here until the test lets the worker answer them (`answerAll`).
 */
const worker = vi.hoisted(() => ({
  queue: [] as Array<{ request: EngineRequest; to: Answer }>,
  handle: null as ((request: EngineRequest) => EngineUpdate) | null,
  broken: null as Error | null,
}));

vi.mock('./worker/engineLink', async () => {
  const { EngineServer } = await import('./worker/engineServer');
  const server = new EngineServer();
  worker.handle = (request) => server.handle(request);
  const link: EngineLink = {
    hello: Promise.resolve(EngineServer.hello()),
    send: (request, to) => {
      if (worker.broken) to.fail(worker.broken);
      else worker.queue.push({ request, to });
    },
  };
  return { openEngineLink: () => Promise.resolve(link) };
});

const { bridge } = await import('./bridge');
const { player } = await import('./playback/player');
const { appStore } = await import('./store');

/** The worker answers everything sent so far, in order, each a structured clone as postMessage makes. */
async function answerAll(): Promise<void> {
  for (const { request, to } of worker.queue.splice(0))
    to.answer(structuredClone(worker.handle!(structuredClone(request))));
  await bridge.whenAnswered();
}

beforeAll(async () => {
  await bridge.ready();
});

describe('the bridge, with the engine answering from another thread', () => {
  it('gives a command its id at once and its result when the engine answers; busy meanwhile', async () => {
    expect(bridge.isReady).toBe(true);
    const pending = bridge.run('docker version');
    expect(pending.id).toBe(1);
    expect(bridge.busy).toBe(true);
    expect(bridge.trace).toHaveLength(0);
    await answerAll();
    const result = await pending.done;
    expect(bridge.busy).toBe(false);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Server: Docker Engine/);
    expect(bridge.trace.length).toBeGreaterThan(4);
    expect(bridge.run('docker ps').id).toBe(2);
    await answerAll();
  });

  it('Esc pressed before the answer skips what the answer brings', async () => {
    const stop = player.start();
    appStore.setState({ speed: 1 });
    player.skip();
    bridge.run('docker run hello-world');
    player.skip();
    await answerAll();
    expect(bridge.trace.length).toBeGreaterThan(50);
    expect(appStore.getState().animatedSeq).toBe(bridge.trace.length);
    expect(appStore.getState().inFlight).toBeNull();
    stop();
  });

  it('logs inputs as the engine does: replaying the page’s log gives the page’s trace', async () => {
    bridge.run('docker run -d --name web nginx');
    void bridge.advance(300);
    void bridge.advance(0);
    void bridge.advance(700);
    bridge.run('docker stop web');
    await answerAll();
    const { columns, inputs } = bridge.session;
    expect(inputs.filter((i) => i.op === 'advance').map((i) => i.op === 'advance' && i.ms)).toEqual(
      [1000],
    );
    const engine = Engine.replay(inputs, { seed: 1, tty: true, columns });
    expect(bridge.trace).toEqual(JSON.parse(JSON.stringify(engine.trace)));
  });

  it('holds what the learner’s action sends until the frame showing it is painted, in order', async () => {
    // A page that paints: frames are run by hand here.
    const frames: Array<() => void> = [];
    vi.stubGlobal('document', {});
    vi.stubGlobal('requestAnimationFrame', (f: () => void) => frames.push(f));
    const nextFrame = () => frames.splice(0).forEach((f) => f());
    try {
      const pending = bridge.run('docker ps');
      void bridge.advance(100);
      // Busy at once (the terminal waits), but nothing is posted to the worker yet.
      expect(bridge.busy).toBe(true);
      expect(worker.queue).toHaveLength(0);
      nextFrame(); // the frame that paints the echo
      expect(worker.queue).toHaveLength(0);
      nextFrame(); // the one after it: the echo is on screen
      expect(worker.queue.map((q) => q.request.type === 'input' && q.request.input.op)).toEqual([
        'run',
        'advance',
      ]);
      await answerAll();
      expect((await pending.done).exitCode).toBe(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a worker that stops fails what waits for it, and the terminal is not left waiting', async () => {
    worker.broken = new Error('the simulated host stopped: test');
    const pending = bridge.run('docker ps');
    await expect(pending.done).rejects.toThrow(/stopped/);
    expect(bridge.busy).toBe(false);
    worker.broken = null;
  });
});
