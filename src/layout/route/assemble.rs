//! Assembly: the drawing in the engine's coordinates onto the page.
//!
//! In: the columns, the placement, every polyline and label box in the
//! engine's (u along the flow, v across) coordinates, and the measured
//! sizes. Out: the [`Layout`]: the page frame (the bounding box of
//! everything, after the margin and the diagram title, mirrored for left
//! and up flows), node and group boxes, edges in the diagram's order with
//! their points running from source to target, the title block; then
//! labels moved clear of what they overlap ([`labels`]) and every
//! coordinate rounded ([`round_layout`]).
//!
//! [`labels`]: crate::layout::labels

use super::columns::Columns;
use super::titles::{title_anchor, TitleAnchor};
use super::{Drawn, Input, Path};
use crate::layout::emit::{group_box, node_box, round_layout, text_block, Bounds, Frame};
use crate::layout::layered::VKind;
use crate::layout::{measure, EdgeLabel, EdgePath, GroupBox, Layout, NodeBox, Rect, TitleBox};
use std::collections::HashMap;

/// The page: frame, boxes, edges and title.
pub(super) fn layout(
    input: &Input,
    columns: &Columns,
    drawn: Drawn,
    label_boxes: &HashMap<usize, [f64; 4]>,
) -> Layout {
    let (diagram, sizes) = (input.diagram, input.sizes);
    let bounds = bounds(input, columns, &drawn, label_boxes);
    // The frame: abstract (u, v) to page (x, y).
    let top = measure::MARGIN + sizes.title_h + measure::TITLE_GAP;
    let (span_x, span_y) = if input.horizontal() {
        (bounds.u1 - bounds.u0, bounds.v1 - bounds.v0)
    } else {
        (bounds.v1 - bounds.v0, bounds.u1 - bounds.u0)
    };
    let frame = Frame {
        direction: diagram.direction,
        bounds,
        left: measure::MARGIN,
        top,
    };
    let width_px = (measure::MARGIN * 2.0 + span_x.max(sizes.title_w)).ceil();
    let height_px = (top + span_y + measure::MARGIN).ceil();
    let mut layout = Layout {
        width: width_px,
        height: height_px,
        direction: diagram.direction.as_str(),
        title: Some(title_box(input)),
        nodes: node_boxes(input, columns, &frame),
        groups: group_boxes(input, columns, &frame),
        edges: edge_paths(input, &frame, drawn.paths, label_boxes),
    };
    crate::layout::labels::keep_clear(&mut layout);
    round_layout(&mut layout);
    layout
}

/// Bounding box of everything in the engine's coordinates (all zero for
/// an empty drawing).
fn bounds(
    input: &Input,
    columns: &Columns,
    drawn: &Drawn,
    label_boxes: &HashMap<usize, [f64; 4]>,
) -> Bounds {
    let (graph, cross) = (input.graph, input.cross);
    let mut bounds = Bounds::default();
    for (v, vx) in graph.vertices.iter().enumerate() {
        if matches!(vx.kind, VKind::Node(_)) {
            let (u0, u1) = columns.vertex_u(input, v);
            bounds.add(u0, cross.port[v] - vx.reach_before());
            bounds.add(u1, cross.port[v] + vx.reach_after());
        }
    }
    for g in 0..graph.span.len() {
        let (u0, u1) = columns.group_u(input, g);
        bounds.add(u0, cross.group_low[g]);
        bounds.add(u1, cross.group_high[g]);
    }
    for b in label_boxes.values() {
        bounds.add(b[0], b[2]);
        bounds.add(b[1], b[3]);
    }
    for (_, pts, _) in &drawn.paths {
        for p in pts {
            bounds.add(p[0], p[1]);
        }
    }
    bounds.add(0.0, drawn.v_min);
    bounds.add(columns.last_u(), drawn.v_min);
    if !bounds.valid() {
        bounds = Bounds {
            u0: 0.0,
            u1: 0.0,
            v0: 0.0,
            v1: 0.0,
        };
    }
    bounds
}

