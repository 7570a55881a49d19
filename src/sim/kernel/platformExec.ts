/**
 * A container whose image is built for another architecture (obs):
 * `docker run --platform linux/arm64 alpine` on an amd64 host. Its binaries
 * are ELF files for arm64; with no binfmt_misc emulation registered (none is
 * on this host), execve(2) fails with ENOEXEC. runc's init has already told
 * runc it is ready when it calls execve, so it can only print the error on
 * the container's stderr and exit 255 (libcontainer init_linux.go Init):
 * `exec /bin/sh: exec format error`. The container exits 255.
 */
import type { Host } from '../host';
import type { ImageInfo } from './rootfsImage';

/** Where Go's exec.LookPath finds a bare name (the image's PATH): BusyBox's applets in /bin, the rest in /usr/bin. */
const BUSYBOX_BIN = new Set([
  'sh',
  'ash',
  'echo',
  'ls',
  'cat',
  'sleep',
  'true',
  'false',
  'date',
  'hostname',
  'mkdir',
  'ps',
  'pwd',
  'rm',
  'grep',
  'sed',
  'cp',
  'mv',
  'ln',
  'chmod',
  'chown',
  'kill',
  'mount',
  'uname',
  'vi',
  'touch',
  'ping',
  'netstat',
  'dmesg',
  'df',
]);

function lookPath(info: ImageInfo, prog: string): string {
  if (prog.includes('/')) return prog;
  if (info.family === 'busybox') return `${BUSYBOX_BIN.has(prog) ? '/bin' : '/usr/bin'}/${prog}`;
  return `/usr/bin/${prog}`;
}

/** The line the failed execve leaves, or undefined when the image's binaries run here. */
export function execFormatError(
  host: Host,
  info: ImageInfo | undefined,
  argv: readonly string[],
): string | undefined {
  if (!info || info.image.platform.architecture === host.architecture) return undefined;
  return `exec ${lookPath(info, argv[0] ?? '')}: exec format error\n`;
}
