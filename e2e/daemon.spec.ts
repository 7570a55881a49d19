import { type ChildProcess, spawn } from 'node:child_process';
import { expect, test } from '@playwright/test';

// `npm run daemon` in its own process, on a free port, serving the built app (dist/).
let daemon: ChildProcess;
let base: string;
/** What the daemon printed at start: one line per host. */
let started = '';

test.beforeAll(async () => {
  daemon = spawn(process.execPath, ['--import', 'tsx', 'scripts/daemon.ts', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    daemon.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      started = out;
      // The learner's own host's line in the start message: `  local   tcp://127.0.0.1:PORT …`.
      const m = /^ {2}local +tcp:\/\/([\d.]+:\d+)/m.exec(out);
      if (m) resolve(`http://${m[1]}`);
    });
    daemon.on('exit', (code) => reject(new Error(`daemon exited with ${code}: ${out}`)));
  });
});
test.afterAll(() => {
  daemon.kill();
});

/** The server's trace, as the page's event channel carries it. */
async function serverTrace(): Promise<Array<{ seq: number; from: string; operation: string }>> {
  const r = await fetch(`${base}/_dockscope/trace`, { method: 'POST', body: '{}' });
  return ((await r.json()) as { messages: Array<{ seq: number; from: string; operation: string }> })
    .messages;
}

test('the page served by npm run daemon shows that host live, and its terminal drives it', async ({
  page,
}) => {
  await page.goto(`${base}/`);
  const terminal = page.getByTestId('terminal');
  await expect(terminal.locator('.xterm-rows')).toContainText('$');
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __seen: string[] }).__seen = seen;
    new MutationObserver((records) => {
      for (const r of records)
        r.addedNodes.forEach((n) => {
          if (!(n instanceof Element)) return;
          const all = [n, ...n.querySelectorAll('[data-testid=packet]')];
          for (const el of all)
            if (el.getAttribute('data-testid') === 'packet')
              seen.push(`${el.getAttribute('data-seq')} ${el.getAttribute('data-from')}`);
        });
    }).observe(document.body, { childList: true, subtree: true });
  });

  // A raw HTTP client stands in for the real docker CLI.
  const answer = await fetch(`${base}/v1.50/containers/json?all=1`);
  expect(answer.status).toBe(200);
  const request = (await serverTrace()).find(
    (m) => m.from === 'client' && m.operation === 'GET /v1.50/containers/json?all=1',
  );
  expect(request).toBeDefined();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __seen: string[] }).__seen))
    .toContain(`${request!.seq} client`);

  // The page's terminal runs on the same host.
  await terminal.click();
  await page.keyboard.type('docker pull hello-world');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(terminal.locator('.xterm-rows')).toContainText('Status: Downloaded newer image', {
    timeout: 60_000,
  });
  const images = (await (await fetch(`${base}/v1.50/images/json`)).json()) as Array<{
    RepoTags: string[];
  }>;
  expect(images.flatMap((i) => i.RepoTags)).toContain('hello-world:latest');

  // Rewind is exact here too: the page rebuilds the server's host history from the
  // changes it is sent, so the image appears at the very message dockerd stored it.
  const update = (await (
    await fetch(`${base}/_dockscope/trace`, { method: 'POST', body: '{}' })
  ).json()) as {
    messages: unknown[];
    changes: { list: Array<{ seq: number; kind: string; rows?: unknown[] }> };
  };
  const stored = update.changes.list.find((c) => c.kind === 'images' && c.rows?.length === 1)!;
  expect(stored).toBeDefined();
  const length = update.messages.length;
  const position = page.getByTestId('position');
  // Message by message (the page starts at the Overview, where a step may hold several).
  await page.getByTestId('detail-level').getByRole('button', { name: 'Under the hood' }).click();
  await page.getByTestId('pause').click();
  await page.keyboard.press('End');
  await expect(position).toHaveText(`${length}/${length}`);
  const strip = page.getByTestId('diagram-images');
  await expect(strip).toHaveAttribute('data-count', '1');
  for (let seq = length; seq > stored.seq; seq--) await page.getByTestId('step-back').click();
  await expect(position).toHaveText(`${stored.seq}/${length}`);
  await expect(strip).toHaveAttribute('data-count', '1');
  await page.getByTestId('step-back').click();
  await expect(strip).toHaveAttribute('data-count', '0');
});

test("a container the real CLI starts on node-2's port appears in node-2's box, not the learner's", async ({
  page,
}) => {
  await page.goto(`${base}/`);
  await expect(page.getByTestId('terminal').locator('.xterm-rows')).toContainText('$');
  // node-2 listens on the port after the learner's own (--port 0 gives each a free one: read it).
  const node2 = /^ {2}node-2 +tcp:\/\/([\d.]+:\d+)/m.exec(started)![1]!;
  const api = (method: string, path: string, body?: unknown) =>
    fetch(`http://${node2}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    });
  await api('POST', '/v1.50/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=latest');
  const created = (await (
    await api('POST', '/v1.50/containers/create?name=web', {
      Image: 'alpine',
      Cmd: ['sleep', '600'],
    })
  ).json()) as { Id: string };
  expect((await api('POST', `/v1.50/containers/${created.Id}/start`)).status).toBe(204);
  await page.getByTestId('pause').click();
  await page.keyboard.press('End');
  const id = created.Id.slice(0, 12);
  await expect(page.locator(`.react-flow__node[data-id="node-2/container-${id}"]`)).toBeVisible();
  await expect(page.locator(`.react-flow__node[data-id="container-${id}"]`)).toHaveCount(0);
});
