#!/usr/bin/env bash
# The tests need Debian's Chromium, OpenSSH's sshd, the sqlite3 CLI and nginx
# (e2e/nginx-restart.spec.ts runs its own nginx in front of the app); the playbook
# tests also python3 (a listener to find and kill), curl and supervisor on the test host;
# the deploy kit's tests need promtool (Debian's prometheus) and systemd-analyze; the deploy
# playbook's test reloads a root nginx through sudo (tests/integration/playbooks/deploy-rollback.test.ts).
# Installs what is missing when run as root; otherwise says how.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh >/dev/null 2>&1 || missing+=(openssh-client)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v ss >/dev/null 2>&1 || missing+=(iproute2)
command -v ps >/dev/null 2>&1 || missing+=(procps)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v supervisord >/dev/null 2>&1 || missing+=(supervisor)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
command -v sudo >/dev/null 2>&1 || missing+=(sudo)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]} — run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
