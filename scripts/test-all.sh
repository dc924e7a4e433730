#!/usr/bin/env bash
# `npm test`: every layer — lint, typecheck, unit, integration (real sshd,
# real SQLite), e2e (Debian's Chromium against the production build).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CI="${CI:-}"

bash scripts/ensure-system-deps.sh

step() { printf '\n=== %s ===\n' "$1"; }

step "lint"
npx eslint --max-warnings=0 .
npx prettier --check --log-level=warn .
step "typecheck"
npx tsc --noEmit -p .
step "structure"
# Seconds, not a build: every server action guarded, the commit path the only way to write.
npx tsx scripts/check-structure.ts
step "unit"
npx vitest run --project unit
step "integration"
npx vitest run --project integration
step "build"
npx next build
step "e2e"
export E2E_PORT="$(node -e "const s=require('net').createServer();s.listen(0,()=>{console.log(s.address().port);s.close()})")"
export E2E_DATA_DIR="$(mktemp -d /tmp/warroom-e2e-XXXXXX)"
trap 'rm -rf "$E2E_DATA_DIR"' EXIT
npx playwright test
