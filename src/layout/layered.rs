//! Ranks and the layered graph.
//!
//! In: the diagram and its measured sizes. Out: a [`Graph`]: every vertex
//! (nodes, edge-label slots, dummy vertices of long edges, place-holders of
//! empty groups, fillers that keep a group present in every rank it spans)
//! with its rank, its innermost group and its extent around its port; every
//! edge as a [`Chain`] of vertices from its lower-ranked end to its
//! higher-ranked one; and the span of ranks of every group.

use super::measure::{self, Sizes};
use crate::model::{Diagram, Endpoint};

/// What a vertex stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VKind {
    /// A node of the diagram.
    Node(usize),
    /// An invisible box that gives an empty group its size.
    Placeholder(usize),
    /// The slot of an edge's label.
    Label(usize),
    /// A bend point of a long edge.
    Dummy,
    /// Keeps a group present in a rank of its span that nothing else fills.
    Filler,
}

/// One vertex of the layered graph.
#[derive(Debug, Clone)]
pub struct Vertex {
    pub kind: VKind,
    pub rank: usize,
    /// The innermost group holding the vertex.
    pub group: Option<usize>,
    /// Extent along the main axis.
    pub len: f64,
    /// Extent across the main axis before and after the port line (the line
    /// edges attach to or run along).
    pub before: f64,
    pub after: f64,
    /// Preferred spacing to neighbours in the rank.
    pub sep: f64,
    /// Room across the flow beyond `before` (`after`) that is not part of
    /// the node's box: where its self-loops and their labels go (above the
    /// node in left-right flows, right of it in top-down ones).
    pub room_before: f64,
    pub room_after: f64,
}

impl Vertex {
    /// A vertex with no extent across the flow (a bend point or a filler),
    /// `len` long along it.
    fn point(kind: VKind, rank: usize, group: Option<usize>, len: f64) -> Vertex {
        Vertex {
            kind,
            rank,
            group,
            len,
            before: 0.0,
            after: 0.0,
            sep: SEP_DUMMY,
            room_before: 0.0,
            room_after: 0.0,
        }
    }
    /// Extent before the port line that neighbours and borders keep clear
    /// of.
    pub fn reach_before(&self) -> f64 {
        self.before + self.room_before
    }
    /// Extent after the port line that neighbours and borders keep clear of.
    pub fn reach_after(&self) -> f64 {
        self.after + self.room_after
    }
}

/// Where a chain starts or ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum End {
    Vertex(usize),
    /// The border of a group.
    Group(usize),
}

/// One edge as laid out: `low` is the end with the lower rank.
#[derive(Debug, Clone)]
pub struct Chain {
    pub edge: usize,
    /// True when `low` is the edge's `to` (the edge points against the
    /// ranks: a broken cycle).
    pub reversed: bool,
    pub low: End,
    pub high: End,
    /// Intermediate vertices, one per rank strictly between the ends.
    pub verts: Vec<usize>,
    /// The vertex holding the label, if the edge has one.
    pub label: Option<usize>,
}

/// A connection between vertices of consecutive ranks, for crossing
/// minimisation and alignment.
#[derive(Debug, Clone, Copy)]
pub struct Hop {
    pub upper: usize,
    pub lower: usize,
    pub weight: f64,
}

/// The layered graph.
#[derive(Debug, Clone)]
pub struct Graph {
    pub horizontal: bool,
    /// True when group titles sit at the end of a group's span of ranks
    /// (flows going `up`: ranks grow downwards before the picture is
    /// mirrored).
    pub title_at_end: bool,
    pub vertices: Vec<Vertex>,
    /// Vertices of each rank, in order across the main axis.
    pub ranks: Vec<Vec<usize>>,
    pub chains: Vec<Chain>,
    /// Edges drawn as a loop on one node.
    pub self_loops: Vec<usize>,
    /// Edges the layering cannot carry (an edge between a node and a group
    /// that holds it, or one whose cycle ran through group borders): they are
    /// routed around the drawing.
    pub detours: Vec<usize>,
    /// Edges between a node (or group) and a group that holds it: drawn
    /// from the inner end to the holding group's border across the flow.
    pub inner: Vec<usize>,
    /// The node ends of `inner` edges: (vertex, holding group, whether the
    /// edge goes into the group).
    pub entered: Vec<(usize, usize, bool)>,
    /// Edges between a node and a group beside it in the same ranks (an
    /// edge into a group whose members also lead back to the node): drawn
    /// across the flow to the group's nearer border.
    pub side: Vec<usize>,
    /// Per edge: whether it lies on a cycle of nodes and groups (the
    /// guarantee that edges point along the flow excuses those).
    pub in_cycle: Vec<bool>,
    pub hops: Vec<Hop>,
    /// First and last rank of each group.
    pub span: Vec<(usize, usize)>,
    pub group_parent: Vec<Option<usize>>,
    /// Groups from the outermost down to the group itself, per group.
    pub group_path: Vec<Vec<usize>>,
}

impl Graph {
    /// The groups holding vertex `v`, outermost first.
    pub fn path_of(&self, v: usize) -> &[usize] {
        match self.vertices[v].group {
            Some(g) => &self.group_path[g],
            None => &[],
        }
    }

