//! Processor after p2: groups that reach over ranks beyond their members.
//!
//! In: the ranked graph with each group's span from its members, which
//! edges lie on a cycle of ids, and how far groups may reach
//! ([`Spans`]). Out: with [`Spans::ClearOfEdges`], spans widened so that
//! every edge with a group end off every cycle sees the group's centre
//! `margin` half ranks clear of its other end, on the side it points to
//! (as far as a few rounds get), every rank shifted so that the first is
//! 0; and in every case [`Reach`]: what the members cover and how long a
//! filler in a rank beyond them is.

use crate::layout::layered::{Graph, Spans, Vertex};
use crate::model::{Diagram, Endpoint};

/// What the members of each group cover (after any shift), and the length
/// of a rank a group reaching beyond them adds.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    pub members_cover: Vec<(usize, usize)>,
    pub reach_len: f64,
}

/// Widens the spans of `graph` as `spans` asks.
pub fn reach(graph: &mut Graph, diagram: &Diagram, spans: Spans) -> Reach {
    // What the members cover, and how long a rank a group reaching beyond
    // them adds (a typical node's length, so that the reach moves the
    // group's centre as far as it counted on).
    let mut members_cover = graph.span.clone();
    let mut reach_len = 0.0;
    if let Spans::ClearOfEdges { margin } = spans {
        let shift = reach_for_centres(
            diagram,
            (&graph.vertices, &graph.group_path, &graph.deepest_first),
            &graph.in_cycle,
            margin,
            &mut graph.span,
        );
        for v in &mut graph.vertices {
            v.rank += shift;
        }
        for c in &mut members_cover {
            *c = (c.0 + shift, c.1 + shift);
        }
        let mut lens: Vec<f64> = graph.vertices[..diagram.nodes.len()]
            .iter()
            .map(|v| v.len)
            .collect();
        lens.sort_by(f64::total_cmp);
        reach_len = lens.get(lens.len() / 2).copied().unwrap_or(0.0);
    }
    Reach {
        members_cover,
        reach_len,
    }
}

/// Guarantee 7 wants an edge with a group end to point along the flow
/// centre to centre. When the ranks leave a group's centre on the wrong side
/// of the edge's other end (a cycle through the group and what it holds,
/// broken at the group's border, puts a member past that end), the group
/// reaches over ranks it has no member in, before its first member or after
/// its last, until its centre lies `margin` half ranks clear; the groups
/// around it follow. Spans only change where an edge's ends are out of order.
///
/// In: the ranks of the vertices, the spans of the groups from their
/// members, which edges lie on a cycle of ids (those are excused). Out: the
/// spans, widened, and how many ranks everything must shift by so that a
/// span reaching before the first rank starts at 0.
fn reach_for_centres(
    diagram: &Diagram,
    (vertices, group_path, deepest_first): (&[Vertex], &[Vec<usize>], &[usize]),
    in_cycle: &[bool],
    margin: i64,
    span: &mut [(usize, usize)],
) -> usize {
    let wants: Vec<Want> = diagram
        .edges
        .iter()
        .zip(in_cycle)
        .filter(|(_, &cyc)| !cyc)
        .filter_map(|(edge, _)| match (edge.from, edge.to) {
            (Endpoint::Group(a), Endpoint::Group(b)) if a != b => Some(Want::Groups(a, b, margin)),
            (Endpoint::Group(g), Endpoint::Node(i)) => {
                Some(Want::Before(g, 2 * vertices[i].rank as i64 - margin))
            }
            (Endpoint::Node(i), Endpoint::Group(g)) => {
                Some(Want::After(g, 2 * vertices[i].rank as i64 + margin))
            }
            _ => None,
        })
        .collect();
    if wants.is_empty() {
        return 0;
    }
    let mut first: Vec<i64> = span.iter().map(|s| s.0 as i64).collect();
    let mut last: Vec<i64> = span.iter().map(|s| s.1 as i64).collect();
    let twice = |first: &[i64], last: &[i64]| -> Vec<i64> {
        first.iter().zip(last).map(|(f, l)| f + l).collect()
    };
    // Deepest groups first (`deepest_first`), so that a group reaches
    // round its children's new spans.
    // Centres settle in a round or two; a group widened for one edge moves
    // the centres of the groups around it, hence the second look.
    for _ in 0..3 {
        let centre = twice(&first, &last);
        if wants.iter().all(|w| w.holds(&centre)) {
            break;
        }
        let target = centres_in_order(&centre, &wants);
        for &g in deepest_first {
            // Only as far as the move the centre asked for: a group whose
            // children grew may already be there.
            let now = first[g] + last[g];
            if target[g] > centre[g] && target[g] > now {
                last[g] += target[g] - now;
            } else if target[g] < centre[g] && target[g] < now {
                first[g] -= now - target[g];
            }
            // The parent holds the child's new span.
            if let Some(&p) = group_path[g].iter().rev().nth(1) {
                first[p] = first[p].min(first[g]);
                last[p] = last[p].max(last[g]);
            }
        }
    }
    let low = first.iter().copied().min().unwrap_or(0).min(0);
    for (g, s) in span.iter_mut().enumerate() {
        *s = ((first[g] - low) as usize, (last[g] - low) as usize);
    }
    (-low) as usize
}

/// What an edge with a group end asks of the group centres (in twice the
/// rank, so that centres between two ranks are whole numbers).
enum Want {
    /// Group `g`'s centre at or before this.
    Before(usize, i64),
    /// Group `g`'s centre at or after this.
    After(usize, i64),
    /// Group `a`'s centre before group `b`'s, by this much.
    Groups(usize, usize, i64),
}

impl Want {
    fn holds(&self, centre: &[i64]) -> bool {
        match *self {
            Want::Before(g, c) => centre[g] <= c,
            Want::After(g, c) => centre[g] >= c,
            Want::Groups(a, b, margin) => centre[a] + margin <= centre[b],
        }
    }
}

/// Centres for every group, as near `centre` as the wants allow. The wants
/// between groups (edges off every cycle of ids, so no cycle among them)
/// order the groups; upper bounds pass backwards along that order, then each
/// group takes the centre nearest its own within its bounds, its lower
/// bound raised by the groups before it. Where the bounds contradict each
/// other the group takes the middle between them.
fn centres_in_order(centre: &[i64], wants: &[Want]) -> Vec<i64> {
    let n = centre.len();
    let mut lower = vec![i64::MIN; n];
    let mut upper = vec![i64::MAX; n];
    // after[a]: (b, margin)
    let mut after: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n];
    for w in wants {
        match *w {
            Want::Before(g, c) => upper[g] = upper[g].min(c),
            Want::After(g, c) => lower[g] = lower[g].max(c),
            Want::Groups(a, b, margin) => after[a].push((b, margin)),
        }
    }
    let next: Vec<Vec<usize>> = after
        .iter()
        .map(|list| list.iter().map(|&(b, _)| b).collect())
        .collect();
    let order = crate::layout::layers::topological_order(&next);
    for &g in order.iter().rev() {
        for &(b, margin) in &after[g] {
            upper[g] = upper[g].min(upper[b].saturating_sub(margin));
        }
    }
    let mut target = centre.to_vec();
    for &g in &order {
        target[g] = if lower[g] <= upper[g] {
            centre[g].clamp(lower[g], upper[g])
        } else {
            lower[g] / 2 + upper[g] / 2
        };
        for &(b, margin) in &after[g] {
            lower[b] = lower[b].max(target[g] + margin);
        }
    }
    target
}
