import { expect, test } from './fixtures';

// Issue 14: stop dockerd (and its socket) and see the CLI's error; restart containerd and see
// the containers still up in `docker ps`.
test('stopping docker.service and docker.socket: the CLI cannot connect, and the diagram shows dockerd stopped', async ({
  app,
  page,
}) => {
  await app.open();
  await app.run('sudo systemctl stop docker');
  await app.skip();
  await app.waitForIdle(20_000);
  await app.expectTerminal(
    /Stopping 'docker\.service', but its triggering units are still active:/,
    {
      flat: true,
    },
  );
  await app.run('sudo systemctl stop docker.socket');
  await app.skip();
  await app.waitForIdle(20_000);
  await app.run('docker ps');
  await app.skip();
  await app.waitForIdle(10_000);
  await app.expectTerminal(
    /Cannot connect to the Docker daemon at unix:\/\/\/var\/run\/docker\.sock\. Is the docker daemon running\?/,
    { flat: true },
  );
  await expect(page.locator('.diagram-node[data-role="dockerd"]')).toHaveAttribute(
    'data-stopped',
    'true',
  );
});

test('restarting containerd keeps the containers running', async ({ app }) => {
  await app.open();
  await app.run('docker run -d --name web nginx');
  await app.skip();
  await app.waitForIdle(30_000);
  await app.run('sudo systemctl restart containerd');
  await app.skip();
  await app.waitForIdle(20_000);
  await app.run('docker ps');
  await app.skip();
  await app.waitForIdle(10_000);
  await app.expectTerminal(/Up (Less than a second|\d+ seconds?)\s+80\/tcp\s+web/, { flat: true });
});

test('the settings panel turns live-restore on: docker info says so', async ({ app, page }) => {
  await app.open();
  await page.getByTestId('settings-open').click();
  await page.getByTestId('setting-live-restore').check();
  await expect(page.getByTestId('setting-live-restore')).toBeEnabled({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Close' }).click();
  await app.run('docker info --format "{{.LiveRestoreEnabled}}"');
  await app.skip();
  await app.waitForIdle(10_000);
  await app.expectTerminal(/\btrue\b/, { flat: true });
});

test('the settings panel switches the image store to overlay2: docker info and the image say so', async ({
  app,
  page,
}) => {
  await app.open();
  await page.getByTestId('settings-open').click();
  await page.getByTestId('setting-image-store').selectOption('overlay2');
  await expect(page.getByTestId('setting-image-store')).toBeEnabled({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Close' }).click();
  await app.run('docker info --format "{{.Driver}}"');
  await app.skip();
  await app.waitForIdle(10_000);
  await app.expectTerminal(/\boverlay2\b/, { flat: true });
  await app.run('docker pull nginx');
  await app.skip();
  await app.waitForIdle(30_000);
  // A terminal rewrites each layer's line in place: what stays is Pull complete.
  await app.expectTerminal(/Status: Downloaded newer image for nginx:latest/, { flat: true });
  await app.run("docker image inspect -f '{{.GraphDriver.Name}} {{len .RootFS.Layers}}' nginx");
  await app.skip();
  await app.waitForIdle(10_000);
  await app.expectTerminal(/overlay2 7/, { flat: true });
});
