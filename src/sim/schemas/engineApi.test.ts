/**
 * Every answer the simulated dockerd gives the simulated CLI, checked against
 * the official Engine API description (Swagger 2.0, API v1.50): the status
 * must be one the API declares for that operation and the body must validate
 * against the schema declared for that status.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Engine, type CommandResult, type Message } from '../engine';
import type { HttpRequest } from '../core/http';
import { apiPath, findOperation, swagger, validateDefinition, validateResponse } from './engineApi';

/**
 * A broad session: system commands, pulls, every container lifecycle command,
 * then the error paths. Long-running containers use `sleep 3600` so that none
 * of them exits by itself while the session runs.
 */
const SESSION: ReadonlyArray<{ line: string; exitCode: number }> = [
  { line: 'docker version', exitCode: 0 },
  { line: 'docker info', exitCode: 0 },
  { line: 'docker pull alpine', exitCode: 0 },
  { line: 'docker pull nginx', exitCode: 0 },
  { line: 'docker pull redis', exitCode: 0 },
  { line: 'docker pull hello-world', exitCode: 0 },
  { line: 'docker images', exitCode: 0 },
  { line: 'docker run -d -p 8080:80 --name web -e GREETING=hello nginx', exitCode: 0 },
  { line: 'docker run -d --rm --name ephemeral alpine sleep 3600', exitCode: 0 },
  { line: 'docker run hello-world', exitCode: 0 },
  { line: 'docker run alpine echo hi', exitCode: 0 },
  { line: 'docker run --rm alpine echo bye', exitCode: 0 },
  { line: 'docker run -d --name cache -p 6379:6379 redis', exitCode: 0 },
  { line: 'docker ps', exitCode: 0 },
  { line: 'docker ps -a', exitCode: 0 },
  { line: 'docker logs web', exitCode: 0 },
  { line: 'docker logs --tail 2 web', exitCode: 0 },
  { line: 'docker inspect web', exitCode: 0 },
  { line: 'docker container inspect -s web', exitCode: 0 },
  { line: 'docker image inspect nginx', exitCode: 0 },
  { line: 'docker inspect nosuch', exitCode: 1 }, // 404 for every kind, then plugin 404
  { line: 'docker inspect --type node nosuch', exitCode: 1 }, // 503: not a swarm manager
  { line: 'docker create --name made alpine sleep 3600', exitCode: 0 },
  { line: 'docker start made', exitCode: 0 },
  { line: 'docker stop -t 1 made', exitCode: 0 },
  { line: 'docker run --name fg alpine sleep 3600', exitCode: 137 }, // stays attached until `docker stop fg`
  { line: 'docker stop fg', exitCode: 0 },
  { line: 'docker rm made fg', exitCode: 0 },
  { line: 'docker stop web', exitCode: 0 },
  { line: 'docker stop web', exitCode: 0 }, // already stopped: 304
  { line: 'docker start web', exitCode: 0 },
  { line: 'docker start web', exitCode: 0 }, // already running: 304
  { line: 'docker restart web', exitCode: 0 },
  { line: 'docker kill web', exitCode: 0 },
  { line: 'docker kill web', exitCode: 1 }, // not running: 409
  { line: 'docker rm web', exitCode: 0 },
  { line: 'docker rm -f cache', exitCode: 0 },
  { line: 'docker stop ephemeral', exitCode: 0 }, // --rm: removed once stopped
  { line: 'docker rmi redis', exitCode: 0 },
  { line: 'docker ps -a', exitCode: 0 },
  // error paths
  { line: 'docker run nosuchimage', exitCode: 125 }, // create 404, then pull 404
  { line: 'docker pull nosuch/nothing', exitCode: 1 },
  { line: 'docker run -d --name dup alpine sleep 3600', exitCode: 0 },
  { line: 'docker run -d --name dup alpine sleep 3600', exitCode: 125 }, // name conflict: 409
  { line: 'docker run -d --name x alpine true', exitCode: 125 }, // invalid name: 400
  { line: 'docker rm dup', exitCode: 1 }, // running: 409
  { line: 'docker run -d -p 8080:80 --name web2 nginx', exitCode: 0 },
  { line: 'docker run -d -p 8080:80 --name web3 nginx', exitCode: 125 }, // port taken: start 500
  { line: 'docker kill --signal BOGUS web2', exitCode: 1 }, // 400
  { line: 'docker rm -f web2 web3', exitCode: 0 },
  { line: 'docker rmi alpine', exitCode: 1 }, // in use: 409
  { line: 'docker rmi hello-world', exitCode: 1 }, // used by a stopped container: 409
  { line: 'docker rmi -f hello-world', exitCode: 0 },
  { line: 'docker rmi nosuchimage', exitCode: 1 }, // 404
  { line: 'docker stop nosuch', exitCode: 1 },
  { line: 'docker start nosuch', exitCode: 1 },
  { line: 'docker restart nosuch', exitCode: 1 },
  { line: 'docker kill nosuch', exitCode: 1 },
  { line: 'docker rm nosuch', exitCode: 1 },
  { line: 'docker logs nosuch', exitCode: 1 },
  { line: 'docker run INVALID:ref', exitCode: 125 }, // refused by the CLI: no request
  // docker exec (issue 13): exec create, the hijacked start, -d's plain start, exec inspect
  { line: 'docker exec dup echo hi', exitCode: 0 },
  { line: 'docker exec dup nosuchcommand', exitCode: 127 },
  { line: 'docker exec -d dup sleep 5', exitCode: 0 },
  { line: 'docker exec nosuch ls', exitCode: 1 }, // the inspect's 404
  { line: 'docker rm -f dup', exitCode: 0 },
  { line: 'docker images', exitCode: 0 },
  // Volumes and mounts (vol)
  { line: 'docker volume create data', exitCode: 0 },
  { line: 'docker volume create --label a=b -o type=tmpfs -o device=tmpfs opts', exitCode: 0 },
  { line: 'docker volume ls', exitCode: 0 },
  { line: 'docker volume inspect data opts', exitCode: 0 },
  { line: 'docker run -d --name vol -v data:/data -v /srv:/srv:ro nginx', exitCode: 0 },
  { line: 'docker diff vol', exitCode: 0 },
  { line: 'docker logs vol', exitCode: 0 }, // inspect first: Mounts
  { line: 'docker ps', exitCode: 0 }, // Mounts in the summaries
  { line: 'docker ps -s', exitCode: 0 }, // SizeRw, SizeRootFs
  { line: 'docker inspect --size vol', exitCode: 0 },
  { line: 'docker system df', exitCode: 0 }, // volumes with UsageData
  { line: 'docker volume rm data', exitCode: 1 }, // in use: 409
  { line: 'docker volume inspect nosuch', exitCode: 1 }, // 404
  { line: 'docker volume create x', exitCode: 1 }, // 400
  { line: 'docker rm -f -v vol', exitCode: 0 },
  { line: 'docker volume prune -a -f', exitCode: 0 },
  // networks (net): every /networks route, and containers with endpoints on them
  { line: 'docker network create appnet', exitCode: 0 },
  { line: 'docker network create appnet', exitCode: 1 }, // 409
  { line: 'docker network ls', exitCode: 0 },
  { line: 'docker run -d --name api --network appnet --network-alias backend nginx', exitCode: 0 },
  { line: 'docker network inspect appnet', exitCode: 0 },
  { line: 'docker network inspect nosuch', exitCode: 1 }, // 404
  { line: 'docker network connect bridge api', exitCode: 0 },
  { line: 'docker ps', exitCode: 0 },
  { line: 'docker network disconnect bridge api', exitCode: 0 },
  { line: 'docker network rm bridge', exitCode: 1 }, // 403
  { line: 'docker network rm appnet', exitCode: 1 }, // active endpoints: 403
  { line: 'docker rm -f api', exitCode: 0 },
  { line: 'docker network prune -f', exitCode: 0 },
];

