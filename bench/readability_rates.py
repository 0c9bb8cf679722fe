#!/usr/bin/env python3
"""Reader defects per 1 000 random flows, split by size.

In: flow files (the random cases the `survey` test writes with
ARCHFLOW_SURVEY_ALL=1) and the archflow binary. Out: one table on stdout,
the seven counts of readability.py (heads, mixed, gaps, lopsided, repeats,
titles, order) per 1 000 flows, for flows of up to SPLIT nodes (laid-out
nodes, implicit icon nodes included) and for larger ones; with --worst N it
also lists the files with the most heads and mixed defects.

    readability_rates.py --bin target/release/archflow \
        --readability ../shared/tools/readability.py DIR/flow-*.toml
"""
import argparse, importlib.util, json, subprocess, sys, tomllib

SPLIT = 30


def load_measure(path):
    spec = importlib.util.spec_from_file_location("readability", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.measure, mod.KINDS


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--bin", default="target/release/archflow")
    ap.add_argument("--readability", required=True)
    ap.add_argument("--worst", type=int, default=0)
    a = ap.parse_args()
    measure, kinds = load_measure(a.readability)
    rows = {"small": {k: 0 for k in kinds}, "large": {k: 0 for k in kinds}}
    files = {"small": 0, "large": 0}
    failed, per_file = [], []
    for f in a.files:
        r = subprocess.run([a.bin, "layout", f], capture_output=True, timeout=300)
        if r.returncode != 0:
            failed.append(f)
            continue
        lay = json.loads(r.stdout)
        declared = list((tomllib.load(open(f, "rb")).get("groups") or {}).keys())
        d, where, _ = measure(lay, declared)
        size = "small" if len(lay["nodes"]) <= SPLIT else "large"
        files[size] += 1
        for k, v in d.items():
            rows[size][k] += v
        per_file.append((d["heads"] + d["mixed"], size, f, where))
    print(f"{'flows':<22}{'files':>6}" + "".join(f"{k:>9}" for k in kinds) + f"{'total':>9}")
    for size, name in (("small", f"<= {SPLIT} nodes"), ("large", f"> {SPLIT} nodes")):
        n = files[size]
        rate = lambda v: 1000.0 * v / n if n else 0.0
        cells = "".join(f"{rate(rows[size][k]):>9.0f}" for k in kinds)
        total = rate(sum(rows[size].values()))
        print(f"{name + ' (per 1000)':<22}{n:>6}{cells}{total:>9.0f}")
    for size, name in (("small", f"<= {SPLIT} nodes"), ("large", f"> {SPLIT} nodes")):
        cells = "".join(f"{rows[size][k]:>9}" for k in kinds)
        print(f"{name + ' (counts)':<22}{files[size]:>6}{cells}{sum(rows[size].values()):>9}")
    if failed:
        print(f"layout failed on {len(failed)}: {' '.join(failed[:10])}")
    per_file.sort(key=lambda t: (-t[0], t[2]))
    for score, size, f, where in per_file[: a.worst]:
        if score == 0:
            break
        print(f"{f} ({size}): {score}")
        for k in ("heads", "mixed"):
            for w in where[k][:3]:
                print(f"    {k}: {w}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
