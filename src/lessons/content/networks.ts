/**
 * Lessons and questions on networks: how containers find each other (the
 * default bridge has no name resolution; a user-defined network has dockerd's
 * embedded DNS server at 127.0.0.11), and what `-p` does, packet by packet
 * (docker-proxy for connections from the host to localhost). True of moby 28.2
 * (libnetwork's bridge driver with the iptables backend, its resolver) and
 * BusyBox 1.36; where DockScope simplifies, the text says so.
 */
import type { Lesson, Question } from '../types';

export const findEachOther: Lesson = {
  id: 'find-each-other',
  title: 'How containers find each other',
  summary: 'The default bridge has no names; a user-defined network has dockerd’s DNS server.',
  intro:
    'Every container on a bridge network has its own network namespace, an eth0 that is one end of a veth pair, and an address on the bridge’s subnet. Reaching another container by its address works on any bridge they share. Reaching it by name needs someone to answer the name: on a user-defined network that is dockerd itself.',
  setup: ['docker pull nginx', 'docker pull busybox'],
  steps: [
    {
      id: 'default-bridge',
      task: 'Start nginx as web on the default bridge, then try to reach it by name from another container: `docker run -d --name web nginx`, then `docker run --rm busybox ping -c 1 web`.',
      commands: ['docker run -d --name web nginx', 'docker run --rm busybox ping -c 1 web'],
      goal: {
        output: "bad address 'web'",
        since: 'step',
        label: 'ping cannot resolve web on the default bridge',
      },
      hints: ['Run both commands; the second one fails, and that is the point.'],
      solution: ['docker run -d --name web nginx', 'docker run --rm busybox ping -c 1 web'],
      explain:
        'BusyBox looked web up in /etc/hosts (only its own name is there), then asked the nameserver in its /etc/resolv.conf, which on the default bridge names the host’s own upstream nameservers (copied from the host’s resolv.conf): they know no container names, so ping printed `bad address`. The default bridge has no embedded DNS server; only the legacy --link writes other containers’ names, into /etc/hosts. (DockScope does not simulate the host’s resolver; a single-label name like web is in no public zone, so the real answer is usually the same, unless a search domain the host’s resolv.conf lists makes web.<domain> resolve.)',
    },
    {
      id: 'create-network',
      task: 'Create a network of your own: `docker network create appnet`. Watch dockerd talk to the kernel.',
      commands: ['docker network create appnet', 'docker network ls'],
      goal: {
        message: { from: 'dockerd', to: 'kernel', operation: '^netlink RTM_NEWLINK \\(bridge br-' },
        since: 'step',
        label: 'dockerd created the network’s bridge',
      },
      hints: ['`docker network create appnet`.'],
      solution: ['docker network create appnet'],
      explain:
        'libnetwork gave appnet the next free subnet, 172.18.0.0/16, and the bridge driver created a Linux bridge named br- and the first 12 hex of the network’s ID, with 172.18.0.1 (the gateway) on it. Then the iptables rules: MASQUERADE for traffic leaving the subnet, and DOCKER-ISOLATION rules that drop traffic between this bridge and the others.',
    },
    {
      id: 'connect',
      task: 'Plug web into it too: `docker network connect appnet web`.',
      commands: ['docker network connect appnet web'],
      goal: {
        message: {
          from: 'dockerd',
          to: 'kernel',
          operation: '^netlink RTM_NEWLINK \\(veth pair\\)',
        },
        since: 'step',
        label: 'web got a second veth pair, into appnet’s bridge',
      },
      hints: ['`docker network connect NETWORK CONTAINER`.'],
      solution: ['docker network connect appnet web'],
      explain:
        'web is running, so dockerd plugged it in at once: a second veth pair into its network namespace (eth1 inside), the other end on appnet’s bridge, and 172.18.0.2 for it. web is now on two networks, with one address on each.',
    },
    {
      id: 'by-name',
      task: 'Now ask from a container on appnet: `docker run --rm --network appnet busybox ping -c 1 web`.',
      commands: ['docker run --rm --network appnet busybox ping -c 1 web'],
      goal: {
        all: [
          { output: '64 bytes from 172\\.18\\.0\\.2', since: 'step' },
          { message: { to: 'dockerd', operation: '^DNS query' }, since: 'step' },
        ],
        label: 'web answered, found through dockerd’s DNS server',
      },
      hints: ['Same ping, with `--network appnet`.'],
      solution: ['docker run --rm --network appnet busybox ping -c 1 web'],
      explain:
        'On a user-defined network resolv.conf says `nameserver 127.0.0.11`: the query went to dockerd, which answered from its own records (container names, aliases and short IDs on the networks the asker is on). Then the echo request left through the container’s veth, crossed the bridge and came in through web’s veth: all inside the kernel, no Docker process in the way.',
    },
    {
      id: 'alias',
      task: 'Give a second server an extra name and fetch its page by that name: `docker run -d --name api --network appnet --network-alias backend nginx`, then `docker run --rm --network appnet busybox wget -qO- http://backend`.',
      commands: [
        'docker run -d --name api --network appnet --network-alias backend nginx',
        'docker run --rm --network appnet busybox wget -qO- http://backend',
      ],
      goal: {
        output: 'Welcome to nginx!',
        since: 'step',
        label: 'wget fetched nginx’s page by its alias',
      },
      hints: ['`--network-alias` works on user-defined networks only.'],
      solution: [
        'docker run -d --name api --network appnet --network-alias backend nginx',
        'docker run --rm --network appnet busybox wget -qO- http://backend',
      ],
      explain:
        'dockerd answered backend with api’s address on appnet. Several containers may share an alias; dockerd then answers with all their addresses, shuffled for each query, which is how a simple round robin works. (DockScope simulates nginx’s answers only: its default page on port 80.)',
    },
  ],
};

