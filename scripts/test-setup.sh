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
