import type { CommandSpec } from '../command';
import { isOn } from '../flags';
import { messageOf, readChunk } from '../api';
import { JsonMessageRenderer, StreamError, type JsonMessage } from '../format';
import { canonicalString, familiarString, parseReference } from '../../image/reference';
import { authKeyOf, encodeAuthHeader, getAuth } from '../credentials';

interface Aux {
  manifestPushedInsteadOfIndex?: boolean;
  originalIndex?: { digest: string };
  selectedManifest?: { digest: string };
}

/**
 * `docker push NAME[:TAG]` (docker/cli 28.2.2 cli/command/image/push.go):
 * "Using default tag: latest" when none is given, the login for the image's
 * registry from the credential store (none: `{}`) as X-Registry-Auth, `POST
 * /images/<name>/push?tag=…`, and the progress stream drawn as the pull's is.
 * An aux message saying only one platform's manifest was pushed becomes the
 * CLI's note after the stream.
 */
export const pushCommand: CommandSpec = {
  help: 'image push',
  forms: ['image push', 'push'],
  args: { kind: 'exact', n: 1 },
  simulated: ['quiet'],
  *execute(ctx) {
    const parsed = parseReference(ctx.args[0]!);
    if (!parsed.ok) {
      ctx.err(`${parsed.error}\n`);
      return 1;
    }
    const quiet = isOn(ctx.flags, 'quiet');
    if (parsed.digest) {
      ctx.err('cannot push a digest reference\n');
      return 1;
    }
    const ref = parsed.tag ? parsed : { ...parsed, tag: 'latest' };
    if (!parsed.tag && !quiet) ctx.out('Using default tag: latest\n');
    // ResolveAuthConfig ignores a credential store's error: no login is sent then.
    const stored = getAuth(ctx.machine.files, ctx.cli.store.configFile, authKeyOf(ref.domain));
    const auth = stored.ok ? stored.auth : {};
    const header = encodeAuthHeader(auth);
    const r = yield* ctx.api.request('POST', `/images/${ref.domain}/${ref.path}/push`, {
      op: 'engine.images.push',
      subjects: { image: familiarString(ref) },
      query: { tag: ref.tag ?? 'latest' },
      headers: { 'X-Registry-Auth': header },
      summary: auth.username
        ? `the CLI asks dockerd to push ${familiarString(ref)}, with ${auth.username}'s login in X-Registry-Auth (password shown only as its length)`
        : `the CLI asks dockerd to push ${familiarString(ref)} (X-Registry-Auth: ${header}, no login)`,
    });
    if (r.status !== 200 || !r.stream) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const renderer = new JsonMessageRenderer(ctx.io.tty, ctx.io.columns);
    const notes: string[] = [];
    let failed: string | undefined;
    for (;;) {
      const chunk = yield* readChunk(r.stream);
      if (!chunk) break;
      const m = chunk.data as JsonMessage & { aux?: Aux };
      if (m.aux) {
        if (m.aux.manifestPushedInsteadOfIndex)
          notes.push(
            `Not all multiplatform-content is present and only the available single-platform image was pushed\n\x1b[31m${m.aux.originalIndex?.digest ?? ''}\x1b[0m -> \x1b[32m${m.aux.selectedManifest?.digest ?? ''}\x1b[0m`,
          );
        continue;
      }
      try {
        const text = renderer.render(m);
        if (!quiet) ctx.out(text);
      } catch (e) {
        if (!(e instanceof StreamError)) throw e;
        failed = e.message;
        break;
      }
    }
    if (failed === undefined && quiet) ctx.out(`${canonicalString(ref)}\n`);
    if (failed !== undefined) ctx.err(`${failed}\n`);
    // The notes are printed (deferred) when runPush returns, error or not.
    for (const note of notes) ctx.out(printNote(note, ctx.io.tty));
    return failed === undefined ? 0 : 1;
  },
};

/** tui.Output.PrintNote: a blank line, the Info header, each further line indented under it. */
function printNote(text: string, tty: boolean): string {
  const header = tty
    ? '\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo → \x1b[0m\x1b[0m'
    : ' Info -> ';
  return `\n${header}${text
    .split('\n')
    .map((l, i) => `${i > 0 ? ' '.repeat(9) : ''}${tty ? `\x1b[3m${l}\x1b[0m` : l}\n`)
    .join('')}`;
}
