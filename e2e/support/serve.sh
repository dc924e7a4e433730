#!/usr/bin/env bash
# Starts the built app for Playwright with a throwaway database and one
# user per role (password: e2e-password-123).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${E2E_DATA_DIR:?}" "${PORT:?}"
rm -rf "$E2E_DATA_DIR" && mkdir -p "$E2E_DATA_DIR"
# The whole run's output, kept: e2e/zz-after-run.spec.ts greps it for secrets. The JSON
# request log (stdout) goes to the file only; stderr to the file and Playwright's output.
exec > >(tee -a "$E2E_DATA_DIR/server.log" >/dev/null) 2> >(tee -a "$E2E_DATA_DIR/server.log" >&2)
export WARROOM_DATA_DIR="$E2E_DATA_DIR"
# Inside the throwaway dir for the test run only, so each run starts with no signed audit head.
export WARROOM_CONFIG_DIR="$E2E_DATA_DIR/config"
export DATABASE_URL="file:$E2E_DATA_DIR/warroom.db"
export AUTH_SECRET="${AUTH_SECRET:-e2e-auth-secret-0123456789abcdef0123456789}"
export WARROOM_SECRET_KEY="${WARROOM_SECRET_KEY:-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef}"
export WARROOM_ADMIN_EMAIL=admin@e2e.test WARROOM_ADMIN_PASSWORD=e2e-password-123
export WARROOM_METRICS_TOKEN="${WARROOM_METRICS_TOKEN:-e2e-metrics-token-5f1c0a9b7d3e4f21}"
# info: one line per request, so the secret grep reads what production would log.
export WARROOM_LOG_LEVEL="${WARROOM_LOG_LEVEL:-info}" NEXT_TELEMETRY_DISABLED=1
npm run -s warroom -- prepare
for role in commander responder viewer; do
  echo e2e-password-123 | npm run -s warroom -- user add "$role@e2e.test" --role "$role" >/dev/null
done
# The compiled server (dist/start.js) with the memory settings production uses (deploy/systemd/warroom.service).
node scripts/build-server.mjs
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# shellcheck disable=SC2086
exec node ${WARROOM_NODE_FLAGS:---max-semi-space-size=2 --max-old-space-size=256} dist/start.js
