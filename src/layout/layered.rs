//! The layered graph: the value every phase of the engine reads and the
//! first four refine.
//!
//! In: nothing (types only). Out: a [`Graph`]: every vertex (nodes,
//! edge-label slots, dummy vertices of long edges, place-holders of empty
//! groups, fillers that keep a group present in every rank it spans) with
//! its rank, its innermost group and its extent around its port; every
//! edge as a [`Chain`] of vertices from its lower-ranked end to its
//! higher-ranked one; the span of ranks of every group; and the queries on
//! them that several phases share. p2 ([`layers`](super::layers)) fills in
//! the ranked real vertices and the spans, the processors
//! ([`processors`](super::processors)) the chains and the other vertices,
//! p3 ([`order`](super::order)) the order within each rank.

use crate::model::Endpoint;

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
    pub fn point(kind: VKind, rank: usize, group: Option<usize>, len: f64) -> Vertex {
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

impl From<Endpoint> for End {
    fn from(end: Endpoint) -> End {
        match end {
            Endpoint::Node(i) => End::Vertex(i),
            Endpoint::Group(g) => End::Group(g),
        }
    }
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
#[derive(Debug, Clone, Default)]
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
    /// Free edges (`constraint = false`) between two nodes that ranking
    /// put in one rank: drawn straight across the flow when the nodes end
    /// up next to each other ([`flat_edges`]), else moved to `detours`:
    /// (edge, source vertex, target vertex).
    ///
    /// [`flat_edges`]: crate::layout::processors::flat_edges
    pub flat: Vec<(usize, usize, usize)>,
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
    /// Each group's children, in file order.
    pub group_children: Vec<Vec<usize>>,
    /// Every group, deepest first (groups of one depth in file order).
    pub deepest_first: Vec<usize>,
}

impl Graph {
    /// The groups holding vertex `v`, outermost first.
    pub fn path_of(&self, v: usize) -> &[usize] {
        match self.vertices[v].group {
            Some(g) => &self.group_path[g],
            None => &[],
        }
    }

    /// Whether group `g` holds `end` (a vertex inside it or inside a group
    /// it holds, or a group nested in it); no group holds itself.
    pub fn holds(&self, g: usize, end: End) -> bool {
        match end {
            End::Vertex(v) => self.path_of(v).contains(&g),
            End::Group(h) => h != g && self.group_path[h].contains(&g),
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
pub const SEP_NODE: f64 = 30.0;
pub const SEP_LABEL: f64 = 10.0;
pub const SEP_DUMMY: f64 = 10.0;

/// How far a group's span of ranks reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spans {
    /// From its first member's rank to its last's.
    OfMembers,
    /// Beyond its members where an edge with a group end needs the group's
    /// centre elsewhere (see [`reach`](super::processors::reach)), the
    /// centre `margin` half ranks clear of the edge's other end.
    ClearOfEdges { margin: i64 },
}

impl Spans {
    /// Whether ranking gives up hints only after every edge with a group
    /// end (see [`layers`](super::layers)): when groups may reach beyond
    /// their members.
    pub fn hints_last(self) -> bool {
        matches!(self, Spans::ClearOfEdges { .. })
    }
}
