// The daemon keeps its newest messages only; a page that joins late rebuilds the same host
// and rewinds exactly to the oldest message it was sent (issue 10, defect 3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostHistory } from '../../src/sim/history/hostHistory';
import type { Message } from '../../src/sim/engine';
import { rebase } from '../../src/ui/remoteHost';
import type { RemoteUpdate } from './liveView';
import { type Daemon, startDaemon } from './server';
import { openEvents, request, until } from './testHttp';

let daemon: Daemon;
let port: number;

beforeAll(async () => {
  daemon = await startDaemon({ port: 0, seed: 1, quiet: true, keepMessages: 1000 });
  port = daemon.port!;
});
afterAll(() => daemon.close());

const json = { 'Content-Type': 'application/json' };

describe('a page that joins a daemon that dropped old messages', () => {
  it('is told how many were dropped and rewinds exactly over what it got', async () => {
    const api = { port };
    await request(
      api,
      'POST',
      '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=latest',
    );
    for (let i = 0; i < 60; i++) {
      await request(
        api,
        'POST',
        `/v1.50/containers/create?name=r${i}`,
        JSON.stringify({ Image: 'alpine', Cmd: ['true'] }),
        json,
      );
      await request(api, 'POST', `/v1.50/containers/r${i}/start`);
      if (i % 3 === 0) await request(api, 'DELETE', `/v1.50/containers/r${i}?force=1`);
    }
    const e = daemon.engine;
    expect(e.firstSeq).toBeGreaterThan(1);
    expect(e.trace.length).toBeLessThanOrEqual(1100);

    const events = await openEvents(port);
    await until(() => events.text().includes('\n\n'));
    events.close();
    const hello = JSON.parse(
      /^event: hello\ndata: (.*)$/m.exec(events.text())![1]!,
    ) as RemoteUpdate;
    expect(hello.firstSeq).toBe(e.firstSeq);
    expect(hello.keeps).toBe(1000);
    expect(hello.messages[0]!.seq).toBe(e.firstSeq);
    expect(hello.changes.start).toBeDefined();

    // What the page does with it (src/ui/remoteHost.ts): number from 1, rebuild the history.
    const base = hello.firstSeq - 1;
    const page = rebase(hello, base);
    const trace: Message[] = page.messages;
    trace.forEach((m, i) => expect(m.seq).toBe(i + 1));
    const history = new HostHistory(
      () => trace.length,
      (seq) => trace[seq - 1]?.time ?? 0,
    );
    history.startFrom(page.changes!.from, page.changes!.start!);
    for (const c of page.changes!.list) history.ingest(c);
    for (let seq = 1; seq <= trace.length; seq += 5)
      expect(history.at(seq), `page seq ${seq}`).toEqual(e.hostAt(seq + base));
    expect(history.at(trace.length).containers).toEqual(e.view().containers);
  }, 30_000);
});
