import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from './fixtures';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Show only one component's (and optionally one protocol's) messages, then click the row that matches. */
async function pick(
  page: Page,
  filter: { component?: string; protocol?: string },
  row: { text: string | RegExp; status?: string; nth?: number },
): Promise<Locator> {
  await page.getByTestId('timeline-component').selectOption(filter.component ?? '');
  await page.getByTestId('timeline-protocol').selectOption(filter.protocol ?? '');
  let rows = page.getByTestId('timeline-item').filter({ hasText: row.text });
  if (row.status)
    rows = rows.filter({ has: page.locator('.timeline__status', { hasText: row.status }) });
  const item = rows.nth(row.nth ?? 0);
  await item.scrollIntoViewIfNeeded();
  await item.click();
  return item;
}

async function seriousViolations(page: Page) {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: object,
            options: object,
          ) => Promise<{
            violations: Array<{
              id: string;
              impact: string | null;
              nodes: Array<{ target: string[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    // The diagram's own nodes are a11y.spec's to check; this scan is for the inspector's half of the page.
    return (
      await axe.run({ exclude: [['[data-testid="diagram"]']] }, { resultTypes: ['violations'] })
    ).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target) }));
}

test('the inspector shows what each message really carries', async ({ app, page }) => {
  await app.open();
  await app.run('docker run -d -p 8080:80 --name web nginx');
  await app.skip();
  await app.waitForIdle(10_000);
  const inspector = page.getByTestId('inspector');

  // An Engine API request: method, full path with query, headers, JSON body; then its answer.
  await pick(
    page,
    { component: 'client', protocol: 'http' },
    { text: 'POST /containers/create?name=web', nth: 0 },
  );
  await expect(inspector.getByTestId('inspector-operation')).toHaveText(
    'POST /v1.50/containers/create?name=web',
  );
  await expect(inspector).toContainText('Content-Type');
  await expect(inspector).toContainText('application/json');
  // The 123-line body starts collapsed; the toggle opens it.
  const expand = inspector.getByRole('button', { name: /Show all \d+ lines/ });
  await expect(expand).toHaveAttribute('aria-expanded', 'false');
  await expect(inspector).not.toContainText('"HostPort": "8080"');
  await expand.click();
  await expect(inspector.getByRole('button', { name: 'Show less' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(inspector).toContainText('"Image": "nginx"');
  await expect(inspector).toContainText('"HostPort": "8080"');
  await inspector.getByRole('button', { name: /Show the response/ }).click();
  await expect(inspector.getByTestId('inspector-status')).toHaveText('→ 404 Not Found');
  await expect(inspector).toContainText('"message": "No such image: nginx:latest"');

  // The registry's challenge, and the digest a tag resolves to.
  await pick(page, { component: 'registry' }, { text: 'manifests/latest', status: '401' });
  await expect(inspector.getByTestId('inspector-status')).toHaveText('→ 401 Unauthorized');
  await expect(inspector).toContainText('Www-Authenticate');
  await expect(inspector).toContainText(
    'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
  );
  await pick(
    page,
    { component: 'registry' },
    { text: 'HEAD /v2/library/nginx/manifests/latest', status: '200' },
  );
  await expect(inspector).toContainText('Docker-Content-Digest');
  await expect(inspector.locator('dd', { hasText: /^sha256:[0-9a-f]{64}$/ })).toHaveCount(1);

  // runc create: argv and the OCI config that makes it a container.
  await pick(page, { component: 'runc', protocol: 'exec' }, { text: 'runc create', nth: 0 });
  await expect(inspector.getByTestId('inspector-operation')).toHaveText('runc create');
  await expect(inspector).toContainText('runc --root /var/run/docker/runtime-runc/moby');
  await expect(inspector).toContainText(
    'create --bundle /run/containerd/io.containerd.runtime.v2.task/moby/',
  );
  await expect(inspector).toContainText('mount, network, uts, pid, ipc, cgroup');
  await expect(inspector).toContainText('CAP_NET_BIND_SERVICE');
  await expect(inspector).toContainText('SCMP_ACT_ERRNO');

  // A syscall with its flags.
  await pick(page, { component: 'kernel', protocol: 'syscall' }, { text: 'clone(', nth: 0 });
  await expect(inspector).toContainText(
    'CLONE_NEWNS|CLONE_NEWNET|CLONE_NEWUTS|CLONE_NEWPID|CLONE_NEWIPC|CLONE_NEWCGROUP',
  );
  await expect(inspector).toContainText('Why this happens:');
  // Backticks in a summary are code, not literal characters.
  await expect(inspector.locator('.inspector__summary code', { hasText: 'runc init' })).toHaveCount(
    1,
  );
  await expect(inspector.locator('.inspector__summary')).not.toContainText('`');
  await expect(app.narration.locator('code', { hasText: 'runc init' })).toHaveCount(1);
  await expect(app.narration).not.toContainText('`');

  // With the inspector full of content, nothing serious for axe.
  const violations = await seriousViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
});

test('switching the detail level changes the narration and keeps the position', async ({
  app,
  page,
}) => {
  await app.open();
  await app.run('docker run -d -p 8080:80 --name web nginx');
  await app.skip();
  await app.waitForIdle(10_000);
  const item = await pick(
    page,
    { component: 'runc', protocol: 'exec' },
    { text: 'runc create', nth: 0 },
  );
  const seq = await item.getAttribute('data-seq');
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toHaveAttribute('data-seq', seq!);
  const scrubber = page.getByTestId('scrubber');
  const position = await scrubber.inputValue();

  const level = page.getByTestId('detail-level');
  await expect(level.getByRole('button', { name: 'Under the hood' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(app.narration).toContainText('runc create');

  await level.getByRole('button', { name: 'Overview' }).click();
  await expect(level.getByRole('button', { name: 'Overview' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(app.narration).toHaveAttribute('data-level', 'overview');
  await expect(app.narration).toContainText(
    'dockerd asks containerd to create the container’s process',
  );
  await expect(app.narration).toContainText('dockerd → Docker host internals');
  await expect(scrubber).toHaveValue(position);
  await expect(inspector).toHaveAttribute('data-seq', seq!);
  await expect(inspector.getByTestId('inspector-step')).toContainText(
    'dockerd asks containerd to create the container’s process',
  );

  await level.getByRole('button', { name: 'Under the hood' }).click();
  await expect(app.narration).toContainText('runc create');
  await expect(scrubber).toHaveValue(position);
});

test('exports the command as Mermaid text naming the real operations, and the diagram as PNG', async ({
  app,
  page,
}) => {
  await app.open();
  await app.run('docker run -d -p 8080:80 --name web nginx');
  await app.skip();
  await app.waitForIdle(10_000);

  await page.getByTestId('export-mermaid').click();
  const text = page.getByTestId('mermaid-text');
  await expect(text).toBeVisible();
  const mermaid = await text.inputValue();
  expect(mermaid).toMatch(
    /^sequenceDiagram\n {2}title docker run -d -p 8080:80 --name web nginx\n/,
  );
  expect(mermaid).toContain('client->>dockerd: POST /v1.50/containers/create?name=web');
  expect(mermaid).toContain('dockerd->>containerd: containerd.services.tasks.v1.Tasks/Create');
  expect(mermaid).toContain(
    'registry-->>dockerd: 401 Unauthorized HEAD /v2/library/nginx/manifests/latest',
  );
  expect(mermaid).toMatch(/->>runc: runc create/);
  const violations = await seriousViolations(page);
  expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(text).toBeHidden();

  // At the overview level: one arrow per step, internal calls by their title.
  await page.getByTestId('detail-level').getByRole('button', { name: 'Overview' }).click();
  await page.getByTestId('export-mermaid').click();
  const overview = await text.inputValue();
  expect(overview).toContain('dockerd->>host: dockerd asks containerd to start the container');
  expect(overview).not.toContain('runc create');
  // Only the overview's components, plus one participant for the inside of the host.
  expect(overview).toContain('participant host as Docker host internals');
  expect(overview).not.toMatch(/participant (containerd|runc|kernel|shim_|container_)/);
  expect(overview).not.toContain('components inside the host work together');
  // The pull's progress reaches the CLI, and its frames are not one arrow each: with the
  // containerd store every layer downloads and unpacks at once, so most frames report on
  // dockerd's calls into the host and stay in those steps.
  expect(overview).toMatch(
    /dockerd-\)client: (dockerd streams the pull progress to the CLI|pull progress)/,
  );
  expect(overview.match(/dockerd-\)client: progress:/g)?.length ?? 0).toBeLessThan(20);
  expect(overview.split('\n').length).toBeLessThan(mermaid.split('\n').length);
  await page.keyboard.press('Escape');
  await expect(text).toBeHidden();

  const download = page.waitForEvent('download');
  await page.getByTestId('export-png').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('dockscope-diagram.png');
  const path = await file.path();
  const bytes = readFileSync(path);
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(10_000);
});