export const publishPackets: Lesson = {
  id: 'publish-packets',
  title: 'What -p does, packet by packet',
  summary: 'curl localhost:8080 on the host: docker-proxy, docker0, the veth pair, nginx.',
  intro:
    '`-p 8080:80` asks dockerd to forward the host’s port 8080 to the container’s port 80. A DNAT rule in the kernel forwards connections from other machines, and from the host to its own non-loopback addresses; a connection from the host to localhost (127.0.0.1) goes to docker-proxy instead (with dockerd’s default, userland-proxy on). In this page the terminal is the Docker host, so curl shows the second path.',
  setup: ['docker pull nginx'],
  steps: [
    {
      id: 'publish',
      task: 'Run nginx with port 8080 published: `docker run -d --name web -p 8080:80 nginx`.',
      commands: ['docker run -d --name web -p 8080:80 nginx', 'docker ps'],
      goal: { container: { name: 'web', state: 'running', port: '8080->80/tcp' } },
      hints: ['`-p HOST:CONTAINER`.'],
      solution: ['docker run -d --name web -p 8080:80 nginx'],
      explain:
        'dockerd plugged web into docker0 (172.17.0.2), added the DNAT rule and the filter rule, then started two docker-proxy processes listening on 0.0.0.0:8080 and [::]:8080. (DockScope leaves out one more rule moby 28 adds for every container: in the raw table, it drops packets addressed straight to the container’s IP that arrive from outside its bridge.)',
    },
    {
      id: 'curl',
      task: 'Fetch the page from the host: `curl localhost:8080`.',
      commands: ['curl localhost:8080'],
      goal: {
        all: [
          { output: 'Welcome to nginx!', since: 'step' },
          { message: { operation: 'docker-proxy' }, since: 'step' },
        ],
        label: 'curl got nginx’s page through docker-proxy',
      },
      hints: ['`curl localhost:8080`.'],
      solution: ['curl localhost:8080'],
      explain:
        'A connection to 127.0.0.1 skips the DNAT rule (with the default userland proxy, the nat table’s OUTPUT rule leaves 127.0.0.0/8 alone), so docker-proxy accepted it on port 8080 and opened its own connection to 172.17.0.2:80, across docker0 and web’s veth pair. nginx answered; docker-proxy copied the bytes back.',
    },
    {
      id: 'unpublished',
      task: 'Try a port nothing publishes: `curl localhost:8081`.',
      commands: ['curl localhost:8081'],
      goal: { exitCode: 7, since: 'step', label: 'curl could not connect (exit 7)' },
      hints: ['`curl localhost:8081`.'],
      solution: ['curl localhost:8081'],
      explain:
        'No docker-proxy listens on 8081 and no rule forwards it: the host refuses the connection, and curl exits 7, “Couldn’t connect to server”.',
    },
    {
      id: 'stop',
      task: 'Stop web and try 8080 again: `docker stop web`, then `curl localhost:8080`.',
      commands: ['docker stop web', 'curl localhost:8080'],
      goal: {
        all: [
          { container: { name: 'web', state: 'exited' } },
          { exitCode: 7, since: 'step', command: 'curl' },
        ],
        label: 'with web stopped, port 8080 is closed',
      },
      hints: ['The port belongs to a running container only.'],
      solution: ['docker stop web', 'curl localhost:8080'],
      explain:
        'When web exited, dockerd stopped its docker-proxy processes (SIGINT) and deleted its iptables rules: the port is released, and another container may publish it now.',
    },
  ],
};

export const NETWORK_QUESTIONS: readonly Question[] = [
  {
    id: 'name-resolution',
    topic: 'networking',
    question: 'How do two containers find each other by name?',
    answer:
      'On a user-defined network each container’s resolv.conf names 127.0.0.11, dockerd’s embedded DNS server, which answers with the address of a container with that name, alias or short ID on a network the asker shares; other names it forwards to the host’s resolvers. The default bridge has no such server, so container names do not resolve there (only the legacy --link adds them, to /etc/hosts).',
    show: {
      setup: ['docker network create appnet', 'docker run -d --name web --network appnet nginx'],
      commands: ['docker run --rm --network appnet busybox ping -c 1 web'],
      highlight: ['dockerd', 'container'],
      focus: { operation: '^DNS query', to: 'dockerd' },
    },
  },
  {
    id: 'user-network',
    topic: 'networking',
    question: 'What does `docker network create` make in the kernel?',
    answer:
      'A Linux bridge named br- and the first 12 hex of the network ID, with the gateway address of the network’s subnet (172.18.0.0/16 for the first one), and iptables rules: MASQUERADE so its containers reach out with the host’s address, and isolation rules that drop traffic to other Docker networks.',
    show: {
      setup: [],
      commands: ['docker network create appnet'],
      highlight: ['dockerd', 'kernel'],
      focus: { operation: '^netlink RTM_NEWLINK \\(bridge', from: 'dockerd', to: 'kernel' },
    },
  },
  {
    id: 'host-to-published-port',
    topic: 'networking',
    question:
      'What carries `curl localhost:8080` on the Docker host to a container published with `-p 8080:80`?',
    answer:
      'docker-proxy: with dockerd’s default userland proxy, connections to 127.0.0.1 are not rewritten by Docker’s DNAT rule, so the proxy dockerd started for the port accepts them and connects to the container’s address on port 80, through the bridge and the container’s veth pair. From another machine (or from the host to one of its other addresses) the DNAT rule forwards the traffic in the kernel instead.',
    show: {
      setup: ['docker run -d --name web -p 8080:80 nginx'],
      commands: ['curl localhost:8080'],
      highlight: ['kernel', 'container'],
      focus: { operation: 'docker-proxy', from: 'kernel' },
    },
  },
];