interface Exchange {
  request: Message;
  req: HttpRequest;
  response: Message | undefined;
  /** dockerd → client chunks of the same command that came after the response. */
  chunks: Message[];
  command: string;
}

function runSession(): { engine: Engine; results: CommandResult[]; exchanges: Exchange[] } {
  const engine = new Engine({ seed: 1 });
  const results: CommandResult[] = [];
  for (const [i, { line }] of SESSION.entries()) {
    if (i > 0) engine.advance(1000);
    results.push(engine.run(line));
  }
  const trace = engine.trace;
  const responses = new Map<number, Message>();
  for (const m of trace) {
    if (
      m.kind === 'response' &&
      m.from === 'dockerd' &&
      m.to === 'client' &&
      m.replyTo !== undefined
    ) {
      responses.set(m.replyTo, m);
    }
  }
  const commandOf = new Map(results.map((r) => [r.id, r.command]));
  const exchanges = trace
    .filter(
      (m) =>
        m.from === 'client' && m.to === 'dockerd' && m.protocol === 'http' && m.kind === 'request',
    )
    .map((request) => {
      const response = responses.get(request.seq);
      const after = response?.seq ?? request.seq;
      const chunks = trace.filter(
        (m) =>
          m.kind === 'stream' &&
          m.from === 'dockerd' &&
          m.to === 'client' &&
          m.commandId === request.commandId &&
          m.seq > after,
      );
      return {
        request,
        req: request.request as HttpRequest,
        response,
        chunks,
        command: commandOf.get(request.commandId ?? -1) ?? '(no command)',
      };
    });
  return { engine, results, exchanges };
}

