/**
 * What one collapsed overview step is called, in plain words. The first row
 * whose pattern matches the step's lead message wins. The subject tested is
 * `from→to kind operation` with per-container ids cut to their prefix
 * (`shim`, `container`), e.g. `dockerd→containerd request containerd.services.tasks.v1.Tasks/Start`.
 *
 * Data, not code: checked against ../shared/reference/docker-internals.md §3
 * (pull: Leases → Content.Write → Snapshots Prepare (Stat if it exists) → Diff.Apply → Commit
 * → Images.Create; start: Mounts → Containers.Create → Tasks.Create (shim,
 * runc create) → network → Tasks.Start (runc start); exit: TaskExit →
 * Tasks.Delete (runc delete) → Containers.Delete → network release).
 */
export interface OverviewTitleRule {
  match: RegExp;
  title: string;
  /**
   * dockerd's further calls (same subject format) that stay in a step this
   * row leads: unpacking asks Stat, Prepare, Diff/Apply and Commit for every
   * layer, one thing at the overview's scale.
   */
  absorbs?: RegExp;
  /** A further test on the lead message's request (same operation, different purpose). */
  when?: (request: unknown) => boolean;
}

/** A pull's unpacker names the layer's chain ID as the snapshot it is about to make. */
const unpackTarget = (request: unknown): boolean =>
  typeof request === 'object' &&
  request !== null &&
  'labels' in request &&
  typeof request.labels === 'object' &&
  request.labels !== null &&
  'containerd.io/snapshot.ref' in request.labels;

