#!/usr/bin/env python3
"""Turn the measurements of bench/compare.sh into one table and BENCHMARKS.md.

    report.py RESULTS.tsv BENCHMARKS.md

In: the TSV that compare.sh writes (input, measure, status, seconds,
max RSS in KiB, note) and the BENCH_* environment variables it exports
(machine, versions). Out: the table on stdout, and the whole report
(machine, method, table, losses, failures, memory) written to the file.
"""
import json
import os
import sys
from collections import OrderedDict

TIMES = ["af_layout", "af_svg", "af_svgpng", "dot_svg", "dotn_svg", "dot_svgpng", "dotn_svgpng"]


def load(path):
    rows = OrderedDict()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 6:
                continue
            name, what, status, wall, rss, note = parts[:6]
            cpu = parts[6] if len(parts) > 6 else "0"
            rows.setdefault(name, {})[what] = {
                "status": status,
                # Every comparison uses CPU time (user + system): the machine
                # is shared, and wall time swings with the other load.
                "secs": float(cpu or 0),
                "wall": float(wall or 0),
                "rss": int(float(rss)) if rss.strip() not in ("", "?") else 0,
                "note": note,
            }
    return rows


def fmt_time(m, key="secs"):
    if m is None:
        return "n/a"
    st = m["status"]
    if st == "ok":
        s = m[key]
        return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"
    if st == "timeout":
        return "timeout"
    if st == "skipped":
        return "—"
    return "FAIL"


def ok(m):
    return m is not None and m["status"] == "ok" and m["secs"] > 0


def ratio(dot, af):
    if ok(dot) and ok(af):
        return f"{dot['secs'] / af['secs']:.1f}×"
    return "—"


def cross(m):
    if m is None:
        return None
    try:
        return json.loads(m["note"])
    except ValueError:
        return None


def fmt_cross(c):
    if not c or "crossing_pairs" not in c:
        return "—"
    return f"{c['crossing_pairs']} / {c['crossings']}"


