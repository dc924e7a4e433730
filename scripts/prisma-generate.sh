#!/usr/bin/env bash
# Prisma 7's CLI tries to download a schema engine from a host this network
# cannot reach; `generate` does not need it, so point the variable at any file.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f prisma/schema.prisma ] || exit 0
export PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(command -v node)}"
export PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1
npx --no-install prisma generate >/dev/null
