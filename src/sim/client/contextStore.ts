import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * The docker CLI's own files on the learner's machine, kept where docker/cli
 * 28.2 keeps them: `<config dir>/config.json` (its `currentContext`) and one
 * `<config dir>/contexts/meta/<sha256 of the name>/meta.json` per context
 * (cli/context/store). The `default` context is never stored: the CLI makes it
 * up from `-H`/`DOCKER_HOST` and the TLS options every time.
 */

/** The docker endpoint of a context, as meta.json holds it. */
export interface EndpointMeta {
  Host: string;
  SkipTLSVerify: boolean;
}

/** One context, as meta.json holds it (field order as Go marshals it). */
export interface ContextMeta {
  Name: string;
  Metadata: { Description?: string };
  Endpoints: { docker?: EndpointMeta };
}

export const DEFAULT_CONTEXT = 'default';
/** What `docker context ls` says of the default context. */
export const DEFAULT_DESCRIPTION = 'Current DOCKER_HOST based configuration';
const NAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$';
const NAME_RE = new RegExp(NAME_PATTERN);

export type TlsFile = 'ca.pem' | 'cert.pem' | 'key.pem';
const TLS_FILES: readonly TlsFile[] = ['ca.pem', 'cert.pem', 'key.pem'];

/** Files the CLI reads and writes: the learner machine's file map. */
export type Files = Map<string, string>;

/** store.ValidateContextName: the error text, or undefined when the name is fine. */
export function contextNameError(name: string): string | undefined {
  if (name === '') return 'context name cannot be empty';
  if (name === DEFAULT_CONTEXT) return '"default" is a reserved context name';
  if (!NAME_RE.test(name))
    return `context name ${JSON.stringify(name)} is invalid, names are validated against regexp ${JSON.stringify(NAME_PATTERN)}`;
  return undefined;
}

/** The store's directory for a context: its name's SHA-256, so any name makes a safe path. */
export const contextDirOf = (name: string): string => bytesToHex(sha256(utf8ToBytes(name)));

export class ContextStore {
  constructor(
    private readonly files: Files,
    /** `--config`, else `DOCKER_CONFIG`, else `~/.docker`. */
    readonly configDir: string,
  ) {}

  get configFile(): string {
    return `${this.configDir}/config.json`;
  }

  metaDir(name: string): string {
    return `${this.configDir}/contexts/meta/${contextDirOf(name)}`;
  }

  tlsDir(name: string): string {
    return `${this.configDir}/contexts/tls/${contextDirOf(name)}`;
  }

  /** A stored context, or the store's error text (`context "x": context not found: open …`). */
  get(name: string): { ok: true; meta: ContextMeta } | { ok: false; error: string } {
    const file = `${this.metaDir(name)}/meta.json`;
    const text = this.files.get(file);
    if (text === undefined)
      return {
        ok: false,
        error: `context ${JSON.stringify(name)}: context not found: open ${file}: no such file or directory`,
      };
    try {
      return { ok: true, meta: JSON.parse(text) as ContextMeta };
    } catch (e) {
      return {
        ok: false,
        error: `context ${JSON.stringify(name)}: parsing ${file}: ${String((e as Error).message)}`,
      };
    }
  }

  has(name: string): boolean {
    return this.files.has(`${this.metaDir(name)}/meta.json`);
  }

  /** Every stored context (not `default`). */
  list(): ContextMeta[] {
    const prefix = `${this.configDir}/contexts/meta/`;
    const out: ContextMeta[] = [];
    for (const [path, text] of this.files) {
      if (!path.startsWith(prefix) || !path.endsWith('/meta.json')) continue;
      try {
        out.push(JSON.parse(text) as ContextMeta);
      } catch {
        // A meta.json the learner broke by hand: the CLI would report it; we skip it.
      }
    }
    return out;
  }

  /** Write meta.json as the CLI does: compact JSON, no newline at the end. */
  save(meta: ContextMeta): void {
    const body: ContextMeta = {
      Name: meta.Name,
      Metadata: meta.Metadata.Description ? { Description: meta.Metadata.Description } : {},
      Endpoints: meta.Endpoints,
    };
    this.files.set(`${this.metaDir(meta.Name)}/meta.json`, JSON.stringify(body));
  }

  /** Remove a context: its meta.json and its TLS material. */
  remove(name: string): void {
    this.files.delete(`${this.metaDir(name)}/meta.json`);
    this.resetTls(name, undefined);
  }

  /** The TLS files stored for a context's docker endpoint (`ca.pem`, `cert.pem`, `key.pem`). */
  tlsFilesOf(name: string): TlsFile[] {
    const dir = `${this.tlsDir(name)}/docker/`;
    return TLS_FILES.filter((f) => this.files.has(dir + f));
  }

  /** The contents of a context's TLS files, to copy them to another context. */
  tlsMaterialOf(name: string): Partial<Record<TlsFile, string>> | undefined {
    const dir = `${this.tlsDir(name)}/docker/`;
    const out: Partial<Record<TlsFile, string>> = {};
    for (const f of this.tlsFilesOf(name)) out[f] = this.files.get(dir + f)!;
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** Replace a context's TLS material with copies of the given contents (none: remove it). */
  resetTls(name: string, material: Partial<Record<TlsFile, string>> | undefined): void {
    const dir = `${this.tlsDir(name)}/docker/`;
    for (const f of TLS_FILES) {
      const text = material?.[f];
      if (text === undefined) this.files.delete(dir + f);
      else this.files.set(dir + f, text);
    }
  }

  /** config.json's `currentContext`, '' when none (or no file). */
  currentContext(): string {
    const cfg = this.readConfig();
    return typeof cfg.currentContext === 'string' ? cfg.currentContext : '';
  }

  /**
   * Set (or, with '', drop) `currentContext` and save config.json as the CLI does:
   * Go's json.MarshalIndent with tabs, `auths` always there, no newline at the end.
   */
  setCurrentContext(name: string): void {
    const { auths, currentContext: _old, ...rest } = this.readConfig();
    const next: Record<string, unknown> = { auths: auths ?? {}, ...rest };
    if (name !== '') next.currentContext = name;
    this.files.set(this.configFile, JSON.stringify(next, null, '\t'));
  }

  private readConfig(): Record<string, unknown> {
    const text = this.files.get(this.configFile);
    if (!text) return {};
    try {
      const v = JSON.parse(text) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
}
