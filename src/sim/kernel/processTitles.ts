import { commit } from '../core/actors';
import type { ProcessContext } from './processContext';

/**
 * What /proc/<pid>/cmdline shows once an image's entrypoint script has handed over
 * with `exec "$@"` (the same PID now runs the command), and once the program has
 * rewritten its own argv as some servers do: nginx's master calls ngx_setproctitle
 * with "master process" and its command line, so ps on the host shows
 * `nginx: master process nginx -g daemon off;`.
 */
export function titleOf(argv: readonly string[]): string[] {
  const name = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
  if (name === 'nginx') return [`nginx: master process ${argv.join(' ')}`];
  return [...argv];
}

/** The container's main process exec'd `argv` in its place: the kernel's record says so. */
export function execedInPlace(ctx: ProcessContext, argv: readonly string[]): void {
  commit(ctx.host.kernel, { type: 'process.exec', pid: ctx.spec.pid, argv: titleOf(argv) });
}
