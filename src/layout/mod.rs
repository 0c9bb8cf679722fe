//! Layout: the validated [`Diagram`] in, renderer-neutral geometry out.
//!
//! In: a [`Diagram`]. Out: a [`Layout`] holding every box, polyline and
//! label position the renderer draws, in the exact shape of
//! `layout-json.md` (serialised by `archflow layout`).
//!
//! # Why our own engine
//!
//! Measured on this machine, none of the existing engines fits: layout-rs
//! flattens clusters and is cubic in practice (60 s at 1 000 nodes), the
//! `dagre` crate routes edges through containers and takes seconds at
//! 1 000 nodes, and Graphviz dot fails on large clustered graphs without
//! `newrank`. So archflow has a compound layered (Sugiyama) engine of its
//! own, after the model of ELK's layered algorithm and Sander's work on
//! compound graphs, with costs that grow near-linearly:
//!
//! The engine runs in phases, after ELK Layered, each in a file (or
//! folder) of its own that opens with what it needs and what it
//! guarantees; `Step` lists them in order and `Intermediate::advance`
//! is the one place that calls them:
//!
//! - `measure.rs`: the size of everything that holds text.
//! - p1 `cycles.rs`: a depth-first search reverses the edges that close a
//!   cycle (only edges on a cycle).
//! - p2 `layers/`: sibling groups joined by edges both ways become units
//!   (`units.rs`): one order along the flow by the majority of their edges
//!   (file order first), the edges against it turned round (guarantee 7
//!   excuses them at their level), each unit ranked wholly after the one
//!   before; the engine keeps that only where it adds no crossing. Then a
//!   rank per node along `direction`: edges to a group
//!   rank after or before all its members; labelled edges span two ranks
//!   so that their label gets a slot of its own. A cycle that only closes
//!   through a group border gives way at an edge the guarantees excuse
//!   (one on a cycle of ids) where it can, and an edge into a group and one
//!   out of it hint that their other ends rank in that order, so that the
//!   group's centre fits between.
//! - `processors/`: groups reaching beyond their members, long edges
//!   split into chains of dummy vertices that stay inside the groups they
//!   travel through, label vertices, room for self-loops, fillers, hops.
//! - p3 `order.rs`: crossings minimised with barycentre sweeps whose sort
//!   keys follow the group tree, so the members of every group stay
//!   contiguous in every rank and sibling groups keep one order across
//!   ranks (which is what keeps their rectangles from overlapping); a
//!   transpose pass then swaps neighbouring vertices, a vertex and a group
//!   block, or two sibling groups wherever that removes crossings. Running
//!   an edge through a group that holds neither end counts as a crossing
//!   too.
//! - p4 `place.rs`: cross-axis coordinates from a small quadratic program:
//!   every vertex wants to sit level with its neighbours (chains come out
//!   straight, fan-outs balanced) subject to separation constraints that
//!   encode node spacing, group padding and title bands, solved by the
//!   block-merging VPSC algorithm of Dwyer, Marriott and Stuckey
//!   (`vpsc.rs`). A last pass puts each long edge's bend points on one line
//!   where the constraints allow, and lines up neighbours the solver left
//!   a unit or so apart. Self-loops stand on the side of their node that
//!   no edge uses, in room the node keeps outside its box.
//! - p5 `route/`: the ranks placed along the main axis with room for
//!   group borders and for the tracks of orthogonal edges (`tracks.rs`
//!   orders and packs the jogs of each channel), groups stretched where an
//!   edge with a group end would otherwise point backwards centre to
//!   centre (step by step, then as one linear program, `simplex.rs`), room
//!   where a jog would run through a group's title, every polyline, label
//!   and box built, and `emit.rs` maps them onto the page for the flow's
//!   direction; `labels.rs` then moves labels clear of what they overlap.
//!
//! Where the router cannot stretch every group's centre past the other end
//! of its edges, the whole engine runs again with groups that reach over
//! ranks beyond their members as far as those centres need (diagrams of
//! 1 000 nodes and more start with those), and if need be once more with
//! those centres a whole rank clear. Shared spacing lives in `spacing.rs`,
//! the group tree in `groups.rs`, the layered graph every phase reads in
//! `layered.rs`.
//!
//! Flow-format v1.1 wraps the engine ([`layout_with_notes`]): `view`
//! hands it a diagram with target-first edges (`a <- b`) turned round,
//! border nodes inside their `on` group and overlay groups left out;
//! `levels` excuses an edge only on a cycle at its own level (guarantee
//! 7) and leaves free edges (`constraint = false`) out of the ranking;
//! `view` also ranks the nodes of an overlay alike where no cycle forbids
//! it; afterwards `border` moves each border node onto one of its group's
//! four sides, in a band `insert` opens, and `overlay` boxes each
//! overlay's nodes below the titles of their groups (or reports why it
//! cannot).
//!
//! Every guarantee of layout-json.md follows from the construction: nodes
//! only live in rank columns, edges only turn in the gaps between them,
//! labels are vertices of their own, and groups are the hulls of contiguous
//! blocks.

