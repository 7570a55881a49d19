import type { CommandContext, CommandSpec } from '../command';
import type { Task } from '../../core/scheduler';
import { isOn, last } from '../flags';
import { formatList, type ListFormatSpec, type ListRow } from '../listFormat';
import { goTimeString } from './containers';
import { messageOf, readChunk } from '../api';
import { JsonMessageRenderer, StreamError, table, type JsonMessage } from '../format';
import {
  canonicalString,
  familiarString,
  parseReference,
  withDefaultTag,
  type ImageRef,
} from '../../image/reference';
import { humanDuration } from '../../dockerd/humanTime';
import { humanSize } from '../../dockerd/progress';
import { authKeyOf, encodeAuthHeader, getAuth } from '../credentials';

/**
 * `POST /images/create` and render its progress stream. Returns an error
 * message (already in the words the CLI prints) or undefined on success.
 */
export function* pullImage(
  ctx: CommandContext,
  ref: ImageRef,
  stream: 'stdout' | 'stderr',
  /** ── obs: `--platform` as typed (the client library sends it lower-cased) ── */
  platform?: string,
): Task<{ error?: string; fromDaemon?: boolean }> {
  // The login the CLI holds for the image's registry ({} when none: e30=).
  const stored = getAuth(ctx.machine.files, ctx.cli.store.configFile, authKeyOf(ref.domain));
  const auth = stored.ok ? stored.auth : {};
  const header = encodeAuthHeader(auth);
  const r = yield* ctx.api.request('POST', '/images/create', {
    op: 'engine.images.create',
    subjects: { image: familiarString(ref) },
    query: {
      fromImage: `${ref.domain}/${ref.path}`,
      ...(platform ? { platform: platform.toLowerCase() } : {}),
      tag: ref.tag ?? ref.digest ?? 'latest',
    },
    headers: { 'X-Registry-Auth': header },
    summary: auth.username
      ? `the CLI asks dockerd to pull ${familiarString(ref)}, with ${auth.username}'s login in X-Registry-Auth (password shown only as its length)`
      : `the CLI asks dockerd to pull ${familiarString(ref)} (X-Registry-Auth: e30=, no credentials)`,
  });
  if (r.status !== 200 || !r.stream) return { error: messageOf(r), fromDaemon: true };
  const renderer = new JsonMessageRenderer(ctx.io.tty, ctx.io.columns);
  for (;;) {
    const chunk = yield* readChunk(r.stream);
    if (!chunk) return {};
    try {
      ctx.io.write(stream, renderer.render(chunk.data as JsonMessage));
    } catch (e) {
      if (e instanceof StreamError) return { error: e.message, fromDaemon: false };
      throw e;
    }
  }
}

export const pullCommand: CommandSpec = {
  help: 'image pull',
  forms: ['image pull', 'pull'],
  args: { kind: 'exact', n: 1 },
  // ── obs: --platform ──
  simulated: ['quiet', 'platform'],
  *execute(ctx) {
    const parsed = parseReference(ctx.args[0]!);
    if (!parsed.ok) {
      ctx.err(`${parsed.error}\n`);
      return 1;
    }
    if (!parsed.tag && !parsed.digest) ctx.out('Using default tag: latest\n');
    const ref = withDefaultTag(parsed);
    const quiet = isOn(ctx.flags, 'quiet');
    const result = yield* pullImage(
      quiet ? { ...ctx, io: { ...ctx.io, write: () => {} } } : ctx,
      ref,
      'stdout',
      last(ctx.flags, 'platform') || undefined,
    );
    if (result.error) {
      ctx.err(
        result.fromDaemon ? `Error response from daemon: ${result.error}\n` : `${result.error}\n`,
      );
      return 1;
    }
    ctx.out(`${canonicalString(ref)}\n`);
    return 0;
  },
};

/**
 * docker/cli's image rows: one per tag; a repository known only by digest
 * (`docker pull alpine@sha256:…`) shows with tag `<none>`; nothing at all is
 * `<none> <none>`.
 */
