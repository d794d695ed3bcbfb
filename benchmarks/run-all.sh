#!/usr/bin/env bash
# The whole benchmark suite in one command: every row of the tables in docs/benchmarks.md, with short but sane JMH
# parameters, on JDK 25. Results go to benchmarks/target/jmh-suite/ (results.json from JMH, cpu.jsonl from CpuMeter,
# footprint.json, load.txt, summary.md) and the charts to docs/img/. About 20 minutes on 2 cores.
#
#   benchmarks/run-all.sh                 # build (offline), run, report
#   SKIP_BUILD=1 benchmarks/run-all.sh    # reuse benchmarks/target/benchmarks.jar
#   JMH_PARAMS="-f 1 -wi 2 -w 1s -i 3 -r 1s" benchmarks/run-all.sh   # shorter
#   INCLUDE='BridgeForwarding' benchmarks/run-all.sh   # one part (a JMH regex) of the suite
set -euo pipefail
cd "$(dirname "$0")/.."
J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=$PWD/benchmarks/target/jmh-suite
JAR=benchmarks/target/benchmarks.jar
if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -B -o -q -DskipTests package -pl benchmarks -am
fi
rm -rf "$OUT"
mkdir -p "$OUT"
PARAMS=${JMH_PARAMS:-"-f 1 -wi 3 -w 1s -i 5 -r 1s"}
# One regex for the whole suite (a benchmark's short name is Class.method):
#  executor (on the ForkJoin pool and on a pinned loop) vs raw JCTools (spinning and parking consumers);
#  registry at 1k/100k/1M; forwarding vs Pekko and the lock peer, both pools; call setups
#  (both pools, lock peer) at 100 to 100k concurrent calls; mixing (both pools); transfer (and the lock peer);
#  events (call setup with 0 or 1 subscriber on the pool).
DEFAULT_INCLUDE='ExecutorHandoffBenchmark\.(tput_1p|tput_2p|burst)_(serial|jctSpin|jctPark)$|ExecutorCostBenchmark|RegistryLookupBenchmark|BridgeForwardingBenchmark|CallSetupBenchmark\.setups|LockPeerSetupBenchmark|MixingBenchmark\.tick$|TransferBenchmark|EventsBenchmark\.callSetup$'
INCLUDE=${INCLUDE:-$DEFAULT_INCLUDE}
{ date -u; uptime; } > "$OUT/load.txt"
# the forked JVMs find the CPU log through the environment (CpuMeter)
STROWGER_CPU_LOG="$OUT/cpu.jsonl" "$J" -jar "$JAR" "$INCLUDE" $PARAMS \
  -p queue=array \
  -p pairs=1,100,1000,10000,100000 \
  -p path=fake -p calls=100,1000,10000,100000 -p pool=fj,pinned \
  -p subscribers=0,1 -p delivery=pool \
  -rf json -rff "$OUT/results.json" | tee "$OUT/jmh.log"
{ date -u; uptime; } >> "$OUT/load.txt"
if [ "$INCLUDE" = "$DEFAULT_INCLUDE" ]; then
  # bytes per idle channel: a plain main (heap after full GCs), not JMH
  "$J" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$JAR" org.strowger.bench.FootprintProbe 100000 \
    --json="$OUT/footprint.json" | tee "$OUT/footprint.log"
fi
"$J" -cp "$JAR" org.strowger.bench.SuiteReport "$OUT" docs/img