// No function of the engine runs over 120 lines (clippy.toml sets the
// threshold); `place::constraints` (141) is the one left, in a file under
// other hands at the time of the split.
#![deny(clippy::too_many_lines)]

mod balance;
mod border;
mod compact;
mod crossings;
mod cycles;
mod emit;
mod ends;
mod groups;
mod heads;
mod insert;
mod labels;
mod layered;
mod layers;
mod levels;
mod loose;
mod measure;
mod order;
mod overlay;
#[cfg(test)]
mod phase_tests;
mod place;
mod processors;
mod route;
mod shared_labels;
mod simplex;
mod spacing;
mod stairs;
mod tracks;
mod view;
mod vpsc;

pub use emit::{label_box, text_block};
pub use measure::kind_has_icon;
/// The house sizes the icon contact sheet shares with the engine.
pub(crate) use measure::{
    GROUP_ICON, GROUP_PAD, GROUP_TITLE_H, GROUP_TITLE_SIZE, ICON, ICON_LABEL_GAP, LABEL_LINE,
    LABEL_SIZE, MARGIN, SUBTITLE_LINE, SUBTITLE_SIZE, TITLE_GAP, TITLE_LINE, TITLE_SIZE,
};
pub(crate) use spacing::TITLE_INSET;

use crate::model::Diagram;
use layered::Spans;
use serde::Serialize;

/// A layout engine: a validated diagram in, geometry out. Engines are
/// interchangeable behind this one function type.
pub type Engine = fn(&Diagram) -> Layout;

/// The default engine.
pub const DEFAULT_ENGINE: Engine = layered_engine;

/// Lays out `diagram` with the default engine.
pub fn layout(diagram: &Diagram) -> Layout {
    layout_with_notes(diagram).0
}

/// What a layout could not do as the file asks: warnings (drawn anyway)
/// and errors (the diagram should not be drawn).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    pub warnings: Vec<String>,
    pub errors: Vec<Refusal>,
}

/// An overlay group the layout could not draw: the group's index in
/// `Diagram::groups`, and the reason (its `Display`, which names the group).
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub group: usize,
    pub message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A refusal reads as its message where notes are compared with text.
impl PartialEq<String> for Refusal {
    fn eq(&self, other: &String) -> bool {
        self.message == *other
    }
}

