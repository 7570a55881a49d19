/**
 * Programs installed on the learner's machine, an Ubuntu 24.04 server with Docker
 * Engine's packages, that the page's shell does not simulate. Each gets a line saying
 * so, not bash's `command not found`, which would claim it is not installed.
 *
 * Only programs every such machine has: the packages of Ubuntu's server install
 * (coreutils, procps, util-linux, iproute2, systemd, grep, sed, findutils, tar, gzip,
 * diffutils, openssh-client, curl, wget, vim, nano, git, python3, apt) and those of
 * docker-ce, docker-ce-cli and containerd.io. A name not here and not simulated gets
 * bash's answer, as a program that is not installed does.
 */
export const INSTALLED_PROGRAMS: ReadonlySet<string> = new Set(
  [
    // coreutils
    'base64 basename chgrp chmod chown chroot cksum comm cp csplit cut date dd df dir',
    'dircolors dirname du env expand expr factor false fmt fold groups head install join',
    'link ln logname ls md5sum mkdir mkfifo mknod mktemp mv nice nl nohup nproc numfmt od',
    'paste pathchk pinky pr printenv ptx pwd readlink realpath rm rmdir seq sha1sum',
    'sha224sum sha256sum sha384sum sha512sum shred shuf sort split stat stdbuf stty sum',
    'sync tac tail tee test timeout touch tr true truncate tsort tty unexpand uniq unlink',
    'users vdir wc who whoami yes',
    // procps
    'free kill pgrep pidof pkill pmap pwdx slabtop sysctl tload top uptime vmstat w watch',
    // util-linux
    'blkid chrt dmesg fallocate findmnt flock ionice logger losetup lsblk lscpu more mount',
    'nsenter renice script setpriv su taskset umount unshare',
    // iproute2, netfilter
    'bridge ss tc ip6tables',
    // systemd
    'hostnamectl journalctl loginctl resolvectl systemd-cgls systemd-cgtop systemd-run',
    'timedatectl',
    // the rest of a server install
    'apt apt-get awk bash cmp dash diff dpkg egrep fgrep file find git grep gunzip gzip',
    'history less man nano openssl ping python3 scp sed sftp sh ssh tar vi vim wget which',
    'xargs zcat docker-compose',
    // docker-ce, docker-ce-cli, containerd.io
    'containerd containerd-shim-runc-v2 ctr docker-init docker-proxy dockerd runc',
  ]
    .join(' ')
    .split(' '),
);
