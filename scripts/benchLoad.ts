// The daemon under load (npm run bench): 20 concurrent real-CLI-shaped clients on loopback,
// each repeating ping, create, start, ps, stop, rm, for 10,000 requests in all.
import http from 'node:http';
import { startDaemon } from './daemon/server';

const CLIENTS = 20;
const REQUESTS = 10_000;
const CYCLE = 6;

interface Timed {
  status: number;
  body: string;
}

export async function benchLoad(): Promise<void> {
  const daemon = await startDaemon({ port: 0, seed: 1, quiet: true, serveApp: false });
  const port = Number(daemon.url.split(':').at(-1));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const latencies: number[] = [];
  const errors: string[] = [];
  const call = (method: string, path: string, body?: unknown): Promise<Timed> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request(
        {
          port,
          host: '127.0.0.1',
          method,
          path,
          agent,
          headers: data ? { 'Content-Type': 'application/json' } : {},
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            resolve({ status: res.statusCode ?? 0, body: text });
          });
        },
      );
      req.on('error', (e) => {
        errors.push(`${method} ${path}: ${e.message}`);
        resolve({ status: 0, body: '' });
      });
      req.end(data);
    });
  const expect = (r: Timed, status: number, what: string) => {
    if (r.status !== status) errors.push(`${what}: ${r.status} ${r.body.trim()}`);
  };

  await call('POST', '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Fnginx&tag=latest');
  latencies.length = 0;
  const cycles = Math.ceil(REQUESTS / CYCLE / CLIENTS);
  let sent = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; i < cycles; i++) {
        const name = `load-${client}-${i}`;
        expect(await call('HEAD', '/_ping'), 200, 'ping');
        const created = await call('POST', `/v1.50/containers/create?name=${name}`, {
          Image: 'nginx',
        });
        expect(created, 201, `create ${name}`);
        expect(await call('POST', `/v1.50/containers/${name}/start`), 204, `start ${name}`);
        expect(await call('GET', '/v1.50/containers/json'), 200, 'ps');
        expect(await call('POST', `/v1.50/containers/${name}/stop`), 204, `stop ${name}`);
        expect(await call('DELETE', `/v1.50/containers/${name}`), 204, `rm ${name}`);
        sent += CYCLE;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  // Leftovers on the host are lost containers; the image must still be there.
  const view = daemon.engine.view();
  const leftovers = view.containers.length + view.shims.length;
  const imageKept = view.images.some((i) => i.tags.includes('nginx:latest'));
  agent.destroy();
  await daemon.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
  console.log(
    `daemon load: ${sent} requests from ${CLIENTS} clients in ${seconds.toFixed(1)} s: ${(sent / seconds).toFixed(0)} req/s, p50 ${pct(0.5).toFixed(2)} ms, p99 ${pct(0.99).toFixed(2)} ms, ${errors.length} errors, ${leftovers} lost containers/shims, image ${imageKept ? 'kept' : 'LOST'} (budget: 0 errors, 0 lost)`,
  );
  for (const e of errors.slice(0, 5)) console.log(`  error: ${e}`);
}
