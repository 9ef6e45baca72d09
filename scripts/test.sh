#!/usr/bin/env bash
# Runs every test of the repository: installs what the tests need, builds, runs all test
# projects, and ends with one line "N passed, N failed". Exit code 0 only when nothing failed.
#   scripts/test.sh                 # everything
#   scripts/test.sh --filter EXPR   # passed through to dotnet test
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# systemd: `systemd-analyze verify` checks deploy/systemd/sstpfarm.service (Host tests).
# haproxy, openssl: tests/SstpFarm.Balancer.Tests run the real HAProxy 2.6 and `openssl s_client`.
# redis-server, redis-sentinel: the farm control plane tests (ControlPlane.Redis.Tests) start their own.
# prometheus: promtool checks and unit-tests deploy/observability, and Observability.Tests start a private
# Prometheus server on 127.0.0.1 (the packaged service is not needed).
"$root/scripts/test-setup.sh" nftables iputils-ping iproute2 systemd haproxy openssl redis-server redis-sentinel prometheus || { echo "0 passed, 1 failed"; exit 1; }

# The real-client harness (Debian sstpc + pppd in a QEMU VM) lives next to the project in
# ../shared; its setup is idempotent (about 10 s once its packages are installed).
harness="${SSTPFARM_SHARED:-$root/../shared}/harness/realclient"
if [ -x "$harness/setup.sh" ]; then
  "$harness/setup.sh" >/dev/null || { echo "harness setup failed: $harness/setup.sh"; echo "0 passed, 1 failed"; exit 1; }
else
  echo "test.sh: $harness/setup.sh not found; the interop tests will fail (set SSTPFARM_SHARED)" >&2
fi

# Test projects run one after another (-m:1): several start real servers, VMs and namespaces,
# and two cores shared between them turned timeouts into failures.
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build SstpFarm.sln -c Release -nologo -v quiet -clp:ErrorsOnly
build_rc=$?
if [ $build_rc -ne 0 ]; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test SstpFarm.sln -c Release --no-build -nologo -m:1 \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
test_rc=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ $test_rc -ne 0 ] && [ $failed -eq 0 ]; then
  failed=1 # the runner itself failed (crash, abort): never report green
fi
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