/// Lays out `diagram` with the default engine, with what it could not do.
pub fn layout_with_notes(diagram: &Diagram) -> (Layout, Notes) {
    let Some(view) = view::engine_view(diagram) else {
        let mut layout = layered_engine(diagram);
        compact::close_bands(&mut layout);
        emit::round_layout(&mut layout);
        return (layout, Notes::default());
    };
    let sizes = measure::measure(diagram);
    // The engine's layout of the view back on the diagram, with its border
    // nodes and overlays placed.
    let v11 = |laid: Layout| {
        let mut notes = Notes::default();
        let mut layout = view::restore(diagram, laid);
        border::place(diagram, &sizes, &mut layout, &mut notes);
        overlay::place(diagram, &sizes, &mut layout, &mut notes);
        (layout, notes)
    };
    let (mut layout, mut notes) = v11(layered_engine(&view));
    // Sibling units may rank an overlay's members apart: then the
    // engine's old ranking, if that draws the overlay.
    if !notes.errors.is_empty() && cycles::has_units(&view) {
        let (laid, _) = layered_with(&view, &measure::measure(&view), false);
        let (plain, plain_notes) = v11(laid);
        if plain_notes.errors.len() < notes.errors.len() {
            (layout, notes) = (plain, plain_notes);
        }
    }
    // Nodes the ranking left inside an overlay's box, ranked clear of
    // its nodes where the edges give them the slack.
    let mut view = view;
    for _ in 0..CLEARING_TRIES {
        let clearing = overlay::clearing_edges(diagram, &view.edges, &layout, &notes.errors);
        if clearing.is_empty() {
            break;
        }
        view.edges.extend(clearing);
        let (cleared, cleared_notes) = v11(layered_engine(&view));
        if cleared_notes.errors.len() >= notes.errors.len() {
            break;
        }
        (layout, notes) = (cleared, cleared_notes);
    }
    // Border placement re-routes the edges it touches: their ends meet
    // the icons again (G6).
    ends::meet_ink(&mut layout);
    // A border node leaves the room it had inside its group empty.
    compact::close_bands(&mut layout);
    emit::round_layout(&mut layout);
    (layout, notes)
}

/// How many times the layout runs again with the nodes found inside a
/// refused overlay's box ranked clear of it (each run may uncover the
/// next such node).
const CLEARING_TRIES: usize = 3;

/// archflow's compound layered engine (see the module docs).
///
/// Sibling groups joined both ways rank as units (`layers/units.rs`) when
/// that leaves no more edges pointing backwards and no more crossings than
/// ranking them as before; diagrams of [`REACH_FIRST`] nodes and more keep
/// the old ranking (the comparison would double their time).
pub fn layered_engine(diagram: &Diagram) -> Layout {
    let sizes = measure::measure(diagram);
    let units = diagram.nodes.len() < REACH_FIRST
        && cycles::has_units(diagram)
        && units_change_ranks(diagram, &sizes);
    let (layout, backward) = layered_with(diagram, &sizes, units);
    if !units {
        return layout;
    }
    let (plain, plain_backward) = layered_with(diagram, &sizes, false);
    let with_units = (backward, crossings::crossing_pairs(&layout));
    if with_units <= (plain_backward, crossings::crossing_pairs(&plain)) {
        layout
    } else {
        plain
    }
}

/// Whether ranking with sibling units gives other ranks, reversed edges or
/// cycles than ranking without, for any of the spans the engine tries: if
/// not, the two layouts are the same and the engine need not run twice.
fn units_change_ranks(diagram: &Diagram, sizes: &measure::Sizes) -> bool {
    let ranked = |spans: Spans, units: bool| {
        let state = run(diagram, sizes, spans, units, Step::Layers);
        let graph = &state.layering.graph;
        let ranks: Vec<usize> = graph.vertices.iter().map(|v| v.rank).collect();
        (
            ranks,
            state.cycles.reversed,
            graph.in_cycle.clone(),
            state.layering.dropped,
        )
    };
    [Spans::OfMembers, Spans::ClearOfEdges { margin: 1 }]
        .into_iter()
        .any(|spans| ranked(spans, true) != ranked(spans, false))
}