    /// The groups around group `g` that open (close, when titles sit at
    /// the end) in the same gap as `g` does on its title side: an edge
    /// meeting `g`'s border there from outside runs through their title
    /// bands, so its port must lie beyond their titles.
    pub fn titles_over(&self, g: usize) -> impl Iterator<Item = usize> + '_ {
        let side = |h: usize| {
            if self.title_at_end {
                self.span[h].1
            } else {
                self.span[h].0
            }
        };
        let path = &self.group_path[g];
        path[..path.len().saturating_sub(1)]
            .iter()
            .copied()
            .filter(move |&a| side(a) == side(g))
    }

    /// Whether a chain's `high` end (else its `low` end) meets a group
    /// border on the group's title side, in a top-down flow.
    pub fn meets_title_side(&self, high: bool) -> bool {
        !self.horizontal && high != self.title_at_end
    }
}

/// Spacing between neighbours in a rank, by vertex kind.
const SEP_NODE: f64 = 30.0;
const SEP_LABEL: f64 = 10.0;
const SEP_DUMMY: f64 = 10.0;
/// Gap between a label and the line it labels.
pub const LABEL_GAP: f64 = 3.0;

/// How far a group's span of ranks reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spans {
    /// From its first member's rank to its last's.
    OfMembers,
    /// Beyond its members where an edge with a group end needs the group's
    /// centre elsewhere (see [`reach_for_centres`]), the centre `margin`
    /// half ranks clear of the edge's other end.
    ClearOfEdges { margin: i64 },
}

