//! House spacing shared by more than one phase of the layout engine.
//!
//! In: nothing. Out: the distances that placement (p4), routing (p5) and
//! the boxes on the page must agree on. A distance only one step uses
//! stays next to that step; one that two steps must agree on lives here,
//! so that no phase imports another for a number.

/// Distance between ports of parallel edges on one side of a node (and
/// between edges fanned out at a group's border).
pub const PORT_STEP: f64 = 10.0;

/// From a group's low border to the first place an edge may cross its
/// title band in a top-down flow, beyond the title's width.
pub const TITLE_CLEARANCE: f64 = 14.0;

/// From a group's border to the start of its title, along the border.
pub const TITLE_INSET: f64 = 8.0;

/// Clearance between a jog (or a run across a group) and a title it passes.
pub const TITLE_CLEAR: f64 = 6.0;

/// Gap between an edge label and the line it labels.
pub const LABEL_GAP: f64 = 3.0;
/// Room between a flat edge's label and the two nodes it runs between
/// (room for the arrowhead included).
pub const FLAT_LABEL_MARGIN: f64 = 16.0;

/// Self-loops: half height of the first loop, how far it reaches out of
/// its node, the step between nested loops, and the gap between stacked
/// labels (the node keeps room for them in p2, the router draws them).
pub const SELF_LOOP_HALF: f64 = 10.0;
pub const SELF_LOOP_OUT: f64 = 18.0;
pub const SELF_LOOP_NEST: f64 = 8.0;
pub const SELF_LOOP_LABEL_GAP: f64 = 2.0;
