import type { CommandContext, CommandSpec } from '../command';
import { last } from '../flags';
import { messageOf } from '../api';
import { redactedMark } from '../../core/secrets';
import {
  INDEX_SERVER,
  eraseAuth,
  getAuth,
  helperFor,
  hostnameOf,
  storeAuth,
  unencryptedWarning,
} from '../credentials';

const changed = (ctx: CommandContext, flag: string) => ctx.flags[flag] !== undefined;

/**
 * `docker login` as docker/cli 28.2.2 does it (cli/command/registry/login.go):
 * the flag checks, the `--password` warning, the password from stdin, then
 * `POST /auth` (dockerd logs in to the registry to check), and the login
 * stored: through a credential helper when config.json names one (none is
 * installed on the learner's machine: the CLI's error), else base64 in
 * `auths`, with the warning that it is unencrypted.
 *
 * Not simulated, and said so: the prompts for a username or password on the
 * terminal, and Docker Hub's web-based login (a device code confirmed in a
 * browser), which CLI 28 uses when no username is given.
 */
export const loginCommand: CommandSpec = {
  help: 'login',
  forms: ['login'],
  args: { kind: 'max', n: 1 },
  simulated: ['username', 'password', 'password-stdin'],
  *execute(ctx) {
    const user = last(ctx.flags, 'username') ?? '';
    let password = last(ctx.flags, 'password') ?? '';
    const stdinFlag = ctx.flags['password-stdin'] !== undefined;
    // verifyLoginFlags
    const fail = (text: string) => {
      ctx.err(`${text}\n`);
      return 1;
    };
    if (stdinFlag) {
      if (changed(ctx, 'password'))
        return fail('conflicting options: cannot specify both --password and --password-stdin');
      if (!changed(ctx, 'username'))
        return fail('the --password-stdin option requires --username to be set');
    }
    if (changed(ctx, 'username') && user === '') return fail('username is empty');
    if (changed(ctx, 'password') && password === '') return fail('password is empty');
    // verifyLoginOptions
    if (password !== '')
      ctx.err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
    if (stdinFlag) {
      if (ctx.io.stdinText === undefined)
        return fail(
          'DockScope: reading the password from the terminal until Ctrl-D is not simulated; pipe it in: echo "$TOKEN" | docker login -u <username> --password-stdin',
        );
      password = ctx.io.stdinText.replace(/\n$/, '').replace(/\r$/, '');
    }
    const arg = ctx.args[0] ?? '';
    const serverAddress = arg !== '' && arg !== 'docker.io' ? arg : INDEX_SERVER;
    const isDefault = serverAddress === INDEX_SERVER;
    const key = isDefault ? serverAddress : hostnameOf(serverAddress);
    const file = ctx.cli.store.configFile;
    const files = ctx.machine.files;
    if (user === '' && password === '') {
      // GetDefaultAuthConfig with the credential store: a login stored before is tried first.
      const stored = getAuth(files, file, key);
      if (stored.ok && stored.auth.username && stored.auth.password) {
        ctx.err(
          `Authenticating with existing credentials... [Username: ${stored.auth.username}]\n`,
        );
        ctx.err(
          `\n${ctx.io.tty ? INFO_FANCY : INFO_PLAIN}${ctx.io.tty ? `\x1b[3m${STORED_NOTE}\x1b[0m` : STORED_NOTE}\n`,
        );
        ctx.err('\n\n');
        const r = yield* send(ctx, stored.auth.username, stored.auth.password, key);
        if (r.status === 200) {
          ctx.out(`${(r.body as { Status?: string }).Status ?? ''}\n`);
          return 0;
        }
        // Then the CLI asks for new credentials, as below.
        ctx.err(
          r.status === 401
            ? 'Stored credentials invalid or expired\n'
            : `Login did not succeed, error: Error response from daemon: ${messageOf(r)}\n`,
        );
      }
    }
    if ((user === '' || password === '') && ctx.io.stdinText !== undefined)
      return fail('Error: Cannot perform an interactive login from a non TTY device');
    if (isDefault && user === '' && password === '')
      return fail(
        'DockScope: without -u, docker login 28 signs in to Docker Hub through the browser (a one-time device code confirmed at login.docker.com); that web-based login is not simulated. Use: docker login -u <username> --password-stdin',
      );
    if (user === '' || password === '')
      return fail(
        `DockScope: the prompt for ${user === '' ? 'a username' : 'the password'} is not simulated; give it on the command line: docker login -u <username> --password-stdin${isDefault ? '' : ` ${arg}`}`,
      );
    const r = yield* send(ctx, user, password, key);
    if (r.status !== 200) return fail(`Error response from daemon: ${messageOf(r)}`);
    const saved = storeAuth(files, file, { username: user, password, serveraddress: key });
    if ('error' in saved) return fail(saved.error);
    if (saved.changed) ctx.err(unencryptedWarning(file));
    ctx.out(`${(r.body as { Status?: string }).Status ?? ''}\n`);
    return 0;
  },
};

/** tui's note header (docker/cli internal/tui): plain, and as a terminal draws it. */
const INFO_PLAIN = ' Info -> ';
const INFO_FANCY = '\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo → \x1b[0m\x1b[0m';
const STORED_NOTE =
  "To login with a different account, run 'docker logout' followed by 'docker login'";

/** The client library's RegistryLogin: `POST /auth` with the AuthConfig as JSON. */
function send(ctx: CommandContext, username: string, password: string, serveraddress: string) {
  return ctx.api.request('POST', '/auth', {
    op: 'engine.system.auth',
    // The password travels as DockScope's mark: the trace never holds it.
    body: { username, password: redactedMark(password), serveraddress },
    headers: { 'Content-Type': 'application/json' },
    summary: `the CLI asks dockerd to log ${username} in to ${serveraddress} (the password is recorded only as its length)`,
  });
}

/**
 * `docker logout` (cli/command/registry/logout.go): "Removing login
 * credentials for …", then the login is erased from every key it may have
 * been stored under. A helper's error is a warning only if every erase failed.
 */
export const logoutCommand: CommandSpec = {
  help: 'logout',
  forms: ['logout'],
  args: { kind: 'max', n: 1 },
  daemonless: true,
  simulated: [],
  *execute(ctx) {
    const arg = ctx.args[0] ?? '';
    const isDefault = arg === '';
    const server = isDefault ? INDEX_SERVER : arg;
    const hostname = isDefault ? server : hostnameOf(server);
    const keys = isDefault
      ? [server]
      : [server, hostname, `http://${hostname}`, `https://${hostname}`];
    // The OAuth manager's logout reads Docker Hub's refresh token first: a helper that is
    // not installed makes that a warning.
    const file = ctx.cli.store.configFile;
    if (isDefault && helperFor(ctx.machine.files, file, server)) {
      const got = getAuth(ctx.machine.files, file, `${INDEX_SERVER}refresh-token`);
      if (!got.ok) ctx.err(`WARNING: ${got.error}\n`);
    }
    ctx.out(`Removing login credentials for ${hostname}\n`);
    const errors: Array<[string, string]> = [];
    for (const key of keys) {
      const error = eraseAuth(ctx.machine.files, ctx.cli.store.configFile, key);
      if (error) errors.push([key, error]);
    }
    if (errors.length === keys.length) {
      ctx.err('WARNING: could not erase credentials:\n');
      for (const [k, v] of errors) ctx.err(`${k}: ${v}\n`);
    }
    yield* [];
    return 0;
  },
};
