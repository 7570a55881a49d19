/**
 * The shape of the simulated Docker Hub catalog: which images exist, what their
 * layers and configs are, and how their main process behaves when run. Pure
 * types plus two small data tables (platforms, placeholders); no logic.
 */
import type { LayerKey } from './layers';

/** The platforms the simulated Hub serves. The real indexes list more (arm/v7, 386, ppc64le, s390x, …) plus attestation manifests (`unknown/unknown`). */
export type PlatformKey = 'linux/amd64' | 'linux/arm64/v8';

export interface PlatformInfo {
  readonly os: 'linux';
  readonly architecture: 'amd64' | 'arm64';
  readonly variant?: 'v8';
  /** Debian's name (`dpkg --print-architecture`), used in history lines. */
  readonly dpkgArch: string;
  /** `uname -m`, used by Alpine's rootfs tarball names. */
  readonly uname: string;
  /** docker-library's name for the architecture; hello-world prints it. */
  readonly bashbrewArch: string;
  /** GNU triplet, as PostgreSQL prints it in its start-up banner. */
  readonly gnuTriplet: string;
}

export const PLATFORMS: Readonly<Record<PlatformKey, PlatformInfo>> = {
  'linux/amd64': {
    os: 'linux',
    architecture: 'amd64',
    dpkgArch: 'amd64',
    uname: 'x86_64',
    bashbrewArch: 'amd64',
    gnuTriplet: 'x86_64-pc-linux-gnu',
  },
  'linux/arm64/v8': {
    os: 'linux',
    architecture: 'arm64',
    variant: 'v8',
    dpkgArch: 'arm64',
    uname: 'aarch64',
    bashbrewArch: 'arm64v8',
    gnuTriplet: 'aarch64-unknown-linux-gnu',
  },
};

export const PLATFORM_KEYS: readonly PlatformKey[] = ['linux/amd64', 'linux/arm64/v8'];

/** One layer blob. Both sizes are per platform (the key says which). */
export interface LayerSpec {
  /** Compressed size in bytes: what the registry serves and `docker pull` downloads. */
  readonly size: number;
  /** Size of the unpacked content, as `docker history` / `docker images` report it. */
  readonly unpacked: number;
  /** Only for blobs whose bytes are known (the 32-byte empty layer): the real digest. */
  readonly digest?: `sha256:${string}`;
  /** Only with `digest`: the real uncompressed digest. */
  readonly diffId?: `sha256:${string}`;
}

/**
 * One build step, as the image config's `history` records it. Steps without
 * `emptyLayer` produce a layer, in order; their count must equal the number of
 * layers of every platform. In `createdBy`, `{dpkgArch}` and `{uname}` are replaced
 * per platform and `{fileHash}` by a stable hash of that step's layer (classic
 * builder `ADD file:<hash> in /` lines).
 */
export interface HistoryStep {
  readonly createdBy: string;
  /** When the step ran; defaults to the image's `created`. */
  readonly created?: string;
  /** `buildkit.dockerfile.v0` for BuildKit steps; absent for classic/imported ones. */
  readonly comment?: string;
  readonly emptyLayer?: true;
}

/** The container defaults of an image config, with the OCI/Docker field names. */
export interface ImageConfigSpec {
  readonly User?: string;
  readonly ExposedPorts?: Readonly<Record<string, Record<string, never>>>;
  readonly Env: readonly string[];
  readonly Entrypoint?: readonly string[];
  readonly Cmd?: readonly string[];
  readonly Volumes?: Readonly<Record<string, Record<string, never>>>;
  readonly WorkingDir?: string;
  readonly Labels?: Readonly<Record<string, string>>;
  readonly StopSignal?: string;
  /** BuildKit sets this on every `CMD` (a Windows-era field it keeps for compatibility). */
  readonly ArgsEscaped?: boolean;
}

// ---------------------------------------------------------------------------
// Runtime behaviour of the image's default command, as data for the engine.
// ---------------------------------------------------------------------------

/**
 * Placeholders that may appear in runtime texts. The interpreter replaces
 * them; everything else is printed verbatim.
 */
export const RUNTIME_PLACEHOLDERS = {
  '{time}': 'nginx error-log time, `YYYY/MM/DD HH:MM:SS` (UTC)',
  '{apacheTime}': 'Apache error-log time, `Www Mmm DD HH:MM:SS.uuuuuu YYYY`',
  '{redisTime}': 'Redis log time, `DD Mmm YYYY HH:MM:SS.mmm`',
  '{pgTime}': 'PostgreSQL log time, `YYYY-MM-DD HH:MM:SS.mmm UTC`',
  '{pgTimeSec}': 'PostgreSQL time without milliseconds, `YYYY-MM-DD HH:MM:SS UTC`',
  '{epoch}': 'Unix time in seconds',
  '{rdbAge}': 'seconds since Redis saved its RDB file (on a restart)',
  '{pid}': 'PID of the main process inside the container (1)',
  '{workerPid}': 'PID of the n-th worker (lines marked `perWorker`): first worker PID + n',
  '{ip}': "the container's IPv4 address on its first network",
  '{kernel}': 'host kernel release (`uname -r`), e.g. `6.10.14-linuxkit`',
  '{bashbrewArch}': 'PlatformInfo.bashbrewArch of the running image',
  '{gnuTriplet}': 'PlatformInfo.gnuTriplet of the running image',
  '{hostname}': "the container's hostname (its short ID unless --hostname was given)",
  '{mysqlTime}': "the MySQL entrypoint's `date --rfc-3339=seconds`, `YYYY-MM-DD HH:MM:SS+00:00`",
  '{mysqldTime}': 'mysqld error-log time, `YYYY-MM-DDTHH:MM:SS.uuuuuuZ`',
  '{mongoTime}': 'mongod JSON log time, `YYYY-MM-DDTHH:MM:SS.mmm+00:00`',
  '{goTime}':
    "Go's RFC 3339 with fractional seconds (trailing zeros dropped), `YYYY-MM-DDTHH:MM:SS.mmmZ`",
  '{isoSec}': 'RFC 3339 to the second, `YYYY-MM-DDTHH:MM:SSZ` (zerolog, traefik)',
  '{goArch}': 'GOARCH of the running image: `amd64`, `arm64`',
  '{uname}': '`uname -m` of the running image: `x86_64`, `aarch64`',
  '{instanceId}':
    'a random UUID the process made at start (registry instance.id), stable per container',
} as const;

