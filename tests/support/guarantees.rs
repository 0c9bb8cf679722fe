//! The ten layout guarantees of `layout-json.md`, checked the way
//! `shared/tools/check_layout.py` checks them: same tolerances (0.5 for
//! overlaps and containment, 8 units of group padding, Liang–Barsky clipping
//! against a box shrunk by 1, 2 units of border distance), same SCC-based
//! reading of "part of a cycle" over node and group ids, same canvas test,
//! same messages and the same edge-crossing count.
//!
//! It reads the layout JSON (`Layout::to_json`), not the Rust structs, so it
//! sees exactly the numbers that users' scripts see.
//!
//! Include it from a test file with
//! `#[path = "support/guarantees.rs"] mod guarantees;`.

#![allow(dead_code)]

use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Tolerance of overlap and containment tests (`TOL` in check_layout.py).
pub const TOL: f64 = 0.5;
/// Padding between a group's border and what it holds (G2).
pub const PAD: f64 = 8.0;
/// How far an edge end may be from its box's border (G6).
pub const BORDER_DIST: f64 = 2.0;

/// `(x0, y0, x1, y1)`.
pub type Bx = (f64, f64, f64, f64);
type Pt = (f64, f64);

/// The result of checking one layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Every broken guarantee, one line each, in check_layout.py's order and
    /// words.
    pub violations: Vec<String>,
    /// Pairs of segments of edges that share no end and properly intersect.
    pub crossings: usize,
}

/// Checks a [`archflow::layout::Layout`] through its JSON.
pub fn check(layout: &archflow::layout::Layout) -> Report {
    check_json_str(&layout.to_json())
}

/// Checks a layout given as JSON text.
pub fn check_json_str(json: &str) -> Report {
    match serde_json::from_str::<Value>(json) {
        Ok(v) => check_json(&v),
        Err(e) => Report {
            violations: vec![format!("layout JSON does not parse: {e}")],
            crossings: 0,
        },
    }
}

/// Just the violations of `layout`.
pub fn violations(layout: &archflow::layout::Layout) -> Vec<String> {
    check(layout).violations
}

/// Just the crossing count of `layout`.
pub fn crossings(layout: &archflow::layout::Layout) -> usize {
    check(layout).crossings
}

/// Checks a parsed layout JSON. A JSON that lacks a key the guarantees need
/// is reported as one violation (check_layout.py's `KeyError`).
pub fn check_json(lay: &Value) -> Report {
    let mut problems = Vec::new();
    match check_inner(lay, &mut problems) {
        Ok(crossings) => Report {
            violations: problems,
            crossings,
        },
        Err(e) => {
            problems.push(format!("layout JSON does not follow layout-json.md: {e}"));
            Report {
                violations: problems,
                crossings: 0,
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Beyond the eight guarantees.

/// The array under `key` of a layout (empty when missing).
fn items<'a>(lay: &'a Value, key: &str) -> &'a [Value] {
    lay.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// An edge's polyline.
/// The boxes of the `key` list ("nodes" or "groups") by id, skipping any
/// without an id or a readable box.
fn boxes_by_id<'a>(lay: &'a Value, key: &str) -> HashMap<&'a str, Bx> {
    items(lay, key)
        .iter()
        .filter_map(|d| Some((d["id"].as_str()?, bx(d).ok()?)))
        .collect()
}

fn edge_points(e: &Value) -> Vec<Pt> {
    items(e, "points")
        .iter()
        .filter_map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
        .collect()
}

/// `"a->b"` for an edge.
fn edge_tag(e: &Value) -> String {
    format!(
        "{}->{}",
        e["from"].as_str().unwrap_or("?"),
        e["to"].as_str().unwrap_or("?")
    )
}

/// Edges that pass through the box of a group holding neither of their ends
/// (a line through a box it has nothing to do with), as
/// `"edge a->b passes through group g"`. No guarantee forbids it, but it
/// reads as if the edge belonged to the group.
pub fn foreign_group_passes(lay: &Value) -> Vec<String> {
    let list = |k: &str| items(lay, k);
    let parent: HashMap<&str, Option<&str>> = list("groups")
        .iter()
        .filter_map(|g| Some((g["id"].as_str()?, g["parent"].as_str())))
        .collect();
    let node_group: HashMap<&str, Option<&str>> = list("nodes")
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n["group"].as_str())))
        .collect();
    // The groups an end sits in (a group end counts as inside itself).
    fn holders<'a>(
        id: &'a str,
        parent: &HashMap<&'a str, Option<&'a str>>,
        node_group: &HashMap<&'a str, Option<&'a str>>,
    ) -> HashSet<&'a str> {
        let mut out = HashSet::new();
        let mut at = match node_group.get(id) {
            Some(g) => *g,
            None => parent.get(id).map(|_| id),
        };
        while let Some(g) = at {
            if !out.insert(g) {
                break;
            }
            at = parent.get(g).copied().flatten();
        }
        out
    }
    // Overlay groups and the nodes they span.
    let spans: HashMap<&str, Vec<&str>> = list("groups")
        .iter()
        .filter_map(|g| {
            let ids: Vec<&str> = items(g, "spans")
                .iter()
                .filter_map(|n| n.as_str())
                .collect();
            Some((g["id"].as_str()?, ids)).filter(|(_, ids)| !ids.is_empty())
        })
        .collect();
    let mut out = Vec::new();
    for e in list("edges") {
        let (Some(from), Some(to)) = (e["from"].as_str(), e["to"].as_str()) else {
            continue;
        };
        let mut own = HashSet::new();
        for end in [from, to] {
            own.extend(holders(end, &parent, &node_group));
            // An edge at an overlay group is at home where its nodes are.
            for spanned in spans.get(end).into_iter().flatten() {
                own.extend(holders(spanned, &parent, &node_group));
            }
        }
        let pts = edge_points(e);
        for g in list("groups") {
            let Some(id) = g["id"].as_str() else { continue };
            let Ok(b) = bx(g) else { continue };
            // Overlay groups (v1.1 `spans`) cut across the others by
            // design: an edge may cross them as it may cross a border.
            if spans.contains_key(id) {
                continue;
            }
            if !own.contains(id) && pts.windows(2).any(|w| seg_hits_box(w[0], w[1], b)) {
                out.push(format!("edge {from}->{to} passes through group {id}"));
            }
        }
    }
    out
}

