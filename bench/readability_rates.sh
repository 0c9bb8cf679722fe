#!/usr/bin/env bash
# bench/readability_rates.sh — reader defects per 1 000 random flows.
#
# In: the random flow generator of tests/layout_props.rs (fixed seed, so the
# same CASES files every run) and readability.py. Out: the seven counts of
# readability.py per 1 000 flows, for flows of up to 30 laid-out nodes and
# for larger ones (bench/readability_rates.py prints the table).
#
# Usage: bench/readability_rates.sh   (env: CASES=1000, DIR=/tmp/archflow-rates,
#        READABILITY=../shared/tools/readability.py, WORST=0, CARGO_TARGET_DIR)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
CASES=${CASES:-1000}
DIR=${DIR:-/tmp/archflow-rates}
WORST=${WORST:-0}
if [ -z "${READABILITY:-}" ]; then
  for c in "$ROOT/../shared/tools/readability.py" "$ROOT/../../shared/tools/readability.py"; do
    [ -f "$c" ] && READABILITY=$c && break
  done
fi
[ -f "${READABILITY:-}" ] || { echo "readability.py not found: set READABILITY" >&2; exit 2; }

cargo build --release --quiet
rm -rf "$DIR" && mkdir -p "$DIR"
ARCHFLOW_SURVEY_CASES=$CASES ARCHFLOW_SURVEY_DIR=$DIR ARCHFLOW_SURVEY_ALL=1 \
  cargo test --release --quiet --test layout_props -- --ignored survey --nocapture >"$DIR/survey.log"
rm -f "$DIR/current.toml"
python3 "$ROOT/bench/readability_rates.py" --bin "$TARGET/release/archflow" \
  --readability "$READABILITY" --worst "$WORST" "$DIR"/flow-*.toml
