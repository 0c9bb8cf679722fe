//! Processor (after p3): flat edges side by side. A free edge
//! (`constraint = false`) whose two nodes share a rank is drawn as one
//! straight line across the flow, so its nodes must be neighbours in the
//! rank: a Lambda transform right below its Firehose, a standby database
//! beside its primary.
//!
//! In: the ordered graph with its flat edges (from [`long_edges`]). Out:
//! the same graph where the target of every flat edge whose ends lie in
//! the same innermost group sits right next to its source (on the side it
//! was on), and `flat` holds exactly the flat edges whose ends are
//! neighbours in their rank (nothing between them but group fillers);
//! the others move to `detours` (kept sorted), which go round the drawing.
//! Moving a vertex within its own innermost group next to a direct member
//! of that group keeps every group contiguous in the rank (p3's promise).
//!
//! [`long_edges`]: super::long_edges

use crate::layout::layered::{Graph, VKind};

/// Brings the ends of flat edges together and keeps the flat edges that
/// can be drawn straight.
pub fn adjoin(graph: &mut Graph) {
    let flat = std::mem::take(&mut graph.flat);
    for &(_, a, b) in &flat {
        if graph.vertices[a].group == graph.vertices[b].group {
            move_next_to(graph, a, b);
        }
    }
    for (e, a, b) in flat {
        if neighbours(graph, a, b) {
            graph.flat.push((e, a, b));
        } else {
            graph.detours.push(e);
        }
    }
    graph.detours.sort_unstable();
}

/// Moves vertex `b` next to vertex `a` in their rank, on the side of `a`
/// it was on.
fn move_next_to(graph: &mut Graph, a: usize, b: usize) {
    let rank = &mut graph.ranks[graph.vertices[a].rank];
    let (Some(ia), Some(ib)) = (
        rank.iter().position(|&v| v == a),
        rank.iter().position(|&v| v == b),
    ) else {
        return;
    };
    rank.remove(ib);
    let ia = if ib < ia { ia - 1 } else { ia };
    let at = if ib < ia + 1 { ia } else { ia + 1 };
    rank.insert(at, b);
}

/// Whether `a` and `b` are next to each other in their rank: nothing
/// between them but the fillers that mark groups (no extent, not drawn).
fn neighbours(graph: &Graph, a: usize, b: usize) -> bool {
    let rank = &graph.ranks[graph.vertices[a].rank];
    let pos = |v: usize| rank.iter().position(|&x| x == v);
    let (Some(i), Some(j)) = (pos(a), pos(b)) else {
        return false;
    };
    rank[i.min(j) + 1..i.max(j)]
        .iter()
        .all(|&v| graph.vertices[v].kind == VKind::Filler)
}
