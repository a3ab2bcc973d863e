#!/usr/bin/env bash
# Regenerates the SQL migrations of all three databases from src/db/schema after a schema change.
# Usage: npm run db:generate -- NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: npm run db:generate -- NAME}"
for dialect in sqlite mysql postgres; do
  kit_dialect=$dialect; [ "$dialect" = postgres ] && kit_dialect=postgresql
  npx drizzle-kit generate --dialect "$kit_dialect" --schema "src/db/schema/$dialect.ts" \
    --out "src/db/migrations/$dialect" --name "$name"
done
bun scripts/db-index.ts
