//! Processors: the small steps between the phases of the layered engine,
//! each adding one thing to the layered graph (after ELK Layered's
//! intermediate processors).
//!
//! In: p2's ranked graph (real vertices and group spans). Out: the graph
//! p3 orders: every edge a chain of vertices in consecutive ranks (or set
//! aside), label slots, self-loop room, every group present in every rank
//! it spans, rank lists and hops. `Step` in the layout module runs them
//! in this order after p2:
//!
//! 1. [`reach`]: groups reach over ranks beyond their members where an
//!    edge with a group end needs the group's centre there.
//! 2. [`long_edges`]: every edge becomes a chain with a vertex per rank it
//!    passes, or is set aside (self-loops, edges into groups, detours).
//! 3. [`label_vertices`]: the middle vertex of a labelled chain becomes
//!    its label's slot.
//! 4. [`self_loop_room`]: nodes with self-loops keep room for them.
//! 5. [`fillers`]: every group is present in every rank it spans.
//! 6. [`hops`]: the rank lists and the weighted hops p3 and p4 work on.
//!
//! After p3, [`flat_edges`] puts the two nodes of a flat edge side by side.

pub mod fillers;
pub mod flat_edges;
pub mod hops;
pub mod label_vertices;
pub mod long_edges;
pub mod reach;
pub mod self_loop_room;
