import type { RootfsFamily } from './builtins';

const words = (s: string) => s.trim().split(/\s+/);

/**
 * BusyBox applets Alpine's and the busybox image's BusyBox provide (a common
 * subset of both builds), besides the shells.
 */
const BUSYBOX_APPLETS = words(`
  [ arch awk base64 basename bc bunzip2 bzcat bzip2 cal cat chgrp chmod chown chroot cksum
  clear cmp comm cp cpio crond cut date dc dd df diff dirname dmesg dnsdomainname du echo
  egrep env expand expr factor false fgrep find free fuser getopt grep groups gunzip gzip
  halt hd head hexdump hostid hostname id ifconfig install ip ipcalc kill killall less link
  ln logger login ls lsof md5sum mkdir mkfifo mknod mktemp more mount mountpoint mv nc
  netstat nice nl nohup nproc nslookup od passwd paste pgrep pidof ping ping6 pkill pmap
  poweroff printenv printf ps pstree pwd readlink realpath reboot renice reset rev rm rmdir
  route sed seq setsid sha1sum sha256sum sha512sum shred shuf sleep sort split stat strings
  stty su sync sysctl tac tail tar tee test time timeout top touch tr traceroute tree true
  truncate tty umount uname uniq unlink unshare unxz unzip uptime usleep uudecode uuencode
  vi watch wc wget which whoami xargs xxd xzcat yes zcat
`);

/** Alpine adds its package manager and musl's tools to BusyBox. */
const ALPINE_EXTRA = words('apk getconf getent iconv ldconfig ldd scanelf ssl_client');

/**
 * A Debian (bookworm) image's essential packages: coreutils, dash, bash,
 * grep, sed, mawk, findutils, tar, gzip, diffutils, util-linux's mount,
 * hostname, debianutils, login, apt and dpkg. No ps, ping, ip, wget or curl.
 */
const DEBIAN_BASE = words(`
  [ apt apt-cache apt-get arch awk b2sum base32 base64 basename cat chgrp chmod chown
  chroot cksum cmp comm cp csplit cut date dd df diff dir dircolors dirname dpkg du echo
  egrep env expand expr factor false fgrep find fmt fold getent grep groups gunzip gzip
  head hostid hostname id install join link ln logname ls mawk md5sum mkdir mkfifo mknod
  mktemp more mount mv nice nl nohup nproc numfmt od paste pathchk printenv printf pwd
  readlink realpath rm rmdir run-parts sed seq sha1sum sha224sum sha256sum sha384sum
  sha512sum shred shuf sleep sort split stat stty su sum sync tac tail tar tee test timeout
  touch tr true truncate tsort tty umount uname unexpand uniq unlink users wc which who
  whoami xargs yes zcat
`);

/**
 * What images add to their base. node and python build on buildpack-deps
 * (curl, wget, git, procps, ssh client); nginx installs curl.
 */
const IMAGE_EXTRA: Record<string, string[]> = {
  'library/node': words('curl wget git ps top free kill pgrep pkill uptime watch ssh'),
  'library/python': words('curl wget git ps top free kill pgrep pkill uptime watch ssh'),
  'library/nginx': ['curl'],
};

/** Every program name an image's PATH holds, as far as DockScope knows (shells excluded). */
export function programsOf(family: RootfsFamily, repository: string): Set<string> {
  const names = new Set<string>();
  if (family === 'busybox') {
    for (const n of BUSYBOX_APPLETS) names.add(n);
    if (repository === 'library/alpine') for (const n of ALPINE_EXTRA) names.add(n);
  } else if (family === 'debian') {
    for (const n of DEBIAN_BASE) names.add(n);
  }
  for (const n of IMAGE_EXTRA[repository] ?? []) names.add(n);
  return names;
}
