#!/usr/bin/env bash
# Generates the next drizzle migration from the schema; a lock keeps concurrent runs from numbering alike.
set -euo pipefail
cd "$(dirname "$0")/../apps/control-api"
exec flock /tmp/mediaplane-drizzle.lock npx drizzle-kit generate "$@"
