/**
 * The starter projects in the learner's home directory: three small build
 * contexts, each with its Dockerfile and `.dockerignore`, to build, change and
 * rebuild. Paths are relative to ~. Their base images are tags DockScope's
 * registry holds (nginx:1.27, node:23, golang:1.23, alpine:3.20).
 *
 * - `site`: a static site served by nginx (one COPY over the official image).
 * - `node-app`: a small HTTP server; package.json is copied before the
 *   sources, the usual order that keeps `npm install`'s layer cached.
 * - `go-app`: a multi-stage build: Go compiles in the first stage, and only
 *   the binary is copied into an alpine image.
 */
export const STARTER_PROJECTS: readonly (readonly [string, string])[] = [
  [
    'site/Dockerfile',
    `FROM nginx:1.27
COPY public/ /usr/share/nginx/html/
EXPOSE 80
`,
  ],
  ['site/.dockerignore', `.git\n*.md\n`],
  [
    'site/README.md',
    `A static site: nginx serves public/.

  docker build -t site .
  docker run -d -p 8080:80 --name site site
`,
  ],
  [
    'site/public/index.html',
    `<!doctype html>
<html>
  <head><title>Hello from a container</title></head>
  <body><h1>Hello from a container</h1></body>
</html>
`,
  ],
  [
    'node-app/Dockerfile',
    `FROM node:23
WORKDIR /app
COPY package.json ./
RUN npm install --omit=dev
COPY server.js ./
ENV PORT=3000
EXPOSE 3000
USER node
CMD ["node", "server.js"]
`,
  ],
  ['node-app/.dockerignore', `node_modules\nnpm-debug.log\n.git\n`],
  [
    'node-app/package.json',
    `{
  "name": "node-app",
  "version": "1.0.0",
  "main": "server.js",
  "scripts": { "start": "node server.js" }
}
`,
  ],
  [
    'node-app/server.js',
    `const http = require('node:http');
const port = process.env.PORT || 3000;
http
  .createServer((req, res) => res.end('Hello from node-app\\n'))
  .listen(port, () => console.log(\`listening on \${port}\`));
`,
  ],
  [
    'go-app/Dockerfile',
    `FROM golang:1.23 AS build
WORKDIR /src
COPY go.mod main.go ./
RUN CGO_ENABLED=0 go build -o /out/hello .

FROM alpine:3.20
COPY --from=build /out/hello /usr/local/bin/hello
ENTRYPOINT ["hello"]
`,
  ],
  ['go-app/.dockerignore', `.git\n*_test.go\n`],
  ['go-app/go.mod', `module example.com/hello\n\ngo 1.23\n`],
  [
    'go-app/main.go',
    `package main

import "fmt"

func main() {
	fmt.Println("Hello from a multi-stage build")
}
`,
  ],
];