/// Self-loops whose line or label leaves the box of the innermost group
/// holding their node, as `"self-loop on a leaves group g"`.
pub fn loops_leaving_their_group(lay: &Value) -> Vec<String> {
    let list = |k: &str| items(lay, k);
    let boxes = boxes_by_id(lay, "groups");
    let node_group: HashMap<&str, &str> = list("nodes")
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n["group"].as_str()?)))
        .collect();
    let mut out = Vec::new();
    for e in list("edges") {
        let (Some(a), Some(b)) = (e["from"].as_str(), e["to"].as_str()) else {
            continue;
        };
        let Some(&g) = node_group.get(a).filter(|_| a == b) else {
            continue;
        };
        let Some(&(x0, y0, x1, y1)) = boxes.get(g) else {
            continue;
        };
        let within = |x: f64, y: f64| x0 < x && x < x1 && y0 < y && y < y1;
        let points_in = edge_points(e).iter().all(|p| within(p.0, p.1));
        let label_in = bx(&e["label"]).map_or(true, |l| within(l.0, l.1) && within(l.2, l.3));
        if !(points_in && label_in) {
            out.push(format!("self-loop on {a} leaves group {g}"));
        }
    }
    out
}

/// Self-loops that cross another edge (their node's own edges included,
/// which the crossing count leaves out), as `"self-loop on a crosses a->b"`.
pub fn loops_crossing_edges(lay: &Value) -> Vec<String> {
    let edges = items(lay, "edges");
    let mut out = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        let (Some(a), Some(b)) = (e["from"].as_str(), e["to"].as_str()) else {
            continue;
        };
        if a != b {
            continue;
        }
        let lp = edge_points(e);
        for (j, f) in edges.iter().enumerate() {
            let fp = edge_points(f);
            let hit = i != j
                && lp
                    .windows(2)
                    .any(|s| fp.windows(2).any(|t| segs_cross(s[0], s[1], t[0], t[1])));
            if hit {
                out.push(format!("self-loop on {a} crosses {}", edge_tag(f)));
            }
        }
    }
    out
}

/// Segments of edges that are neither horizontal nor vertical (archflow
/// draws every edge orthogonally), as `"edge a->b has a slanted segment"`.
pub fn slanted_segments(lay: &Value) -> Vec<String> {
    items(lay, "edges")
        .iter()
        .filter(|e| {
            edge_points(e)
                .windows(2)
                .any(|w| w[0].0 != w[1].0 && w[0].1 != w[1].1)
        })
        .map(|e| format!("edge {} has a slanted segment", edge_tag(e)))
        .collect()
}

/// Arrowheads that land on the very point where another edge leaves a node
/// (or a group): drawn there, the two read as one line passing through; as
/// `"edge a->b ends where edge b->c starts"`.
#[allow(dead_code)]
pub fn heads_on_tails(lay: &Value) -> Vec<String> {
    let key = |p: Pt| ((p.0 * 2.0).round() as i64, (p.1 * 2.0).round() as i64);
    let mut starts: HashMap<(&str, (i64, i64)), Vec<String>> = HashMap::new();
    let edges = items(lay, "edges");
    let arrowed = |e: &Value| e["arrow"].as_str() != Some("none");
    for e in edges.iter().filter(|e| arrowed(e) && e["from"] != e["to"]) {
        if let (Some(id), Some(&p)) = (e["from"].as_str(), edge_points(e).first()) {
            starts.entry((id, key(p))).or_default().push(edge_tag(e));
        }
    }
    let mut out = Vec::new();
    for e in edges.iter().filter(|e| arrowed(e) && e["from"] != e["to"]) {
        if let (Some(id), Some(&p)) = (e["to"].as_str(), edge_points(e).last()) {
            for other in starts.get(&(id, key(p))).into_iter().flatten() {
                out.push(format!(
                    "edge {} ends where edge {other} starts",
                    edge_tag(e)
                ));
            }
        }
    }
    out.sort();
    out
}

/// readability.py's `heads`: arrowheads whose tip lies within 3 units of
/// another edge (a shared arrowhead, a head on another edge's shaft or
/// start), one per head, as `"a->b head on c->d"` in its words and order.
pub fn shared_heads(lay: &Value) -> Vec<String> {
    let edges = drawn_edges(lay);
    let mut tips = Vec::new();
    for (i, e) in edges.iter().enumerate() {
        let pts = edge_points(e);
        let arrow = e["arrow"].as_str().unwrap_or("forward");
        if matches!(arrow, "forward" | "both") {
            tips.push((pts[pts.len() - 1], i));
        }
        if matches!(arrow, "back" | "both") {
            tips.push((pts[0], i));
        }
    }
    let mut out = Vec::new();
    for (tip, i) in tips {
        let on = edges.iter().enumerate().find(|&(j, f)| {
            j != i
                && edge_points(f)
                    .windows(2)
                    .any(|w| dist_point_seg(tip, w[0], w[1]) <= 3.0)
        });
        if let Some((_, f)) = on {
            out.push(format!("{} head on {}", edge_tag(edges[i]), edge_tag(f)));
        }
    }
    out
}