function displayedRefs(img: ImageSummary): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const t of img.RepoTags) {
    const at = t.lastIndexOf(':');
    if (t.includes('@') || at < 0) continue;
    rows.push([t.slice(0, at), t.slice(at + 1)]);
  }
  const tagged = new Set(rows.map(([repo]) => repo));
  for (const d of img.RepoDigests ?? []) {
    const repo = d.slice(0, d.indexOf('@'));
    if (repo && !tagged.has(repo)) {
      tagged.add(repo);
      rows.push([repo, '<none>']);
    }
  }
  return rows.length ? rows : [['<none>', '<none>']];
}

export interface ImageSummary {
  Id: string;
  RepoTags: string[];
  RepoDigests?: string[];
  Created: number;
  Size: number;
  SharedSize?: number;
  Containers?: number;
}

/** docker/cli's image formatter: the row type and its header names (formatter/image.go). */
export const IMAGE_LIST_FORMAT: ListFormatSpec = {
  rowType: '*formatter.imageContext',
  headers: {
    ID: 'IMAGE ID',
    Repository: 'REPOSITORY',
    Tag: 'TAG',
    Digest: 'DIGEST',
    CreatedSince: 'CREATED',
    CreatedAt: 'CREATED AT',
    Size: 'SIZE',
    Containers: 'CONTAINERS',
    VirtualSize: 'SIZE',
    SharedSize: 'SHARED SIZE',
    UniqueSize: 'UNIQUE SIZE',
  },
  defaultTable: 'table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}',
};

/**
 * The rows docker/cli's imageFormat makes of one image: one per repository
 * and tag, with the repository's digest when the format shows `{{.Digest}}`
 * (or --digests); a repository known only by digest is `<none>`-tagged; an
 * image with no name at all is one `<none>` row.
 */
/** One row of docker/cli's imageContext: its methods by name. */
export function imageRow(
  ctx: CommandContext,
  img: ImageSummary,
  repo: string,
  tag: string,
  digest: string,
  trunc: boolean,
): ListRow {
  const size = img.Size;
  const shared = img.SharedSize ?? -1;
  return {
    Containers: (img.Containers ?? -1) === -1 ? 'N/A' : String(img.Containers),
    CreatedAt: goTimeString(img.Created),
    CreatedSince: `${humanDuration(ctx.host.wallClock - img.Created * 1000)} ago`,
    Digest: digest,
    ID: trunc ? img.Id.replace(/^sha256:/, '').slice(0, 12) : img.Id,
    Repository: repo,
    SharedSize: shared === -1 ? 'N/A' : humanSize(shared, 4),
    Size: humanSize(size, 3),
    Tag: tag,
    UniqueSize: shared === -1 ? 'N/A' : humanSize(size - shared, 4),
    VirtualSize: humanSize(size, 4),
  };
}

function imageRows(
  ctx: CommandContext,
  img: ImageSummary,
  trunc: boolean,
  digests: boolean,
): ListRow[] {
  const base = (repo: string, tag: string, digest: string) =>
    imageRow(ctx, img, repo, tag, digest, trunc);
  const tags = new Map<string, string[]>();
  for (const t of img.RepoTags) {
    const at = t.lastIndexOf(':');
    if (t.includes('@') || at < 0 || t.slice(at).includes('/')) continue;
    const repo = t.slice(0, at);
    tags.set(repo, [...(tags.get(repo) ?? []), t.slice(at + 1)]);
  }
  const byDigest = new Map<string, string[]>();
  for (const d of img.RepoDigests ?? []) {
    const at = d.indexOf('@');
    if (at < 0) continue;
    const repo = d.slice(0, at);
    byDigest.set(repo, [...(byDigest.get(repo) ?? []), d.slice(at + 1)]);
  }
  if (tags.size === 0 && byDigest.size === 0) return [base('<none>', '<none>', '<none>')];
  const rows: ListRow[] = [];
  for (const [repo, list] of tags) {
    const ds = digests ? (byDigest.get(repo) ?? []) : [];
    byDigest.delete(repo);
    for (const tag of list) {
      if (ds.length === 0) rows.push(base(repo, tag, '<none>'));
      else for (const d of ds) rows.push(base(repo, tag, d));
    }
  }
  for (const [repo, ds] of byDigest) {
    if (digests) for (const d of ds) rows.push(base(repo, '<none>', d));
    else rows.push(base(repo, '<none>', ''));
  }
  return rows;
}

