import type { CommandContext, CommandSpec } from '../command';
import type { Task } from '../../core/scheduler';
import { isOn } from '../flags';
import { messageOf, readChunk } from '../api';
import { JsonMessageRenderer, StreamError, table, type JsonMessage } from '../format';
import {
  canonicalString,
  familiarName,
  familiarString,
  parseReference,
  withDefaultTag,
  type ImageRef,
} from '../../image/reference';
import { humanDuration } from '../../dockerd/humanTime';
import { humanSize } from '../../dockerd/progress';

/**
 * `POST /images/create` and render its progress stream. Returns an error
 * message (already in the words the CLI prints) or undefined on success.
 */
export function* pullImage(
  ctx: CommandContext,
  ref: ImageRef,
  stream: 'stdout' | 'stderr',
): Task<{ error?: string; fromDaemon?: boolean }> {
  const r = yield* ctx.api.request('POST', '/images/create', {
    query: { fromImage: `${ref.domain}/${ref.path}`, tag: ref.tag ?? ref.digest ?? 'latest' },
    headers: { 'X-Registry-Auth': 'e30=' },
    summary: `the CLI asks dockerd to pull ${familiarString(ref)} (X-Registry-Auth: e30=, no credentials)`,
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
  simulated: ['quiet'],
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

interface ImageSummary {
  Id: string;
  RepoTags: string[];
  Created: number;
  Size: number;
}

export const imagesCommand: CommandSpec = {
  help: 'image ls',
  forms: ['image ls', 'image list', 'images'],
  args: { kind: 'max', n: 1 },
  simulated: ['quiet', 'all', 'no-trunc'],
  *execute(ctx) {
    const r = yield* ctx.api.request('GET', '/images/json', {
      summary: 'the CLI asks dockerd for the list of images',
    });
    if (r.status !== 200) {
      ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
      return 1;
    }
    const filter = ctx.args[0];
    const noTrunc = isOn(ctx.flags, 'no-trunc');
    const rows: string[][] = [];
    for (const img of r.body as ImageSummary[]) {
      const tags = img.RepoTags.length ? img.RepoTags : ['<none>:<none>'];
      for (const t of tags) {
        const at = t.lastIndexOf(':');
        const repo = t.slice(0, at);
        const tag = t.slice(at + 1);
        if (filter && !matchesRepo(filter, repo, tag)) continue;
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
    if (isOn(ctx.flags, 'quiet')) {
      ctx.out([...new Set(rows.map((row) => row[2]))].map((id) => `${id}\n`).join(''));
      return 0;
    }
    ctx.out(table([['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], ...rows]));
    return 0;
  },
};

function matchesRepo(filter: string, repo: string, tag: string): boolean {
  const p = parseReference(filter);
  if (!p.ok) return false;
  return familiarName(p) === repo && (!p.tag || p.tag === tag);
}

export const rmiCommand: CommandSpec = {
  help: 'image rm',
  forms: ['image rm', 'image remove', 'rmi'],
  args: { kind: 'min', n: 1 },
  simulated: ['force', 'no-prune'],
  *execute(ctx) {
    let code = 0;
    for (const name of ctx.args) {
      const query: Record<string, string> = {};
      if (isOn(ctx.flags, 'force')) query.force = '1';
      if (isOn(ctx.flags, 'no-prune')) query.noprune = '1';
      const r = yield* ctx.api.request('DELETE', `/images/${name}`, {
        query,
        summary: `the CLI asks dockerd to remove the image ${name}`,
      });
      if (r.status !== 200) {
        ctx.err(`Error response from daemon: ${messageOf(r)}\n`);
        code = 1;
        continue;
      }
      for (const item of r.body as Array<Record<string, string>>) {
        const [k, v] = Object.entries(item)[0]!;
        ctx.out(`${k}: ${v}\n`);
      }
    }
    return code;
  },
};
