#!/usr/bin/env bash
# Real OpenSSH sshd instances on loopback for the SSH executor's tests and bench.
#   test-sshd.sh start <dir> <port> [<port>...]   one sshd per port, own host key each
#   test-sshd.sh stop <dir>                       stop every instance started in <dir>
# Instances are stopped by the PID in their pid file (and that PID's session
# children), never by process name: other sshds on this machine are not ours.
set -euo pipefail

TEST_USER=warroom-test
SSHD=/usr/sbin/sshd

die() { echo "test-sshd: $*" >&2; exit 1; }

ensure_test_user() {
  if ! id -u "$TEST_USER" >/dev/null 2>&1; then
    useradd -m "$TEST_USER"
  fi
  # A locked account ('!' in shadow) is refused even for public-key auth with UsePAM no.
  usermod -p '*' "$TEST_USER"
}

ensure_client_key() {
  local dir=$1
  if [[ ! -f $dir/client_ed25519 ]]; then
    ssh-keygen -q -t ed25519 -N '' -C warroom-test-client -f "$dir/client_ed25519"
  fi
  cp "$dir/client_ed25519.pub" "$dir/authorized_keys"
  # sshd reads AuthorizedKeysFile with the user's privileges, so the user must be
  # able to traverse <dir> and read the file (the private key stays root-only).
  chmod 755 "$dir"
  chmod 644 "$dir/authorized_keys"
}

write_config() {
  local dir=$1 port=$2
  local inst=$dir/sshd-$port
  mkdir -p "$inst"
  if [[ ! -f $inst/ssh_host_ed25519_key ]]; then
    ssh-keygen -q -t ed25519 -N '' -C "warroom-test-$port" -f "$inst/ssh_host_ed25519_key"
  fi
  cat >"$inst/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $port
HostKey $inst/ssh_host_ed25519_key
PidFile $inst/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AllowUsers $TEST_USER
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
LogLevel ERROR
MaxSessions 64
MaxStartups 100
UseDNS no
PrintMotd no
CFG
}

wait_for_port() {
  local port=$1
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  return 1
}

start_instance() {
  local dir=$1 port=$2
  local inst=$dir/sshd-$port
  write_config "$dir" "$port"
  if [[ -f $inst/sshd.pid ]] && kill -0 "$(cat "$inst/sshd.pid")" 2>/dev/null; then
    die "sshd for port $port already running (pid $(cat "$inst/sshd.pid"))"
  fi
  rm -f "$inst/sshd.pid"
  "$SSHD" -f "$inst/sshd_config" -E "$dir/sshd-$port.log"
}

cmd_start() {
  local dir=$1; shift
  [[ $# -ge 1 ]] || die "usage: start <dir> <port> [<port>...]"
  [[ $(id -u) -eq 0 ]] || die "must run as root (sshd needs to switch to $TEST_USER)"
  mkdir -p "$dir" /run/sshd
  ensure_test_user
  ensure_client_key "$dir"
  for port in "$@"; do start_instance "$dir" "$port"; done
  for port in "$@"; do
    wait_for_port "$port" || die "sshd on port $port did not accept connections; see $dir/sshd-$port.log"
  done
}

# Per-connection sshd processes are children of the listener; they would keep
# open connections alive after the listener dies, so they go too.
kill_instance() {
  local pidfile=$1 pid children
  # The pid file may vanish under us: sshd removes it when it exits.
  pid=$(cat "$pidfile" 2>/dev/null) || return 0
  if kill -0 "$pid" 2>/dev/null; then
    children=$(ps -o pid= --ppid "$pid" || true)
    kill -TERM "$pid" $children 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

cmd_stop() {
  local dir=$1
  [[ -d $dir ]] || return 0
  shopt -s nullglob
  for pidfile in "$dir"/sshd-*/sshd.pid; do kill_instance "$pidfile"; done
}

case "${1:-}" in
  start) shift; [[ $# -ge 2 ]] || die "usage: start <dir> <port> [<port>...]"; cmd_start "$@" ;;
  stop) shift; [[ $# -eq 1 ]] || die "usage: stop <dir>"; cmd_stop "$1" ;;
  *) die "usage: $0 start <dir> <port> [<port>...] | stop <dir>" ;;
esac