export const OVERVIEW_TITLES: readonly OverviewTitleRule[] = [
  // dockerd's own calls into containerd
  {
    match: /^dockerd→containerd request .*Leases\/Create/,
    title: 'dockerd takes a lease from containerd so the new content is not garbage-collected',
  },
  {
    match: /^dockerd→containerd request .*Leases\/Delete/,
    title: 'dockerd releases the lease: the image now holds its content',
  },
  {
    match: /^dockerd→containerd request .*Content\/Write/,
    title: 'dockerd asks containerd to store the blob in its content store',
  },
  {
    match: /^dockerd→containerd request .*Content\//,
    title: 'dockerd asks containerd about its content store',
  },
  {
    // A pull's unpacker: Prepare with the layer's chain ID as target (a Stat
    // follows only when that snapshot exists already).
    match: /^dockerd→containerd request .*Snapshots\/Prepare/,
    when: unpackTarget,
    title: 'dockerd asks containerd to unpack the layers, one snapshot on top of the other',
    absorbs:
      /^dockerd→containerd request .*(?:Snapshots\/(?:Stat|Prepare|Commit)|Diff\/Apply|Content\/Write)/,
  },
  {
    match: /^dockerd→containerd request .*Snapshots\/Stat/,
    title: 'dockerd asks containerd to unpack the layers, one snapshot on top of the other',
    absorbs:
      /^dockerd→containerd request .*(?:Snapshots\/(?:Stat|Prepare|Commit)|Diff\/Apply|Content\/Write)/,
  },
  {
    // Outside a pull: the container's own layers (the -init layer, committed,
    // then its writable layer on top).
    match: /^dockerd→containerd request .*Snapshots\/Prepare/,
    title: 'dockerd asks containerd to prepare the container’s writable layer on top of the image',
    absorbs: /^dockerd→containerd request .*Snapshots\/(?:Prepare|Commit)/,
  },
  {
    match: /^dockerd→containerd request .*Snapshots\/Commit/,
    title: 'dockerd asks containerd to make the snapshot read-only',
  },
  {
    match: /^dockerd→containerd request .*Snapshots\/Mounts/,
    title: 'dockerd asks containerd how to mount the container’s root filesystem',
  },
  {
    match: /^dockerd→containerd request .*Snapshots\/Remove/,
    title: 'dockerd asks containerd to remove a snapshot',
  },
  {
    match: /^dockerd→containerd request .*Diff\/Apply/,
    title: 'dockerd asks containerd to store the layers: unpack one into its snapshot',
  },
  {
    match: /^dockerd→containerd request .*Images\/Create/,
    title: 'dockerd asks containerd to record the image by name',
  },
  {
    match: /^dockerd→containerd request .*Images\/Delete/,
    title:
      'dockerd asks containerd to delete an image name; content no name reaches any more is garbage-collected',
  },
  {
    match: /^dockerd→containerd request .*Images\/List/,
    title: 'dockerd asks containerd for its image records',
  },
  {
    match: /^dockerd→containerd request .*Images\//,
    title: 'dockerd asks containerd about its images',
  },
  {
    match: /^dockerd→containerd request .*Containers\/Create/,
    title: 'dockerd registers the container with containerd, with its OCI spec',
  },
  {
    match: /^dockerd→containerd request .*Containers\/Delete/,
    title: 'dockerd asks containerd to forget the container',
  },
  {
    match: /^dockerd→containerd request .*Tasks\/Create/,
    title: 'dockerd asks containerd to create the container’s process (shim, runc, namespaces)',
  },
  {
    match: /^dockerd→containerd request .*Tasks\/Start/,
    title: 'dockerd asks containerd to start the container',
  },
  {
    match: /^dockerd→containerd request .*Tasks\/Kill/,
    title: 'dockerd asks containerd to send a signal to the container',
  },
  {
    match: /^dockerd→containerd request .*Tasks\/Delete/,
    title: 'dockerd asks containerd to clean up the exited process',
  },
  {
    match: /^dockerd→containerd request .*Version/,
    title: 'dockerd asks containerd for its version',
  },
  { match: /^dockerd→containerd request/, title: 'dockerd asks containerd to do some work' },
  {
    match: /^dockerd→runc request runc --version/,
    title: 'dockerd runs runc --version to report its version',
  },
  // dockerd's own calls into the kernel: networking
  {
    match: /^dockerd→kernel request .*RTM_NEWLINK/,
    title: 'dockerd plugs the container into the docker0 bridge',
  },
  {
    match: /^dockerd→kernel request .*RTM_DELLINK/,
    title: 'dockerd unplugs the container from the network',
  },
  {
    match: /^dockerd→kernel request iptables .* -[AI] /,
    title: 'dockerd adds iptables rules to publish the port (DNAT, and a filter rule to let it in)',
  },
  {
    match: /^dockerd→kernel request iptables .* -D /,
    title: 'dockerd removes the port’s iptables rules',
  },
  {
    match: /^dockerd→kernel request \S*docker-proxy/,
    title: 'dockerd starts docker-proxy for the published port',
  },
  { match: /^dockerd→kernel request kill/, title: 'dockerd stops docker-proxy' },
  // A registry DockScope does not model (localhost:5000, ghcr.io…): the attempt to reach it.
  {
    match: /^dockerd→kernel request connect\(fd/,
    title: 'dockerd tries to connect to the registry; DockScope models none there',
    absorbs: /^dockerd→kernel request connect\(fd/,
  },
  {
    match: /^dockerd→kernel request DNS query/,
    title: 'dockerd looks up the registry’s address; DockScope models no DNS beyond the host',
  },
  { match: /^dockerd→kernel request/, title: 'dockerd asks the kernel to set up the network' },
  // Things that come up from below on their own
  { match: /^container→dockerd stream/, title: 'the container writes output and dockerd reads it' },
  {
    match: /^dockerd→shim stream stdin/,
    title: 'dockerd writes your input to the container’s stdin; the shim passes it on',
  },
  { match: /^kernel→shim /, title: 'the container’s process exits and containerd tells dockerd' },
  {
    match: /^shim→containerd request .*Events\/Forward/,
    title: 'the container’s process exits and containerd tells dockerd',
  },
  {
    match: /^containerd→dockerd event \/tasks\/exit/,
    title: 'containerd tells dockerd the container’s process exited',
  },
  {
    match: /^containerd→dockerd event \/tasks\/start/,
    title: 'containerd tells dockerd the container is running',
  },
  { match: /^containerd→dockerd event/, title: 'containerd tells dockerd what happened' },
  // The rest of a call, after other messages came in between
  { match: /Task\/Start|Tasks\/Start/, title: 'containerd finishes starting the container' },
  {
    match: /Task\/Create|Tasks\/Create|runc create/,
    title: 'containerd finishes creating the container’s process',
  },
  {
    match: /Task\/Delete|Tasks\/Delete|Task\/Shutdown|runc delete|rmdir \/sys\/fs\/cgroup/,
    title: 'containerd finishes cleaning up the exited process',
  },
  { match: /Task\/Kill|Tasks\/Kill|runc kill/, title: 'the signal reaches the container' },
  { match: /^containerd→dockerd response/, title: 'containerd answers dockerd' },
];

/** For a step no row names (should not happen: a test checks real traces). */
export const OVERVIEW_FALLBACK_TITLE = 'components inside the host work together';

/**
 * The title of a run of stream frames along one arrow, by what they carry:
 * pull progress (JSON messages), or a container's output framed for the CLI.
 */
export function streamRunTitle(lead: { operation: string; summary: string }): string {
  if (/pull progress|push progress/.test(lead.operation))
    return 'dockerd streams the pull progress to the CLI';
  if (/stdout|stderr|^tty$/.test(lead.operation))
    return 'dockerd streams the container’s output to the CLI';
  // What the learner types into an attached container (docker run -i).
  if (lead.operation === 'stdin')
    return 'the CLI sends what you type over the attached connection to the container';
  return lead.summary;
}