/// The engine with or without sibling units: its layout and how many edges
/// point backwards in it.
fn layered_with(diagram: &Diagram, sizes: &measure::Sizes, units: bool) -> (Layout, usize) {
    let run = |spans: Spans| {
        let state = run(diagram, sizes, spans, units, Step::Route);
        let Some(layout) = state.layout else {
            unreachable!("the route step makes the layout");
        };
        let backward = edges_pointing_back(diagram, &state.layering.graph.in_cycle, &layout);
        (layout, backward)
    };
    // Groups span their members, and the router stretches them where an
    // edge with a group end would point backwards. Where that cannot mend
    // every such edge (a cycle through a group and what it holds), the
    // groups reach over ranks beyond their members and the layout runs
    // again; where even that leaves one, the groups reach a whole rank
    // clear of the other ends (columns of unequal length can move a
    // centre by more than half a rank). Large diagrams take the reaching
    // groups first: there the stretch seldom mends everything and widens
    // the drawing a lot.
    let reach = Spans::ClearOfEdges { margin: 1 };
    let reach_further = Spans::ClearOfEdges { margin: 2 };
    let tries = if diagram.nodes.len() >= REACH_FIRST {
        [reach, Spans::OfMembers, reach_further]
    } else {
        [Spans::OfMembers, reach, reach_further]
    };
    let (mut best, mut fewest) = run(tries[0]);
    for &spans in &tries[1..] {
        if fewest == 0 {
            break;
        }
        let (layout, backward) = run(spans);
        if backward < fewest {
            (best, fewest) = (layout, backward);
        }
    }
    (best, fewest)
}

/// The steps of one run of the engine, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Step {
    /// p1: which edges point against the ranks.
    Cycles,
    /// p2: a rank for every node.
    Layers,
    /// Groups reaching over ranks beyond their members.
    Reach,
    /// Every edge a chain, or set aside for a router of its own.
    LongEdges,
    /// Edge labels in vertices of their own.
    LabelVertices,
    /// Room beside nodes for their self-loops.
    SelfLoopRoom,
    /// Every group present in every rank it spans.
    Fillers,
    /// Rank lists and weighted hops.
    Hops,
    /// p3: the order within each rank.
    Order,
    /// The two nodes of a flat edge side by side.
    FlatEdges,
    /// p4: coordinates across the flow.
    Place,
    /// p5: coordinates along the flow, polylines, the page.
    Route,
}

impl Step {
    /// Every step, in order.
    pub(crate) const ALL: [Step; 12] = [
        Step::Cycles,
        Step::Layers,
        Step::Reach,
        Step::LongEdges,
        Step::LabelVertices,
        Step::SelfLoopRoom,
        Step::Fillers,
        Step::Hops,
        Step::Order,
        Step::FlatEdges,
        Step::Place,
        Step::Route,
    ];
}

/// What the steps have made so far.
#[derive(Debug, Clone, Default)]
pub(crate) struct Intermediate {
    /// Whether sibling groups joined both ways rank as units.
    pub units: bool,
    /// p1's reversed edges and edges on cycles.
    pub cycles: cycles::Cycles,
    /// The layered graph (from p2 on) and the edges ranking dropped.
    pub layering: layers::Layering,
    /// What each group's members cover and how long a reach is.
    pub reach: processors::reach::Reach,
    /// p4's coordinates across the flow.
    pub cross: Option<place::Cross>,
    /// p5's layout.
    pub layout: Option<Layout>,
}