const { results, exchanges } = runSession();

/** Where a problem was found, for failure messages the lead can act on. */
const where = (x: Exchange): string =>
  `#${x.request.seq} \`${x.command}\` ${x.req.method} ${x.req.path}`;

/** Streamed answers: the stream-chunk operation that carries the JSON body, by operation. */
const STREAMED_JSON_BODY: Record<string, string> = {
  'post /containers/{id}/wait': 'wait result',
};

/**
 * A wait whose result never came because the client hung up first: the
 * container's start failed in the same command, so the CLI gave up waiting,
 * or the run was detached (`-d`: CLI 28 sends `wait` and exits after `start`
 * without reading it). The real daemon's 200 then ends without a body, too.
 */
function abandonedWait(x: Exchange): boolean {
  const id = /^\/v1\.50\/containers\/([^/]+)\/wait$/.exec(x.req.path)?.[1];
  if (id !== undefined && /^docker (container )?run\b.*\s(-d|--detach)\b/.test(x.command))
    return true;
  return (
    id !== undefined &&
    exchanges.some(
      (y) =>
        y.request.commandId === x.request.commandId &&
        y.req.method === 'POST' &&
        y.req.path === `/v1.50/containers/${id}/start` &&
        Number(y.response?.status) >= 400,
    )
  );
}

function bodyOf(x: Exchange): unknown {
  if (x.response?.response !== undefined) return x.response.response;
  const op = findOperation(x.req.method, x.req.path);
  const chunkOp = op && STREAMED_JSON_BODY[`${op.method} ${op.template}`];
  if (!chunkOp) return undefined;
  return x.chunks.find((c) => c.operation === chunkOp)?.request;
}

/**
 * Schema violations deliberately accepted, each with its reason: the line
 * `validateResponse` gives, with `*` for the varying segments of the JSON path
 * (array indexes, map keys such as network names). Empty: every violation
 * fails the test.
 */
const GO_NIL_SLICE =
  'moby encodes an empty Go slice or map as null; real dockerd 28 sends null here and the swagger does not mark the field x-nullable';
