#!/usr/bin/env bash
# bench/compare.sh — archflow against Graphviz dot, same diagrams, whole processes.
#
# In: the flow files under scenarios/ and synthetic flows of gen-flow at
# 30/100/1000/5000 nodes (seed 1). Out: one table on stdout and
# BENCHMARKS.md (machine, method, table, failures, peak memory, crossings),
# with the raw measurements in BENCHMARKS.tsv beside it.
#
# For every input it times, as whole processes:
#   archflow layout FILE                         (layout only, JSON to /dev/null)
#   archflow render FILE -f svg | -f svg,png     (when the render command exists)
#   dot -Tsvg | -Tsvg -Tpng on `archflow export --to dot FILE`,
#       once plain and once with -Gnewrank=true
# with hyperfine when it is installed (apt), else a loop around date +%s.%N.
# dot gets a timeout (DOT_TIMEOUT, default 300 s); timeouts and failures are
# recorded, not fatal. Edge crossings of both layouts are counted by
# bench/crossings.py the same way; peak memory comes from /usr/bin/time.
#
# Usage: bench/compare.sh            (env: SIZES="30 100", DOT_TIMEOUT=300,
#                                     SCENARIOS=scenarios,
#                                     BENCH_OUT=BENCHMARKS.md, SEED=1,
#                                     CARGO_TARGET_DIR)
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=${BENCH_OUT:-$ROOT/BENCHMARKS.md}
SIZES=${SIZES:-"30 100 1000 5000"}
SEED=${SEED:-1}
SCENARIOS=${SCENARIOS:-scenarios}
TIMEOUT=${DOT_TIMEOUT:-300}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/archflow-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.tsv
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null)
: > "$RESULTS"

