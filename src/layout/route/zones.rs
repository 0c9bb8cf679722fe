//! Border zones: how deep the borders of the groups that begin or end at
//! each rank reach along the flow.
//!
//! In: the group spans of the layered graph, which groups an edge ends at,
//! which side titles sit on (top-down flows), and the room each column
//! keeps before and after it for self-loops and their labels. Out: [`Zones`]: per group, the depth of its
//! border before its first column and after its last (nested borders one
//! outside the other, sibling groups that begin or end together lined up),
//! and per rank the widest of them, for any extra length asked of each
//! group's ends.

use super::Input;
use crate::layout::layered::Graph;
use crate::layout::measure;
use std::collections::HashMap;

/// How deep the borders of each group reach before its first column and
/// after its last, and the widest of them at every rank.
pub(super) struct Zones {
    pub open_depth: Vec<f64>,
    pub close_depth: Vec<f64>,
    pub open: Vec<f64>,
    pub close: Vec<f64>,
}

impl Zones {
    /// Adds `room[r].0` before the channel of gap `r` and `room[r].1` after
    /// it.
    pub fn widen(&mut self, room: &[(f64, f64)]) {
        for (r, &(before, after)) in room.iter().enumerate() {
            self.close[r] += before;
            self.open[r + 1] += after;
        }
    }
}

/// What the border zones depend on besides the extra lengths asked of each
/// group: computed once, asked for zones many times (the stretch step
/// tries many extra lengths).
pub(super) struct BorderPlan<'a> {
    graph: &'a Graph,
    /// Titles at the low (high) end of each group along the flow.
    titles: (bool, bool),
    /// Room before and after each column for self-loops and their labels.
    lead: Vec<f64>,
    tail: Vec<f64>,
    /// Whether an edge ends at each group.
    edge_end: Vec<bool>,
}

impl<'a> BorderPlan<'a> {
    pub fn new(input: &Input<'a>, [lead, tail]: [&[f64]; 2]) -> BorderPlan<'a> {
        let graph = input.graph;
        let ng = graph.span.len();
        let mut edge_end = vec![false; ng];
        for edge in &input.diagram.edges {
            for end in [edge.from, edge.to] {
                if let crate::model::Endpoint::Group(g) = end {
                    edge_end[g] = true;
                }
            }
        }
        BorderPlan {
            graph,
            titles: (input.low_title(), input.high_title()),
            lead: lead.to_vec(),
            tail: tail.to_vec(),
            edge_end,
        }
    }

    /// The zones with `extra_open[g]` more before group `g`'s first column
    /// and `extra_close[g]` more after its last.
    pub fn zones(&self, extra_open: &[f64], extra_close: &[f64]) -> Zones {
        let graph = self.graph;
        let (low_title, high_title) = self.titles;
        let (lead, tail) = (&self.lead[..], &self.tail[..]);
        let ng = graph.span.len();
        let n_ranks = graph.ranks.len();
        let mut open_depth = vec![0.0; ng];
        let mut close_depth = vec![0.0; ng];
        for &g in &graph.deepest_first {
            let (s, e) = graph.span[g];
            let inner_open = graph.group_children[g]
                .iter()
                .filter(|&&c| graph.span[c].0 == s)
                .map(|&c| open_depth[c])
                .fold(lead[s], f64::max);
            let inner_close = graph.group_children[g]
                .iter()
                .filter(|&&c| graph.span[c].1 == e)
                .map(|&c| close_depth[c])
                .fold(tail[e], f64::max);
            let band = |title: bool| {
                if title {
                    measure::GROUP_TITLE_BAND
                } else {
                    measure::GROUP_PAD
                }
            };
            open_depth[g] = inner_open + band(low_title) + extra_open[g];
            close_depth[g] = inner_close + band(high_title) + extra_close[g];
        }
        // Sibling groups that begin (end) in the same rank line up their
        // borders there, the shallower ones taking the deepest one's depth,
        // so that two AZs side by side start and end together whatever they
        // hold. Their parent's border already lies beyond the deepest of
        // them. A group that an edge ends at keeps its own depth: its
        // centre is what that edge's direction is judged by.
        let mut deepest: HashMap<(Option<usize>, usize, bool), f64> = HashMap::new();
        for g in 0..ng {
            let (s, e) = graph.span[g];
            let parent = graph.group_parent[g];
            let open = deepest.entry((parent, s, true)).or_insert(0.0);
            *open = open.max(open_depth[g] - extra_open[g]);
            let close = deepest.entry((parent, e, false)).or_insert(0.0);
            *close = close.max(close_depth[g] - extra_close[g]);
        }
        for g in (0..ng).filter(|&g| !self.edge_end[g]) {
            let (s, e) = graph.span[g];
            let parent = graph.group_parent[g];
            open_depth[g] = open_depth[g].max(deepest[&(parent, s, true)]);
            close_depth[g] = close_depth[g].max(deepest[&(parent, e, false)]);
        }
        let mut open = vec![0.0f64; n_ranks + 1];
        let mut close = vec![0.0f64; n_ranks + 1];
        open[..n_ranks].copy_from_slice(lead);
        close[..n_ranks].copy_from_slice(tail);
        for g in 0..ng {
            let (s, e) = graph.span[g];
            open[s] = open[s].max(open_depth[g]);
            close[e] = close[e].max(close_depth[g]);
        }
        Zones {
            open_depth,
            close_depth,
            open,
            close,
        }
    }
}
