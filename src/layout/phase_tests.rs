//! Fixture tests of each phase on its own: the engine runs up to one step
//! ([`run_until`]) on every flow under `tests/fixtures/layout`,
//! `tests/fixtures/clearance` and `scenarios/`, and the test checks what
//! that step guarantees (its file's "Out:").

use super::layered::{End, Graph, VKind};
use super::{run_until, Step};
use crate::model::{Diagram, Endpoint};
use std::path::{Path, PathBuf};

/// Every fixture flow, sorted, with its diagram.
fn fixtures() -> Vec<(PathBuf, Diagram)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in [
        "tests/fixtures/layout",
        "tests/fixtures/clearance",
        "tests/fixtures/flows/units",
        "scenarios",
    ] {
        walk(&root.join(dir), &mut paths);
    }
    paths.sort();
    assert!(paths.len() >= 40, "too few fixtures: {}", paths.len());
    paths
        .into_iter()
        .map(|p| {
            let diagram =
                crate::load_file(&p).unwrap_or_else(|report| panic!("{}", report.render(false)));
            (p, diagram)
        })
        .collect()
}

/// Whether the directed graph `next` has no cycle (a topological order
/// takes every vertex).
fn acyclic(next: &[Vec<usize>]) -> bool {
    super::layers::topological_order(next).len() == next.len()
}

/// p1: with the reversed edges turned round, the graph of nodes and
/// groups has no cycle; only edges on a cycle are reversed; self-loops
/// never are.
#[test]
fn p1_reversed_edges_break_every_cycle_and_only_cycles() {
    let mut reversed_somewhere = 0;
    for (path, diagram) in fixtures() {
        let cycles = run_until(&diagram, Step::Cycles).cycles;
        assert_eq!(cycles.reversed.len(), diagram.edges.len());
        let total = diagram.nodes.len() + diagram.groups.len();
        let mut next = vec![Vec::new(); total];
        for (e, edge) in diagram.edges.iter().enumerate() {
            if edge.from == edge.to {
                assert!(
                    !cycles.reversed[e],
                    "{}: self-loop reversed",
                    path.display()
                );
                continue;
            }
            if !edge.constraint {
                continue; // a free edge takes no part in p1
            }
            let (from, to) = edge.rank_ends();
            let (a, b) = (diagram.vertex(from), diagram.vertex(to));
            if cycles.reversed[e] {
                reversed_somewhere += 1;
                assert!(
                    cycles.in_cycle[e],
                    "{}: edge {e} reversed off every cycle",
                    path.display()
                );
                next[b].push(a);
            } else {
                next[a].push(b);
            }
        }
        assert!(acyclic(&next), "{}: a cycle survives p1", path.display());
    }
    assert!(reversed_somewhere > 0, "no fixture has a cycle to break");
}

/// p2: ranks start at 0; every edge between two nodes that ranking
/// kept ranks forwards after p1 by at least one rank (two when labelled);
/// each group's span is exactly what its members cover.
#[test]
fn p2_edges_between_nodes_rank_forwards() {
    for (path, diagram) in fixtures() {
        let state = run_until(&diagram, Step::Layers);
        let graph = &state.layering.graph;
        let rank = |i: usize| graph.vertices[i].rank;
        let lowest = graph.vertices.iter().map(|v| v.rank).min();
        assert_eq!(lowest.unwrap_or(0), 0, "{}", path.display());
        for (e, edge) in diagram.edges.iter().enumerate() {
            let (Endpoint::Node(a), Endpoint::Node(b)) = (edge.from, edge.to) else {
                continue;
            };
            // A free edge (`constraint = false`) takes no part in ranking.
            if a == b || state.layering.dropped[e] || !edge.constraint {
                continue;
            }
            let (low, high) = if state.cycles.reversed[e] {
                (b, a)
            } else {
                (a, b)
            };
            let min = if edge.label.is_some() { 2 } else { 1 };
            assert!(
                rank(high) >= rank(low) + min,
                "{}: edge {e} spans ranks {} -> {}",
                path.display(),
                rank(low),
                rank(high)
            );
        }
        assert_spans_cover_members(graph, &path);
    }
}

/// p2: of two sibling units joined both ways, the later ranks wholly after
/// the earlier (a group as a block: all its members after the other's
/// last), and the units fixtures have such units.
#[test]
fn p2_sibling_units_rank_one_wholly_after_the_other() {
    let mut units = 0;
    for (path, diagram) in fixtures() {
        let state = run_until(&diagram, Step::Layers);
        let graph = &state.layering.graph;
        let ranks_of = |end: Endpoint| -> (usize, usize) {
            match end {
                Endpoint::Node(i) => (graph.vertices[i].rank, graph.vertices[i].rank),
                Endpoint::Group(g) => graph.span[g],
            }
        };
        for &(a, b) in &state.cycles.units.before {
            units += 1;
            let ((_, a_last), (b_first, _)) = (ranks_of(a), ranks_of(b));
            assert!(
                a_last < b_first,
                "{}: units {a:?} (to rank {a_last}) and {b:?} (from rank {b_first}) overlap",
                path.display()
            );
        }
    }
    assert!(units >= 4, "too few sibling units in the fixtures: {units}");
}

