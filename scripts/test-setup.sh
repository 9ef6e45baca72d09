#!/usr/bin/env bash
# Installs what the test suite needs on a fresh machine of our kind (Debian 12, root, .NET SDK).
# Idempotent: a second run only checks. Each tier adds its own packages here.
set -euo pipefail

need_apt=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "test-setup: installing ${need_apt[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "test-setup: the .NET SDK (dotnet) is required" >&2; exit 2; }

# A gRPC implementation nobody here wrote, for the API and sstpfarmctl tests (versions locked).
grpc_js_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/grpc-js"
if [ ! -d "$grpc_js_dir/node_modules/@grpc/grpc-js" ]; then
  command -v npm >/dev/null || { echo "test-setup: node/npm are required for tests/grpc-js" >&2; exit 2; }
  echo "test-setup: npm ci in tests/grpc-js"
  (cd "$grpc_js_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
