//! One label for a fan-out (or fan-in) whose branches all carry it.
//!
//! In: a finished [`Layout`]. Out: the same layout where edges that share a
//! source (or a target) and carry the same label text all carry one label
//! box: the branch label nearest the shared end, which sits on or beside the
//! trunk. The renderer draws a box shared by several edges once, so
//! "Enhanced Fan-Out" on three branches reads once, as the trunk's label.

use super::Layout;
use std::collections::BTreeMap;

/// Gives every set of edges that share an end and a label text one box.
pub fn share_fan_labels(layout: &mut Layout) {
    let n = layout.edges.len();
    // Union-find over edges: a fan-out and a fan-in that meet in one edge
    // become one set.
    let mut root: Vec<usize> = (0..n).collect();
    fn find(root: &mut [usize], mut x: usize) -> usize {
        while root[x] != x {
            root[x] = root[root[x]];
            x = root[x];
        }
        x
    }
    let mut first: BTreeMap<(bool, &str, &str), usize> = BTreeMap::new();
    for (i, e) in layout.edges.iter().enumerate() {
        let Some(l) = &e.label else { continue };
        for key in [
            (true, e.from.as_str(), l.text.as_str()),
            (false, e.to.as_str(), l.text.as_str()),
        ] {
            let j = *first.entry(key).or_insert(i);
            let (a, b) = (find(&mut root, i), find(&mut root, j));
            root[a.max(b)] = a.min(b);
        }
    }
    let mut sets: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        if layout.edges[i].label.is_some() {
            let r = find(&mut root, i);
            sets.entry(r).or_default().push(i);
        }
    }
    for members in sets.values().filter(|m| m.len() > 1) {
        let keep = trunk_label(layout, members);
        let label = layout.edges[keep].label.clone();
        for &i in members {
            layout.edges[i].label = label.clone();
        }
    }
}

/// Of the labels of `members`, the one nearest the end they share (the
/// source of a fan-out, else the target of a fan-in).
fn trunk_label(layout: &Layout, members: &[usize]) -> usize {
    let edges = &layout.edges;
    let e0 = &edges[members[0]];
    let fan_out = members.iter().all(|&i| edges[i].from == e0.from);
    let anchor = |i: usize| {
        let p = &edges[i].points;
        match (fan_out, p.first(), p.last()) {
            (true, Some(a), _) => *a,
            (false, _, Some(b)) => *b,
            _ => [0.0, 0.0],
        }
    };
    let distance = |i: usize| {
        let a = anchor(i);
        edges[i].label.as_ref().map_or(f64::INFINITY, |l| {
            (l.rect.x + l.rect.w / 2.0 - a[0]).hypot(l.rect.y + l.rect.h / 2.0 - a[1])
        })
    };
    members
        .iter()
        .copied()
        .min_by(|&a, &b| distance(a).total_cmp(&distance(b)).then(a.cmp(&b)))
        .unwrap_or(members[0])
}
