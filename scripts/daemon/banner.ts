// What `npm run daemon` prints at start: which address is which simulated Docker host, and
// lines the learner can paste to point the real CLI at each (DOCKER_HOST, -H, a context).
import type { ServedHost } from './server';

/** The start message: each host's address, then commands to paste (DOCKER_HOST, -H, contexts). */
export function startBanner(hosts: readonly ServedHost[]): string {
  const [local, ...others] = hosts;
  if (!local) return '';
  const width = Math.max(...hosts.map((h) => h.name.length));
  const web = local.url.startsWith('tcp://') ? local.url.replace('tcp://', 'http://') : null;
  const rows = hosts.map(
    (h, i) =>
      `  ${h.name.padEnd(width)}  ${h.url}${i === 0 ? '   your own daemon' + (web ? ' (and the page)' : '') : h.second ? '   a second dockerd on your machine (its own socket, roots and containerd namespace)' : ''}`,
  );
  const other = others[0];
  return `DockScope daemon: a simulated world of Docker hosts (Engine API 1.50), one address each:

${rows.join('\n')}

Point your real docker CLI at one, in another terminal:

  DOCKER_HOST=${local.url} docker run hello-world${
    other
      ? `
  docker -H ${other.url} run -d --name web nginx

or save the others as contexts (each command talks to the host its context names):

${others.map((h) => `  docker context create ${h.name} --docker host=${h.url}`).join('\n')}
  docker --context ${other.name} ps

Each host owns its own containers and images. These addresses are plain HTTP: inside the
simulation node-3's dockerd listens with --tlsverify on 2376, but this bridge serves its
Engine API without TLS.`
      : ''
  }
${web ? `\nWatch every request to every host travel through the architecture: open ${web}/\n` : ''}
Ctrl-C stops it (the simulated hosts are in memory and go with it).
`;
}
