/**
 * Tag, log in and push (issue 15): a tag is a second name, `docker login`
 * has dockerd check the credentials, and `docker push` sends what the registry
 * lacks, then another host pulls it. Facts follow docker/cli 28.2.2
 * (cli/command/image/push.go, cli/command/registry/login.go), moby 28.2.2
 * (daemon/containerd/image_tag.go, image_push.go, registry/auth.go) and
 * containerd's pusher (core/remotes/docker/pusher.go); a test replays every
 * step and question. DockScope's Docker Hub has no accounts: it takes any
 * password for a name that can be a Docker ID.
 */
import type { Lesson, Question } from '../types';

const LOGIN = 'echo my-token | docker login -u learner --password-stdin';

export const tagLoginPush: Lesson = {
  id: 'tag-login-push',
  title: 'Tag, log in, push, pull it elsewhere',
  summary:
    'Give an image your name, learn why a push needs a login, push it to Docker Hub and pull it on another host.',
  intro:
    'A registry keeps images by repository and tag; on Docker Hub only the owner of a namespace may push to it. docker push never talks to the registry itself: the CLI hands dockerd the image name and the login it holds (X-Registry-Auth), and dockerd pushes whatever the registry does not have yet. DockScope’s Docker Hub has no real accounts: it accepts any password for a name that can be a Docker ID (4 to 30 lower-case letters and digits).',
  setup: ['docker pull alpine'],
  steps: [
    {
      id: 'tag',
      task: 'Give alpine a name in your own namespace: `docker tag alpine learner/hello:v1`, then `docker images`.',
      commands: ['docker tag alpine learner/hello:v1', 'docker images'],
      goal: { image: 'learner/hello:v1', present: true, label: 'learner/hello:v1 names an image' },
      hints: [
        'A tag is `<namespace>/<repository>:<tag>`; Docker Hub’s namespace is your Docker ID.',
      ],
      solution: ['docker tag alpine learner/hello:v1'],
      explain:
        'Both rows have the same IMAGE ID: nothing was copied. With the containerd image store a tag is one more containerd image record pointing at the same content (Images/Create); `docker rmi learner/hello:v1` would only untag it.',
    },
    {
      id: 'push-denied',
      task: 'Push it without logging in: `docker push learner/hello:v1`.',
      commands: ['docker push learner/hello:v1'],
      goal: {
        output: 'push access denied',
        since: 'step',
        label: 'the registry refused the push',
      },
      hints: ['Look at the token request dockerd made: it sent no credentials.'],
      solution: ['docker push learner/hello:v1'],
      explain:
        'The CLI had no login for Docker Hub and sent X-Registry-Auth: e30= (base64 of {}). dockerd asked auth.docker.io anonymously for pull,push on learner/hello; the token it got carries no push, so the upload was refused with insufficient_scope, twice, and containerd’s pusher gave up: “push access denied, repository does not exist or may require authorization”.',
    },
    {
      id: 'login',
      task: `Log in, passing the password on stdin: \`${LOGIN}\`, then \`cat ~/.docker/config.json\`.`,
      commands: [LOGIN, 'cat ~/.docker/config.json'],
      goal: {
        all: [
          { message: { from: 'dockerd', to: 'auth', operation: 'account=learner' }, since: 'step' },
          { output: 'Login Succeeded', since: 'step' },
        ],
        label: 'dockerd logged in to Docker Hub as learner',
      },
      hints: ['`-p` works too, but the CLI warns: the password would be in your shell history.'],
      solution: [LOGIN],
      explain:
        'The CLI sent the username and password to dockerd (POST /auth); dockerd pinged the registry (401 and a Bearer challenge), asked the token service for a token with Basic auth, and pinged again with it (200). Only then did the CLI store the login: base64 of learner:my-token in auths, which is not encryption, hence the warning. A credential helper (credsStore) keeps it in the system’s keychain instead.',
    },
    {
      id: 'push',
      task: 'Push again: `docker push learner/hello:v1`.',
      commands: ['docker push learner/hello:v1'],
      goal: {
        all: [
          { output: 'v1: digest: sha256:', since: 'step' },
          {
            message: { to: 'registry', operation: '^PUT /v2/learner/hello/manifests/v1' },
            since: 'step',
          },
        ],
        label: 'the manifest of learner/hello:v1 is on Docker Hub',
      },
      hints: ['Read the POST requests: they carry ?mount= and from=library/alpine.'],
      solution: ['docker push learner/hello:v1'],
      explain:
        'For each blob dockerd first asked HEAD: not in learner/hello. The image came from library/alpine on the same registry, so dockerd asked for a cross-repository mount and Docker Hub linked the blob without a byte travelling (“Mounted from library/alpine”). The manifest went last, by tag. Only this platform’s manifest was pushed: the pull brought only amd64’s content, so dockerd could not push alpine’s whole index, and the CLI says so.',
    },
    {
      id: 'pull-elsewhere',
      task: 'Pull it on another host and run it: `docker -H tcp://node-2:2375 run --rm learner/hello:v1 echo hi from node-2`.',
      commands: ['docker -H tcp://node-2:2375 run --rm learner/hello:v1 echo hi from node-2'],
      goal: {
        image: 'learner/hello:v1',
        present: true,
        host: 'node-2',
        label: 'node-2 pulled learner/hello:v1 from Docker Hub',
      },
      hints: ['node-2 has its own dockerd and image store: it must pull.'],
      solution: ['docker -H tcp://node-2:2375 run --rm learner/hello:v1 echo hi from node-2'],
      explain:
        'node-2’s dockerd resolved learner/hello:v1 on Docker Hub and got the manifest you pushed (its digest is the one the push printed), then the config and the layer. Public repositories need no login to pull.',
    },
  ],
};

