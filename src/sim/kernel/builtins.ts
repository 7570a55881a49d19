import type { Host } from '../host';
import { dictFrom } from '../core/records';
import type { Task } from '../core/scheduler';
import type { ProcessContext } from './processContext';
import { ContainerFs } from './containerFiles';
import { cwdOf } from './processView';
import { FILE_TOOLS, type Tool } from './fileTools';
import { BUSYBOX_PS, SYSTEM_TOOLS } from './systemTools';
import { NET_TOOLS } from './netTools';
import { echoBuiltin, printfBuiltin } from '../shell/textBuiltins';
import { NOT_SIMULATED_STATUS } from '../shell/interpreter';
import { idLine, whoamiUnknown } from './identity';

/** Which root filesystem an image has: BusyBox (alpine, busybox), Debian, or nothing but one binary (scratch). */
export type RootfsFamily = 'busybox' | 'debian' | 'scratch';

export type Builtin = (ctx: ProcessContext, args: string[]) => Task<number>;

const OS_RELEASE: Record<RootfsFamily, string> = {
  busybox:
    'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
  debian:
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
  scratch: '',
};

/**
 * `id` as root. Alpine's /etc/group lists root in bin, daemon, sys, adm,
 * disk, wheel, floppy, dialout, tape and video, and dockerd gives the process
 * those supplementary groups (getUser: the user's memberships in the image's
 * /etc/group); Debian's lists root in none.
 */
const IDS: Record<RootfsFamily, string> = {
  busybox:
    'uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)\n',
  debian: 'uid=0(root) gid=0(root) groups=0(root)\n',
  scratch: '',
};

/** nobody's UID and GID in both Alpine and Debian. */
const NOBODY = 65534;

/**
 * `id` as nobody (`docker exec -u nobody`): its own group only, nobody in Alpine's
 * /etc/group and nogroup in Debian's, with no other memberships.
 */
const NOBODY_IDS: Record<RootfsFamily, string> = {
  busybox: 'uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n',
  debian: 'uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n',
  scratch: '',
};

/** The process's user name, for the two users DockScope knows (undefined for another UID). */
export function userOf(ctx: ProcessContext): string | undefined {
  const uid = ctx.spec.uid ?? 0;
  return uid === 0 ? 'root' : uid === NOBODY ? 'nobody' : undefined;
}

function notSimulatedUser(ctx: ProcessContext): Task<number> {
  ctx.write(
    'stderr',
    `DockScope simulates the users root (0) and nobody (65534) only, not UID ${ctx.spec.uid ?? 0}\n`,
  );
  return done(NOT_SIMULATED_STATUS);
}

/** A builtin that finishes at once, as a task (no waiting involved). */
function* done(code: number): Task<number> {
  yield* [];
  return code;
}

/** The files a process in the container sees: its writes, Docker's bind mounts, the image's. */
export function filesOf(
  ctx: ProcessContext,
  family: RootfsFamily,
  cwd: () => string = () => cwdOf(ctx),
): ContainerFs {
  const known: Record<string, string> =
    family === 'scratch' ? {} : { '/etc/os-release': OS_RELEASE[family] };
  return new ContainerFs(ctx.host, ctx.containerId, family, known, cwd);
}

// ── obs: docker cp reads and writes the same files, from dockerd's side ──
/** The files of a container's root as `filesOf` gives them, for a caller that is no process in it. */
export function rootFilesOf(host: Host, containerId: string, family: RootfsFamily): ContainerFs {
  const known: Record<string, string> =
    family === 'scratch' ? {} : { '/etc/os-release': OS_RELEASE[family] };
  return new ContainerFs(host, containerId, family, known);
}

/**
 * The everyday commands a learner types after the image name
 * (`docker run alpine echo hi`), with the output and exit codes of BusyBox
 * or Debian's coreutils. Each family's table is built once: every exec in a
 * container looks its program up here.
 */
const builtinTables = new Map<RootfsFamily, Readonly<Record<string, Builtin>>>();
export function builtinsFor(family: RootfsFamily): Readonly<Record<string, Builtin>> {
  let table = builtinTables.get(family);
  if (!table) builtinTables.set(family, (table = buildBuiltins(family)));
  return table;
}