export type RuntimePlaceholder = keyof typeof RUNTIME_PLACEHOLDERS;

export type LogStream = 'stdout' | 'stderr';

export interface LogLine {
  readonly stream: LogStream;
  /** One line without its trailing newline; may contain placeholders. */
  readonly text: string;
  /** Simulated milliseconds after the previous line (the first: after the process starts). */
  readonly delayMs: number;
  /** Print once per worker process (nginx: one per CPU), `{workerPid}` counting up. */
  readonly perWorker?: true;
  /** No newline after the text: the next line continues it (pg_ctl's `waiting for server to start....`). */
  readonly partial?: true;
}

/** Set and non-empty, or (with `equals`) equal to that value. */
export interface EnvCondition {
  readonly name: string;
  readonly equals?: string;
}

export interface EnvRequirement {
  /** The process starts normally if at least one condition holds. */
  readonly anyOf: readonly EnvCondition[];
  /** Otherwise it prints these lines and exits with this code. */
  readonly otherwise: { readonly logs: readonly LogLine[]; readonly exitCode: number };
}

/** Other programs on the image's PATH, and the few command lines DockScope simulates. */
export interface ImagePrograms {
  /** Executables the image has besides its shell and builtins (`python3`, `pip`, `go`…): they exist. */
  readonly onPath: readonly string[];
  /** Whole command lines DockScope simulates, with their exact stdout (may contain placeholders). */
  readonly outputs?: Readonly<Record<string, string>>;
}

/** What every kind of runtime may carry. */
interface RuntimeBase {
  readonly programs?: ImagePrograms;
}

/** Runs, prints, exits on its own (hello-world). */
export interface PrintsAndExitsRuntime extends RuntimeBase {
  readonly kind: 'prints-and-exits';
  /** The exact bytes written to stdout; may contain placeholders. */
  readonly stdout: string;
  readonly exitCode: number;
  /** How long the process runs, in simulated milliseconds. */
  readonly durationMs: number;
}

/** A long-running daemon in the foreground (nginx, httpd, redis, postgres). */
export interface ServerRuntime extends RuntimeBase {
  readonly kind: 'server';
  /** Checked before anything else (postgres needs a password). */
  readonly requiresEnv?: EnvRequirement;
  /** First start of a new container. */
  readonly startupLogs: readonly LogLine[];
  /** Start of an existing container whose state is already initialised (`docker start`/`restart`); defaults to `startupLogs`. */
  readonly restartLogs?: readonly LogLine[];
  /** Ports the process listens on once the start-up logs are printed. */
  readonly listens: readonly string[];
  /** Printed after the image's StopSignal (or SIGTERM if it declares none) arrives. */
  readonly stopLogs: readonly LogLine[];
  readonly stopExitCode: number;
}

/** A shell (alpine, busybox). Without stdin it reads EOF and exits at once, silently. */
export interface ShellRuntime extends RuntimeBase {
  readonly kind: 'shell';
  readonly program: string;
  /** The prompt shown with `-it`. */
  readonly prompt: string;
  readonly exitCodeWithoutStdin: number;
}

/** A language REPL (node, python3). Without stdin it reads EOF and exits at once, silently. */
export interface ReplRuntime extends RuntimeBase {
  readonly kind: 'repl';
  readonly program: string;
  /** Printed first with `-it`, before the first prompt. */
  readonly banner: string;
  readonly prompt: string;
  readonly exitCodeWithoutStdin: number;
}

export type ImageRuntime = PrintsAndExitsRuntime | ServerRuntime | ShellRuntime | ReplRuntime;

// ---------------------------------------------------------------------------

/** One image: a set of tags that resolve to the same index. */
export interface CatalogImage {
  readonly tags: readonly string[];
  /** `org.opencontainers.image.version` (hello-world has none). */
  readonly version?: string;
  /** RFC 3339, UTC: when the image was built. */
  readonly created: string;
  /** `org.opencontainers.image.base.name`, for images built `FROM` another one. */
  readonly baseName?: string;
  readonly config: ImageConfigSpec;
  readonly history: readonly HistoryStep[];
  /** Layer keys, bottom first, per platform. Equal keys are literally the same blob. */
  readonly layers: Readonly<Record<PlatformKey, readonly LayerKey[]>>;
  readonly runtime: ImageRuntime;
}

export interface CatalogRepository {
  /** Registry name, e.g. `library/nginx`. */
  readonly name: string;
  /** Docker Hub's one-line description. */
  readonly description: string;
  readonly images: readonly CatalogImage[];
}

export type Catalog = readonly CatalogRepository[];
