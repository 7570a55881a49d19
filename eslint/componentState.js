/**
 * ESLint rule `dockscope/component-owns-state`: a component of the engine
 * (src/sim/<component>/) changes or reads another component's state only by a
 * message on the wire, never by reaching into it. Two ways of reaching in are
 * caught without type information:
 *
 * - a member of the Host that another component owns: `host.kernel`,
 *   `ctx.host.dockerd`, `this.host.shims`, `host.files`…;
 * - importing another component's state type (`KernelState`, `DockerdState`…)
 *   or its state-holding module (its xstate machine, dockerd's pipes and logs,
 *   the kernel's process table and files), which only code that reads that
 *   state needs.
 *
 * A component may use its own members freely. Code outside the component
 * directories (host.ts wiring them together, the engine, history, tests) is
 * not a component and is not checked.
 */

/** What each component owns on the Host. */
export const OWNED = {
  client: ['client'],
  dockerd: ['dockerd', 'io', 'logs', 'endpoints'],
  containerd: ['containerd'],
  shim: ['shims', 'spawnShim', 'dropShim'],
  runc: ['runc'],
  kernel: ['kernel', 'processes', 'pipes', 'rwLayers', 'files', 'namespaces'],
  registry: ['registry'],
  // ssh on the learner's machine, sshd and dial-stdio on a remote one: they own no Host member.
  ssh: [],
};

/**
 * Modules that hold a component's state (its machine, the objects it keeps),
 * by owning component, as path suffixes without extension.
 */
const STATE_MODULES = {
  dockerd: [
    'dockerd/dockerdMachine',
    'dockerd/containerIo',
    'dockerd/logStore',
    'dockerd/endpoints',
  ],
  containerd: ['containerd/containerdMachine'],
  shim: ['shim/shimMachine'],
  runc: ['runc/runcMachine'],
  kernel: [
    'kernel/kernelMachine',
    'kernel/processTable',
    'kernel/stdinPipes',
    'kernel/hostFiles',
    'kernel/mountNamespaces',
  ],
  registry: ['registry/registryMachine'],
  client: ['client/clientMachine'],
};

const COMPONENTS = Object.keys(OWNED);

/** The component a file belongs to, from its path, or undefined. */
function componentOf(filename) {
  const m = /(?:^|[\\/])src[\\/]sim[\\/]([a-z]+)[\\/]/.exec(filename);
  return m && COMPONENTS.includes(m[1]) ? m[1] : undefined;
}

/** The component whose state an import source names, if any. */
function stateModuleOwner(source) {
  const clean = source.replace(/\.(ts|js)$/, '');
  for (const [owner, modules] of Object.entries(STATE_MODULES))
    if (modules.some((m) => clean === m || clean.endsWith(`/${m}`))) return owner;
  return undefined;
}

/** The component whose directory an import source points into (`../kernel/x`). */
function directoryOwner(source) {
  const m = /(?:^|\/)(?:\.\.\/)+([a-z]+)\//.exec(source);
  return m && COMPONENTS.includes(m[1]) ? m[1] : undefined;
}

/** `host`, `ctx.host`, `this.host`, `p.host`: an expression that is the Host. */
function isHost(node) {
  if (node.type === 'Identifier') return node.name === 'host';
  return (
    node.type === 'MemberExpression' &&
    !node.computed &&
    node.property.type === 'Identifier' &&
    node.property.name === 'host'
  );
}

const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        "A component never reads or writes another component's state: it sends a message.",
    },
    messages: {
      member:
        "{{self}} reaches into {{owner}}'s state (`host.{{name}}`): send {{owner}} a message on the wire instead.",
      import:
        "{{self}} imports {{owner}}'s state ({{what}}): what it needs must come in a message.",
    },
    schema: [],
  },
  create(context) {
    const self = componentOf(context.filename ?? context.getFilename());
    if (!self) return {};
    const ownerOfMember = new Map();
    for (const [owner, names] of Object.entries(OWNED))
      if (owner !== self) for (const n of names) ownerOfMember.set(n, owner);
    return {
      MemberExpression(node) {
        if (node.computed || node.property.type !== 'Identifier') return;
        const owner = ownerOfMember.get(node.property.name);
        if (!owner || !isHost(node.object)) return;
        context.report({
          node,
          messageId: 'member',
          data: { self, owner, name: node.property.name },
        });
      },
      ImportDeclaration(node) {
        const source = String(node.source.value);
        const moduleOwner = stateModuleOwner(source);
        if (moduleOwner && moduleOwner !== self) {
          context.report({
            node,
            messageId: 'import',
            data: { self, owner: moduleOwner, what: source },
          });
          return;
        }
        // A `…State` type from another component's directory (dockerd/model's DockerdState).
        const dirOwner = directoryOwner(source);
        if (!dirOwner || dirOwner === self) return;
        for (const s of node.specifiers) {
          if (s.type !== 'ImportSpecifier') continue;
          const name =
            s.imported.type === 'Identifier' ? s.imported.name : String(s.imported.value);
          if (/State$/.test(name))
            context.report({
              node: s,
              messageId: 'import',
              data: { self, owner: dirOwner, what: name },
            });
        }
      },
    };
  },
};

export default { rules: { 'component-owns-state': rule } };
