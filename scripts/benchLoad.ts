// The daemon under load (npm run bench): 50 keep-alive clients on loopback, 100,000 requests
// in a mix like the real CLI's (ping, version, ps, images, create/wait/start/rm of short
// containers), with a few 404s and large bodies. Reports throughput, latency, errors and the
// daemon's memory before and after (with a GC): with the trace and host history bounded, RSS
// must stay flat however long it runs.
import http from 'node:http';
import { startDaemon } from './daemon/server';

interface Options {
  /** Requests in all (default 100,000; `npm run bench -- --requests N`). */
  requests?: number;
  clients?: number;
  /** Trace messages the daemon keeps (default: the daemon's own default). */
  keepMessages?: number;
}

interface Answer {
  status: number;
  body: string;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Memory once garbage is collected and V8 has had an idle moment to give pages back. */
async function settled(): Promise<{ rss: number; heap: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 500));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
}

export async function benchLoad(opts: Options = {}): Promise<void> {
  const REQUESTS = opts.requests ?? 100_000;
  const CLIENTS = opts.clients ?? 50;
  const daemon = await startDaemon({
    port: 0,
    seed: 1,
    quiet: true,
    serveApp: true,
    ...(opts.keepMessages ? { keepMessages: opts.keepMessages } : {}),
  });
  const port = Number(daemon.url.split(':').at(-1));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies = new Float64Array(REQUESTS + 1000);
  let done = 0;
  const errors: string[] = [];
  let expected4xx = 0;

  const call = (method: string, path: string, body?: string): Promise<Answer> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = http.request(
        {
          port,
          host: '127.0.0.1',
          method,
          path,
          agent,
          headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            if (done < latencies.length) latencies[done] = performance.now() - t0;
            done++;
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
          });
        },
      );
      req.on('error', (e) => {
        errors.push(`${method} ${path}: ${e.message}`);
        done++;
        resolve({ status: 0, body: '' });
      });
      req.end(body);
    });
  const check = (r: Answer, status: number, what: string) => {
    if (r.status !== status) errors.push(`${what}: ${r.status} ${r.body.trim().slice(0, 200)}`);
    else if (status >= 400) expected4xx++;
  };

  await call('POST', '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=latest');
  done = 0;
  const before = await settled();
  let rssPeak = before.rss;
  // RSS after a GC at every tenth of the run: flat once warmed up, or growing with the requests.
  const series: number[] = [];
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    if (done >= ((series.length + 1) * REQUESTS) / 10) {
      (globalThis as { gc?: () => void }).gc?.();
      series.push(process.memoryUsage().rss);
    }
  }, 500);
  const bigLabel = 'x'.repeat(200_000);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; done < REQUESTS; i++) {
        const name = `load-${client}-${i}`;
        check(await call('HEAD', '/_ping'), 200, 'ping');
        check(await call('GET', '/v1.50/version'), 200, 'version');
        check(await call('GET', '/v1.50/containers/json'), 200, 'ps');
        check(await call('GET', '/v1.50/images/json'), 200, 'images');
        // docker run --rm alpine true, as the CLI does it: create, wait, start, then rm.
        // Now and then (not every client at once) a large body: a 200 KB label.
        const big = (i + client) % 50 === 7;
        const created = await call(
          'POST',
          `/v1.50/containers/create?name=${name}`,
          JSON.stringify({
            Image: 'alpine',
            Cmd: ['true'],
            ...(big ? { Labels: { big: bigLabel } } : {}),
          }),
        );
        check(created, 201, `create ${name}`);
        const waited = call('POST', `/v1.50/containers/${name}/wait?condition=next-exit`);
        check(await call('POST', `/v1.50/containers/${name}/start`), 204, `start ${name}`);
        const w = await waited;
        check(w, 200, `wait ${name}`);
        if (w.status === 200 && w.body.trim() !== '{"StatusCode":0}')
          errors.push(`wait ${name}: ${w.body.trim()}`);
        check(await call('DELETE', `/v1.50/containers/${name}`), 204, `rm ${name}`);
        // dockerd's own answers: 404s, and a body that is not JSON.
        if (i % 5 === 0)
          check(await call('GET', `/v1.50/containers/nosuch-${name}/json`), 404, 'inspect missing');
        if (i % 10 === 0) check(await call('GET', '/v1.50/nonsense'), 404, 'unknown path');
        if ((i + client) % 100 === 3)
          check(
            await call('POST', '/v1.50/containers/create', `[${'1,'.repeat(500_000)}`),
            400,
            'bad JSON',
          );
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU per request stays meaningful on a busy machine, where req/s does not.
  const cpuPerRequest = (cpu.user + cpu.system) / 1000 / done;
  clearInterval(sampler);
  const view = daemon.engine.view();
  const leftovers = view.containers.length + view.shims.length;
  const kept = daemon.engine.trace.length;
  const firstSeq = daemon.engine.firstSeq;
  agent.destroy();
  const after = await settled();
  await daemon.close();
  const sorted = Array.from(latencies.subarray(0, Math.min(done, latencies.length))).sort(
    (a, b) => a - b,
  );
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
  console.log(
    `daemon load: ${done} requests from ${CLIENTS} keep-alive clients in ${seconds.toFixed(1)} s: ${(done / seconds).toFixed(0)} req/s, p50 ${pct(0.5).toFixed(2)} ms, p99 ${pct(0.99).toFixed(2)} ms, ${cpuPerRequest.toFixed(2)} ms CPU/request (daemon and clients), ${errors.length} errors (${expected4xx} 4xx answers as dockerd gives them), ${leftovers} lost containers/shims (budget: 0 errors, 0 lost)`,
  );
  console.log(
    `daemon memory: RSS ${mb(before.rss)} before, ${mb(after.rss)} after a GC (${after.rss >= before.rss ? '+' : ''}${mb(after.rss - before.rss)}; peak ${mb(rssPeak)}; budget: < 100 MB growth); JS heap ${mb(before.heap)} → ${mb(after.heap)} (total ${mb(process.memoryUsage().heapTotal)}); after a GC at each tenth of the run: ${series.map((r) => (r / 1024 / 1024).toFixed(0)).join(', ')} MB; trace keeps ${kept} messages from seq ${firstSeq} on${(globalThis as { gc?: unknown }).gc ? '' : ' [run with --expose-gc for exact numbers]'}`,
  );
  for (const e of errors.slice(0, 5)) console.log(`  error: ${e}`);
}