/// Every group's span runs from its first member's rank to its last's.
fn assert_spans_cover_members(graph: &Graph, path: &Path) {
    for (g, &(s, e)) in graph.span.iter().enumerate() {
        let ranks: Vec<usize> = graph
            .vertices
            .iter()
            .enumerate()
            .filter(|(v, _)| graph.path_of(*v).contains(&g))
            .map(|(_, vx)| vx.rank)
            .collect();
        let lo = ranks.iter().copied().min().unwrap_or(0);
        let hi = ranks.iter().copied().max().unwrap_or(0);
        assert_eq!((s, e), (lo, hi), "{}: group {g}", path.display());
    }
}

/// The processors: every chain has one vertex in each rank strictly
/// between its ends, the middle one its label's slot when the edge is
/// labelled; every group is present in every rank of its span; every hop
/// joins consecutive ranks.
#[test]
fn processors_chains_labels_fillers_hops() {
    for (path, diagram) in fixtures() {
        let state = run_until(&diagram, Step::Hops);
        let graph = &state.layering.graph;
        let end_rank = |end: End, low: bool| match end {
            End::Vertex(v) => graph.vertices[v].rank,
            End::Group(g) if low => graph.span[g].1,
            End::Group(g) => graph.span[g].0,
        };
        for chain in &graph.chains {
            let (lo, hi) = (end_rank(chain.low, true), end_rank(chain.high, false));
            let ranks: Vec<usize> = chain
                .verts
                .iter()
                .map(|&v| graph.vertices[v].rank)
                .collect();
            assert_eq!(
                ranks,
                (lo + 1..hi).collect::<Vec<_>>(),
                "{}",
                path.display()
            );
            let labelled = diagram.edges[chain.edge].label.is_some() && hi - lo >= 2;
            assert_eq!(chain.label.is_some(), labelled, "{}", path.display());
            if let Some(l) = chain.label {
                assert_eq!(graph.vertices[l].kind, VKind::Label(chain.edge));
                assert_eq!(graph.vertices[l].rank, lo + (hi - lo) / 2);
            }
        }
        for (g, &(s, e)) in graph.span.iter().enumerate() {
            for r in s..=e {
                assert!(
                    graph.ranks[r]
                        .iter()
                        .any(|&v| graph.path_of(v).contains(&g)),
                    "{}: group {g} missing in rank {r}",
                    path.display()
                );
            }
        }
        for h in &graph.hops {
            assert_eq!(
                graph.vertices[h.lower].rank,
                graph.vertices[h.upper].rank + 1
            );
        }
    }
}

/// p3: every vertex sits once in its own rank, and the members of every
/// group are contiguous in every rank.
#[test]
fn p3_group_members_contiguous_in_every_rank() {
    for (path, diagram) in fixtures() {
        let state = run_until(&diagram, Step::Order);
        let graph = &state.layering.graph;
        let mut seen = vec![0usize; graph.vertices.len()];
        for (r, rank) in graph.ranks.iter().enumerate() {
            for &v in rank {
                seen[v] += 1;
                assert_eq!(graph.vertices[v].rank, r, "{}", path.display());
            }
            for g in 0..graph.span.len() {
                let at: Vec<usize> = (0..rank.len())
                    .filter(|&i| graph.path_of(rank[i]).contains(&g))
                    .collect();
                if let (Some(first), Some(last)) = (at.first(), at.last()) {
                    assert_eq!(
                        last - first + 1,
                        at.len(),
                        "{}: group {g} split in rank {r}",
                        path.display()
                    );
                }
            }
        }
        assert!(seen.iter().all(|&k| k == 1), "{}", path.display());
    }
}