/// readability.py's `mixed`: pairs of edges running along each other
/// (collinear for more than 4 units) that share no end or differ in style,
/// as `"a->b along c->d (N)"`.
pub fn hidden_runs(lay: &Value) -> Vec<String> {
    let edges = drawn_edges(lay);
    fn ends(e: &Value) -> [Option<&str>; 2] {
        [e["from"].as_str(), e["to"].as_str()]
    }
    let mut out = Vec::new();
    for i in 0..edges.len() {
        for j in i + 1..edges.len() {
            let (e, f) = (edges[i], edges[j]);
            let share = ends(e).iter().any(|a| ends(f).contains(a));
            if share && e["style"] == f["style"] {
                continue;
            }
            let (p, q) = (edge_points(e), edge_points(f));
            let run: f64 = p
                .windows(2)
                .flat_map(|s| q.windows(2).map(move |t| collinear_overlap(s, t)))
                .sum();
            if run > 4.0 {
                out.push(format!("{} along {} ({run:.0})", edge_tag(e), edge_tag(f)));
            }
        }
    }
    out
}

/// The edges with a line (two points or more), as readability.py reads them.
fn drawn_edges(lay: &Value) -> Vec<&Value> {
    items(lay, "edges")
        .iter()
        .filter(|e| edge_points(e).len() >= 2)
        .collect()
}

/// `dist_point_seg` of readability.py.
fn dist_point_seg(p: Pt, a: Pt, b: Pt) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let l = dx * dx + dy * dy;
    let t = if l == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / l).clamp(0.0, 1.0)
    };
    ((p.0 - a.0 - t * dx).powi(2) + (p.1 - a.1 - t * dy).powi(2)).sqrt()
}

/// `collinear_overlap` of readability.py.
fn collinear_overlap(s: &[Pt], t: &[Pt]) -> f64 {
    let (a, b, c, d) = (s[0], s[1], t[0], t[1]);
    let span = |lo: f64, hi: f64| (hi - lo).max(0.0);
    if (a.1 - b.1).abs() < 0.5 && (c.1 - d.1).abs() < 0.5 && (a.1 - c.1).abs() < 0.5 {
        return span(
            a.0.min(b.0).max(c.0.min(d.0)),
            a.0.max(b.0).min(c.0.max(d.0)),
        );
    }
    if (a.0 - b.0).abs() < 0.5 && (c.0 - d.0).abs() < 0.5 && (a.0 - c.0).abs() < 0.5 {
        return span(
            a.1.min(b.1).max(c.1.min(d.1)),
            a.1.max(b.1).min(c.1.max(d.1)),
        );
    }
    0.0
}

/// Pairs of edge ends on one side of a node that lie a visible fraction of
/// a unit to a few units apart (0.3 to 3): two lines that read as one
/// smudged line, or a step, rather than one shared port or two clear
/// ones; as `"node a: ends at 187 and 188.5 on its left side"`.
pub fn near_miss_ports(lay: &Value) -> Vec<String> {
    let list = |k: &str| items(lay, k);
    let boxes = boxes_by_id(lay, "nodes");
    let mut sides: HashMap<(&str, &str), Vec<f64>> = HashMap::new();
    for e in list("edges") {
        let pts = edge_points(e);
        let ends = [
            (e["from"].as_str(), pts.first()),
            (e["to"].as_str(), pts.last()),
        ];
        for (id, p) in ends {
            let (Some(id), Some(&(x, y))) = (id, p) else {
                continue;
            };
            let Some(b) = boxes.get(id) else { continue };
            let side = [
                ((x - b.0).abs(), "left", y),
                ((x - b.2).abs(), "right", y),
                ((y - b.1).abs(), "top", x),
                ((y - b.3).abs(), "bottom", x),
            ]
            .into_iter()
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|s| (s.1, s.2));
            if let Some((name, c)) = side {
                sides.entry((id, name)).or_default().push(c);
            }
        }
    }
    let mut out = Vec::new();
    let mut keys: Vec<_> = sides.keys().copied().collect();
    keys.sort();
    for key in keys {
        let mut cs = sides[&key].clone();
        cs.sort_by(f64::total_cmp);
        for w in cs.windows(2) {
            if (0.3..3.0).contains(&(w[1] - w[0])) {
                out.push(format!(
                    "node {}: ends at {} and {} on its {} side",
                    key.0, w[0], w[1], key.1
                ));
            }
        }
    }
    out
}