impl Intermediate {
    /// Runs one step on what the steps before it made.
    fn advance(&mut self, diagram: &Diagram, sizes: &measure::Sizes, spans: Spans, step: Step) {
        let graph = &mut self.layering.graph;
        match step {
            Step::Cycles => self.cycles = cycles::break_cycles(diagram, self.units),
            Step::Layers => self.layering = layers::assign(diagram, sizes, &self.cycles, spans),
            Step::Reach => self.reach = processors::reach::reach(graph, diagram, spans),
            Step::LongEdges => {
                let dropped = &self.layering.dropped;
                processors::long_edges::split(graph, diagram, &self.cycles.reversed, dropped);
            }
            Step::LabelVertices => processors::label_vertices::insert(graph, sizes),
            Step::SelfLoopRoom => processors::self_loop_room::make_room(graph, diagram, sizes),
            Step::Fillers => processors::fillers::add(graph, &self.reach),
            Step::Hops => processors::hops::index(graph),
            Step::Order => order::minimise_crossings(graph),
            Step::FlatEdges => processors::flat_edges::adjoin(graph),
            Step::Place => self.cross = Some(place::assign(graph, sizes)),
            Step::Route => {
                if let Some(cross) = &self.cross {
                    let mut layout = route::finish(diagram, sizes, graph, cross);
                    // Ends onto the icons (G6), one label per fan.
                    ends::meet_ink(&mut layout);
                    heads::part_heads(&mut layout);
                    shared_labels::share_fan_labels(&mut layout);
                    self.layout = Some(layout);
                }
            }
        }
    }
}

/// Runs the engine's steps on `diagram` with groups spanning as `spans`
/// says, up to and including `last`.
fn run(
    diagram: &Diagram,
    sizes: &measure::Sizes,
    spans: Spans,
    units: bool,
    last: Step,
) -> Intermediate {
    let mut state = Intermediate {
        units,
        ..Intermediate::default()
    };
    for step in Step::ALL.into_iter().take_while(|&s| s <= last) {
        state.advance(diagram, sizes, spans, step);
    }
    state
}

/// The steps up to and including `last`, with groups spanning their
/// members (the first try of the engine for all but large diagrams): for
/// tests of each phase on its own.
#[cfg(test)]
pub(crate) fn run_until(diagram: &Diagram, last: Step) -> Intermediate {
    run(
        diagram,
        &measure::measure(diagram),
        Spans::OfMembers,
        true,
        last,
    )
}

/// From this many nodes on, groups reach beyond their members in the first
/// layout. Measured on gen-flow flows: at 1 000 nodes (seeds 1-5) the
/// stretch left an edge pointing backwards in 2 of 10 and the reaching
/// groups gave 2 % fewer crossings and drawings 35 % narrower; at 100 nodes
/// they gave 3 % more crossings.
const REACH_FIRST: usize = 1000;

/// How many edges point backwards along the flow, centre to centre, without
/// lying on a cycle of ids (`in_cycle`) that excuses them: the edges
/// guarantee 7 of layout-json.md is about.
fn edges_pointing_back(diagram: &Diagram, in_cycle: &[bool], layout: &Layout) -> usize {
    use crate::model::{Direction, Endpoint};
    let centre = |end: Endpoint| -> (f64, f64) {
        let (x, y, w, h) = match end {
            Endpoint::Node(i) => {
                let n = &layout.nodes[i].rect;
                (n.x, n.y, n.w, n.h)
            }
            Endpoint::Group(g) => {
                let g = &layout.groups[g].rect;
                (g.x, g.y, g.w, g.h)
            }
        };
        (x + w / 2.0, y + h / 2.0)
    };
    diagram
        .edges
        .iter()
        .zip(in_cycle)
        .filter(|(edge, &cyc)| !cyc && edge.from != edge.to)
        .filter(|(edge, _)| {
            let (s, t) = (centre(edge.from), centre(edge.to));
            match diagram.direction {
                Direction::Right => t.0 < s.0 - 1.0,
                Direction::Left => t.0 > s.0 + 1.0,
                Direction::Down => t.1 < s.1 - 1.0,
                Direction::Up => t.1 > s.1 + 1.0,
            }
        })
        .count()
}

