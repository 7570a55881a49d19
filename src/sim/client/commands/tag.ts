import type { CommandSpec } from '../command';
import { messageOf } from '../api';
import { familiarString, parseReference, withDefaultTag } from '../../image/reference';

/**
 * docker/distribution's ParseAnyReference: a 64-hex ID or `sha256:<hex>` is a
 * digest reference; anything else must parse as a normalized name.
 */
function anyReferenceError(ref: string): string | undefined {
  if (/^[a-f0-9]{64}$/.test(ref) || /^sha256:[a-f0-9]{64}$/.test(ref)) return undefined;
  const parsed = parseReference(ref);
  return parsed.ok ? undefined : parsed.error;
}

/**
 * `docker tag SOURCE TARGET` (docker/cli 28 cli/command/image/tag.go and the
 * client library's ImageTag): the client checks both references itself
 * ("Error parsing reference: … is not a valid repository/tag"), refuses a
 * digest as the new name, then sends `POST /images/{source}/tag?repo=…&tag=…`
 * with the normalized repository (`docker.io/library/web`) and the tag
 * (`latest` when none was typed). Success prints nothing.
 */
export const tagCommand: CommandSpec = {
  help: 'image tag',
  forms: ['image tag', 'tag'],
  args: { kind: 'exact', n: 2 },
  stopAtFirstArg: true,
  simulated: [],
  *execute(ctx) {
    const [source, target] = ctx.args as [string, string];
    const sourceError = anyReferenceError(source);
    if (sourceError !== undefined) {
      ctx.err(
        `Error parsing reference: ${JSON.stringify(source)} is not a valid repository/tag: ${sourceError}\n`,
      );
      return 1;
    }
    const parsed = parseReference(target);
    if (!parsed.ok) {
      ctx.err(
        `Error parsing reference: ${JSON.stringify(target)} is not a valid repository/tag: ${parsed.error}\n`,
      );
      return 1;
    }
    if (parsed.digest) {
      ctx.err('refusing to create a tag with a digest reference\n');
      return 1;
    }
    const ref = withDefaultTag(parsed);
    const r = yield* ctx.api.request('POST', `/images/${source}/tag`, {
      op: 'engine.images.tag',
      subjects: { image: source },
      query: { repo: `${ref.domain}/${ref.path}`, tag: ref.tag! },
      summary: `the CLI asks dockerd to give ${source} the name ${familiarString(ref)} too`,
    });
    if (r.status !== 201) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    return 0;
  },
};