const ACCEPTED_VIOLATIONS: ReadonlyArray<{ problem: string; reason: string }> = [
  { problem: 'GET /info → 200: /Plugins/Authorization must be array', reason: GO_NIL_SLICE },
  { problem: 'GET /info → 200: /GenericResources must be array', reason: GO_NIL_SLICE },
  { problem: 'GET /info → 200: /Warnings must be array', reason: GO_NIL_SLICE },
  {
    problem: 'GET /containers/json → 200: /*/NetworkSettings/Networks/*/Links must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/json → 200: /*/NetworkSettings/Networks/*/Aliases must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/json → 200: /*/NetworkSettings/Networks/*/DNSNames must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /Config/Volumes must be object',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /NetworkSettings/Networks/*/Links must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /NetworkSettings/Networks/*/Aliases must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /NetworkSettings/Networks/*/DNSNames must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/Binds must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/VolumesFrom must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/CapAdd must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/CapDrop must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/ExtraHosts must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/GroupAdd must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/Links must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/SecurityOpt must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/DeviceCgroupRules must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/DeviceRequests must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /containers/{id}/json → 200: /HostConfig/MemorySwappiness must be integer',
    reason:
      'a nil *int64: dockerd drops the CLI’s -1 (fixMemorySwappiness) and sends null; the swagger does not mark it x-nullable',
  },
  {
    problem: 'GET /containers/{id}/json → 200: /GraphDriver/Data must be object',
    reason:
      'with the containerd image store moby leaves GraphDriver.Data a nil map (daemon/inspect.go, daemon/containerd/image_inspect.go): null',
  },
  {
    problem: 'GET /images/{name}/json → 200: /GraphDriver/Data must be object',
    reason:
      'with the containerd image store moby leaves GraphDriver.Data a nil map (daemon/inspect.go, daemon/containerd/image_inspect.go): null',
  },
  {
    problem: 'GET /containers/{id}/json → 200: /Config/Entrypoint must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'POST /exec/{id}/start → 101: status 101 is not declared (declared: 200, 404, 409)',
    reason:
      'asked with Upgrade: tcp (as the CLI does), moby answers 101 UPGRADED (postContainerExecStart); the swagger documents only the 200 of a request without it',
  },
  {
    problem:
      'POST /containers/{id}/kill → 400: status 400 is not declared (declared: 204, 404, 409, 500)',
    reason:
      'moby answers an unknown signal with errdefs.InvalidParameter (400); the swagger lists no 400 for kill',
  },
  // Volumes (vol): the volume store keeps the request's nil maps as they are (volume/service/store.go).
  { problem: 'POST /volumes/create → 201: /Labels must be object', reason: GO_NIL_SLICE },
  { problem: 'POST /volumes/create → 201: /Options must be object', reason: GO_NIL_SLICE },
  { problem: 'GET /volumes/{name} → 200: /Labels must be object', reason: GO_NIL_SLICE },
  { problem: 'GET /volumes/{name} → 200: /Options must be object', reason: GO_NIL_SLICE },
  { problem: 'GET /volumes → 200: /Volumes/*/Labels must be object', reason: GO_NIL_SLICE },
  { problem: 'GET /volumes → 200: /Volumes/*/Options must be object', reason: GO_NIL_SLICE },
  // /system/df carries the same container summaries and volumes as the lists above.
  { problem: 'GET /system/df → 200: /Volumes/*/Labels must be object', reason: GO_NIL_SLICE },
  { problem: 'GET /system/df → 200: /Volumes/*/Options must be object', reason: GO_NIL_SLICE },
  {
    problem: 'GET /system/df → 200: /Containers/*/NetworkSettings/Networks/*/Links must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem: 'GET /system/df → 200: /Containers/*/NetworkSettings/Networks/*/Aliases must be array',
    reason: GO_NIL_SLICE,
  },
  {
    problem:
      'GET /system/df → 200: /Containers/*/NetworkSettings/Networks/*/DNSNames must be array',
    reason: GO_NIL_SLICE,
  },
  { problem: 'GET /volumes → 200: /Warnings must be array', reason: GO_NIL_SLICE },
  {
    problem: 'POST /volumes/create → 400: status 400 is not declared (declared: 201, 500)',
    reason:
      'the local driver refuses a bad name or option with errdefs.InvalidParameter (400); the swagger lists only 201 and 500',
  },
  // networks (net)
  {
    problem:
      'POST /networks/create → 409: status 409 is not declared (declared: 201, 400, 403, 404, 500)',
    reason:
      'moby answers a taken name with libnetwork.NetworkNameError, an errdefs Conflict (409); the swagger lists no 409 for network create',
  },
  {
    problem: 'GET /networks → 200: /*/IPAM/Options must be object',
    reason:
      'Go nil map: dockerd creates bridge, host and none with no IPAM options (NetworkOptionIpam(…, nil)), and json.Marshal writes null',
  },
  {
    problem: 'GET /networks/{id} → 200: /IPAM/Options must be object',
    reason:
      'Go nil map: dockerd creates bridge, host and none with no IPAM options (NetworkOptionIpam(…, nil)), and json.Marshal writes null',
  },
  { problem: 'GET /networks → 200: /*/IPAM/Config must be array', reason: GO_NIL_SLICE },
  { problem: 'GET /networks/{id} → 200: /IPAM/Config must be array', reason: GO_NIL_SLICE },
];

// Whether a problem line is accepted; `*` in a pattern stands for one JSON path segment.
function matchesAccepted(problem: string, accepted = ACCEPTED_VIOLATIONS): boolean {
  return accepted.some(({ problem: pattern }) => {
    const regex = new RegExp(
      `^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/ ]+')}$`,
    );
    return regex.test(problem);
  });
}

describe('Engine API responses validate against engine-api-v1.50.yaml', () => {
  it('the vendored JSON is the vendored YAML, re-encoded (scripts/convertSwagger.ts)', () => {
    const dir = fileURLToPath(new URL('./vendor/engine-api/', import.meta.url));
    const yaml: unknown = parse(readFileSync(`${dir}engine-api-v1.50.yaml`, 'utf8'));
    expect(swagger).toEqual(yaml);
    expect(swagger.swagger).toBe('2.0');
    expect(swagger.basePath).toBe('/v1.50');
  });

  it('the session ran as expected (so the error paths were really exercised)', () => {
    expect(results.map((r) => `${r.command} → ${String(r.exitCode)}`)).toEqual(
      SESSION.map((s) => `${s.line} → ${s.exitCode}`),
    );
    const statuses = new Set(exchanges.map((x) => x.response?.status));
    for (const s of [101, 200, 201, 204, 304, 400, 404, 409, 500])
      expect(statuses, `status ${s}`).toContain(s);
    expect(exchanges.length).toBeGreaterThan(100);
  });

  it('every request the CLI sends is an operation of the Engine API, and is answered', () => {
    const problems = exchanges.flatMap((x) => [
      ...(findOperation(x.req.method, x.req.path)
        ? []
        : [`${where(x)}: no such operation in the API`]),
      ...(x.response ? [] : [`${where(x)}: never answered`]),
      ...(x.req.path.startsWith('/v1.50/') || x.req.path === '/_ping'
        ? []
        : [`${where(x)}: unexpected prefix`]),
    ]);
    expect(problems).toEqual([]);
  });

  it('every response has a declared status and a body that validates', () => {
    const problems: string[] = [];
    const routes = new Map<string, number>();
    for (const x of exchanges) {
      if (!x.response) continue;
      const status = Number(x.response.status);
      const body = bodyOf(x);
      if (body === undefined && abandonedWait(x)) continue;
      for (const p of validateResponse(x.req.method, x.req.path, status, body)) {
        if (!matchesAccepted(p)) problems.push(`${where(x)}: ${p}`);
      }
      const op = findOperation(x.req.method, x.req.path);
      const route = `${x.req.method} ${op?.template ?? apiPath(x.req.path)} ${status}`;
      routes.set(route, (routes.get(route) ?? 0) + 1);
    }
    const validated = exchanges.filter((x) => x.response).length;
    console.log(
      `validated ${validated} Engine API responses (${routes.size} route/status pairs):\n` +
        [...routes].map(([r, n]) => `  ${r} ×${n}`).join('\n'),
    );
    // One line per distinct route and field (the first exchange that shows it), then every occurrence.
    const distinct = new Map<string, string>();
    for (const p of problems) {
      const key = p.replace(/^#\d+ `[^`]*` \S+ \S+: /, '').replace(/\/\d+(?=\/|\s)/g, '/*');
      if (!distinct.has(key)) distinct.set(key, p);
    }
    expect([...distinct.values()], `${problems.length} schema violations in all`).toEqual([]);
  });

  it('streamed JSON bodies (container wait) are there and validate', () => {
    const waits = exchanges.filter(
      (x) =>
        findOperation(x.req.method, x.req.path)?.template === '/containers/{id}/wait' &&
        x.response?.status === 200 &&
        !abandonedWait(x),
    );
    expect(waits.length).toBeGreaterThan(0);
    const problems = waits.flatMap((x) => {
      const body = bodyOf(x);
      if (body === undefined) return [`${where(x)}: no wait result was streamed`];
      return validateResponse(x.req.method, x.req.path, 200, body).map((p) => `${where(x)}: ${p}`);
    });
    expect(problems).toEqual([]);
  });

  it('pull progress messages validate against CreateImageInfo (and ProgressDetail)', () => {
    expect(swagger.definitions.CreateImageInfo).toBeDefined();
    expect(swagger.definitions.ProgressDetail).toBeDefined();
    const pulls = exchanges.filter(
      (x) =>
        findOperation(x.req.method, x.req.path)?.template === '/images/create' &&
        x.response?.status === 200,
    );
    const chunks = pulls.flatMap((x) =>
      x.chunks.filter((c) => c.operation === 'pull progress').map((c) => ({ x, c })),
    );
    expect(chunks.length).toBeGreaterThan(0);
    const problems = chunks.flatMap(({ x, c }) => {
      const info = c.request as { progressDetail?: unknown };
      return [
        ...validateDefinition('CreateImageInfo', info),
        ...(info.progressDetail === undefined
          ? []
          : validateDefinition('ProgressDetail', info.progressDetail)),
      ].map((p) => `${where(x)} chunk #${c.seq}: ${p}`);
    });
    console.log(`validated ${chunks.length} pull progress messages`);
    expect(problems).toEqual([]);
  });

  it('no response carries fields the API does not document (misspelt or invented names)', () => {
    const problems: string[] = [];
    for (const x of exchanges) {
      if (!x.response) continue;
      const body = bodyOf(x);
      if (body === undefined) continue;
      const found = validateResponse(x.req.method, x.req.path, Number(x.response.status), body, {
        noUndocumentedProperties: true,
      });
      for (const p of found)
        if (p.includes('must NOT have additional properties')) problems.push(`${where(x)}: ${p}`);
    }
    const pullChunks = exchanges.flatMap((x) =>
      x.chunks.filter((c) => c.operation === 'pull progress'),
    );
    // The swagger's ProgressDetail lists only current and total, but moby
    // marshals its whole jsonmessage.JSONProgress: the containerd store's
    // pull sends `hidecounts` (Download complete, Pull complete) and `units`
    // (Extracting in seconds). Real fields, merely undocumented.
    const undocumentedButReal =
      /\/progressDetail must NOT have additional properties \((hidecounts|units)\)/;
    for (const c of pullChunks) {
      for (const p of validateDefinition('CreateImageInfo', c.request, {
        noUndocumentedProperties: true,
      })) {
        if (p.includes('must NOT have additional properties') && !undocumentedButReal.test(p))
          problems.push(`chunk #${c.seq}: ${p}`);
      }
    }
    expect([
      ...new Set(
        problems.map((p) =>
          p.replace(/^#\d+ `[^`]*` \S+ \S+: /, '').replace(/\/\d+(?=\/|\s)/g, '/*'),
        ),
      ),
    ]).toEqual([]);
  });
});

describe('the response validator can fail', () => {
  const ok = (x: Exchange | undefined): Exchange => {
    if (!x) throw new Error('the session has no such exchange');
    return x;
  };
  const byTemplate = (method: string, template: string, status: number): Exchange =>
    ok(
      exchanges.find(
        (x) =>
          x.req.method === method &&
          findOperation(x.req.method, x.req.path)?.template === template &&
          x.response?.status === status,
      ),
    );

  it('accepts the real body and rejects a broken copy of it', () => {
    const x = byTemplate('GET', '/containers/json', 200);
    const body = x.response!.response as Array<Record<string, unknown>>;
    expect(body.length).toBeGreaterThan(0);
    const before = validateResponse('GET', x.req.path, 200, body);
    const broken = structuredClone(body);
    broken[0]!.Id = 42;
    broken[0]!.Ports = [{ PrivatePort: '80', Type: 'tcp4' }];
    broken[0]!.Names = 'web';
    const errors = validateResponse('GET', x.req.path, 200, broken).filter(
      (e) => !before.includes(e),
    );
    expect(errors).toContain('GET /containers/json → 200: /0/Id must be string');
    expect(errors).toContain('GET /containers/json → 200: /0/Names must be array');
    expect(errors).toContain('GET /containers/json → 200: /0/Ports/0/PrivatePort must be integer');
    expect(
      errors.some((e) => e.includes('/0/Ports/0/Type must be equal to one of the allowed values')),
    ).toBe(true);
  });

  it('rejects a missing required field, a wrong nested type and a bad format', () => {
    const x = byTemplate('GET', '/containers/{id}/json', 200);
    const body = structuredClone(x.response!.response) as Record<string, Record<string, unknown>>;
    const before = validateResponse('GET', x.req.path, 200, body);
    body.State!.Status = 'sleeping';
    body.State!.Pid = -1.5;
    expect(
      validateResponse('GET', x.req.path, 200, body).filter((e) => !before.includes(e)),
    ).toEqual([
      'GET /containers/{id}/json → 200: /State/Status must be equal to one of the allowed values (["created","running","paused","restarting","removing","exited","dead"])',
      'GET /containers/{id}/json → 200: /State/Pid must be integer',
    ]);
    expect(validateResponse('POST', '/v1.50/containers/create', 201, { Warnings: [] })).toEqual([
      "POST /containers/create → 201: (body) must have required property 'Id'",
    ]);
    expect(
      validateResponse('GET', '/v1.50/containers/json', 200, [
        { Ports: [{ IP: '300.1.1.1', PrivatePort: 80, Type: 'tcp' }] },
      ]),
    ).toEqual([
      'GET /containers/json → 200: /0/Ports/0/IP must match format "ip-address" (ip-address)',
    ]);
  });

  it('rejects undeclared statuses, bodies where none is declared and missing bodies', () => {
    expect(validateResponse('POST', '/v1.50/containers/abc/start', 200, undefined)).toEqual([
      'POST /containers/{id}/start → 200: status 200 is not declared (declared: 204, 304, 404, 500)',
    ]);
    expect(validateResponse('DELETE', '/v1.50/containers/abc', 204, { message: 'ok' })).toEqual([
      'DELETE /containers/{id} → 204: the API declares no body for this status, but one was sent',
    ]);
    expect(validateResponse('GET', '/v1.50/version', 200, undefined)).toEqual([
      'GET /version → 200: the API declares a SystemVersion body, none was sent',
    ]);
    expect(validateResponse('GET', '/v1.50/containers/abc/json', 404, { error: 'gone' })).toEqual([
      "GET /containers/{id}/json → 404: (body) must have required property 'message'",
    ]);
    expect(validateResponse('GET', '/v1.50/nowhere', 200, {})).toEqual([
      'GET /nowhere → 200: no operation GET /nowhere in the Engine API',
    ]);
  });

  it('treats x-nullable as "may also be null", and nothing else as nullable', () => {
    // ContainerSummary.HostConfig.Annotations is x-nullable; ContainerSummary.Names is not.
    expect(
      validateResponse('GET', '/v1.50/containers/json', 200, [
        { HostConfig: { Annotations: null } },
      ]),
    ).toEqual([]);
    expect(validateResponse('GET', '/v1.50/containers/json', 200, [{ Names: null }])).toEqual([
      'GET /containers/json → 200: /0/Names must be array',
    ]);
  });

  it('flags pull progress that is not a CreateImageInfo', () => {
    expect(
      validateDefinition('CreateImageInfo', {
        status: 'Downloading',
        progressDetail: { current: '1MB' },
      }),
    ).toEqual(['CreateImageInfo: /progressDetail/current must be integer']);
    expect(
      validateDefinition(
        'CreateImageInfo',
        { status: 'x', Status: 'y' },
        { noUndocumentedProperties: true },
      ),
    ).toEqual(['CreateImageInfo: (body) must NOT have additional properties (Status)']);
  });

  it('flags undocumented fields only on request, including inside allOf-composed objects', () => {
    // HostConfig is allOf [Resources, {…}]: Memory comes from Resources, NetworkMode from the rest.
    const body = {
      HostConfig: { Memory: 0, NetworkMode: 'bridge', Bogus: 1 },
      Config: { Hostnme: 'x' },
    };
    expect(validateResponse('GET', '/v1.50/containers/x/json', 200, body)).toEqual([]);
    expect(
      validateResponse('GET', '/v1.50/containers/x/json', 200, body, {
        noUndocumentedProperties: true,
      }),
    ).toEqual([
      'GET /containers/{id}/json → 200: /HostConfig must NOT have additional properties (Bogus)',
      'GET /containers/{id}/json → 200: /Config must NOT have additional properties (Hostnme)',
    ]);
  });

  it('accepts only the listed violations (wildcards stand for one path segment)', () => {
    const accepted = [
      { problem: 'GET /containers/json → 200: /*/Names must be array', reason: 'test' },
    ];
    expect(matchesAccepted('GET /containers/json → 200: /3/Names must be array', accepted)).toBe(
      true,
    );
    expect(
      matchesAccepted('GET /containers/json → 200: /3/Labels/Names must be array', accepted),
    ).toBe(false);
    expect(matchesAccepted('GET /containers/json → 200: /3/Names must be array', [])).toBe(false);
  });

  it('matches concrete paths to the most specific template', () => {
    expect(findOperation('GET', '/v1.50/containers/json')?.template).toBe('/containers/json');
    expect(findOperation('GET', '/v1.50/containers/web/json')?.template).toBe(
      '/containers/{id}/json',
    );
    expect(findOperation('DELETE', '/v1.50/images/ghcr.io/owner/app')?.template).toBe(
      '/images/{name}',
    );
    expect(findOperation('GET', '/v1.50/images/ghcr.io/owner/app/json')?.template).toBe(
      '/images/{name}/json',
    );
    expect(findOperation('GET', '/v1.50/images/json')?.template).toBe('/images/json');
    expect(findOperation('HEAD', '/_ping')?.template).toBe('/_ping');
  });
});