export const PUSH_QUESTIONS: readonly Question[] = [
  {
    id: 'push-sends',
    topic: 'registry',
    question: 'What does docker push send, and why does it say “Layer already exists”?',
    answer:
      'dockerd pushes, not the CLI: for each blob (layers, then the config) it asks HEAD /v2/<name>/blobs/<digest>, and if the repository has it, nothing is sent (“Layer already exists”). Otherwise it mounts it from another repository of the same registry (“Mounted from …”) or uploads it (POST …/blobs/uploads/, then PUT with ?digest=). The manifest goes last, by tag, and its digest is what the push prints.',
    show: {
      setup: [
        'docker pull alpine',
        'docker tag alpine learner/hello',
        LOGIN,
        'docker push learner/hello',
      ],
      commands: ['docker push learner/hello'],
      highlight: ['dockerd', 'registry'],
      focus: { operation: '^HEAD /v2/learner/hello/blobs/', from: 'dockerd', to: 'registry' },
    },
  },
  {
    id: 'login-who-checks',
    topic: 'registry',
    question: 'Who checks the password when you run docker login, and where is it kept?',
    answer:
      'dockerd: the CLI sends it in POST /auth, and dockerd logs in to the registry itself (Docker Hub: a token from auth.docker.io with Basic auth). Then the CLI keeps it in ~/.docker/config.json, base64 in auths (not encrypted, hence the warning), or in a credential helper named by credsStore or credHelpers.',
    show: {
      setup: [],
      commands: [LOGIN],
      highlight: ['client', 'dockerd', 'auth'],
      focus: { operation: '^GET /token\\?account=learner', from: 'dockerd', to: 'auth' },
    },
  },
  {
    id: 'push-denied-why',
    topic: 'registry',
    question: 'Why does `docker push alpine` fail even after docker login?',
    answer:
      'alpine is docker.io/library/alpine: only Docker’s official images team may push to library/. Docker Hub’s token service grants push only on the namespace of your Docker ID, so tag the image <your Docker ID>/<name> first. The upload is refused with insufficient_scope and the push fails: “push access denied, repository does not exist or may require authorization”.',
    show: {
      setup: ['docker pull alpine', LOGIN],
      commands: ['docker push alpine'],
      highlight: ['dockerd', 'auth', 'registry'],
      focus: {
        operation: '^GET /token\\?scope=repository:library/alpine:pull,push',
        from: 'dockerd',
        to: 'auth',
      },
    },
  },
];
