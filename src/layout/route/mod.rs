//! p5, routing: main-axis positions, orthogonal edge routing, and the final
//! geometry.
//!
//! In: the ordered layered graph (p3) and its cross-axis coordinates (p4).
//! Out: the [`Layout`]: boxes, polylines and labels in SVG user units.
//!
//! Ranks become columns (rows for top-down diagrams). Between two columns
//! lies a gap made of three zones: the borders of the groups that end, a
//! channel where edges turn, and the borders of the groups that begin. Edges
//! run straight through columns (each has a vertex of its own there, so no
//! node is in the way) and turn only on tracks inside the channels. Jogs
//! that leave the same port or reach the same port share a track; the
//! others are ordered so that as few cross as possible, and packed onto as
//! few tracks as their overlaps allow. Where an edge with a group end would
//! point backwards centre to centre, [`stretch`] lengthens groups along the
//! flow. Everything is computed with the flow running right or down and
//! mirrored at the end for left and up.
//!
//! [`finish`] lists the steps in order; each lives in a file of its own
//! that says what it needs and what it guarantees.

use super::layered::Graph;
use super::measure::{self, Sizes};
use super::place::Cross;
use super::Layout;
use crate::model::{Diagram, Direction};

mod assemble;
mod chains;
mod clash;
mod columns;
mod detours;
mod flat;
mod group_ports;
mod into_groups;
mod jogs;
mod label_boxes;
mod near_ends;
mod node_ports;
mod self_loops;
mod stations;
mod stretch;
mod titles;
mod zones;

/// Lays the graph out along the main axis, routes the edges and builds the
/// final [`Layout`].
pub fn finish(diagram: &Diagram, sizes: &Sizes, graph: &Graph, cross: &Cross) -> Layout {
    let input = Input {
        diagram,
        sizes,
        graph,
        cross,
    };
    // Along the flow: how long each column is and how deep the borders
    // of the groups reach before and after it.
    let loops = self_loops::plan(&input);
    let widths = columns::widths(&input, &loops);
    let borders = zones::BorderPlan::new(&input, [&widths.lead, &widths.tail]);
    // Across the flow: where each chain meets each rank, then the jogs
    // between ranks on tracks of their own.
    let stations = stations::cross_coordinates(&input);
    let jogs = jogs::plan(&input, &stations);
    let edges_into_groups = into_groups::plan(&input);
    // Along the flow again: channels, room for titles, stretched groups.
    let columns = columns::place(&input, widths, &borders, &jogs, &edges_into_groups);
    // The drawing in the engine's (u, v) coordinates.
    let mut drawn = Drawn::default();
    chains::draw(&input, &columns, &stations, &jogs, &mut drawn);
    flat::draw(&input, &columns, &mut drawn);
    self_loops::draw(&input, &columns, &loops, &mut drawn);
    into_groups::draw(&input, &columns, &edges_into_groups, &mut drawn);
    detours::draw(&input, &columns, &edges_into_groups.detours, &mut drawn);
    let label_boxes = label_boxes::collect(&input, &columns, &drawn);
    // On the page.
    assemble::layout(&input, &columns, drawn, &label_boxes)
}

/// What every routing step reads: the diagram, its measured sizes, the
/// ordered graph and its cross-axis coordinates.
pub(super) struct Input<'a> {
    pub diagram: &'a Diagram,
    pub sizes: &'a Sizes,
    pub graph: &'a Graph,
    pub cross: &'a Cross,
}

impl Input<'_> {
    pub fn horizontal(&self) -> bool {
        self.graph.horizontal
    }

    pub fn n_ranks(&self) -> usize {
        self.graph.ranks.len()
    }

    /// Group titles sit at each group's low end along the flow (top-down
    /// flows).
    pub fn low_title(&self) -> bool {
        !self.graph.horizontal && self.diagram.direction == Direction::Down
    }

    /// Group titles sit at each group's high end along the flow (bottom-up
    /// flows, before they are mirrored).
    pub fn high_title(&self) -> bool {
        !self.graph.horizontal && self.diagram.direction == Direction::Up
    }

    /// The room across the flow inside group `g`, within its padding and
    /// clear of its title band in left-right flows.
    pub fn group_range(&self, g: usize) -> (f64, f64) {
        let cross = self.cross;
        let lo = cross.group_low[g]
            + if self.horizontal() {
                measure::GROUP_TITLE_BAND
            } else {
                measure::GROUP_PAD
            };
        let hi = cross.group_high[g] - measure::GROUP_PAD;
        if lo <= hi {
            (lo, hi)
        } else {
            let m = (cross.group_low[g] + cross.group_high[g]) / 2.0;
            (m, m)
        }
    }
}

/// A polyline of one edge in the engine's (u along the flow, v across)
/// coordinates, and whether it runs against the edge's direction.
pub(super) type Path = (usize, Vec<[f64; 2]>, bool);

/// A label box in the engine's coordinates, `[u0, u1, v0, v1]`, by edge.
pub(super) type LabelBox = (usize, [f64; 4]);

/// What the drawing steps have produced so far, in the engine's
/// coordinates and in the order they ran (later polylines of an edge
/// replace earlier ones).
#[derive(Default)]
pub(super) struct Drawn {
    pub paths: Vec<Path>,
    pub loop_labels: Vec<LabelBox>,
    pub inner_labels: Vec<LabelBox>,
    pub lane_labels: Vec<LabelBox>,
    /// The lowest cross coordinate of everything but the detour lanes.
    pub v_min: f64,
}

/// Removes repeated and collinear points.
pub(in crate::layout) fn simplify(pts: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(pts.len());
    for p in pts {
        if let Some(last) = out.last() {
            if (last[0] - p[0]).abs() < 1e-6 && (last[1] - p[1]).abs() < 1e-6 {
                continue;
            }
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let same_x = (a[0] - b[0]).abs() < 1e-6 && (b[0] - p[0]).abs() < 1e-6;
            let same_y = (a[1] - b[1]).abs() < 1e-6 && (b[1] - p[1]).abs() < 1e-6;
            if same_x || same_y {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}