say() { printf '%s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------
need=()
command -v dot > /dev/null || need+=(graphviz)
[ -x /usr/bin/time ] || need+=(time)
command -v hyperfine > /dev/null || need+=(hyperfine)
if [ ${#need[@]} -gt 0 ] && command -v apt-get > /dev/null; then
  say "installing with apt: ${need[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo > /dev/null && SUDO=sudo
  $SUDO apt-get update -qq > /dev/null 2>&1 || true
  for p in "${need[@]}"; do
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$p" > /dev/null 2>&1 ||
      say "could not install $p"
  done
fi
command -v dot > /dev/null || { say "error: Graphviz dot is missing and could not be installed"; exit 1; }
command -v python3 > /dev/null || { say "error: python3 is needed for bench/crossings.py"; exit 1; }
[ -x /usr/bin/time ] || { say "error: /usr/bin/time is missing (apt package time)"; exit 1; }
HAVE_HYPERFINE=0
command -v hyperfine > /dev/null && HAVE_HYPERFINE=1

# --- build -------------------------------------------------------------------
say "building release binaries"
cargo build --release --quiet --bin archflow --bin gen-flow || { say "error: cargo build failed"; exit 1; }
AF=$TARGET/release/archflow
GEN=$TARGET/release/gen-flow
HAVE_RENDER=0
"$AF" render --help > /dev/null 2>&1 && HAVE_RENDER=1

# --- inputs ------------------------------------------------------------------
mkdir -p "$WORK/in" "$WORK/out"
INPUTS=()   # "name|path|kind"
while IFS= read -r f; do
  name=$(basename "$(dirname "$f")")/$(basename "$f" .toml)
  INPUTS+=("$name|$f|scenario")
done < <(find "$SCENARIOS" -name '*.toml' | LC_ALL=C sort)
for n in $SIZES; do
  f=$WORK/in/synth-$n.toml
  "$GEN" --nodes "$n" --seed "$SEED" > "$f" || { say "error: gen-flow failed"; exit 1; }
  "$AF" check "$f" || { say "error: generated flow of $n nodes is invalid"; exit 1; }
  INPUTS+=("synth-$n|$f|synthetic")
done

# --- measuring ---------------------------------------------------------------
# record INPUT MEASURE STATUS WALL_SECONDS MAXRSS_KB NOTE [CPU_SECONDS]
record() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "${7:-0}" >> "$RESULTS"; }

# measure INPUT MEASURE LIMIT STDOUT_FILE CMD...: one probe run under
# /usr/bin/time and timeout; when it succeeds quickly, more runs give the
# median wall time (hyperfine, or a loop of date +%s.%N) and the mean CPU
# time (user + system) of the process.
measure() {
  local input=$1 what=$2 limit=$3 stdout=$4
  shift 4
  local tfile=$WORK/time.txt err=$WORK/err.txt rc secs rss usr sys cpu note=""
  /usr/bin/time -f '%e %M %U %S' -o "$tfile" timeout "$limit" "$@" > "$stdout" 2> "$err"
  rc=$?
  read -r secs rss usr sys < <(tail -n 1 "$tfile" 2> /dev/null || echo "0 0 0 0")
  cpu=$(awk "BEGIN{print ${usr:-0} + ${sys:-0}}")
  if [ "$rc" -eq 124 ]; then
    record "$input" "$what" timeout "$limit" "$rss" "no result within ${limit} s" "$cpu"
    return 1
  elif [ "$rc" -ne 0 ]; then
    local lost
    lost=$(grep -c 'lost .* edge' "$err" 2> /dev/null)
    note=$(grep -v '^Warning' "$err" | grep -v 'lost .* edge' | head -n 2 | tr '\t\n' '  ' |
      sed "s|$WORK/in/||g; s|$WORK/||g" | cut -c1-160)
    [ "${lost:-0}" -gt 0 ] && note="lost $lost edges; $note"
    record "$input" "$what" "fail($rc)" "$secs" "$rss" "$note" "$cpu"
    return 1
  fi
  local runs=0
  if awk "BEGIN{exit !($secs < 0.5)}"; then runs=10
  elif awk "BEGIN{exit !($secs < 3)}"; then runs=3
  fi
  if [ "$runs" -gt 0 ]; then
    if [ "$HAVE_HYPERFINE" -eq 1 ]; then
      local cmd="" a
      for a in "$@"; do cmd+="$(printf '%q' "$a") "; done
      if hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$WORK/hf.json" "$cmd" > /dev/null 2>&1; then
        read -r secs cpu < <(python3 -c 'import json,sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.4f %.4f" % (r["median"], r["user"] + r["system"]))' "$WORK/hf.json")
      fi
    else
      local times=() cpus=() i t0 t1
      for ((i = 0; i < runs; i++)); do
        t0=$(date +%s.%N)
        /usr/bin/time -f '%U %S' -o "$tfile" "$@" > /dev/null 2>&1
        t1=$(date +%s.%N)
        times+=("$(awk "BEGIN{print $t1 - $t0}")")
        cpus+=("$(awk '{print $1 + $2}' "$tfile")")
      done
      secs=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
      cpu=$(printf '%s\n' "${cpus[@]}" | awk '{s+=$1} END{print s/NR}')
    fi
  fi
  record "$input" "$what" ok "$secs" "$rss" "runs=$((runs > 0 ? runs : 1))" "$cpu"
  return 0
}

crossings() { # INPUT MEASURE JSON
  local line
  line=$(python3 bench/crossings.py "$3" 2> /dev/null | tail -n 1)
  record "$1" "$2" ok 0 0 "$line"
}

for entry in "${INPUTS[@]}"; do
  IFS='|' read -r name path kind <<< "$entry"
  key=${name//\//__}
  say "measuring $name"
  stats=$(python3 - "$AF" "$path" << 'PY'
import json, subprocess, sys
r = subprocess.run([sys.argv[1], "layout", sys.argv[2]], capture_output=True)
d = json.loads(r.stdout) if r.returncode == 0 else {"nodes": [], "edges": [], "groups": []}
print(len(d["nodes"]), len(d["edges"]), len(d["groups"]))
PY
)
  record "$name" stats ok 0 0 "$kind $stats"
  dotf=$WORK/$key.dot
  "$AF" export --to dot "$path" > "$dotf" || record "$name" export "fail" 0 0 "archflow export failed"

  if measure "$name" af_layout "$TIMEOUT" "$WORK/$key.layout.json" "$AF" layout "$path"; then
    crossings "$name" cross_af "$WORK/$key.layout.json"
  fi
  if [ "$HAVE_RENDER" -eq 1 ]; then
    measure "$name" af_svg "$TIMEOUT" /dev/null "$AF" render "$path" -o "$WORK/out/$key" -f svg
    measure "$name" af_svgpng "$TIMEOUT" /dev/null "$AF" render "$path" -o "$WORK/out/$key" -f svg,png
  fi
  for variant in dot dotn; do
    extra=()
    [ "$variant" = dotn ] && extra=(-Gnewrank=true)
    if measure "$name" "${variant}_svg" "$TIMEOUT" /dev/null dot "${extra[@]}" -Tsvg -o "$WORK/$key.$variant.svg" "$dotf"; then
      measure "$name" "${variant}_svgpng" "$TIMEOUT" /dev/null dot "${extra[@]}" -Tsvg -o "$WORK/$key.$variant.svg" -Tpng -o "$WORK/$key.$variant.png" "$dotf"
      if timeout "$TIMEOUT" dot "${extra[@]}" -Tjson -o "$WORK/$key.$variant.json" "$dotf" 2> /dev/null; then
        crossings "$name" "cross_$variant" "$WORK/$key.$variant.json"
      fi
    else
      # The SVG run failed or timed out; the same layout with PNG would too.
      record "$name" "${variant}_svgpng" skipped 0 0 "the -Tsvg run did not succeed"
    fi
  done
done

# Peak memory of archflow on the largest generated flow, with time -v.
LARGEST=$(for n in $SIZES; do echo "$n"; done | sort -n | tail -n 1)
if [ -n "$LARGEST" ]; then
  big=$WORK/in/synth-$LARGEST.toml
  /usr/bin/time -v "$AF" layout "$big" > /dev/null 2> "$WORK/tv-layout.txt"
  record "synth-$LARGEST" mem_af_layout ok 0 "$(awk -F': ' '/Maximum resident/{print $2}' "$WORK/tv-layout.txt")" "time -v"
  if [ "$HAVE_RENDER" -eq 1 ]; then
    for fmt in svg svg,png; do
      /usr/bin/time -v "$AF" render "$big" -o "$WORK/out/mem" -f "$fmt" > /dev/null 2> "$WORK/tv-render.txt"
      rc=$?
      st=ok
      [ "$rc" -ne 0 ] && st="fail($rc)"
      record "synth-$LARGEST" "mem_af_${fmt/,/}" "$st" 0 "$(awk -F': ' '/Maximum resident/{print $2}' "$WORK/tv-render.txt")" "time -v"
    done
  fi
fi

# --- machine and report ------------------------------------------------------
CPU=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo 2> /dev/null)
[ -z "$CPU" ] && CPU=$(lscpu 2> /dev/null | awk -F': +' '/Model name/{print $2; exit}')
MEM=$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo 2> /dev/null)
export BENCH_NPROC=$(nproc)
export BENCH_CPU=${CPU:-unknown}
export BENCH_MEM=${MEM:-unknown}
export BENCH_OS=$( (. /etc/os-release 2> /dev/null && echo "$PRETTY_NAME") || uname -sr)
export BENCH_DOT=$(dot -V 2>&1 | head -n 1)
export BENCH_RUSTC=$(rustc --version 2> /dev/null)
export BENCH_COMMIT=$(git rev-parse --short HEAD 2> /dev/null)
export BENCH_DATE=$(date -u +%Y-%m-%d)
export BENCH_HYPERFINE=$HAVE_HYPERFINE
export BENCH_RENDER=$HAVE_RENDER
export BENCH_TIMEOUT=$TIMEOUT
export BENCH_SEED=$SEED
export BENCH_LOAD="${LOAD_BEFORE:-?} at the start, $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null) at the end"
# Keep the raw measurements beside the report (paths made relative).
RAW=${OUT%.md}.tsv
sed "s|$WORK/in/||g; s|$WORK/||g" "$RESULTS" > "$RAW"
python3 bench/report.py "$RAW" "$OUT" || exit 1
say "wrote $OUT and $RAW"
