/**
 * The create request's platform (obs), as moby v28.2.2 checks it with the
 * containerd image store: a `platform` the image does not provide is a 404
 * (daemon/containerd/image.go errPlatformNotFound), which makes `docker run`
 * pull that platform; without one, an image of another platform than the
 * host's gets dockerd's warning (daemon/create.go).
 *
 * The host platform in the warning is maximumSpec(): the host's architecture
 * with the variant its CPU supports. DockScope's amd64 host is taken to be an
 * x86-64-v3 CPU (AVX2, no AVX-512); a real host prints its own.
 */
import type { Host } from '../host';
import type { ImageRecord } from './model';
import { invalid, notFound } from './errors';
import { formatPlatform, parsePlatform } from '../image/platform';

const hostSpec = (host: Host) =>
  host.architecture === 'amd64' ? 'linux/amd64/v3' : 'linux/arm64/v8';

/** The warnings the platform gives (none or one); throws the 404 for a platform the image lacks. */
export function checkCreatePlatform(
  host: Host,
  requested: string | undefined,
  image: ImageRecord,
  imageName: string,
): string[] {
  if (requested) {
    const wanted = parsePlatform(requested);
    if (!wanted.ok) throw invalid(wanted.error);
    const p = wanted.platform;
    if (p.os !== image.platform.os || p.architecture !== image.platform.architecture)
      throw notFound(
        `image with reference ${imageName} was found but does not provide the specified platform (${formatPlatform(p)})`,
      );
    return [];
  }
  if (image.platform.architecture === host.architecture) return [];
  return [
    `The requested image's platform (${formatPlatform(image.platform)}) does not match the detected host platform (${hostSpec(host)}) and no specific platform was requested`,
  ];
}