/** The default table with --digests: the DIGEST column after TAG. */
const IMAGE_DIGEST_TABLE =
  'table {{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.ID}}\\t{{.CreatedSince}}\\t{{.Size}}';

export const imagesCommand: CommandSpec = {
  help: 'image ls',
  forms: ['image ls', 'image list', 'images'],
  args: { kind: 'max', n: 1 },
  simulated: ['quiet', 'all', 'no-trunc', 'format', 'digests'],
  *execute(ctx) {
    const quiet = isOn(ctx.flags, 'quiet');
    const format = quiet ? '' : (last(ctx.flags, 'format') ?? '');
    const query: Record<string, string> = {};
    if (isOn(ctx.flags, 'all')) query.all = '1';
    if (ctx.args[0]) query.filters = JSON.stringify({ reference: { [ctx.args[0]]: true } });
    const r = yield* ctx.api.request('GET', '/images/json', {
      op: 'engine.images.list',
      query,
      summary: 'the CLI asks dockerd for the list of images',
      negotiate: true,
    });
    if (r.status !== 200) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const noTrunc = isOn(ctx.flags, 'no-trunc');
    const showDigests = isOn(ctx.flags, 'digests');
    if (!quiet && ((format !== '' && format !== 'table') || showDigests)) {
      const digests = showDigests || format.includes('{{.Digest}}');
      const rows = (r.body as ImageSummary[]).flatMap((img) =>
        imageRows(ctx, img, !noTrunc, digests),
      );
      // --digests: the default table with a DIGEST column, or one added to a table format
      // that has none (formatter.NewImageFormat).
      const plain = format === '' || format === 'table';
      const withDigest = !showDigests
        ? format
        : plain
          ? IMAGE_DIGEST_TABLE
          : format.startsWith('table') && !format.includes('{{.Digest}}')
            ? `${format}\\t{{.Digest}}`
            : format;
      const done = formatList(withDigest, rows, IMAGE_LIST_FORMAT);
      if (!done.ok) {
        ctx.err(`${done.error}\n`);
        return 1;
      }
      ctx.out(done.text);
      return 0;
    }
    const rows: string[][] = [];
    for (const img of r.body as ImageSummary[]) {
      for (const [repo, tag] of displayedRefs(img)) {
        const id = noTrunc ? img.Id : img.Id.replace(/^sha256:/, '').slice(0, 12);
        rows.push([
          repo,
          tag,
          id,
          `${humanDuration(ctx.host.wallClock - img.Created * 1000)} ago`,
          humanSize(img.Size),
        ]);
      }
    }
    if (quiet) {
      ctx.out([...new Set(rows.map((row) => row[2]))].map((id) => `${id}\n`).join(''));
      return 0;
    }
    ctx.out(table([['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], ...rows]));
    return 0;
  },
};

export const rmiCommand: CommandSpec = {
  help: 'image rm',
  forms: ['image rm', 'image remove', 'rmi'],
  args: { kind: 'min', n: 1 },
  simulated: ['force', 'no-prune'],
  *execute(ctx) {
    const force = isOn(ctx.flags, 'force');
    const errors: string[] = [];
    let fatal = false;
    for (const name of ctx.args) {
      const query: Record<string, string> = {};
      if (force) query.force = '1';
      if (isOn(ctx.flags, 'no-prune')) query.noprune = '1';
      const r = yield* ctx.api.request('DELETE', `/images/${name}`, {
        op: 'engine.images.remove',
        subjects: { image: name },
        query,
        summary: `the CLI asks dockerd to remove the image ${name}`,
      });
      if (r.status !== 200) {
        errors.push(`Error response from daemon: ${messageOf(r)}`);
        if (!force || r.status !== 404) fatal = true;
        continue;
      }
      for (const item of r.body as Array<Record<string, string>>) {
        const [k, v] = Object.entries(item)[0]!;
        ctx.out(`${k}: ${v}\n`);
      }
    }
    // docker/cli image rm: the errors come last; with -f, images that do not exist are not fatal.
    if (errors.length > 0) ctx.err(`${errors.join('\n')}\n`);
    return fatal ? 1 : 0;
  },
};
