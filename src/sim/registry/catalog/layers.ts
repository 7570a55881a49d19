/**
 * Every layer blob the simulated Hub serves, by a stable key. Images list
 * these keys, so two images that name the same key share literally the same
 * blob (same digest, same diff_id): with the containerd image store, a layer already unpacked is
 * neither downloaded nor listed by `docker pull`.
 *
 * Keys are `<what>/<arch>`: a layer built for amd64 is never the one built for
 * arm64 (even a COPY of the same file differs by its timestamps). The only
 * architecture-free blob is the well-known empty layer.
 *
 * Sizes: amd64 compressed sizes are taken from (or modelled on) registry data
 * of the period (docker-library/repo-info, Oct–Nov 2024). arm64 sizes and all
 * `unpacked` sizes are estimates, within about 10 % of the real ones
 * (`unpacked` matches what `docker history` prints where that was known, e.g.
 * 74.8MB for debian:bookworm-slim and 117MB for the nginx install layer).
 */
import type { LayerSpec } from './types';

export const LAYERS = {
  /** The 32-byte gzip of an empty tar (1024 zero bytes). BuildKit emits it for a
   * WORKDIR that changes nothing; these digests are the real, well-known ones. */
  'empty-layer': {
    size: 32,
    unpacked: 0,
    digest: 'sha256:4f4fb700ef54461cfa02571ae0db9a0dc1e0cdb5577484a6d75e68dc38e8acc1',
    diffId: 'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
  },

  // --- hello-world, alpine, busybox (FROM scratch, one layer each) ---
  'hello-world/amd64': { size: 2_459, unpacked: 13_256 },
  'hello-world/arm64': { size: 3_195, unpacked: 9_136 }, // unsure: arm64 sizes estimated
  'alpine-3.20.3/amd64': { size: 3_623_807, unpacked: 7_797_760 },
  'alpine-3.20.3/arm64': { size: 4_090_012, unpacked: 8_833_024 },
  'busybox-1.37.0-glibc/amd64': { size: 2_152_262, unpacked: 4_270_080 },
  'busybox-1.37.0-glibc/arm64': { size: 1_972_432, unpacked: 4_039_680 },

  // --- debian:bookworm-slim (base of nginx, httpd, redis, postgres) ---
  'debian-bookworm-slim/amd64': { size: 30_217_611, unpacked: 74_780_416 },
  'debian-bookworm-slim/arm64': { size: 29_156_210, unpacked: 97_123_840 },

  // --- debian:bookworm and the buildpack-deps:bookworm chain (base of node, python) ---
  'debian-bookworm/amd64': { size: 49_557_601, unpacked: 116_543_018 },
  'debian-bookworm/arm64': { size: 49_594_166, unpacked: 139_280_384 },
  'buildpack-deps-bookworm-curl/amd64': { size: 24_058_320, unpacked: 65_741_312 },
  'buildpack-deps-bookworm-curl/arm64': { size: 23_627_721, unpacked: 66_912_256 },
  'buildpack-deps-bookworm-scm/amd64': { size: 64_393_185, unpacked: 199_425_024 },
  'buildpack-deps-bookworm-scm/arm64': { size: 64_500_108, unpacked: 203_210_752 },
  'buildpack-deps-bookworm/amd64': { size: 211_325_184, unpacked: 556_214_272 },
  'buildpack-deps-bookworm/arm64': { size: 203_421_216, unpacked: 571_539_456 },

  // --- nginx:1.27.2 ---
  'nginx-1.27.2/install/amd64': { size: 45_378_600, unpacked: 116_955_136 },
  'nginx-1.27.2/install/arm64': { size: 43_822_745, unpacked: 100_241_408 },
  'nginx-1.27.2/docker-entrypoint.sh/amd64': { size: 638, unpacked: 1_620 },
  'nginx-1.27.2/docker-entrypoint.sh/arm64': { size: 637, unpacked: 1_620 },
  'nginx-1.27.2/10-listen-on-ipv6-by-default.sh/amd64': { size: 972, unpacked: 2_125 },
  'nginx-1.27.2/10-listen-on-ipv6-by-default.sh/arm64': { size: 970, unpacked: 2_125 },
  'nginx-1.27.2/15-local-resolvers.envsh/amd64': { size: 412, unpacked: 389 },
  'nginx-1.27.2/15-local-resolvers.envsh/arm64': { size: 411, unpacked: 389 },
  'nginx-1.27.2/20-envsubst-on-templates.sh/amd64': { size: 1_235, unpacked: 3_018 },
  'nginx-1.27.2/20-envsubst-on-templates.sh/arm64': { size: 1_234, unpacked: 3_018 },
  'nginx-1.27.2/30-tune-worker-processes.sh/amd64': { size: 1_443, unpacked: 4_620 },
  'nginx-1.27.2/30-tune-worker-processes.sh/arm64': { size: 1_442, unpacked: 4_620 },

  // --- httpd:2.4.62 ---
  'httpd-2.4.62/prefix/amd64': { size: 145, unpacked: 0 },
  'httpd-2.4.62/prefix/arm64': { size: 146, unpacked: 0 },
  'httpd-2.4.62/runtime-deps/amd64': { size: 4_205_318, unpacked: 11_632_640 },
  'httpd-2.4.62/runtime-deps/arm64': { size: 4_036_952, unpacked: 11_964_416 },
  'httpd-2.4.62/build/amd64': { size: 25_323_482, unpacked: 61_706_240 },
  'httpd-2.4.62/build/arm64': { size: 24_431_027, unpacked: 63_193_088 },
  'httpd-2.4.62/httpd-foreground/amd64': { size: 290, unpacked: 138 },
  'httpd-2.4.62/httpd-foreground/arm64': { size: 289, unpacked: 138 },

  // --- redis:7.4.1 ---
  'redis-7.4.1/user/amd64': { size: 1_102, unpacked: 4_419 },
  'redis-7.4.1/user/arm64': { size: 1_100, unpacked: 4_419 },
  'redis-7.4.1/tzdata/amd64': { size: 873, unpacked: 2_360 },
  'redis-7.4.1/tzdata/arm64': { size: 871, unpacked: 2_360 },
  'redis-7.4.1/gosu/amd64': { size: 1_437_811, unpacked: 2_576_384 },
  'redis-7.4.1/gosu/arm64': { size: 1_348_221, unpacked: 2_490_368 },
  'redis-7.4.1/build/amd64': { size: 15_325_951, unpacked: 39_634_944 },
  'redis-7.4.1/build/arm64': { size: 14_866_102, unpacked: 40_370_176 },
  'redis-7.4.1/data-dir/amd64': { size: 96, unpacked: 0 },
  'redis-7.4.1/data-dir/arm64': { size: 97, unpacked: 0 },
  'redis-7.4.1/docker-entrypoint.sh/amd64': { size: 572, unpacked: 1_441 },
  'redis-7.4.1/docker-entrypoint.sh/arm64': { size: 573, unpacked: 1_441 },

  // --- postgres:17.0 ---
  'postgres-17.0/user/amd64': { size: 1_144, unpacked: 4_419 },
  'postgres-17.0/user/arm64': { size: 1_143, unpacked: 4_419 },
  'postgres-17.0/gnupg-less/amd64': { size: 4_532_612, unpacked: 13_231_104 },
  'postgres-17.0/gnupg-less/arm64': { size: 4_401_878, unpacked: 13_660_160 },
  'postgres-17.0/gosu/amd64': { size: 1_438_602, unpacked: 4_190_208 },
  'postgres-17.0/gosu/arm64': { size: 1_349_017, unpacked: 4_063_232 },
  'postgres-17.0/locales/amd64': { size: 8_066_407, unpacked: 24_461_312 },
  'postgres-17.0/locales/arm64': { size: 8_066_389, unpacked: 24_473_600 },
  'postgres-17.0/nss-xz-zstd/amd64': { size: 1_196_420, unpacked: 3_760_128 },
  'postgres-17.0/nss-xz-zstd/arm64': { size: 1_141_873, unpacked: 3_796_992 },
  'postgres-17.0/initdb-dir/amd64': { size: 115, unpacked: 0 },
  'postgres-17.0/initdb-dir/arm64': { size: 115, unpacked: 0 },
  'postgres-17.0/apt-key/amd64': { size: 3_144, unpacked: 4_812 },
  'postgres-17.0/apt-key/arm64': { size: 3_143, unpacked: 4_812 },
  'postgres-17.0/install/amd64': { size: 110_572_896, unpacked: 314_814_464 },
  'postgres-17.0/install/arm64': { size: 106_389_204, unpacked: 312_823_808 },
  'postgres-17.0/conf-sample/amd64': { size: 10_349, unpacked: 45_056 },
  'postgres-17.0/conf-sample/arm64': { size: 10_347, unpacked: 45_056 },
  'postgres-17.0/run-dir/amd64': { size: 126, unpacked: 0 },
  'postgres-17.0/run-dir/arm64': { size: 127, unpacked: 0 },
  'postgres-17.0/pgdata-dir/amd64': { size: 167, unpacked: 0 },
  'postgres-17.0/pgdata-dir/arm64': { size: 166, unpacked: 0 },
  'postgres-17.0/entrypoint-scripts/amd64': { size: 5_972, unpacked: 18_980 },
  'postgres-17.0/entrypoint-scripts/arm64': { size: 5_971, unpacked: 18_980 },
  'postgres-17.0/enforce-initdb-link/amd64': { size: 184, unpacked: 23 },
  'postgres-17.0/enforce-initdb-link/arm64': { size: 183, unpacked: 23 },

  // --- node:23.1.0 ---
  'node-23.1.0/user/amd64': { size: 3_320, unpacked: 8_959 },
  'node-23.1.0/user/arm64': { size: 3_318, unpacked: 8_959 },
  'node-23.1.0/install/amd64': { size: 56_910_554, unpacked: 188_335_104 },
  'node-23.1.0/install/arm64': { size: 57_112_404, unpacked: 190_291_968 },
  'node-23.1.0/yarn/amd64': { size: 1_250_675, unpacked: 5_337_088 },
  'node-23.1.0/yarn/arm64': { size: 1_250_673, unpacked: 5_337_088 },
  'node-23.1.0/docker-entrypoint.sh/amd64': { size: 450, unpacked: 388 },
  'node-23.1.0/docker-entrypoint.sh/arm64': { size: 451, unpacked: 388 },

  // --- python:3.13.0 ---
  'python-3.13.0/tk-dev/amd64': { size: 6_161_894, unpacked: 20_630_528 },
  'python-3.13.0/tk-dev/arm64': { size: 6_239_884, unpacked: 21_004_288 },
  'python-3.13.0/install/amd64': { size: 27_376_811, unpacked: 60_125_184 },
  'python-3.13.0/install/arm64': { size: 26_652_117, unpacked: 61_288_448 },
  'python-3.13.0/symlinks/amd64': { size: 248, unpacked: 32 },
  'python-3.13.0/symlinks/arm64': { size: 249, unpacked: 32 },

  // The layers below (added for the Oct 2024 ubuntu, debian, golang, mysql, mongo,
  // registry and traefik images) are estimates from the images' published totals
  // (compressed size on Docker Hub, `docker images` size) split by what each step
  // installs; none is exact, all are meant to be within about 15 %.

  // --- ubuntu:noble-20241011 (base of mongo) ---
  'ubuntu-noble-20241011/amd64': { size: 29_754_290, unpacked: 78_112_768 },
  'ubuntu-noble-20241011/arm64': { size: 28_885_116, unpacked: 101_195_776 },

  // --- golang:1.23.2 (FROM buildpack-deps:bookworm-scm) ---
  'golang-1.23.2/cgo/amd64': { size: 86_345_220, unpacked: 210_780_160 },
  'golang-1.23.2/cgo/arm64': { size: 80_512_448, unpacked: 203_423_744 },
  'golang-1.23.2/go/amd64': { size: 73_640_128, unpacked: 234_016_768 },
  'golang-1.23.2/go/arm64': { size: 69_781_504, unpacked: 223_019_008 },
  'golang-1.23.2/gopath/amd64': { size: 126, unpacked: 0 },
  'golang-1.23.2/gopath/arm64': { size: 125, unpacked: 0 },

  // --- mysql:9.1.0 (FROM oraclelinux:9-slim) ---
  'oraclelinux-9-slim/amd64': { size: 47_339_812, unpacked: 117_506_048 },
  'oraclelinux-9-slim/arm64': { size: 46_132_210, unpacked: 116_002_816 },
  'mysql-9.1.0/user/amd64': { size: 1_278, unpacked: 4_215 },
  'mysql-9.1.0/user/arm64': { size: 1_277, unpacked: 4_215 },
  'mysql-9.1.0/gosu/amd64': { size: 1_018_944, unpacked: 2_429_440 },
  'mysql-9.1.0/gosu/arm64': { size: 950_716, unpacked: 2_333_696 },
  'mysql-9.1.0/tools/amd64': { size: 4_402_128, unpacked: 13_721_600 },
  'mysql-9.1.0/tools/arm64': { size: 4_288_312, unpacked: 13_524_992 },
  'mysql-9.1.0/gpg-key/amd64': { size: 2_604, unpacked: 7_442 },
  'mysql-9.1.0/gpg-key/arm64': { size: 2_605, unpacked: 7_442 },
  'mysql-9.1.0/server-repo/amd64': { size: 330, unpacked: 252 },
  'mysql-9.1.0/server-repo/arm64': { size: 331, unpacked: 252 },
  'mysql-9.1.0/server/amd64': { size: 62_310_656, unpacked: 246_022_144 },
  'mysql-9.1.0/server/arm64': { size: 59_640_832, unpacked: 243_269_632 },
  'mysql-9.1.0/tools-repo/amd64': { size: 332, unpacked: 262 },
  'mysql-9.1.0/tools-repo/arm64': { size: 333, unpacked: 262 },
  'mysql-9.1.0/shell/amd64': { size: 57_819_136, unpacked: 220_200_960 },
  'mysql-9.1.0/shell/arm64': { size: 55_771_136, unpacked: 214_958_080 },
  'mysql-9.1.0/docker-entrypoint.sh/amd64': { size: 5_318, unpacked: 16_162 },
  'mysql-9.1.0/docker-entrypoint.sh/arm64': { size: 5_317, unpacked: 16_162 },

  // --- mongo:8.0.3 (FROM ubuntu:noble) ---
  'mongo-8.0.3/user/amd64': { size: 1_104, unpacked: 3_891 },
  'mongo-8.0.3/user/arm64': { size: 1_103, unpacked: 3_891 },
  'mongo-8.0.3/deps/amd64': { size: 5_612_180, unpacked: 15_822_848 },
  'mongo-8.0.3/deps/arm64': { size: 5_498_204, unpacked: 16_297_984 },
  'mongo-8.0.3/gosu-jsyaml/amd64': { size: 1_241_604, unpacked: 2_904_064 },
  'mongo-8.0.3/gosu-jsyaml/arm64': { size: 1_166_112, unpacked: 2_813_952 },
  'mongo-8.0.3/initdb-dir/amd64': { size: 115, unpacked: 0 },
  'mongo-8.0.3/initdb-dir/arm64': { size: 116, unpacked: 0 },
  'mongo-8.0.3/sources-list/amd64': { size: 268, unpacked: 114 },
  'mongo-8.0.3/sources-list/arm64': { size: 269, unpacked: 114 },
  'mongo-8.0.3/install/amd64': { size: 249_230_848, unpacked: 747_110_400 },
  'mongo-8.0.3/install/arm64': { size: 236_054_528, unpacked: 710_934_528 },
  'mongo-8.0.3/docker-entrypoint.sh/amd64': { size: 5_108, unpacked: 15_215 },
  'mongo-8.0.3/docker-entrypoint.sh/arm64': { size: 5_107, unpacked: 15_215 },

  // --- registry:2.8.3 (FROM alpine:3.18) ---
  'alpine-3.18.9/amd64': { size: 3_419_404, unpacked: 7_348_224 },
  'alpine-3.18.9/arm64': { size: 3_350_612, unpacked: 8_650_752 },
  'registry-2.8.3/ca-certificates/amd64': { size: 326_144, unpacked: 688_128 },
  'registry-2.8.3/ca-certificates/arm64': { size: 326_210, unpacked: 688_128 },
  'registry-2.8.3/binary/amd64': { size: 6_204_928, unpacked: 17_289_216 },
  'registry-2.8.3/binary/arm64': { size: 5_700_608, unpacked: 16_318_464 },
  'registry-2.8.3/config.yml/amd64': { size: 387, unpacked: 295 },
  'registry-2.8.3/config.yml/arm64': { size: 388, unpacked: 295 },
  'registry-2.8.3/entrypoint.sh/amd64': { size: 392, unpacked: 155 },
  'registry-2.8.3/entrypoint.sh/arm64': { size: 393, unpacked: 155 },

  // --- traefik:v3.1.6 (FROM alpine:3.20, so its first layer is alpine's) ---
  'traefik-3.1.6/ca-tzdata/amd64': { size: 1_060_864, unpacked: 4_104_192 },
  'traefik-3.1.6/ca-tzdata/arm64': { size: 1_061_120, unpacked: 4_104_192 },
  'traefik-3.1.6/binary/amd64': { size: 46_137_344, unpacked: 168_820_736 },
  'traefik-3.1.6/binary/arm64': { size: 42_467_328, unpacked: 160_432_128 },
  'traefik-3.1.6/entrypoint.sh/amd64': { size: 368, unpacked: 397 },
  'traefik-3.1.6/entrypoint.sh/arm64': { size: 369, unpacked: 397 },
} as const satisfies Record<string, LayerSpec>;

export type LayerKey = keyof typeof LAYERS;
