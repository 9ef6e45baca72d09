#!/bin/bash
# Side-by-side measurements for issue 3: single-session ICMP-flood throughput of sstpfarm-client through
# sstpfarm (Release build, run as a process in its own netns) and through SoftEther (softether-reference.sh,
# own netns/run/cache dirs); setup rate of 1000 sessions (bench -n 1000 -c 50); node RSS per idle session.
# Needs root and Release builds: dotnet build -c Release src/SstpFarm.Host src/SstpFarm.Client.Cli
set -uo pipefail
WT=$(cd "$(dirname "$0")/.." && pwd)
HOST=$WT/src/SstpFarm.Host/bin/Release/net10.0/sstpfarm.dll
CLI=$WT/src/SstpFarm.Client.Cli/bin/Release/net10.0/sstpfarm-client.dll
NS=sfe2em$$
STATE=$(mktemp -d /tmp/sstpfarm-measure.XXXX)
PORT=$((20000 + RANDOM % 20000))
FLOOD=${FLOOD:-10}
ip netns add $NS; ip -n $NS link set lo up
cleanup() { [ -n "${NODE:-}" ] && kill -TERM $NODE 2>/dev/null; sleep 3; ip netns delete $NS 2>/dev/null; }
trap cleanup EXIT
echo 'Tunnel-Pa55' | dotnet $HOST users add alice --password-stdin --users $STATE/users.json >/dev/null
ip netns exec $NS dotnet $HOST run --listen 127.0.0.1:$PORT --state-dir $STATE --users $STATE/users.json \
   --pool 10.79.0.0/20 --tun sfe2em$$ --max-sessions 2000 --cert-host-name sstp.test --log-level warning > $STATE/node.log 2>&1 &
NODE=$!
for i in $(seq 60); do [ -f $STATE/tls-cert.pem ] && ip netns exec $NS ss -ltn | grep -q ":$PORT " && break; sleep 1; done
NODEPID=$(pgrep -f "sstpfarm.dll run --listen 127.0.0.1:$PORT" | head -1)
C="ip netns exec $NS dotnet $CLI"
COMMON="https://127.0.0.1:$PORT --user alice --password-stdin --ca $STATE/tls-cert.pem --host sstp.test --json"
rss() { awk '/VmRSS/{print $2}' /proc/$NODEPID/status; }
echo "== sstpfarm flood ${FLOOD}s"
echo 'Tunnel-Pa55' | $C ping $COMMON --flood $FLOOD -s ${SIZE:-1372} | tee $STATE/flood-sstpfarm.json
echo "== SoftEther flood ${FLOOD}s"
export SSTP_RC_NETNS=sstpe2em SSTP_RC_RUN=/run/sstp-rc-e2em SSTP_RC_CACHE=/var/cache/sstp-rc-e2em
SE=/work/shared/harness/realclient/softether-reference.sh
$SE start > $STATE/softether-start.log 2>&1 || { echo "softether start failed"; tail -20 $STATE/softether-start.log; }
echo test | ip netns exec sstpe2em dotnet $CLI ping https://127.0.0.1:443 --user test --password-stdin --ca $SSTP_RC_CACHE/softether-state/server-cert.pem --host vm --target 192.168.30.1 --json --flood $FLOOD -s ${SIZE:-1372} | tee $STATE/flood-softether.json
$SE clean > /dev/null 2>&1
echo "== sstpfarm flood again (${FLOOD}s)"
echo 'Tunnel-Pa55' | $C ping $COMMON --flood $FLOOD -s ${SIZE:-1372} | tee $STATE/flood-sstpfarm2.json
echo "== RSS baseline after warm-up (10 sessions)"
echo 'Tunnel-Pa55' | $C bench $COMMON -n 10 -c 10 > /dev/null
sleep 2; R0=$(rss); echo "node RSS ${R0} kB"
echo "== bench 1000 sessions, concurrency 50, hold 25 s"
echo 'Tunnel-Pa55' | $C bench $COMMON -n 1000 -c 50 -d 25 > $STATE/bench.json &
B=$!
for i in $(seq 120); do n=$(ip netns exec $NS ss -tn state established "( sport = :$PORT )" | tail -n +2 | wc -l); [ "$n" -ge 1000 ] && break; sleep 1; done
sleep 5; R1=$(rss); echo "established $n; node RSS ${R1} kB"
echo "RSS per idle session: $(( (R1 - R0) * 1024 / 1000 )) bytes"
wait $B; cat $STATE/bench.json
sleep 2; R2=$(rss); echo "node RSS after they hung up ${R2} kB"
echo "state: $STATE"