function buildBuiltins(family: RootfsFamily): Record<string, Builtin> {
  const tools: Record<string, Tool> = {
    ...FILE_TOOLS,
    ...SYSTEM_TOOLS,
    ...(family === 'busybox' ? { ...NET_TOOLS, ...BUSYBOX_PS } : {}),
  };
  const withFiles = dictFrom(
    Object.entries(tools).map(([name, tool]) => [
      name,
      (ctx: ProcessContext, args: string[]) =>
        tool(ctx, args, { family, fs: filesOf(ctx, family) }),
    ]),
  );
  return {
    ...withFiles,
    echo: (ctx, args) => done(echoBuiltin(args, ctx)),
    printf: (ctx, args) => done(printfBuiltin(args, ctx, family === 'busybox' ? 'ash' : 'dash')),
    true: () => done(0),
    false: () => done(1),
    hostname: (ctx) => {
      ctx.write('stdout', `${ctx.hostname}\n`);
      return done(0);
    },
    whoami: (ctx) => {
      // ── sec: a UID without a name in the image's passwd (`-u 1000`) ──
      const unknown = whoamiUnknown(ctx, family);
      if (unknown) {
        ctx.write('stderr', unknown);
        return done(1);
      }
      const user = userOf(ctx);
      if (!user) return notSimulatedUser(ctx);
      ctx.write('stdout', `${user}\n`);
      return done(0);
    },
    id: (ctx) => {
      // ── sec: `-u uid:gid`, `--group-add`: the IDs runc set, named where the image names them ──
      const line = idLine(ctx, family);
      if (line) {
        ctx.write('stdout', line);
        return done(0);
      }
      const uid = ctx.spec.uid ?? 0;
      if (uid === 0) ctx.write('stdout', IDS[family]);
      else if (uid === NOBODY) ctx.write('stdout', NOBODY_IDS[family]);
      else return notSimulatedUser(ctx);
      return done(0);
    },
    pwd: (ctx) => {
      ctx.write('stdout', `${cwdOf(ctx)}\n`);
      return done(0);
    },
    uname: (ctx, args) => {
      const all = args.includes('-a');
      ctx.write(
        'stdout',
        all
          ? `Linux ${ctx.hostname} 6.8.0-60-generic #63-Ubuntu SMP PREEMPT_DYNAMIC x86_64 Linux\n`
          : 'Linux\n',
      );
      return done(0);
    },
    date: (ctx) => {
      const d = new Date(ctx.host.wallClock);
      const day = d.toUTCString().slice(0, 3);
      const mon = d.toUTCString().slice(8, 11);
      const dd = String(d.getUTCDate()).padStart(2, ' ');
      ctx.write(
        'stdout',
        `${day} ${mon} ${dd} ${d.toISOString().slice(11, 19)} UTC ${d.getUTCFullYear()}\n`,
      );
      return done(0);
    },
    env: (ctx) => {
      ctx.write(
        'stdout',
        envWithHome(ctx.spec.env)
          .map((e) => `${e}\n`)
          .join(''),
      );
      return done(0);
    },
    printenv: (ctx, args) => {
      const env = envWithHome(ctx.spec.env);
      if (args.length === 0) ctx.write('stdout', env.map((e) => `${e}\n`).join(''));
      const found = args.map((a) => env.find((e) => e.startsWith(`${a}=`))?.slice(a.length + 1));
      ctx.write(
        'stdout',
        found
          .filter((v) => v !== undefined)
          .map((v) => `${v}\n`)
          .join(''),
      );
      return done(found.every((v) => v !== undefined) ? 0 : 1);
    },
    sleep: function* (ctx, args) {
      const seconds = Number(args[0] ?? 'x');
      if (!Number.isFinite(seconds) || seconds < 0) {
        ctx.write(
          'stderr',
          family === 'busybox'
            ? `sleep: invalid number '${args[0] ?? ''}'\n`
            : `sleep: invalid time interval '${args[0] ?? ''}'\n`,
        );
        return 1;
      }
      // sleep installs no signal handlers: as PID 1 it ignores SIGTERM, so `docker stop` waits 10 s.
      yield* ctx.sleep(seconds * 1000);
      return 0;
    },
  };
}

/** The process environment: HOME is added at exec time when the image does not set it. */
export function envWithHome(env: readonly string[]): string[] {
  return env.some((e) => e.startsWith('HOME=')) ? [...env] : [...env, 'HOME=/root'];
}