/// Builds the layered graph of `diagram`.
pub fn build(diagram: &Diagram, sizes: &Sizes, spans: Spans) -> Graph {
    let horizontal = diagram.direction.is_horizontal();
    let n_groups = diagram.groups.len();
    let group_parent: Vec<Option<usize>> = diagram.groups.iter().map(|g| g.parent).collect();
    let group_path: Vec<Vec<usize>> = (0..n_groups)
        .map(|g| {
            let mut p: Vec<usize> = diagram.group_ancestors(g).collect();
            p.reverse();
            p
        })
        .collect();

    // Real vertices: the nodes, then a place-holder for every group with no
    // node and no child group.
    let mut vertices: Vec<Vertex> = diagram
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| node_vertex(i, n.group, &sizes.nodes[i], horizontal))
        .collect();
    let mut has_content = vec![false; n_groups];
    for n in &diagram.nodes {
        if let Some(g) = n.group {
            has_content[g] = true;
        }
    }
    for g in &diagram.groups {
        if let Some(p) = g.parent {
            has_content[p] = true;
        }
    }
    for (g, filled) in has_content.iter().enumerate() {
        if !filled {
            let half = measure::ICON / 2.0;
            vertices.push(Vertex {
                kind: VKind::Placeholder(g),
                rank: 0,
                group: Some(g),
                len: measure::ICON * 2.0,
                before: half,
                after: half,
                sep: SEP_NODE,
                room_before: 0.0,
                room_after: 0.0,
            });
        }
    }

    // Every group an edge ends at gets two invisible fillers: a head and a
    // tail. When a cycle through the group's border forces an edge into the
    // group to be relaxed, the edge ties to the tail (so the group reaches
    // past the edge's source along the flow), and an edge out of it to the
    // head.
    let mut ghosts: Vec<Option<(usize, usize)>> = vec![None; n_groups];
    for edge in &diagram.edges {
        for end in [edge.from, edge.to] {
            if let Endpoint::Group(g) = end {
                if ghosts[g].is_none() {
                    let ghost = Vertex::point(VKind::Filler, 0, Some(g), 0.0);
                    vertices.push(ghost.clone());
                    vertices.push(ghost);
                    ghosts[g] = Some((vertices.len() - 2, vertices.len() - 1));
                }
            }
        }
    }
    let mut plan = rank::Plan::new(
        diagram,
        &vertices,
        &group_path,
        ghosts,
        matches!(spans, Spans::ClearOfEdges { .. }),
    );
    let ranks_of = plan.ranks();
    for (v, r) in vertices.iter_mut().zip(&ranks_of) {
        v.rank = *r;
    }

    // Spans of groups from their real members.
    let mut span = vec![(usize::MAX, 0usize); n_groups];
    for v in &vertices {
        if let Some(g) = v.group {
            for &a in &group_path[g] {
                span[a].0 = span[a].0.min(v.rank);
                span[a].1 = span[a].1.max(v.rank);
            }
        }
    }
    for s in &mut span {
        if s.0 == usize::MAX {
            *s = (0, 0);
        }
    }
    // What the members cover, and how long a rank a group reaching beyond
    // them adds (a typical node's length, so that the reach moves the
    // group's centre as far as it counted on).
    let mut members_cover = span.clone();
    let mut reach_len = 0.0;
    if let Spans::ClearOfEdges { margin } = spans {
        let shift = reach_for_centres(
            diagram,
            (&vertices, &group_path),
            &plan.in_cycle,
            margin,
            &mut span,
        );
        for v in &mut vertices {
            v.rank += shift;
        }
        for c in &mut members_cover {
            *c = (c.0 + shift, c.1 + shift);
        }
        let mut lens: Vec<f64> = vertices[..diagram.nodes.len()]
            .iter()
            .map(|v| v.len)
            .collect();
        lens.sort_by(f64::total_cmp);
        reach_len = lens.get(lens.len() / 2).copied().unwrap_or(0.0);
    }

    let mut graph = Graph {
        horizontal,
        title_at_end: diagram.direction == crate::model::Direction::Up,
        vertices,
        ranks: Vec::new(),
        chains: Vec::new(),
        self_loops: Vec::new(),
        detours: Vec::new(),
        inner: Vec::new(),
        entered: Vec::new(),
        side: Vec::new(),
        in_cycle: plan.in_cycle.clone(),
        hops: Vec::new(),
        span,
        group_parent,
        group_path,
    };

    for (e, edge) in diagram.edges.iter().enumerate() {
        if edge.from == edge.to {
            if matches!(edge.from, Endpoint::Node(_)) {
                graph.self_loops.push(e);
            } else {
                graph.detours.push(e);
            }
            continue;
        }
        let from = end_of(edge.from);
        let to = end_of(edge.to);
        let reversed = plan.reversed[e];
        let (low, high) = if reversed { (to, from) } else { (from, to) };
        let low_rank = match low {
            End::Vertex(v) => graph.vertices[v].rank,
            End::Group(g) => graph.span[g].1,
        };
        let high_rank = match high {
            End::Vertex(v) => graph.vertices[v].rank,
            End::Group(g) => graph.span[g].0,
        };
        if nested(&graph, low, high) {
            graph.inner.push(e);
            match (edge.from, edge.to) {
                (Endpoint::Group(g), Endpoint::Node(v)) => graph.entered.push((v, g, false)),
                (Endpoint::Node(v), Endpoint::Group(g)) => graph.entered.push((v, g, true)),
                _ => {}
            }
            continue;
        }
        if plan.dropped[e] || high_rank <= low_rank {
            let group_end =
                matches!(edge.from, Endpoint::Group(_)) || matches!(edge.to, Endpoint::Group(_));
            if !plan.dropped[e] && group_end {
                graph.side.push(e);
            } else {
                graph.detours.push(e);
            }
            continue;
        }
        let label_rank = sizes.edge_labels[e]
            .as_ref()
            .filter(|_| high_rank - low_rank >= 2)
            .map(|_| low_rank + (high_rank - low_rank) / 2);
        let mut verts = Vec::with_capacity(high_rank - low_rank - 1);
        let mut label = None;
        for r in low_rank + 1..high_rank {
            let group = chain_group(&graph, low, high, r);
            let vertex = if Some(r) == label_rank {
                label_vertex(e, r, group, sizes, horizontal)
            } else {
                Vertex::point(VKind::Dummy, r, group, 0.0)
            };
            let id = graph.vertices.len();
            if Some(r) == label_rank {
                label = Some(id);
            }
            graph.vertices.push(vertex);
            verts.push(id);
        }
        graph.chains.push(Chain {
            edge: e,
            reversed,
            low,
            high,
            verts,
            label,
        });
    }

    make_room_for_self_loops(&mut graph, diagram, sizes);
    add_fillers(&mut graph, &members_cover, reach_len);

    let n_ranks = graph.vertices.iter().map(|v| v.rank + 1).max().unwrap_or(1);
    graph.ranks = vec![Vec::new(); n_ranks];
    for (i, v) in graph.vertices.iter().enumerate() {
        graph.ranks[v.rank].push(i);
    }
    graph.hops = hops(&graph);
    graph
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
    (vertices, group_path): (&[Vertex], &[Vec<usize>]),
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
    // Deepest groups first, so that a group reaches round its children's
    // new spans.
    let mut deepest_first: Vec<usize> = (0..span.len()).collect();
    deepest_first.sort_by_key(|&g| std::cmp::Reverse(group_path[g].len()));
    // Centres settle in a round or two; a group widened for one edge moves
    // the centres of the groups around it, hence the second look.
    for _ in 0..3 {
        let centre = twice(&first, &last);
        if wants.iter().all(|w| w.holds(&centre)) {
            break;
        }
        let target = centres_in_order(&centre, &wants);
        for &g in &deepest_first {
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

/// The vertices of an acyclic graph (`next[v]`: where `v` leads) in an
/// order where every vertex comes after those leading to it. (Vertices on
/// a cycle, which the callers rule out, are left out.)
fn topological_order(next: &[Vec<usize>]) -> Vec<usize> {
    let mut indeg = vec![0usize; next.len()];
    for list in next {
        for &b in list {
            indeg[b] += 1;
        }
    }
    let mut order: Vec<usize> = (0..next.len()).filter(|&v| indeg[v] == 0).collect();
    let mut k = 0;
    while k < order.len() {
        let v = order[k];
        k += 1;
        for &b in &next[v] {
            indeg[b] -= 1;
            if indeg[b] == 0 {
                order.push(b);
            }
        }
    }
    order
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
    let order = topological_order(&next);
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

fn node_vertex(
    i: usize,
    group: Option<usize>,
    size: &measure::NodeSize,
    horizontal: bool,
) -> Vertex {
    let (len, before, after) = if horizontal {
        (size.w, measure::ICON / 2.0, size.h - measure::ICON / 2.0)
    } else {
        (size.h, size.w / 2.0, size.w / 2.0)
    };
    Vertex {
        kind: VKind::Node(i),
        rank: 0,
        group,
        len,
        before,
        after,
        sep: SEP_NODE,
        room_before: 0.0,
        room_after: 0.0,
    }
}

fn label_vertex(
    e: usize,
    rank: usize,
    group: Option<usize>,
    sizes: &Sizes,
    horizontal: bool,
) -> Vertex {
    let size = sizes.edge_labels[e]
        .as_ref()
        .map(|l| (l.w, l.h))
        .unwrap_or((0.0, 0.0));
    let (len, before, after) = if horizontal {
        // The label sits above the line.
        (size.0, size.1 + LABEL_GAP, LABEL_GAP)
    } else {
        // The label sits right of the line.
        (size.1, LABEL_GAP, size.0 + LABEL_GAP)
    };
    Vertex {
        kind: VKind::Label(e),
        rank,
        group,
        len,
        before,
        after,
        sep: SEP_LABEL,
        room_before: 0.0,
        room_after: 0.0,
    }
}

fn end_of(end: Endpoint) -> End {
    match end {
        Endpoint::Node(i) => End::Vertex(i),
        Endpoint::Group(g) => End::Group(g),
    }
}

/// The groups an end sits in (for a group end: its parents, since the edge
/// touches the group from outside).
fn outer_path(graph: &Graph, end: End) -> &[usize] {
    match end {
        End::Vertex(v) => graph.path_of(v),
        End::Group(g) => {
            let p = &graph.group_path[g];
            &p[..p.len() - 1]
        }
    }
}

/// True when one end is a group that holds the other end.
fn nested(graph: &Graph, a: End, b: End) -> bool {
    let holds = |g: usize, other: End| match other {
        End::Vertex(v) => graph.path_of(v).contains(&g),
        End::Group(h) => graph.group_path[h].contains(&g),
    };
    matches!(a, End::Group(g) if holds(g, b)) || matches!(b, End::Group(g) if holds(g, a))
}

/// The group a chain's vertex at `rank` belongs to: the deepest group on
/// the low end's side whose span covers the rank, else the deepest on the
/// high end's side, else the groups both ends share.
fn chain_group(graph: &Graph, low: End, high: End, rank: usize) -> Option<usize> {
    let pa = outer_path(graph, low);
    let pb = outer_path(graph, high);
    let common = pa.iter().zip(pb).take_while(|(a, b)| a == b).count();
    let covers = |g: &&usize| {
        let (s, e) = graph.span[**g];
        s <= rank && rank <= e
    };
    pa[common..]
        .iter()
        .rev()
        .find(covers)
        .or_else(|| pb[common..].iter().rev().find(covers))
        .copied()
        .or_else(|| common.checked_sub(1).map(|i| pa[i]))
}

/// Self-loops of one node nest around each other on the side of the node
/// that no edge uses (its top in left-right flows, its right in top-down
/// ones), their labels beside them: the node keeps room there, outside its
/// box, that neighbours and group borders stay clear of.
fn make_room_for_self_loops(graph: &mut Graph, diagram: &Diagram, sizes: &Sizes) {
    let mut labels: std::collections::HashMap<usize, (usize, f64, f64)> =
        std::collections::HashMap::new();
    for &e in &graph.self_loops {
        if let Endpoint::Node(i) = diagram.edges[e].from {
            let entry = labels.entry(i).or_insert((0, 0.0, 0.0));
            entry.0 += 1;
            if let Some(l) = sizes.edge_labels[e].as_ref() {
                entry.1 += l.h + SELF_LOOP_LABEL_GAP;
                entry.2 = entry.2.max(l.w);
            }
        }
    }
    for (i, (count, stack, widest)) in labels {
        let v = &mut graph.vertices[i];
        let outermost = SELF_LOOP_OUT + SELF_LOOP_NEST * (count as f64 - 1.0);
        if graph.horizontal {
            // Loops stand on the node's top; labels stack up beside them.
            v.room_before = outermost.max(stack + 2.0) + 4.0;
        } else {
            // Loops stand on the node's right side; labels follow them.
            let label = if widest > 0.0 { 6.0 + widest } else { 0.0 };
            v.room_after = outermost + label + 4.0;
        }
    }
}

/// Self-loop geometry shared with the router: half height of the first
/// loop, the step between nested loops, and the gap between stacked labels.
pub const SELF_LOOP_HALF: f64 = 10.0;
/// How far the first loop reaches out of its node.
pub const SELF_LOOP_OUT: f64 = 18.0;
pub const SELF_LOOP_NEST: f64 = 8.0;
pub const SELF_LOOP_LABEL_GAP: f64 = 2.0;

/// Adds a filler vertex for every rank of a group's span in which no vertex
/// of the group (or of a group inside it) sits, so that the group's block is
/// present in every rank it covers. Fillers beyond what the group's members
/// cover (`members_cover`) are `reach_len` long.
fn add_fillers(graph: &mut Graph, members_cover: &[(usize, usize)], reach_len: f64) {
    let n_groups = graph.span.len();
    let mut present: Vec<std::collections::HashSet<usize>> = vec![Default::default(); n_groups];
    for v in &graph.vertices {
        if let Some(g) = v.group {
            for &a in &graph.group_path[g] {
                present[a].insert(v.rank);
            }
        }
    }
    // Deepest groups first, so that a filler of a child also counts for its
    // parents.
    let mut order: Vec<usize> = (0..n_groups).collect();
    order.sort_by_key(|&g| std::cmp::Reverse(graph.group_path[g].len()));
    for g in order {
        let (s, e) = graph.span[g];
        for r in s..=e {
            if !present[g].contains(&r) {
                let (first, last) = members_cover[g];
                let len = if r < first || r > last {
                    reach_len
                } else {
                    0.0
                };
                graph
                    .vertices
                    .push(Vertex::point(VKind::Filler, r, Some(g), len));
                for &a in &graph.group_path[g] {
                    present[a].insert(r);
                }
            }
        }
    }
}

/// Weights after Gansner et al.: straight long edges matter most.
fn hops(graph: &Graph) -> Vec<Hop> {
    let mut out = Vec::new();
    let weight = |a: usize, b: usize| {
        let real = |v: usize| matches!(graph.vertices[v].kind, VKind::Node(_));
        match (real(a), real(b)) {
            (true, true) => 1.0,
            (false, false) => 8.0,
            _ => 2.0,
        }
    };
    // The first edge out of a node (in file order) is its main flow: it
    // weighs double, so that the chain the user wrote first comes out
    // straight and the branches bend away from it.
    let mut seen_low = std::collections::HashSet::new();
    for c in &graph.chains {
        let main = if seen_low.insert(c.low) { 2.0 } else { 1.0 };
        let mut seq: Vec<usize> = Vec::with_capacity(c.verts.len() + 2);
        if let End::Vertex(v) = c.low {
            seq.push(v);
        }
        seq.extend(&c.verts);
        if let End::Vertex(v) = c.high {
            seq.push(v);
        }
        for w in seq.windows(2) {
            if graph.vertices[w[1]].rank == graph.vertices[w[0]].rank + 1 {
                out.push(Hop {
                    upper: w[0],
                    lower: w[1],
                    weight: weight(w[0], w[1]) * main,
                });
            }
        }
    }
    // An edge that ends at a group's border still pulls towards the group:
    // a light hop to the group's first vertex (in file order) in the rank
    // where the edge meets it, so that ordering keeps the edge's last run
    // clear of the group's other edges.
    let mut first_in: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    for (v, vertex) in graph.vertices.iter().enumerate() {
        for &g in graph.path_of(v) {
            first_in.entry((g, vertex.rank)).or_insert(v);
        }
    }
    for c in &graph.chains {
        let last = c.verts.last().copied().or(match c.low {
            End::Vertex(v) => Some(v),
            End::Group(_) => None,
        });
        if let (End::Group(g), Some(u)) = (c.high, last) {
            if let Some(&rep) = first_in.get(&(g, graph.span[g].0)) {
                if graph.vertices[rep].rank == graph.vertices[u].rank + 1 {
                    out.push(Hop {
                        upper: u,
                        lower: rep,
                        weight: 0.5,
                    });
                }
            }
        }
        let first = c.verts.first().copied().or(match c.high {
            End::Vertex(v) => Some(v),
            End::Group(_) => None,
        });
        if let (End::Group(g), Some(d)) = (c.low, first) {
            if let Some(&rep) = first_in.get(&(g, graph.span[g].1)) {
                if graph.vertices[d].rank == graph.vertices[rep].rank + 1 {
                    out.push(Hop {
                        upper: rep,
                        lower: d,
                        weight: 0.5,
                    });
                }
            }
        }
    }
    out
}

/// Rank assignment.
mod rank {
    use super::Vertex;
    use crate::model::{Diagram, Endpoint};

    /// Ranks of the real vertices and which edges were reversed or dropped
    /// to make the constraints acyclic.
    pub struct Plan {
        n_real: usize,
        n_groups: usize,
        /// (from, to, minimum rank difference, edge index or None for a
        /// group-membership constraint)
        constraints: Vec<(usize, usize, usize, Option<usize>)>,
        pub reversed: Vec<bool>,
        /// Edges with a group end whose constraint was relaxed to the far
        /// side of the group to break a cycle through its border.
        pub weak: Vec<bool>,
        pub dropped: Vec<bool>,
        /// Head and tail fillers of every group an edge ends at.
        ghosts: Vec<Option<(usize, usize)>>,
        /// Per edge: whether it lies on a cycle of node and group ids, the
        /// cycles that excuse an edge pointing backwards. Those give way
        /// first when a cycle through a group border must be broken.
        pub in_cycle: Vec<bool>,
        /// The constraints that are hints (see `new`).
        hints: std::ops::Range<usize>,
        /// Whether hints give way only after every edge with a group end:
        /// when groups may reach beyond their members, those edges only
        /// constrain a group's centre, which the reach takes care of,
        /// while a hint given up leaves a centre no reach can find.
        hints_last: bool,
    }

    impl Plan {
        pub fn new(
            diagram: &Diagram,
            vertices: &[Vertex],
            group_path: &[Vec<usize>],
            ghosts: Vec<Option<(usize, usize)>>,
            hints_last: bool,
        ) -> Plan {
            let n_real = vertices.len();
            let n_groups = diagram.groups.len();
            let reversed = break_cycles(diagram);
            let g_in = |g: usize| n_real + 2 * g;
            let g_out = |g: usize| n_real + 2 * g + 1;
            let mut constraints = Vec::new();
            for (e, edge) in diagram.edges.iter().enumerate() {
                if edge.from == edge.to || holds(diagram, group_path, edge.from, edge.to) {
                    continue;
                }
                let (a, b) = if reversed[e] {
                    (edge.to, edge.from)
                } else {
                    (edge.from, edge.to)
                };
                let src = match a {
                    Endpoint::Node(i) => i,
                    Endpoint::Group(g) => g_out(g),
                };
                let dst = match b {
                    Endpoint::Node(i) => i,
                    Endpoint::Group(g) => g_in(g),
                };
                let minlen = if edge.label.is_some() { 2 } else { 1 };
                constraints.push((src, dst, minlen, Some(e)));
            }
            for (v, vertex) in vertices.iter().enumerate() {
                if let Some(g) = vertex.group {
                    constraints.push((g_in(g), v, 0, None));
                    constraints.push((v, g_out(g), 0, None));
                }
            }
            for (g, group) in diagram.groups.iter().enumerate() {
                if let Some(p) = group.parent {
                    constraints.push((g_in(p), g_in(g), 0, None));
                    constraints.push((g_out(g), g_out(p), 0, None));
                }
                constraints.push((g_in(g), g_out(g), 0, None));
            }
            // Hints: an edge into a group and one out of it want the group's
            // centre between their other ends (edges point along the flow
            // centre to centre), so the first should rank before the second.
            // That says something new when an end is inside the group or
            // the edge gets relaxed. Hints give way before anything else
            // when they close a cycle, unless groups may reach beyond their
            // members (`hints_last`).
            let in_cycle = edges_on_cycles(diagram);
            let hints_start = constraints.len();
            let mut into: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
            let mut out_of: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
            for (e, edge) in diagram.edges.iter().enumerate() {
                if in_cycle[e] || edge.from == edge.to {
                    continue;
                }
                if let Endpoint::Group(g) = edge.from {
                    out_of[g].push(match edge.to {
                        Endpoint::Node(i) => i,
                        Endpoint::Group(h) => g_in(h),
                    });
                }
                if let Endpoint::Group(g) = edge.to {
                    into[g].push(match edge.from {
                        Endpoint::Node(i) => i,
                        Endpoint::Group(h) => g_out(h),
                    });
                }
            }
            const MAX_HINTS: usize = 4096;
            // Nodes a chain of group edges carries along, per group.
            const MAX_REACHING: usize = 64;
            'groups: for (a_list, b_list) in into.iter().zip(&out_of) {
                for &a in a_list {
                    for &b in b_list {
                        if constraints.len() - hints_start >= MAX_HINTS {
                            break 'groups;
                        }
                        constraints.push((a, b, 1, None));
                    }
                }
            }
            if hints_last {
                // Along a chain of edges between groups (a -> g -> h -> b)
                // a node at the start must still rank before a node at
                // the end, for the centres between them to fit: the
                // hints a reach cannot make up for.
                let mut next: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
                for (e, edge) in diagram.edges.iter().enumerate() {
                    if let (Endpoint::Group(a), Endpoint::Group(b)) = (edge.from, edge.to) {
                        if !in_cycle[e] && a != b {
                            next[a].push(b);
                        }
                    }
                }
                let order = super::topological_order(&next);
                let nodes_of = |list: &[usize]| -> Vec<usize> {
                    list.iter().copied().filter(|&v| v < n_real).collect()
                };
                let mut reaching: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
                for &g in &order {
                    let mut from_here = reaching[g].clone();
                    from_here.extend(nodes_of(&into[g]));
                    from_here.sort_unstable();
                    from_here.dedup();
                    for &b in &next[g] {
                        reaching[b].extend_from_slice(&from_here);
                        reaching[b].sort_unstable();
                        reaching[b].dedup();
                        reaching[b].truncate(MAX_REACHING);
                    }
                }
                'chains: for g in 0..n_groups {
                    for &a in &reaching[g] {
                        for b in nodes_of(&out_of[g]) {
                            if constraints.len() - hints_start >= MAX_HINTS {
                                break 'chains;
                            }
                            if a != b {
                                constraints.push((a, b, 1, None));
                            }
                        }
                    }
                }
            }
            let hints = hints_start..constraints.len();
            Plan {
                n_real,
                n_groups,
                constraints,
                hints,
                hints_last,
                dropped: vec![false; diagram.edges.len()],
                weak: vec![false; diagram.edges.len()],
                ghosts,
                reversed,
                in_cycle,
            }
        }

        /// Longest-path ranks of the real vertices, starting at 0, after
        /// dropping any edge whose constraint still closes a cycle.
        pub fn ranks(&mut self) -> Vec<usize> {
            let plan = self;
            let n = plan.n_real + 2 * plan.n_groups;
            let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
            let mut indeg = vec![0usize; n];
            for (i, &(a, b, _, _)) in plan.constraints.iter().enumerate() {
                out_edges[a].push(i);
                indeg[b] += 1;
            }
            let mut alive = vec![true; plan.constraints.len()];
            let mut rank = vec![0usize; n];
            let mut done = vec![false; n];
            let mut queue: std::collections::VecDeque<usize> =
                (0..n).filter(|&v| indeg[v] == 0).collect();
            let mut in_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
            for (i, &(_, b, _, _)) in plan.constraints.iter().enumerate() {
                in_edges[b].push(i);
            }
            let mut processed = 0;
            let mut topo = Vec::with_capacity(n);
            while processed < n {
                while let Some(v) = queue.pop_front() {
                    done[v] = true;
                    processed += 1;
                    topo.push(v);
                    for &c in &out_edges[v] {
                        if !alive[c] {
                            continue;
                        }
                        let (_, b, len, _) = plan.constraints[c];
                        rank[b] = rank[b].max(rank[v] + len);
                        indeg[b] -= 1;
                        if indeg[b] == 0 {
                            queue.push_back(b);
                        }
                    }
                }
                if processed < n
                    && !plan.relax(&mut Kahn {
                        out_edges: &mut out_edges,
                        in_edges: &mut in_edges,
                        indeg: &mut indeg,
                        alive: &mut alive,
                        rank: &mut rank,
                        done: &done,
                        queue: &mut queue,
                    })
                {
                    break;
                }
            }
            // Pull a vertex with more edges out than in (a source above
            // all) towards its successors, as far as they and its groups
            // allow: an input does not sit far left of the node it feeds,
            // and the edges get shorter (fewer dummy vertices to cross).
            //
            // A group's entry, and a head or tail filler that no relaxed
            // edge ties to, move as late as what follows them allows: at
            // their earliest a group an edge comes into from far back
            // (`cloudwatch -> asg`, CloudWatch at the top of the drawing)
            // would reach back to just after that source, a tall empty box
            // over its members. So the group starts at its first member,
            // and the source is pulled along to it.
            let edges_of = |list: &[usize]| {
                list.iter()
                    .filter(|&&c| alive[c] && plan.constraints[c].3.is_some())
                    .count()
            };
            let mut tied = vec![false; n];
            for (c, &(a, b, _, e)) in plan.constraints.iter().enumerate() {
                if alive[c] && e.is_some() {
                    tied[a] = true;
                    tied[b] = true;
                }
            }
            let mut loose_filler = vec![false; n];
            for &(head, tail) in plan.ghosts.iter().flatten() {
                loose_filler[head] = !tied[head];
                loose_filler[tail] = !tied[tail];
            }
            let is_entry = |v: usize| v >= plan.n_real && (v - plan.n_real) % 2 == 0;
            for &v in topo.iter().rev() {
                let loose = is_entry(v) || loose_filler[v];
                if !loose && (v >= plan.n_real || edges_of(&out_edges[v]) <= edges_of(&in_edges[v]))
                {
                    continue;
                }
                // The latest rank what follows `v` allows (loose vertices
                // answer only to what is not loose itself).
                let latest = out_edges[v]
                    .iter()
                    .filter(|&&c| alive[c] && !(loose && loose_filler[plan.constraints[c].1]))
                    .map(|&c| {
                        let (_, b, len, _) = plan.constraints[c];
                        rank[b].saturating_sub(len)
                    })
                    .min();
                if let Some(latest) = latest {
                    rank[v] = rank[v].max(latest);
                }
            }
            let real = &rank[..plan.n_real];
            let low = real.iter().copied().min().unwrap_or(0);
            real.iter().map(|r| r - low).collect()
        }
    }

    /// The state of a topological sort in progress.
    struct Kahn<'a> {
        out_edges: &'a mut Vec<Vec<usize>>,
        in_edges: &'a mut Vec<Vec<usize>>,
        indeg: &'a mut Vec<usize>,
        alive: &'a mut Vec<bool>,
        rank: &'a mut Vec<usize>,
        done: &'a [bool],
        queue: &'a mut std::collections::VecDeque<usize>,
    }

    impl Plan {
        /// Breaks a cycle that closes through a group's border. Only an edge
        /// with a group end can be on such a cycle (edges between nodes
        /// alone were made acyclic by the depth-first search), so one of
        /// those gives way: first it is relaxed to the other side of its
        /// group (an edge into a group then only has to start before the
        /// group's last rank, an edge out of one only after its first), and
        /// if that still closes a cycle it is dropped. Returns false when
        /// nothing was left to relax.
        fn relax(&mut self, k: &mut Kahn<'_>) -> bool {
            let n_real = self.n_real;
            let is_group = |v: usize| v >= n_real;
            // Walk backwards along live constraints between waiting
            // vertices until a vertex repeats: that closes a cycle.
            let Some(mut v) = (0..k.done.len()).find(|&v| !k.done[v]) else {
                return false;
            };
            let mut seen_at: std::collections::HashMap<usize, usize> =
                std::collections::HashMap::new();
            let mut path: Vec<usize> = Vec::new();
            let cycle: &[usize] = loop {
                if let Some(&at) = seen_at.get(&v) {
                    break &path[at..];
                }
                seen_at.insert(v, path.len());
                let Some(&c) = k.in_edges[v]
                    .iter()
                    .find(|&&c| k.alive[c] && !k.done[self.constraints[c].0])
                else {
                    return false;
                };
                path.push(c);
                v = self.constraints[c].0;
            };
            // Which constraint gives way, best first: an edge with a group
            // end that lies on a cycle of ids anyway (so nothing promises it
            // points forwards), then any edge with a group end, then any
            // edge on a cycle, then any edge at all.
            // (An edge already relaxed ties to a group's head or tail.)
            let on_group = |c: usize| {
                let (a, b, _, e) = self.constraints[c];
                e.is_some_and(|e| self.hints_last && self.weak[e])
                    || (e.is_some() && (is_group(a) || is_group(b)))
            };
            let excused = |c: usize| self.constraints[c].3.is_some_and(|e| self.in_cycle[e]);
            // Relaxing an edge into a group ties it to the group's tail,
            // which only breaks the cycle when the cycle does not also run
            // out through the group's far side (and the same for an edge out
            // of a group and its near side).
            let on_cycle: std::collections::HashSet<usize> =
                cycle.iter().map(|&c| self.constraints[c].0).collect();
            let useful = |c: usize| {
                let (a, b, _, _) = self.constraints[c];
                (is_group(b) && (b - n_real) % 2 == 0 && !on_cycle.contains(&(b + 1)))
                    || (is_group(a) && (a - n_real) % 2 == 1 && !on_cycle.contains(&(a - 1)))
            };
            // A hint between two nodes is what a reach cannot make up for;
            // one with a group end asks for more than the group's centre.
            let hint = |c: usize| {
                let (a, b, _, _) = self.constraints[c];
                match (self.hints_last, is_group(a) || is_group(b)) {
                    (false, _) => 0,
                    (true, true) => 4,
                    (true, false) => 5,
                }
            };
            let preference = |c: usize| match (on_group(c), excused(c), useful(c)) {
                _ if self.hints.contains(&c) => hint(c),
                (true, true, _) => 1,
                (true, false, true) => 2,
                (true, false, false) => 4,
                (false, true, _) => 5,
                (false, false, _) => 6,
            };
            let Some(&c) = cycle
                .iter()
                .filter(|&&c| self.constraints[c].3.is_some() || self.hints.contains(&c))
                .min_by_key(|&&c| preference(c))
            else {
                return false;
            };
            let (a, b, len, e) = self.constraints[c];
            k.alive[c] = false;
            k.indeg[b] -= 1;
            if k.indeg[b] == 0 {
                k.queue.push_back(b);
            }
            let Some(e) = e else {
                return true;
            };
            if self.weak[e] {
                self.weak[e] = false;
                self.dropped[e] = true;
                return true;
            }
            self.weak[e] = true;
            // Out of a group's head, into a group's tail.
            let ghost = |v: usize, tail: bool| -> usize {
                if !is_group(v) {
                    return v;
                }
                let g = (v - n_real) / 2;
                match self.ghosts.get(g).copied().flatten() {
                    Some((head, t)) => {
                        if tail {
                            t
                        } else {
                            head
                        }
                    }
                    None => v,
                }
            };
            let (na, nb) = (ghost(a, false), ghost(b, true));
            let idx = self.constraints.len();
            self.constraints.push((na, nb, len, Some(e)));
            k.alive.push(true);
            k.out_edges[na].push(idx);
            k.in_edges[nb].push(idx);
            if k.done[nb] {
                k.alive[idx] = false;
            } else if k.done[na] {
                k.rank[nb] = k.rank[nb].max(k.rank[na] + len);
            } else {
                // `nb` may have been queued above, when the constraint just
                // dropped was its last: it must now wait for `na`, or it is
                // taken twice and in-degrees go below zero.
                k.queue.retain(|&q| q != nb);
                k.indeg[nb] += 1;
            }
            true
        }
    }

    /// True when one end is a group that holds the other.
    fn holds(diagram: &Diagram, group_path: &[Vec<usize>], a: Endpoint, b: Endpoint) -> bool {
        let inside = |g: usize, other: Endpoint| match other {
            Endpoint::Node(i) => diagram.nodes[i]
                .group
                .is_some_and(|h| group_path[h].contains(&g)),
            Endpoint::Group(h) => group_path[h].contains(&g),
        };
        matches!(a, Endpoint::Group(g) if inside(g, b))
            || matches!(b, Endpoint::Group(g) if inside(g, a))
    }

    /// For each edge, whether both its ends lie in one strongly connected
    /// component of the graph of nodes and groups (Tarjan, iteratively).
    pub fn edges_on_cycles(diagram: &Diagram) -> Vec<bool> {
        let n = diagram.nodes.len();
        let id = |e: Endpoint| match e {
            Endpoint::Node(i) => i,
            Endpoint::Group(g) => n + g,
        };
        let total = n + diagram.groups.len();
        let mut adj: Vec<Vec<usize>> = vec![Vec::new(); total];
        for edge in &diagram.edges {
            adj[id(edge.from)].push(id(edge.to));
        }
        let mut index = vec![usize::MAX; total];
        let mut low = vec![0usize; total];
        let mut on_stack = vec![false; total];
        let mut comp = vec![usize::MAX; total];
        let mut stack: Vec<usize> = Vec::new();
        let mut counter = 0;
        for root in 0..total {
            if index[root] != usize::MAX {
                continue;
            }
            let mut call: Vec<(usize, usize)> = vec![(root, 0)];
            index[root] = counter;
            low[root] = counter;
            counter += 1;
            stack.push(root);
            on_stack[root] = true;
            while let Some(&mut (v, ref mut next)) = call.last_mut() {
                if let Some(&w) = adj[v].get(*next) {
                    *next += 1;
                    if index[w] == usize::MAX {
                        index[w] = counter;
                        low[w] = counter;
                        counter += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        call.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                } else {
                    call.pop();
                    if let Some(&(parent, _)) = call.last() {
                        low[parent] = low[parent].min(low[v]);
                    }
                    if low[v] == index[v] {
                        while let Some(w) = stack.pop() {
                            on_stack[w] = false;
                            comp[w] = v;
                            if w == v {
                                break;
                            }
                        }
                    }
                }
            }
        }
        diagram
            .edges
            .iter()
            .map(|e| e.from == e.to || comp[id(e.from)] == comp[id(e.to)])
            .collect()
    }

    /// Depth-first search over nodes and groups as the edges connect them;
    /// the edges it finds pointing back to a vertex on its stack close a
    /// cycle and are reversed. Edges outside every cycle never are.
    fn break_cycles(diagram: &Diagram) -> Vec<bool> {
        let n = diagram.nodes.len();
        let id = |e: Endpoint| match e {
            Endpoint::Node(i) => i,
            Endpoint::Group(g) => n + g,
        };
        let total = n + diagram.groups.len();
        let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); total];
        for (e, edge) in diagram.edges.iter().enumerate() {
            if edge.from != edge.to {
                adj[id(edge.from)].push((id(edge.to), e));
            }
        }
        let mut reversed = vec![false; diagram.edges.len()];
        // 0 = unseen, 1 = on the stack, 2 = finished
        let mut state = vec![0u8; total];
        for root in 0..total {
            if state[root] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
            state[root] = 1;
            while let Some(&mut (v, ref mut next)) = stack.last_mut() {
                if let Some(&(w, e)) = adj[v].get(*next) {
                    *next += 1;
                    match state[w] {
                        0 => {
                            state[w] = 1;
                            stack.push((w, 0));
                        }
                        1 => reversed[e] = true,
                        _ => {}
                    }
                } else {
                    state[v] = 2;
                    stack.pop();
                }
            }
        }
        reversed
    }
}