/// Node boxes on the page.
fn node_boxes(input: &Input, columns: &Columns, frame: &Frame) -> Vec<NodeBox> {
    let (graph, cross) = (input.graph, input.cross);
    (0..input.diagram.nodes.len())
        .map(|i| {
            let vx = &graph.vertices[i];
            let (u0, u1) = columns.vertex_u(input, i);
            let r = frame.rect(u0, u1, cross.port[i] - vx.before, cross.port[i] + vx.after);
            node_box(input.diagram, input.sizes, i, r)
        })
        .collect()
}

/// Group boxes on the page.
fn group_boxes(input: &Input, columns: &Columns, frame: &Frame) -> Vec<GroupBox> {
    let cross = input.cross;
    (0..input.diagram.groups.len())
        .map(|g| {
            let (u0, u1) = columns.group_u(input, g);
            let r = frame.rect(u0, u1, cross.group_low[g], cross.group_high[g]);
            // AZ and Auto Scaling group names are centred (style.md) where
            // edges do not come in through the title band.
            let centred =
                input.horizontal() && title_anchor(input.diagram, g) == TitleAnchor::Centre;
            group_box(input.diagram, input.sizes, g, r, centred)
        })
        .collect()
}

/// Edges, in the diagram's order.
fn edge_paths(
    input: &Input,
    frame: &Frame,
    paths: Vec<Path>,
    label_boxes: &HashMap<usize, [f64; 4]>,
) -> Vec<EdgePath> {
    let (diagram, sizes) = (input.diagram, input.sizes);
    let mut by_edge: Vec<Option<(Vec<[f64; 2]>, bool)>> = vec![None; diagram.edges.len()];
    for (e, pts, reversed) in paths {
        by_edge[e] = Some((pts, reversed));
    }
    diagram
        .edges
        .iter()
        .enumerate()
        .map(|(e, edge)| {
            let (pts, reversed) = by_edge[e].take().unwrap_or_default();
            let mut points: Vec<[f64; 2]> = pts.iter().map(|p| frame.point(p[0], p[1])).collect();
            if reversed {
                points.reverse();
            }
            let label = match (
                &edge.label,
                label_boxes.get(&e),
                sizes.edge_labels[e].as_ref(),
            ) {
                (Some(t), Some(b), Some(size)) => {
                    let r = frame.rect(b[0], b[1], b[2], b[3]);
                    Some(EdgeLabel {
                        text: t.clone(),
                        rect: r,
                        lines: text_block(
                            &size.lines,
                            measure::EDGE_LABEL_SIZE,
                            measure::EDGE_LABEL_LINE,
                            r.y + 1.0,
                            "middle",
                            r.x + r.w / 2.0,
                        ),
                    })
                }
                _ => None,
            };
            EdgePath {
                from: diagram.endpoint_id(edge.from).to_string(),
                to: diagram.endpoint_id(edge.to).to_string(),
                style: edge.style.as_str(),
                arrow: edge.arrow.as_str(),
                reversed: edge.reversed,
                constraint: edge.constraint,
                points,
                label,
            }
        })
        .collect()
}

/// The diagram title and subtitle at the top left.
fn title_box(input: &Input) -> TitleBox {
    let sizes = input.sizes;
    TitleBox {
        rect: Rect {
            x: measure::MARGIN,
            y: measure::MARGIN,
            w: sizes.title_w,
            h: sizes.title_h,
        },
        text: text_block(
            &sizes.title_lines,
            measure::TITLE_SIZE,
            measure::TITLE_LINE,
            measure::MARGIN,
            "start",
            measure::MARGIN,
        ),
        subtitle: (!sizes.subtitle_lines.is_empty()).then(|| {
            text_block(
                &sizes.subtitle_lines,
                measure::SUBTITLE_SIZE,
                measure::SUBTITLE_LINE,
                measure::MARGIN + measure::TITLE_LINE * sizes.title_lines.len() as f64,
                "start",
                measure::MARGIN,
            )
        }),
    }
}
