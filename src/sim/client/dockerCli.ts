import { HOME } from '../shell/learnerShell';
import {
  ContextStore,
  DEFAULT_CONTEXT,
  type EndpointMeta,
  type Files,
  type TlsFile,
} from './contextStore';
import { serverHost } from './daemonHost';
import { isOn, last, type FlagValues } from './flags';

/** The files a TLS connection uses; '' where none is used. */
export interface TlsFiles {
  ca: string;
  cert: string;
  key: string;
}

/** The endpoint one command talks to. */
export interface Endpoint extends EndpointMeta {
  /** TLS material the CLI read (the default context's files, or a context's stored ones); undefined: no TLS. */
  tls?: TlsFiles;
}

export type EndpointResult = { ok: true; endpoint: Endpoint } | { ok: false; error: string };

/**
 * What one `docker` process works out from its global flags, its environment
 * and config.json before it runs a command (docker/cli 28.2 cli/flags and
 * cli/command/cli.go), in the CLI's order of preference:
 * `--context`, then `-H` or `DOCKER_HOST` (the `default` context), then
 * `DOCKER_CONTEXT`, then config.json's `currentContext`, then `default`.
 */
export class DockerCli {
  readonly store: ContextStore;
  /** The context this command uses (not checked to exist: errors come when it is used). */
  readonly currentContext: string;
  /** `DOCKER_HOST`, '' when unset. */
  readonly envHost: string;
  private readonly hosts: string[];
  private readonly contextFlag: string;
  /** TLS options of the default context, undefined when TLS is off. */
  private readonly tls: (TlsFiles & { verify: boolean }) | undefined;

  constructor(
    flags: FlagValues,
    env: ReadonlyMap<string, string> | undefined,
    private readonly files: Files,
  ) {
    const get = (name: string) => env?.get(name) ?? '';
    const home = get('HOME') || HOME;
    const envConfigDir = get('DOCKER_CONFIG') || `${home}/.docker`;
    this.store = new ContextStore(files, resolvePath(last(flags, 'config') || envConfigDir, home));
    this.hosts = flags.host ?? [];
    this.contextFlag = last(flags, 'context') ?? '';
    this.envHost = get('DOCKER_HOST');

    // cli/flags: DOCKER_TLS and DOCKER_TLS_VERIFY only turn TLS on; --tlsverify (even =false) implies --tls.
    const verify = flags.tlsverify ? isOn(flags, 'tlsverify') : get('DOCKER_TLS_VERIFY') !== '';
    const tlsOn =
      !!flags.tlsverify || verify || (flags.tls ? isOn(flags, 'tls') : get('DOCKER_TLS') !== '');
    // The default certificate directory is DOCKER_CERT_PATH, else the config dir from the
    // environment (read before flags are parsed, so --config does not move it).
    const certDir = resolvePath(get('DOCKER_CERT_PATH') || envConfigDir, home);
    if (tlsOn) {
      const named = (flag: string, file: string) => {
        const v = last(flags, flag);
        return v !== undefined ? resolvePath(v, home) : `${certDir}/${file}`;
      };
      const tls = { verify, ca: named('tlscacert', 'ca.pem'), cert: '', key: '' };
      // A default cert or key that is not there is quietly not used; a named one must exist.
      tls.cert = named('tlscert', 'cert.pem');
      if (!flags.tlscert && !files.has(tls.cert)) tls.cert = '';
      tls.key = named('tlskey', 'key.pem');
      if (!flags.tlskey && !files.has(tls.key)) tls.key = '';
      this.tls = tls;
    }

    this.currentContext =
      this.contextFlag ||
      (this.hosts.length > 0 || this.envHost !== ''
        ? DEFAULT_CONTEXT
        : get('DOCKER_CONTEXT') || this.store.currentContext() || DEFAULT_CONTEXT);
  }

  /** `--context` with `-H` is refused before anything else happens. */
  get conflict(): string | undefined {
    return this.contextFlag && this.hosts.length > 0
      ? 'conflicting options: cannot specify both --host and --context'
      : undefined;
  }

  /** The default context's endpoint: `-H`, else `DOCKER_HOST`, else the local socket. */
  defaultEndpoint(): EndpointResult {
    const host = serverHost(this.hosts, this.envHost, this.tls !== undefined);
    if (!host.ok) return host;
    const endpoint: Endpoint = { Host: host.host, SkipTLSVerify: false };
    if (this.tls) {
      endpoint.SkipTLSVerify = !this.tls.verify;
      const { ca, cert, key } = this.tls;
      for (const f of [ca, cert, key])
        if (f && !this.files.has(f))
          return { ok: false, error: `open ${f}: no such file or directory` };
      endpoint.tls = { ca, cert, key };
    }
    return { ok: true, endpoint };
  }

  /** The endpoint of the current context, or the store's error. */
  endpoint(): EndpointResult {
    if (this.currentContext === DEFAULT_CONTEXT) return this.defaultEndpoint();
    const got = this.store.get(this.currentContext);
    if (!got.ok) return got;
    const docker = got.meta.Endpoints.docker ?? { Host: '', SkipTLSVerify: false };
    const endpoint: Endpoint = { Host: docker.Host, SkipTLSVerify: docker.SkipTLSVerify };
    const material = this.store.tlsFilesOf(this.currentContext);
    if (material.length > 0 || docker.SkipTLSVerify) {
      const dir = `${this.store.tlsDir(this.currentContext)}/docker`;
      const at = (f: TlsFile) => (material.includes(f) ? `${dir}/${f}` : '');
      endpoint.tls = { ca: at('ca.pem'), cert: at('cert.pem'), key: at('key.pem') };
    }
    return { ok: true, endpoint };
  }
}

/**
 * A path the CLI opens, made absolute: relative to its working directory, which
 * is always home in the page's shell. (`~` is the shell's to expand, not the CLI's.)
 */
export function resolvePath(path: string, home: string): string {
  return path.startsWith('/') ? path : `${home}/${path}`;
}
