// ── sec: `id` and `whoami` for any UID/GID the process runs as (`docker run -u`) ──
/**
 * The process's identity is what runc init set (process.user: setuid, setgid,
 * setgroups); `id` prints it with the names the image's /etc/passwd and
 * /etc/group give, and the bare number for an ID they lack, as BusyBox's id
 * does (coreutils' too). DockScope knows these names: root and nobody in
 * both families, and the groups Alpine's /etc/group lists root in.
 */
import type { ProcessContext } from './processContext';
import type { RootfsFamily } from './builtins';
import { credentialsOf } from './credentials';

const USERS: Readonly<Record<number, string>> = { 0: 'root', 65534: 'nobody' };
const GROUPS: Record<RootfsFamily, Readonly<Record<number, string>>> = {
  busybox: {
    0: 'root',
    1: 'bin',
    2: 'daemon',
    3: 'sys',
    4: 'adm',
    6: 'disk',
    10: 'wheel',
    11: 'floppy',
    20: 'dialout',
    26: 'tape',
    27: 'video',
    65534: 'nobody',
  },
  debian: { 0: 'root', 65534: 'nogroup' },
  scratch: {},
};

/** The process's supplementary groups: the main process's from runc, an exec'd one's its own GID. */
function groupsOf(ctx: ProcessContext): number[] | undefined {
  if (ctx.spec.execId !== undefined) return undefined;
  return credentialsOf(ctx.host, ctx.containerId)?.groups;
}

/**
 * `id`'s line when the process is not plain root or nobody (whose lines
 * builtins.ts has), or undefined to leave it to them.
 */
export function idLine(ctx: ProcessContext, family: RootfsFamily): string | undefined {
  const uid = ctx.spec.uid ?? 0;
  const gid = ctx.spec.gid ?? 0;
  const groups = groupsOf(ctx);
  const plainRoot =
    uid === 0 && gid === 0 && (!groups || groups.length === 0 || isRootDefault(groups, family));
  const plainNobody = uid === 65534 && gid === 65534 && (!groups || groups.join() === '65534');
  if (plainRoot || plainNobody) return undefined;
  const named = (id: number, names: Readonly<Record<number, string>>) =>
    names[id] !== undefined ? `${id}(${names[id]})` : String(id);
  const g = GROUPS[family];
  const list = groups && groups.length ? groups : [gid];
  return `uid=${named(uid, USERS)} gid=${named(gid, g)} groups=${list.map((x) => named(x, g)).join(',')}\n`;
}

/** Root's groups as the image gives them (no --group-add): builtins.ts's line is exact. */
function isRootDefault(groups: readonly number[], family: RootfsFamily): boolean {
  const alpine = '0,1,2,3,4,6,10,11,20,26,27';
  return groups.join() === (family === 'busybox' ? alpine : '0');
}

/** `whoami` for a UID the image's passwd does not name: the tool's own error, exit 1. */
export function whoamiUnknown(ctx: ProcessContext, family: RootfsFamily): string | undefined {
  const uid = ctx.spec.uid ?? 0;
  if (USERS[uid] !== undefined) return undefined;
  return family === 'debian'
    ? `whoami: cannot find name for user ID ${uid}\n`
    : `whoami: unknown uid ${uid}\n`;
}
