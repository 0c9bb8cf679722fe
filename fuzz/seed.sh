#!/usr/bin/env bash
# Seeds the fuzz corpora from the project's own flow files:
#   corpus/validate, corpus/pipeline  every *.toml under scenarios/ and tests/fixtures/
#   corpus/flowline                   every flow line ("a -> b : x") found in them
# Run from anywhere; it is idempotent (files are named by their content hash).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
for t in flowline validate pipeline; do mkdir -p "$here/corpus/$t"; done

put() { # put TARGET < bytes
    local tmp name
    tmp="$(mktemp)"
    cat >"$tmp"
    name="$(sha1sum "$tmp" | cut -c1-40)"
    mv "$tmp" "$here/corpus/$1/$name"
}

n=0
while IFS= read -r -d '' f; do
    put validate <"$f"
    put pipeline <"$f"
    # Flow lines: quoted strings that hold an arrow.
    grep -oE '"[^"]*(->|--|\.\.)[^"]*"' "$f" | while IFS= read -r q; do
        q="${q#\"}"
        printf '%s' "${q%\"}" | put flowline
    done || true
    n=$((n + 1))
done < <(find "$root/scenarios" "$root/tests/fixtures" -name '*.toml' -type f -print0 | sort -z)

# A few hand-written flow lines for what the files above do not show.
for l in 'a <-> b' 'a <..> b, c .. d' 'a -- b : x' 'a->b' 'api-gw -> s3 : 한국어 라벨' 'a, b -> c, d -> e : many : colons'; do
    printf '%s' "$l" | put flowline
done
echo "seeded from $n files: $(ls "$here/corpus/flowline" | wc -l) flowline, $(ls "$here/corpus/validate" | wc -l) validate, $(ls "$here/corpus/pipeline" | wc -l) pipeline inputs"