/// An axis-aligned box; `x`, `y` is the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    /// Whether the two boxes share more than `tol` in both directions
    /// (boxes that only touch, or overlap by rounding, do not).
    pub fn overlaps(&self, other: &Rect, tol: f64) -> bool {
        self.x < other.right() - tol
            && other.x < self.right() - tol
            && self.y < other.bottom() - tol
            && other.y < self.bottom() - tol
    }
    /// Whether the axis-parallel segment `p`-`q` passes through the box's
    /// inside by more than half a unit (running along or touching its
    /// border is not passing).
    pub fn passed_by(&self, p: [f64; 2], q: [f64; 2]) -> bool {
        let (x0, x1) = (p[0].min(q[0]), p[0].max(q[0]));
        let (y0, y1) = (p[1].min(q[1]), p[1].max(q[1]));
        x0 < self.right() - 0.5
            && x1 > self.x + 0.5
            && y0 < self.bottom() - 0.5
            && y1 > self.y + 0.5
    }
}

/// Lines of text laid out in a box: each line's baseline and centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextBlock {
    /// The wrapped lines, top to bottom.
    pub lines: Vec<String>,
    /// Font size in user units.
    pub size: f64,
    /// Baseline y of the first line; the others follow every `line_height`.
    pub baseline: f64,
    pub line_height: f64,
    /// Horizontal anchor of every line: `"middle"` lines are centred on
    /// `anchor_x`, `"start"` lines begin there.
    pub anchor: &'static str,
    pub anchor_x: f64,
}

/// The diagram title (and subtitle).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TitleBox {
    /// The box; `x`, `y`, `w`, `h` in the JSON.
    #[serde(flatten)]
    pub rect: Rect,
    pub text: TextBlock,
    pub subtitle: Option<TextBlock>,
}

/// A node's box: its icon on top and its label below.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeBox {
    pub id: String,
    pub icon: String,
    pub label: String,
    pub group: Option<String>,
    /// A border node's group: the one on whose border its icon sits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub on: Option<String>,
    /// The box; `x`, `y`, `w`, `h` in the JSON.
    #[serde(flatten)]
    pub rect: Rect,
    pub icon_box: Rect,
    /// The extent of the label's text, absent when the node has no label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_box: Option<Rect>,
    pub label_text: TextBlock,
}

/// A group's box with its title (tab icon and name) at the top left.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupBox {
    pub id: String,
    pub kind: &'static str,
    pub label: String,
    pub parent: Option<String>,
    /// An overlay group's nodes (`spans`); absent for other groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<String>,
    pub depth: usize,
    /// The box; `x`, `y`, `w`, `h` in the JSON.
    #[serde(flatten)]
    pub rect: Rect,
    pub title: Rect,
    /// Where the tab icon goes (None for kinds that have none).
    pub title_icon: Option<Rect>,
    pub title_text: TextBlock,
}

/// An edge label's box and text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgeLabel {
    pub text: String,
    /// The box; `x`, `y`, `w`, `h` in the JSON.
    #[serde(flatten)]
    pub rect: Rect,
    pub lines: TextBlock,
}

/// A drawn edge: a polyline from the source's border to the target's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgePath {
    pub from: String,
    pub to: String,
    pub style: &'static str,
    pub arrow: &'static str,
    /// Written target-first (`a <- b`): `to` is placed before `from`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reversed: bool,
    /// False for `constraint = false`: free of the flow's order.
    #[serde(skip_serializing_if = "is_true")]
    pub constraint: bool,
    pub points: Vec<[f64; 2]>,
    pub label: Option<EdgeLabel>,
}

/// For serde: a field left out when it holds its default, `true`.
fn is_true(b: &bool) -> bool {
    *b
}

/// The whole geometry of one diagram (layout-json.md).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub direction: &'static str,
    pub title: Option<TitleBox>,
    pub nodes: Vec<NodeBox>,
    pub groups: Vec<GroupBox>,
    pub edges: Vec<EdgePath>,
}

impl Layout {
    /// The layout as the JSON of layout-json.md, byte-for-byte
    /// deterministic.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and finite numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