/// p4: every vertex but a filler lies inside each of its groups with the
/// padding (and, in left-right flows, the title band) around it; each
/// group lies inside its parent; consecutive items of a rank (a vertex,
/// or a whole group block) keep at least the narrowest spacing apart.
#[test]
fn p4_separation_constraints_hold() {
    use super::measure::{GROUP_PAD, GROUP_TITLE_BAND};
    const EPS: f64 = 1e-6;
    for (path, diagram) in fixtures() {
        let state = run_until(&diagram, Step::Place);
        let graph = &state.layering.graph;
        let Some(cross) = state.cross.as_ref() else {
            panic!("{}: no placement", path.display());
        };
        let inset = if graph.horizontal {
            GROUP_TITLE_BAND
        } else {
            GROUP_PAD
        };
        let name = path.display();
        for (v, vx) in graph.vertices.iter().enumerate() {
            if vx.kind == VKind::Filler {
                continue;
            }
            let (lo, hi) = (
                cross.port[v] - vx.reach_before(),
                cross.port[v] + vx.reach_after(),
            );
            for &g in graph.path_of(v) {
                assert!(cross.group_low[g] + inset <= lo + EPS, "{name}: {v} in {g}");
                assert!(
                    hi + GROUP_PAD <= cross.group_high[g] + EPS,
                    "{name}: {v} in {g}"
                );
            }
        }
        for (g, parent) in graph.group_parent.iter().enumerate() {
            if let Some(p) = *parent {
                assert!(
                    cross.group_low[p] + inset <= cross.group_low[g] + EPS,
                    "{name}"
                );
                assert!(
                    cross.group_high[g] + GROUP_PAD <= cross.group_high[p] + EPS,
                    "{name}"
                );
            }
        }
        for rank in &graph.ranks {
            for pair in rank.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let (pa, pb) = (graph.path_of(a), graph.path_of(b));
                let common = pa.iter().zip(pb).take_while(|(x, y)| x == y).count();
                let left = pa.get(common).map_or_else(
                    || cross.port[a] + graph.vertices[a].reach_after(),
                    |&g| cross.group_high[g],
                );
                let right = pb.get(common).map_or_else(
                    || cross.port[b] - graph.vertices[b].reach_before(),
                    |&g| cross.group_low[g],
                );
                assert!(
                    right - left >= 10.0 - EPS,
                    "{name}: {a} and {b} {left} {right}"
                );
            }
        }
    }
}

/// p5: every edge is drawn as an orthogonal polyline of at least two
/// points that starts on the border of its source's icon or label (a
/// group's box) and ends on the border of its target's.
#[test]
fn p5_polylines_orthogonal_and_end_on_boxes() {
    const NEAR: f64 = 0.02;
    for (path, diagram) in fixtures() {
        let Some(layout) = run_until(&diagram, Step::Route).layout else {
            panic!("{}: no layout", path.display());
        };
        let name = path.display();
        // Read as users' scripts read it (the JSON of layout-json.md).
        let json: serde_json::Value = serde_json::from_str(&layout.to_json()).unwrap_or_default();
        let boxed = |b: &serde_json::Value| {
            let at = |k: &str| b[k].as_f64().unwrap_or(f64::NAN);
            (at("x"), at("y"), at("x") + at("w"), at("y") + at("h"))
        };
        // A node's end meets its icon or its label text (G6).
        let rects = |end: Endpoint| match end {
            Endpoint::Node(i) => {
                let n = &json["nodes"][i];
                let mut out = vec![boxed(&n["icon_box"])];
                if n["label_box"].is_object() {
                    out.push(boxed(&n["label_box"]));
                }
                out
            }
            Endpoint::Group(g) => vec![boxed(&json["groups"][g])],
        };
        let on_border = |p: [f64; 2], (x0, y0, x1, y1): (f64, f64, f64, f64)| {
            let inside =
                p[0] >= x0 - NEAR && p[0] <= x1 + NEAR && p[1] >= y0 - NEAR && p[1] <= y1 + NEAR;
            let edge = [p[0] - x0, x1 - p[0], p[1] - y0, y1 - p[1]]
                .iter()
                .any(|d| d.abs() <= NEAR);
            inside && edge
        };
        for (e, edge) in diagram.edges.iter().enumerate() {
            let pts: Vec<[f64; 2]> = json["edges"][e]["points"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|p| {
                            [
                                p[0].as_f64().unwrap_or(f64::NAN),
                                p[1].as_f64().unwrap_or(f64::NAN),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default();
            assert!(pts.len() >= 2, "{name}: edge {e} has {} points", pts.len());
            for w in pts.windows(2) {
                let (dx, dy) = ((w[1][0] - w[0][0]).abs(), (w[1][1] - w[0][1]).abs());
                assert!(
                    dx < NEAR || dy < NEAR,
                    "{name}: edge {e} runs diagonally {w:?}"
                );
            }
            assert!(
                rects(edge.from).into_iter().any(|b| on_border(pts[0], b)),
                "{name}: edge {e} starts off its source"
            );
            let last = pts[pts.len() - 1];
            assert!(
                rects(edge.to).into_iter().any(|b| on_border(last, b)),
                "{name}: edge {e} ends off its target"
            );
        }
    }
}