def main():
    results, out_path = sys.argv[1], sys.argv[2]
    rows = load(results)
    env = os.environ.get
    render = env("BENCH_RENDER", "0") == "1"

    header = ["input", "nodes", "edges", "groups", "af layout", "af SVG", "af SVG+PNG",
              "dot SVG", "dot-nr SVG", "dot SVG+PNG", "dot-nr SVG+PNG",
              "dot÷af SVG", "dot-nr÷af SVG", "dot÷af S+P", "dot-nr÷af S+P",
              "crossings af", "crossings dot", "crossings dot-nr"]
    table = []
    scen = {"n": 0, "nodes": 0, "edges": 0, "groups": 0, "t": {k: 0.0 for k in TIMES},
            "okall": {k: True for k in TIMES}, "cx": {"af": [0, 0], "dot": [0, 0], "dotn": [0, 0]},
            "cxok": {"af": True, "dot": True, "dotn": True}}
    losses = []
    slow = {}
    shapes = []
    failures = []
    for name, m in rows.items():
        if "stats" not in m:
            continue
        kind, nodes, edges, groups = (m["stats"]["note"].split() + ["?"] * 4)[:4]
        cx = {k: cross(m.get(f"cross_{k}")) for k in ("af", "dot", "dotn")}
        row = [name, nodes, edges, groups] + [fmt_time(m.get(k)) if (render or not k.startswith("af_svg")) else "n/a"
                                              for k in TIMES]
        row += [ratio(m.get("dot_svg"), m.get("af_svg")), ratio(m.get("dotn_svg"), m.get("af_svg")),
                ratio(m.get("dot_svgpng"), m.get("af_svgpng")), ratio(m.get("dotn_svgpng"), m.get("af_svgpng"))]
        row += [fmt_cross(cx["af"]), fmt_cross(cx["dot"]), fmt_cross(cx["dotn"])]
        table.append(row)
        if kind == "scenario":
            scen["n"] += 1
            for k, v in (("nodes", nodes), ("edges", edges), ("groups", groups)):
                scen[k] += int(v) if v.isdigit() else 0
            for k in TIMES:
                if ok(m.get(k)):
                    scen["t"][k] += m[k]["secs"]
                else:
                    scen["okall"][k] = False
            for k in cx:
                if cx[k] and "crossings" in cx[k]:
                    scen["cx"][k][0] += cx[k]["crossing_pairs"]
                    scen["cx"][k][1] += cx[k]["crossings"]
                else:
                    scen["cxok"][k] = False
        for k, v in m.items():
            if v["status"] not in ("ok",) and k in TIMES:
                failures.append(f"- `{name}` {k}: {v['status']}" + (f" — {v['note']}" if v["note"] else ""))
        # Where archflow loses: crossings row by row; time per row for the
        # synthetic flows, and summed up for the scenarios (below).
        a = cx["af"]
        for k, label in (("dot", "dot"), ("dotn", "dot -Gnewrank=true")):
            c = cx[k]
            if a and c and "crossings" in a and "crossings" in c and a["crossing_pairs"] > c["crossing_pairs"]:
                losses.append(f"- `{name}`: crossings {a['crossing_pairs']} edge pairs ({a['crossings']} points) "
                              f"vs {c['crossing_pairs']} ({c['crossings']}) for {label}")
        for afk, dk, label in (("af_svg", "dot_svg", "SVG vs dot"), ("af_svg", "dotn_svg", "SVG vs dot -Gnewrank=true"),
                               ("af_svgpng", "dot_svgpng", "SVG+PNG vs dot"),
                               ("af_svgpng", "dotn_svgpng", "SVG+PNG vs dot -Gnewrank=true")):
            if ok(m.get(afk)) and ok(m.get(dk)) and m[afk]["secs"] > m[dk]["secs"]:
                if kind == "scenario":
                    slow.setdefault(label, [0, 0.0, 0.0])
                    slow[label][0] += 1
                    slow[label][1] += m[afk]["secs"]
                    slow[label][2] += m[dk]["secs"]
                else:
                    losses.append(f"- `{name}`: CPU time, {label}: {fmt_time(m[afk])} vs {fmt_time(m[dk])}")
        if kind != "scenario" and a and "width" in a:
            c = cx["dotn"] or cx["dot"]
            def shape(x):
                if not x or not x.get("height"):
                    return "—"
                return f"{x['width']:.0f} × {x['height']:.0f} ({x['width'] / x['height']:.2f})"
            shapes.append(f"| {name} | {shape(a)} | {shape(cx['dot'])} | {shape(cx['dotn'])} |")
    if scen["n"]:
        def tsum(k):
            if not scen["okall"][k]:
                return "FAIL"
            return fmt_time({"status": "ok", "secs": scen["t"][k]})

        def rsum(d, a):
            if scen["okall"][d] and scen["okall"][a] and scen["t"][a] > 0:
                return f"{scen['t'][d] / scen['t'][a]:.1f}×"
            return "—"

        def csum(k):
            return f"{scen['cx'][k][0]} / {scen['cx'][k][1]}" if scen["cxok"][k] else "—"
        table.append([f"**all {scen['n']} scenarios (sum)**", str(scen["nodes"]), str(scen["edges"]),
                      str(scen["groups"])] + [tsum(k) if (render or not k.startswith("af_svg")) else "n/a" for k in TIMES]
                     + [rsum("dot_svg", "af_svg"), rsum("dotn_svg", "af_svg"), rsum("dot_svgpng", "af_svgpng"),
                        rsum("dotn_svgpng", "af_svgpng"), csum("af"), csum("dot"), csum("dotn")])

    for label, (count, af_t, dot_t) in slow.items():
        losses.insert(0, f"- scenarios, CPU time {label}: archflow slower in {count} of {scen['n']} files "
                         f"(those files: {fmt_time({'status': 'ok', 'secs': af_t})} vs "
                         f"{fmt_time({'status': 'ok', 'secs': dot_t})} in total)")

    def md_table(rows_):
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for r in rows_:
            lines.append("| " + " | ".join(r) + " |")
        return "\n".join(lines)

    table_md = md_table(table)
    print(table_md)

    wall_header = ["input"] + header[4:11]
    wall_lines = ["| " + " | ".join(wall_header) + " |", "|" + "---|" * len(wall_header)]
    for name, m in rows.items():
        if "stats" in m:
            wall_lines.append("| " + " | ".join([name] + [fmt_time(m.get(k), "wall") if (render or not k.startswith("af_svg"))
                                                          else "n/a" for k in TIMES]) + " |")
    wall_md = "\n".join(wall_lines)

    mem = []
    synth = [n for n in rows if n.startswith("synth-") and n.split("-")[1].isdigit()]
    if synth:
        big = max(synth, key=lambda n: int(n.split("-")[1]))
        for k, label in (("mem_af_layout", "archflow layout (time -v)"),
                         ("mem_af_svg", "archflow render -f svg (time -v)"),
                         ("mem_af_svgpng", "archflow render -f svg,png (time -v)"),
                         ("dot_svg", "dot -Tsvg"), ("dotn_svg", "dot -Gnewrank=true -Tsvg")):
            v = rows[big].get(k)
            if v and v["rss"]:
                status = "" if v["status"] == "ok" else f" ({v['status']})"
                mem.append(f"- `{big}` {label}: {v['rss'] / 1024:.1f} MiB{status}")

    doc = f"""# Benchmarks: archflow against Graphviz dot

Measured {env('BENCH_DATE', '?')} at commit `{env('BENCH_COMMIT', '?')}` by `bench/compare.sh`
(rerun it to refresh this page; it installs what it needs with apt).

## Machine

- CPUs: {env('BENCH_NPROC', '?')} × {env('BENCH_CPU', '?')}
- memory: {env('BENCH_MEM', '?')}
- OS: {env('BENCH_OS', '?')}
- {env('BENCH_DOT', 'dot ?')}; {env('BENCH_RUSTC', 'rustc ?')}
- load average (1, 5, 15 min): {env('BENCH_LOAD', '?')} — the machine is shared with other
  builds, so small differences are noise

## Method

- Inputs: every flow file under `scenarios/`, and `gen-flow --nodes N --seed {env('BENCH_SEED', '1')}` for
  the synthetic rows (`synth-N`: nested aws-cloud > region > vpc > subnet groups, chains with
  fan-out/fan-in, ~10% back edges, ~30% labelled edges).
- archflow runs as whole processes from the release build: `archflow layout FILE` (layout only, JSON
  to /dev/null){', `archflow render FILE -f svg` and `-f svg,png` (PNG at the default scale 2)' if render else ''}.
- dot runs on the DOT of `archflow export --to dot FILE` (same nodes, labels, clusters and edges):
  `dot -Tsvg` and `dot -Tsvg -Tpng` (one process writing both), plain and with `-Gnewrank=true`
  (`dot-nr`), with a {env('BENCH_TIMEOUT', '300')} s timeout.
- Times in the main table are **CPU time (user + system) of the whole process**, so that the
  other load of this shared machine does not skew them: the mean over
  {'hyperfine' if env('BENCH_HYPERFINE') == '1' else 'a loop of'} runs (10 runs under 0.5 s, 3 under 3 s, else the single probe run
  under /usr/bin/time). Wall-clock medians are in the second table. `÷` columns are dot's CPU time
  over archflow's for the same output: above 1× archflow is faster.
- Crossings (`bench/crossings.py`): edges as polylines (dot's B-splines sampled at 16 points per
  cubic piece), two edges counted only when they share no end; the segment rule is that of
  `shared/tools/check_layout.py`. Shown as *edge pairs that cross / crossing points*.
{'' if render else '- **The renderer had not landed: archflow columns are layout only.**'}

## Results

{table_md}

FAIL = the process exited non-zero (see below); timeout = no result within
{env('BENCH_TIMEOUT', '300')} s (wall clock); — = not measured.

Wall-clock time (median):

{wall_md}

## Where archflow loses

{chr(10).join(losses) if losses else '- nowhere in this run'}

## Drawing size of the synthetic flows

Width × height (aspect ratio); archflow in its own units (nodes carry 48-unit icons and
labels), dot in points, so compare the ratios, not the areas. Every flow runs left to right.

| input | archflow | dot | dot-nr |
|---|---|---|---|
{chr(10).join(shapes) if shapes else '| — | | | |'}

## Failures and timeouts

{chr(10).join(failures) if failures else '- none'}

## Peak memory on the largest synthetic flow

{chr(10).join(mem) if mem else '- not measured'}

## In-process benchmarks

`cargo bench --bench pipeline` runs the criterion benchmarks of `benches/pipeline.rs`:
parse+validate, layout, SVG and PNG at 30/100/1000/5000 generated nodes, and laying out the
whole `scenarios/` corpus (a few minutes on this machine).
"""
    with open(out_path, "w", encoding="utf-8") as f:
        f.write(doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