/// Edges that run through a group's title box, as
/// `"edge a->b runs through the title of group g"`.
pub fn title_passes(lay: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for e in items(lay, "edges") {
        let pts = edge_points(e);
        for g in items(lay, "groups") {
            let Ok(b) = bx(&g["title"]) else { continue };
            if pts.windows(2).any(|w| seg_hits_box(w[0], w[1], b)) {
                out.push(format!(
                    "edge {} runs through the title of group {}",
                    edge_tag(e),
                    g["id"].as_str().unwrap_or("?")
                ));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Geometry, one function per helper of check_layout.py.

/// `box(d)`.
pub fn bx(d: &Value) -> Result<Bx, String> {
    let x = num(d, "x")?;
    let y = num(d, "y")?;
    Ok((x, y, x + num(d, "w")?, y + num(d, "h")?))
}

/// `overlap(a, b)`: the open boxes overlap by more than [`TOL`].
pub fn overlap(a: Bx, b: Bx) -> bool {
    a.0 < b.2 - TOL && b.0 < a.2 - TOL && a.1 < b.3 - TOL && b.1 < a.3 - TOL
}

/// `inside(inner, outer, pad)`.
pub fn inside(inner: Bx, outer: Bx, pad: f64) -> bool {
    inner.0 >= outer.0 + pad - TOL
        && inner.1 >= outer.1 + pad - TOL
        && inner.2 <= outer.2 - pad + TOL
        && inner.3 <= outer.3 - pad + TOL
}

/// `seg_hits_box(p, q, b)`: does segment p–q pass through the open interior
/// of `b` shrunk by 1? (Liang–Barsky clipping.)
pub fn seg_hits_box(p: Pt, q: Pt, b: Bx) -> bool {
    let (x0, y0, x1, y1) = (b.0 + 1.0, b.1 + 1.0, b.2 - 1.0, b.3 - 1.0);
    if x0 >= x1 || y0 >= y1 {
        return false;
    }
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (pp, qq) in [
        (-dx, p.0 - x0),
        (dx, x1 - p.0),
        (-dy, p.1 - y0),
        (dy, y1 - p.1),
    ] {
        if pp == 0.0 {
            if qq <= 0.0 {
                return false;
            }
        } else {
            let t = qq / pp;
            if pp < 0.0 {
                t0 = py_max(t0, t);
            } else {
                t1 = py_min(t1, t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    t1 - t0 > 1e-6
}

/// `label_box(node)`: the node's `label_box` when the layout gives it, else
/// the band of the node box below its icon.
pub fn label_box(node: &Value) -> Result<Option<Bx>, String> {
    if let Some(lb) = node.get("label_box").filter(|v| v.is_object()) {
        return bx(lb).map(Some);
    }
    let (Some(ib), true) = (node.get("icon_box"), truthy(node.get("label"))) else {
        return Ok(None);
    };
    let (nbx, ibx) = (bx(node)?, bx(ib)?);
    Ok((nbx.3 - ibx.3 > 2.0).then_some((nbx.0, ibx.3, nbx.2, nbx.3)))
}

/// `ink_boxes(node)`: what an edge end may touch at a node, its icon and
/// its label text (G6).
pub fn ink_boxes(node: &Value) -> Result<Vec<Bx>, String> {
    let mut out = vec![match node.get("icon_box") {
        Some(ib) if truthy(Some(ib)) => bx(ib)?,
        _ => bx(node)?,
    }];
    out.extend(label_box(node)?);
    Ok(out)
}

/// `dist_to_border(pt, b)`.
pub fn dist_to_border(pt: Pt, b: Bx) -> f64 {
    let (x, y) = pt;
    if b.0 <= x && x <= b.2 && b.1 <= y && y <= b.3 {
        return py_min(py_min(x - b.0, b.2 - x), py_min(y - b.1, b.3 - y));
    }
    let dx = py_max(py_max(b.0 - x, 0.0), x - b.2);
    let dy = py_max(py_max(b.1 - y, 0.0), y - b.3);
    (dx * dx + dy * dy).sqrt()
}

/// `segs_cross(a, b, c, d)`: proper intersection of segments a–b and c–d.
pub fn segs_cross(a: Pt, b: Pt, c: Pt, d: Pt) -> bool {
    fn orient(p: Pt, q: Pt, r: Pt) -> i32 {
        let v = (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0);
        if v.abs() < 1e-9 {
            0
        } else if v > 0.0 {
            1
        } else {
            -1
        }
    }
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    o1 * o2 < 0 && o3 * o4 < 0
}

/// Python's `max(a, b)`: the first argument unless the second is greater.
fn py_max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// Python's `min(a, b)`: the first argument unless the second is smaller.
fn py_min(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// Tarjan's strongly connected components, as `sccs(nodes, edges)`: every
/// vertex maps to its component's root. Iterative, so deep graphs do not
/// overflow the stack; the partition is the same as the recursive one.
pub fn sccs(nodes: &[String], edges: &[(String, String)]) -> HashMap<String, String> {
    // Vertex order: `nodes` first, then edge ends in order of appearance
    // (`adj.setdefault`).
    let mut order: Vec<String> = Vec::new();
    let mut idx: HashMap<String, usize> = HashMap::new();
    let mut intern = |s: &String, order: &mut Vec<String>| -> usize {
        if let Some(&i) = idx.get(s) {
            return i;
        }
        idx.insert(s.clone(), order.len());
        order.push(s.clone());
        order.len() - 1
    };
    for n in nodes {
        intern(n, &mut order);
    }
    let mut adj: Vec<Vec<usize>> = Vec::new();
    let mut pairs = Vec::new();
    for (f, t) in edges {
        let fi = intern(f, &mut order);
        let ti = intern(t, &mut order);
        pairs.push((fi, ti));
    }
    adj.resize(order.len(), Vec::new());
    for (f, t) in pairs {
        adj[f].push(t);
    }
    let n = order.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on = vec![false; n];
    let mut stack = Vec::new();
    let mut root = vec![usize::MAX; n];
    let mut counter = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        // (vertex, next child position)
        let mut call: Vec<(usize, usize)> = vec![(start, 0)];
        index[start] = counter;
        low[start] = counter;
        counter += 1;
        stack.push(start);
        on[start] = true;
        while let Some(&mut (v, ref mut next)) = call.last_mut() {
            if *next < adj[v].len() {
                let w = adj[v][*next];
                *next += 1;
                if index[w] == usize::MAX {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on[w] = true;
                    call.push((w, 0));
                } else if on[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            call.pop();
            if let Some(&(parent, _)) = call.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on[w] = false;
                    root[w] = v;
                    if w == v {
                        break;
                    }
                }
            }
        }
    }
    (0..n)
        .map(|i| (order[i].clone(), order[root[i]].clone()))
        .collect()
}

/// G7 counts containment: an edge `u -> v` is seen at the level of the
/// lowest group holding both ends, between the two children of that group
/// (a child group, or the node itself) that hold `u` and `v`, and it is
/// excused when those two lie on one cycle at that level.
struct Levels {
    /// Every node and group id, with the groups holding it, innermost first.
    chains: HashMap<String, Vec<String>>,
    groups: HashSet<String>,
    /// Per level (the lowest common group, or "" for the top), SCC roots.
    comps: HashMap<String, HashMap<String, String>>,
}

impl Levels {
    fn new(nodes: &Dict<&Value>, groups: &Dict<&Value>, pairs: &[(String, String)]) -> Levels {
        let ancestors = |gid: Option<String>| -> Vec<String> {
            let mut seen = Vec::new();
            let mut cur = gid;
            while let Some(g) = cur {
                if seen.len() > groups.keys.len() + 1 {
                    break;
                }
                cur = groups.get(&g).and_then(|v| opt_id(v, "parent"));
                seen.push(g);
            }
            seen
        };
        let mut chains = HashMap::new();
        for (nid, n) in nodes.iter() {
            let mut c = vec![nid.clone()];
            c.extend(ancestors(opt_id(n, "group")));
            chains.insert(nid.clone(), c);
        }
        for gid in &groups.keys {
            chains.insert(gid.clone(), ancestors(Some(gid.clone())));
        }
        let mut levels = Levels {
            chains,
            groups: groups.keys.iter().cloned().collect(),
            comps: HashMap::new(),
        };
        let mut by_level: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for (u, v) in pairs {
            if u != v && levels.chains.contains_key(u) && levels.chains.contains_key(v) {
                let (lvl, a, b) = levels.pair(u, v);
                by_level.entry(lvl).or_default().push((a, b));
            }
        }
        for (lvl, es) in by_level {
            let mut vs: Vec<String> = es
                .iter()
                .flat_map(|(a, b)| [a.clone(), b.clone()])
                .collect();
            vs.sort();
            vs.dedup();
            levels.comps.insert(lvl, sccs(&vs, &es));
        }
        levels
    }

    fn pair(&self, u: &str, v: &str) -> (String, String, String) {
        let empty = Vec::new();
        let cu = self.chains.get(u).unwrap_or(&empty);
        let cv = self.chains.get(v).unwrap_or(&empty);
        let common = cu
            .iter()
            .find(|g| cv.contains(g) && self.groups.contains(*g) && *g != u && *g != v);
        let at = |c: &Vec<String>| match common {
            Some(g) => c.iter().position(|x| x == g).unwrap_or(c.len()),
            None => c.len(),
        };
        let child = |c: &Vec<String>| c.get(at(c).wrapping_sub(1)).cloned().unwrap_or_default();
        (common.cloned().unwrap_or_default(), child(cu), child(cv))
    }

    fn on_cycle(&self, u: &str, v: &str) -> bool {
        let (lvl, a, b) = self.pair(u, v);
        let Some(c) = self.comps.get(&lvl) else {
            return a == b;
        };
        a == b || (c.contains_key(&a) && c.get(&a) == c.get(&b))
    }
}

/// G9: a border node's icon centre lies on its `on` group's border.
/// G10: an overlay group holds each node of `spans` with 8 units of padding.
fn check_borders_and_overlays(
    nodes: &Dict<&Value>,
    groups: &Dict<&Value>,
    nb: &Dict<Bx>,
    gb: &Dict<Bx>,
    fail: &mut impl FnMut(String),
) {
    for (nid, n) in nodes.iter() {
        let Some(gid) = opt_id(n, "on") else { continue };
        let Some(&b) = gb.get(&gid) else {
            fail(format!("G9 border node {nid} names unknown group {gid}"));
            continue;
        };
        let ib = n
            .get("icon_box")
            .and_then(|v| bx(v).ok())
            .unwrap_or(nb.map[nid]);
        let c = ((ib.0 + ib.2) / 2.0, (ib.1 + ib.3) / 2.0);
        let on_v = (c.0 - b.0).abs() <= 1.0 || (c.0 - b.2).abs() <= 1.0;
        let on_h = (c.1 - b.1).abs() <= 1.0 || (c.1 - b.3).abs() <= 1.0;
        let within = b.0 - 1.0 <= c.0 && c.0 <= b.2 + 1.0 && b.1 - 1.0 <= c.1 && c.1 <= b.3 + 1.0;
        if !((on_v || on_h) && within) {
            fail(format!(
                "G9 border node {nid}: icon centre {} is not on the border of group {gid}",
                fmt_pt(c)
            ));
        }
    }
    for (gid, g) in groups.iter() {
        for s in g
            .get("spans")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let nid = s.as_str().unwrap_or_default();
            match nb.get(nid) {
                None => fail(format!("G10 overlay group {gid} spans unknown node {nid}")),
                Some(&b) if !inside(b, gb.map[gid], PAD) => fail(format!(
                    "G10 node {nid} not inside overlay group {gid} with 8 padding"
                )),
                Some(_) => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------
// JSON access.

fn num(d: &Value, key: &str) -> Result<f64, String> {
    d.get(key)
        .ok_or_else(|| format!("KeyError('{key}')"))?
        .as_f64()
        .ok_or_else(|| format!("TypeError: `{key}` is not a number"))
}

fn arr<'a>(d: &'a Value, key: &str) -> Result<&'a Vec<Value>, String> {
    d.get(key)
        .ok_or_else(|| format!("KeyError('{key}')"))?
        .as_array()
        .ok_or_else(|| format!("TypeError: `{key}` is not an array"))
}

fn string(d: &Value, key: &str) -> Result<String, String> {
    match d.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("TypeError: `{key}` is not a string")),
        None => Err(format!("KeyError('{key}')")),
    }
}

/// `d.get(key)` as an optional id; null, missing and "" all read as none
/// (Python's falsy test in `ancestors`).
fn opt_id(d: &Value, key: &str) -> Option<String> {
    match d.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// Python's truthiness for the values a layout holds.
fn truthy(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

fn point(v: &Value) -> Result<Pt, String> {
    let a = v.as_array().ok_or("TypeError: a point is not an array")?;
    let c = |i: usize| {
        a.get(i)
            .and_then(Value::as_f64)
            .ok_or_else(|| "TypeError: a point coordinate is not a number".to_string())
    };
    Ok((c(0)?, c(1)?))
}

/// A Python dict: insertion order, a repeated key keeps its first place and
/// takes the last value.
#[derive(Clone)]
struct Dict<V> {
    keys: Vec<String>,
    map: HashMap<String, V>,
}

impl<V: Clone> Dict<V> {
    fn new() -> Self {
        Dict {
            keys: Vec::new(),
            map: HashMap::new(),
        }
    }
    fn insert(&mut self, k: String, v: V) {
        if !self.map.contains_key(&k) {
            self.keys.push(k.clone());
        }
        self.map.insert(k, v);
    }
    fn get(&self, k: &str) -> Option<&V> {
        self.map.get(k)
    }
    fn contains(&self, k: &str) -> bool {
        self.map.contains_key(k)
    }
    fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.keys.iter().map(move |k| (k, &self.map[k]))
    }
}

fn fmt_box(b: Bx) -> String {
    format!("({:?}, {:?}, {:?}, {:?})", b.0, b.1, b.2, b.3)
}

fn fmt_pt(p: Pt) -> String {
    format!("[{:?}, {:?}]", p.0, p.1)
}

// ---------------------------------------------------------------------------
// The check itself, step for step as `check_layout` in check_layout.py.

fn check_inner(lay: &Value, problems: &mut Vec<String>) -> Result<usize, String> {
    let w = num(lay, "width")?;
    let h = num(lay, "height")?;
    let boxes = Boxes::read(lay)?;
    boxes.check_nodes_and_groups(problems);
    let (segs, labels) = boxes.check_edges(lay, problems)?;
    let titles = boxes.check_titles_and_labels(&labels, problems)?;
    check_borders_and_overlays(
        &boxes.nodes,
        &boxes.groups,
        &boxes.nb,
        &boxes.gb,
        &mut |m| problems.push(m),
    );
    // G8: the first box outside the canvas.
    let mut things: Vec<Bx> = boxes.nb.iter().map(|(_, b)| *b).collect();
    things.extend(boxes.gb.iter().map(|(_, b)| *b));
    things.extend(labels.iter().map(|(_, b)| *b));
    things.extend(titles.iter().map(|(_, b)| *b));
    if truthy(lay.get("title")) {
        things.push(bx(&lay["title"])?);
    }
    if let Some(b) = things
        .into_iter()
        .find(|b| b.0 < -TOL || b.1 < -TOL || b.2 > w + TOL || b.3 > h + TOL)
    {
        problems.push(format!("G8 box {} outside canvas {w:?}x{h:?}", fmt_box(b)));
    }
    Ok(count_crossings(&segs))
}

/// One segment of an edge's polyline, with the ids of the edge's ends.
struct Seg {
    edge: usize,
    p: Pt,
    q: Pt,
    ends: [String; 2],
}

/// An edge label's box, tagged `edge from->to`.
type Label = (String, Bx);

/// The nodes and groups of a layout, by id, with their boxes.
struct Boxes<'a> {
    nodes: Dict<&'a Value>,
    groups: Dict<&'a Value>,
    nb: Dict<Bx>,
    gb: Dict<Bx>,
    /// Group id -> the ids of the nodes it holds, at any depth (an
    /// overlay group holds the nodes of its `spans`).
    members: HashMap<String, HashSet<String>>,
    /// Overlay group id -> the groups that may overlap it (G10).
    overlay_ok: HashMap<String, HashSet<String>>,
    /// Border node id -> the group on whose border it sits (G9).
    border_of: HashMap<String, String>,
    /// Node id -> what an edge end may touch there (its icon, its label
    /// text) and its label text's box (G6).
    ink: HashMap<String, (Vec<Bx>, Option<Bx>)>,
}

impl<'a> Boxes<'a> {
    fn read(lay: &'a Value) -> Result<Boxes<'a>, String> {
        let mut nodes: Dict<&Value> = Dict::new();
        for n in arr(lay, "nodes")? {
            nodes.insert(string(n, "id")?, n);
        }
        let mut groups: Dict<&Value> = Dict::new();
        for g in arr(lay, "groups")? {
            groups.insert(string(g, "id")?, g);
        }
        let mut nb: Dict<Bx> = Dict::new();
        for (k, v) in nodes.iter() {
            nb.insert(k.clone(), bx(v)?);
        }
        let mut gb: Dict<Bx> = Dict::new();
        for (k, v) in groups.iter() {
            gb.insert(k.clone(), bx(v)?);
        }
        let mut ink = HashMap::new();
        for (k, v) in nodes.iter() {
            ink.insert(k.clone(), (ink_boxes(v)?, label_box(v)?));
        }
        let mut boxes = Boxes {
            nodes,
            groups,
            nb,
            gb,
            members: HashMap::new(),
            overlay_ok: HashMap::new(),
            border_of: HashMap::new(),
            ink,
        };
        let mut members: HashMap<String, HashSet<String>> = boxes
            .groups
            .keys
            .iter()
            .map(|g| (g.clone(), HashSet::new()))
            .collect();
        for (nid, n) in boxes.nodes.iter() {
            for a in boxes.ancestors(opt_id(n, "group")) {
                members.entry(a).or_default().insert(nid.clone());
            }
        }
        // An overlay group (`spans`) holds the nodes it lists; the groups
        // that hold those nodes, and their ancestors, may overlap it (G10).
        // A border node (`on`) may overlap the group on whose border it
        // sits (G9).
        let mut overlay_ok: HashMap<String, HashSet<String>> = HashMap::new();
        for (gid, g) in boxes.groups.iter() {
            for s in g
                .get("spans")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(nid) = s.as_str() else { continue };
                members
                    .entry(gid.clone())
                    .or_default()
                    .insert(nid.to_string());
                if let Some(n) = boxes.nodes.get(nid) {
                    for a in boxes.ancestors(opt_id(n, "group")) {
                        overlay_ok.entry(gid.clone()).or_default().insert(a);
                    }
                }
            }
        }
        boxes.border_of = boxes
            .nodes
            .iter()
            .filter_map(|(nid, n)| opt_id(n, "on").map(|g| (nid.clone(), g)))
            .collect();
        boxes.members = members;
        boxes.overlay_ok = overlay_ok;
        Ok(boxes)
    }

    /// `gid` itself, then its parents while they are known groups.
    /// Bounded, so a parent cycle in bad JSON cannot hang the test.
    fn ancestors(&self, gid: Option<String>) -> Vec<String> {
        let mut seen = Vec::new();
        let mut cur = gid;
        while let Some(g) = cur {
            if seen.len() > self.groups.keys.len() + 1 {
                break;
            }
            cur = self.groups.get(&g).and_then(|v| opt_id(v, "parent"));
            seen.push(g);
        }
        seen
    }

    /// G1, G2 (boxes inside their groups) and G3.
    fn check_nodes_and_groups(&self, problems: &mut Vec<String>) {
        let (nb, gb) = (&self.nb, &self.gb);
        let ids = &nb.keys;
        for i in 0..ids.len() {
            for j in i + 1..ids.len() {
                if overlap(nb.map[&ids[i]], nb.map[&ids[j]]) {
                    problems.push(format!("G1 nodes {} and {} overlap", ids[i], ids[j]));
                }
            }
        }
        // G2: nodes inside every ancestor group, groups inside their parent.
        for (nid, n) in self.nodes.iter() {
            for a in self.ancestors(opt_id(n, "group")) {
                match gb.get(&a) {
                    None => problems.push(format!("node {nid} names unknown group {a}")),
                    Some(&g) => {
                        if !inside(nb.map[nid], g, PAD) {
                            problems
                                .push(format!("G2 node {nid} not inside group {a} with 8 padding"));
                        }
                    }
                }
            }
        }
        for (gid, g) in self.groups.iter() {
            if let Some(p) = opt_id(g, "parent") {
                if let Some(&pb) = gb.get(&p) {
                    if !inside(gb.map[gid], pb, PAD) {
                        problems.push(format!(
                            "G2 group {gid} not inside parent {p} with 8 padding"
                        ));
                    }
                }
            }
        }
        self.check_group_overlaps(problems);
    }

    /// G3: unrelated groups apart, and no group over a node it does not
    /// hold.
    fn check_group_overlaps(&self, problems: &mut Vec<String>) {
        let (nb, gb) = (&self.nb, &self.gb);
        let gids = &gb.keys;
        for i in 0..gids.len() {
            for j in i + 1..gids.len() {
                let (a, b) = (&gids[i], &gids[j]);
                if self.ancestors(Some(b.clone())).contains(a)
                    || self.ancestors(Some(a.clone())).contains(b)
                {
                    continue;
                }
                let excused =
                    |x: &String, y: &String| self.overlay_ok.get(x).is_some_and(|s| s.contains(y));
                if excused(a, b) || excused(b, a) {
                    continue;
                }
                if overlap(gb.map[a], gb.map[b]) {
                    problems.push(format!("G3 groups {a} and {b} overlap"));
                }
            }
        }
        for gid in gids {
            for nid in &nb.keys {
                let held = self.members.get(gid).is_some_and(|m| m.contains(nid));
                let border = self.border_of.get(nid) == Some(gid);
                if !held && !border && overlap(gb.map[gid], nb.map[nid]) {
                    problems.push(format!(
                        "G3 group {gid} overlaps node {nid} that it does not hold"
                    ));
                }
            }
        }
    }

    /// Edges: G4, G6, G7; returns the segments and labels for G5 and
    /// crossings.
    fn check_edges(
        &self,
        lay: &Value,
        problems: &mut Vec<String>,
    ) -> Result<(Vec<Seg>, Vec<Label>), String> {
        let mut allb = self.gb.clone();
        for (k, v) in self.nb.iter() {
            allb.insert(k.clone(), *v);
        }
        let edges = arr(lay, "edges")?;
        let mut pairs = Vec::new();
        for e in edges {
            pairs.push((string(e, "from")?, string(e, "to")?));
        }
        let levels = Levels::new(&self.nodes, &self.groups, &pairs);
        let direction = match lay.get("direction") {
            None => "right".to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err("TypeError: `direction` is not a string".into()),
        };
        let mut segs: Vec<Seg> = Vec::new();
        let mut labels: Vec<Label> = Vec::new();
        let mut shared: HashSet<(String, [i64; 4])> = HashSet::new();
        for (k, e) in edges.iter().enumerate() {
            let (from, to) = (&pairs[k].0, &pairs[k].1);
            let pts = arr(e, "points")?
                .iter()
                .map(point)
                .collect::<Result<Vec<Pt>, String>>()?;
            let tag = format!("edge {from}->{to}");
            if pts.len() < 2 {
                problems.push(format!("{tag} has fewer than 2 points"));
                continue;
            }
            self.check_edge_path(&tag, from, to, &pts, &allb, problems);
            if from != to && !levels.on_cycle(from, to) && allb.contains(from) && allb.contains(to)
            {
                let (sb, tb) = (allb.map[from], allb.map[to]);
                // A free edge may point either way; one written
                // target-first never forwards; any other never backwards.
                if e.get("constraint") == Some(&Value::Bool(false)) {
                } else if truthy(e.get("reversed")) {
                    if points_back(tb, sb, &direction)? {
                        problems.push(format!(
                            "G7 {tag} is written target-first but points forwards along {direction}"
                        ));
                    }
                } else if points_back(sb, tb, &direction)? {
                    problems.push(format!(
                        "G7 {tag} points backwards against direction {direction}"
                    ));
                }
            }
            for s in pts.windows(2) {
                segs.push(Seg {
                    edge: k,
                    p: s[0],
                    q: s[1],
                    ends: [from.clone(), to.clone()],
                });
            }
            if truthy(e.get("label")) {
                // Branches of a fan that share one label carry the same
                // box: one label (check_layout.py keys them by text and box).
                let lb = bx(&e["label"])?;
                let text = e["label"].get("text").and_then(Value::as_str);
                let r = |v: f64| (v * 10.0).round() as i64;
                let key = (
                    text.unwrap_or("").to_string(),
                    [r(lb.0), r(lb.1), r(lb.2), r(lb.3)],
                );
                if shared.insert(key) {
                    labels.push((tag, lb));
                }
            }
        }
        Ok((segs, labels))
    }

    /// G4 (no edge through a node) and G6 (edges start and end at their
    /// ends' borders) for one edge's polyline `pts`.
    fn check_edge_path(
        &self,
        tag: &str,
        from: &str,
        to: &str,
        pts: &[Pt],
        allb: &Dict<Bx>,
        problems: &mut Vec<String>,
    ) {
        let is_end = |id: &str| id == from || id == to;
        for nid in &self.nb.keys {
            if is_end(nid) {
                continue;
            }
            if pts
                .windows(2)
                .any(|s| seg_hits_box(s[0], s[1], self.nb.map[nid]))
            {
                problems.push(format!("G4 {tag} crosses node {nid}"));
            }
        }
        for (end, who, what) in [(pts[0], from, "start"), (pts[pts.len() - 1], to, "end")] {
            if let Some((ink, _)) = self.ink.get(who) {
                let d6 = ink
                    .iter()
                    .map(|&b| dist_to_border(end, b))
                    .fold(f64::INFINITY, py_min);
                if d6 > BORDER_DIST + TOL {
                    problems.push(format!(
                        "G6 {tag} does not {what} at the icon or label of {who} ({d6:.1} away)"
                    ));
                }
            } else if let Some(&b) = allb.get(who) {
                if dist_to_border(end, b) > BORDER_DIST + TOL {
                    problems.push(format!(
                        "G6 {tag} does not {what} at the border of group {who} ({})",
                        fmt_pt(end)
                    ));
                }
            }
        }
        for who in [from, to] {
            if let Some(&(_, Some(lb))) = self.ink.get(who) {
                if pts.windows(2).any(|s| seg_hits_box(s[0], s[1], lb)) {
                    problems.push(format!("G4 {tag} crosses the label of its own end {who}"));
                }
            }
        }
    }

    /// Group titles (G2: nothing covers them) and labels (G5); returns the
    /// title boxes.
    fn check_titles_and_labels(
        &self,
        labels: &[Label],
        problems: &mut Vec<String>,
    ) -> Result<Dict<Bx>, String> {
        let mut titles: Dict<Bx> = Dict::new();
        for (gid, g) in self.groups.iter() {
            match g.get("title") {
                Some(t @ Value::Object(_)) => titles.insert(gid.clone(), bx(t)?),
                _ => problems.push(format!("group {gid} has no title box")),
            }
        }
        for (gid, &tb) in titles.iter() {
            for nid in &self.nb.keys {
                if overlap(tb, self.nb.map[nid]) {
                    problems.push(format!("G2 node {nid} covers the title of group {gid}"));
                }
            }
            for other in &self.gb.keys {
                if other != gid
                    && self.ancestors(Some(other.clone())).contains(gid)
                    && overlap(tb, self.gb.map[other])
                {
                    problems.push(format!("G2 group {other} covers the title of group {gid}"));
                }
            }
        }
        for (tag, lb) in labels {
            for nid in &self.nb.keys {
                if overlap(*lb, self.nb.map[nid]) {
                    problems.push(format!("G5 label of {tag} overlaps node {nid}"));
                }
            }
            for (gid, &tb) in titles.iter() {
                if overlap(*lb, tb) {
                    problems.push(format!(
                        "G5 label of {tag} overlaps the title of group {gid}"
                    ));
                }
            }
        }
        for i in 0..labels.len() {
            for j in i + 1..labels.len() {
                if overlap(labels[i].1, labels[j].1) {
                    problems.push(format!(
                        "G5 labels of {} and {} overlap",
                        labels[i].0, labels[j].0
                    ));
                }
            }
        }
        Ok(titles)
    }
}

/// G7: whether the centre of box `tb` lies behind that of `sb` along
/// `direction`.
fn points_back(sb: Bx, tb: Bx, direction: &str) -> Result<bool, String> {
    let sc = ((sb.0 + sb.2) / 2.0, (sb.1 + sb.3) / 2.0);
    let tc = ((tb.0 + tb.2) / 2.0, (tb.1 + tb.3) / 2.0);
    Ok(match direction {
        "right" => tc.0 < sc.0 - 1.0,
        "left" => tc.0 > sc.0 + 1.0,
        "down" => tc.1 < sc.1 - 1.0,
        "up" => tc.1 > sc.1 + 1.0,
        other => return Err(format!("KeyError('{other}')")),
    })
}

/// Proper crossings between segments of different edges with no common
/// end.
fn count_crossings(segs: &[Seg]) -> usize {
    let mut crossings = 0;
    for i in 0..segs.len() {
        for j in i + 1..segs.len() {
            let (a, b) = (&segs[i], &segs[j]);
            if a.edge == b.edge || a.ends.iter().any(|x| b.ends.contains(x)) {
                continue;
            }
            if segs_cross(a.p, a.q, b.p, b.q) {
                crossings += 1;
            }
        }
    }
    crossings
}

// ---------------------------------------------------------------------------
// The reference: check_layout.py itself, to test this file against.

/// check_layout.py (`ARCHFLOW_CHECK_LAYOUT`, or `../shared/tools/` beside the
/// crate), when it and `python3` are there.
pub fn check_layout_py() -> Option<PathBuf> {
    let script = std::env::var_os("ARCHFLOW_CHECK_LAYOUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/check_layout.py")
        });
    let python = Command::new("python3").arg("--version").output();
    (script.is_file() && python.is_ok_and(|o| o.status.success())).then_some(script)
}

/// Runs check_layout.py on saved layouts: per file, its problems (without
/// the file-name prefix) and its crossing count.
pub fn python_reports(script: &Path, layouts: &[Value]) -> Vec<(Vec<String>, usize)> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut files = Vec::new();
    for (i, lay) in layouts.iter().enumerate() {
        let f = dir.path().join(format!("{i:04}.json"));
        std::fs::write(&f, lay.to_string()).expect("write layout");
        files.push(f);
    }
    let out = Command::new("python3")
        .arg(script)
        .arg("--json")
        .args(&files)
        .output()
        .expect("run check_layout.py");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut reports = vec![(Vec::new(), 0); layouts.len()];
    for line in text.lines() {
        for (i, f) in files.iter().enumerate() {
            let prefix = format!("{}: ", f.display());
            if let Some(rest) = line.strip_prefix(&prefix) {
                if let Some(summary) = rest.strip_suffix(" crossings") {
                    let c = summary.rsplit(' ').next().unwrap_or("0");
                    reports[i].1 = c.parse().expect("a crossing count");
                } else {
                    reports[i].0.push(rest.to_string());
                }
            }
        }
    }
    reports
}
