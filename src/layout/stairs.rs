//! Staircases flattened: a hop whose ends sit on different lines, where a
//! whole level run can move onto the other end's line, is made level.
//!
//! In: the layered graph, the separation constraints of p4 and the
//! cross-axis positions [`super::place`] settled on. Out: the positions
//! with runs moved: a run is a vertex and everything joined to it by hops
//! already level with it (a node, the bend points and label slots of its
//! edges, a chain of nodes drawn straight), so moving it whole keeps every
//! straight line straight. A run moves onto the line of a neighbour just
//! outside it when every constraint on what moves still holds (nothing
//! leaves its group or comes closer to a neighbour than the spacing), and
//! more hops leaving the run end level than before. Runs holding the hub
//! of a fan stay, so fans stay balanced, and so do runs holding the bend
//! points of an edge that ends at a group (the router picks its port). Placement's pull towards the
//! mean of all neighbours leaves a node between its edges; that is a
//! staircase of two bends where one straight edge (and one jog fewer)
//! would do. Where a run can reach the line only by pushing others aside
//! (a subnet's title band, a node beside it), [`flatten_pushing`] pins it
//! there and solves the rest again, on drawings of up to a few hundred
//! vertices.

use super::layered::{End, Graph};
use super::place::{
    constraints_touching, fan_degrees, hop_neighbours, level, move_if_level, FAN, RUN_LIMIT,
};
use super::vpsc::{self, Constraint};

/// Moves runs onto their neighbours' lines where that flattens more hops
/// than it bends (see the module docs).
pub fn flatten(graph: &Graph, constraints: &[Constraint], pos: &mut [f64]) {
    let touching = constraints_touching(pos.len(), constraints);
    let nbrs = hop_neighbours(graph);
    let stays = staying(graph);
    let stays = |v: usize| stays[v];
    // Heaviest hops first: the main flow gets its straight line first.
    let mut hops: Vec<usize> = (0..graph.hops.len()).collect();
    hops.sort_by(|&a, &b| graph.hops[b].weight.total_cmp(&graph.hops[a].weight));
    for _ in 0..2 {
        let mut moved = false;
        for &i in &hops {
            let (a, b) = (graph.hops[i].upper, graph.hops[i].lower);
            if level(pos[a], pos[b]) {
                continue;
            }
            let mut options: Vec<(Vec<usize>, f64)> = [(b, pos[a]), (a, pos[b])]
                .into_iter()
                .filter_map(|(v, to)| Some((level_run(&nbrs, pos, v, &[])?, to)))
                .collect();
            options.sort_by_key(|(run, _)| run.len());
            for (run, to) in options {
                if run.iter().any(|&m| stays(m)) {
                    continue;
                }
                if move_if_level(&run, to, pos, &nbrs, (&touching, constraints)) {
                    moved = true;
                    break;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

/// Above this many vertices the pushing pass is skipped: each try solves
/// the whole placement again.
pub(super) const PUSH_LIMIT: usize = 600;
/// At most this many tries of the pushing pass.
const PUSH_TRIES: usize = 48;

/// Staircases [`flatten`] left because the run could only reach its
/// neighbour's line by pushing others aside (a group wall, the title band
/// of a subnet, a node beside it): the run is pinned on that line and the
/// rest of the placement solved again around it (what it pushes moves
/// just as far as the constraints need, group borders give way). The
/// result is kept when more hops end level than before, no hub of a fan
/// moves off its middle and the drawing grows no wider across the flow.
pub fn flatten_pushing(graph: &Graph, constraints: &[Constraint], pos: &mut [f64]) {
    let nv = graph.vertices.len();
    if nv > PUSH_LIMIT {
        return;
    }
    let problem = vpsc::Problem::new(pos.len(), constraints);
    let nbrs = hop_neighbours(graph);
    let stays = staying(graph);
    let fans = super::balance::fans(graph);
    // The light hops that tie an edge ending at a group to one of the
    // group's vertices are no edge of the drawing: they do not count.
    let drawn = |h: &&super::layered::Hop| h.weight >= 1.0;
    let level_hops = |pos: &[f64]| {
        graph
            .hops
            .iter()
            .filter(drawn)
            .filter(|h| level(pos[h.upper], pos[h.lower]))
            .count()
    };
    let off_middle = |pos: &[f64]| -> f64 {
        fans.iter()
            .enumerate()
            .filter_map(|(v, fan)| Some((super::balance::middle(fan, pos)? - pos[v]).abs()))
            .sum()
    };
    let extent = |pos: &[f64]| {
        let (lo, hi) = pos
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
                (l.min(x), h.max(x))
            });
        hi - lo
    };
    let mut hops: Vec<usize> = (0..graph.hops.len()).collect();
    hops.sort_by(|&a, &b| graph.hops[b].weight.total_cmp(&graph.hops[a].weight));
    let mut tries = 0;
    for &i in &hops {
        let (a, b) = (graph.hops[i].upper, graph.hops[i].lower);
        if level(pos[a], pos[b]) || tries >= PUSH_TRIES || !drawn(&&graph.hops[i]) {
            continue;
        }
        for (v, to) in [(b, pos[a]), (a, pos[b])] {
            let Some(run) = level_run(&nbrs, pos, v, &[]) else {
                continue;
            };
            if run.iter().any(|&m| stays[m]) {
                continue;
            }
            tries += 1;
            let mut desired = pos.to_vec();
            let mut weight: Vec<f64> = (0..pos.len())
                .map(|u| if u < nv { 1.0 } else { 1e-4 })
                .collect();
            for &m in &run {
                desired[m] = to;
                weight[m] = 1e6;
            }
            let mut next = problem.solve(&desired, &weight);
            for &m in &run {
                next[m] = to;
            }
            problem.make_feasible(&mut next);
            let better = run.iter().all(|&m| level(next[m], to))
                && level_hops(&next) > level_hops(pos)
                && off_middle(&next) <= off_middle(pos) + 1.0
                && extent(&next) <= extent(pos) + 1e-6;
            if better {
                pos.copy_from_slice(&next);
                break;
            }
        }
    }
}

/// Per vertex, whether the flattening passes leave it where it is: the
/// hub of a fan (fans stay balanced) and the bend points of an edge that
/// ends at a group (the router picks its port on the group's border).
fn staying(graph: &Graph) -> Vec<bool> {
    let fans = fan_degrees(graph);
    let mut to_group = vec![false; graph.vertices.len()];
    for chain in &graph.chains {
        if matches!(chain.low, End::Group(_)) || matches!(chain.high, End::Group(_)) {
            for &v in &chain.verts {
                to_group[v] = true;
            }
        }
    }
    (0..graph.vertices.len())
        .map(|v| fans[v].0 >= FAN || fans[v].1 >= FAN || to_group[v])
        .collect()
}

/// `v` and every vertex joined to it by a path of level hops that passes
/// through none of `avoid`; None when that runs past [`RUN_LIMIT`] (such a
/// line is the drawing's spine).
pub(super) fn level_run(
    nbrs: &[Vec<usize>],
    pos: &[f64],
    v: usize,
    avoid: &[usize],
) -> Option<Vec<usize>> {
    let mut run = vec![v];
    let mut k = 0;
    while k < run.len() {
        let x = run[k];
        for &u in &nbrs[x] {
            if level(pos[u], pos[v]) && !avoid.contains(&u) && !run.contains(&u) {
                run.push(u);
                if run.len() > RUN_LIMIT {
                    return None;
                }
            }
        }
        k += 1;
    }
    Some(run)
}

#[cfg(test)]
mod tests {
    use crate::layout::Layout;

    fn laid_out(path: &str) -> Layout {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let diagram = crate::load_file(&root.join(path))
            .unwrap_or_else(|report| panic!("{}", report.render(false)));
        crate::layout::layout(&diagram)
    }

    /// The bends of the edge `from -> to`.
    fn bends(layout: &Layout, from: &str, to: &str) -> usize {
        let edge = layout
            .edges
            .iter()
            .find(|e| e.from == from && e.to == to)
            .unwrap_or_else(|| panic!("no edge {from} -> {to}"));
        edge.points
            .windows(3)
            .filter(|w| {
                let (a, b, c) = (w[0], w[1], w[2]);
                let cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
                cross.abs() > 1e-6
            })
            .count()
    }

    #[test]
    fn chains_beside_a_fan_of_two_run_straight() {
        // Each of these was a staircase of two bends: its ends sat on
        // different lines though one of them had room to move.
        for (path, from, to) in [
            ("tests/fixtures/flows/full-file.toml", "dns", "cdn"),
            ("tests/fixtures/flows/full-file.toml", "cdn", "assets"),
            ("tests/fixtures/flows/full-file.toml", "alb", "web"),
            ("tests/fixtures/flows/full-file.toml", "web", "db"),
            (
                "scenarios/01-lambda/q1-lambda-backbone-considerations.toml",
                "nat",
                "igw",
            ),
            (
                "scenarios/02-global-accelerator/q2-multi-region-nlb-dns.toml",
                "nlb_euw1",
                "dns_euw1",
            ),
        ] {
            let layout = laid_out(path);
            assert_eq!(bends(&layout, from, to), 0, "{path}: {from} -> {to}");
        }
    }

    #[test]
    fn a_fan_of_three_keeps_its_hub_in_the_middle() {
        // 18-appflow: three SaaS sources feed AppFlow; flattening leaves a
        // hub where balance put it, not level with one branch.
        let layout = laid_out("scenarios/18-appflow/q1-saas-to-s3-notify.toml");
        let tos: Vec<&str> = layout.edges.iter().map(|e| e.to.as_str()).collect();
        let hub = tos
            .iter()
            .find(|id| tos.iter().filter(|x| x == id).count() >= 3)
            .expect("a fan of three");
        let across = |id: &str| {
            let n = layout.nodes.iter().find(|n| n.id == id).expect("node");
            n.icon_box.y + n.icon_box.h / 2.0
        };
        let ends: Vec<f64> = layout
            .edges
            .iter()
            .filter(|e| e.to == *hub)
            .map(|e| across(&e.from))
            .collect();
        let (lo, hi) = ends
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &y| {
                (l.min(y), h.max(y))
            });
        assert!(hi - lo > 1.0, "the fan is spread");
        assert!(
            (across(hub) - (lo + hi) / 2.0).abs() <= (hi - lo) / 4.0,
            "{hub} off the middle of its fan"
        );
    }

    #[test]
    fn the_hub_of_a_fan_out_of_three_sits_over_the_middle_one() {
        // The first edge out of a hub no longer weighs double: an ALB
        // feeding one instance per AZ sits over AZ b's, and 22-ecs's ALB
        // runs straight into the middle service.
        let centre_x = |layout: &Layout, id: &str| {
            let n = layout.nodes.iter().find(|n| n.id == id).expect("node");
            n.icon_box.x + n.icon_box.w / 2.0
        };
        let layout = laid_out("docs/examples/sibling-order.toml");
        assert!((centre_x(&layout, "alb") - centre_x(&layout, "web_b")).abs() < 0.5);
        let layout = laid_out("scenarios/22-ecs/q1-monolith-to-ecs-alb.toml");
        let middle = layout
            .edges
            .iter()
            .filter(|e| e.from == "alb")
            .map(|e| e.to.as_str())
            .nth(1)
            .expect("three services");
        assert_eq!(bends(&layout, "alb", middle), 0, "alb -> {middle}");
    }

    #[test]
    fn a_node_fed_by_three_of_one_rank_sits_at_their_middle() {
        // RDS primary is fed by App 1-3; it sat level with the first of
        // them, 57 units off the middle of a 198-unit fan.
        let layout = laid_out("tests/fixtures/flows/units/two-subnets-both-ways.toml");
        let across = |id: &str| {
            let n = layout.nodes.iter().find(|n| n.id == id).expect("node");
            n.icon_box.y + n.icon_box.h / 2.0
        };
        let fan: Vec<f64> = ["app1", "app2", "app3"]
            .iter()
            .map(|id| across(id))
            .collect();
        let (lo, hi) = fan
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &y| {
                (l.min(y), h.max(y))
            });
        let off = (across("db") - (lo + hi) / 2.0).abs();
        assert!(
            off <= (hi - lo) / 4.0,
            "db {off} off the middle of {}",
            hi - lo
        );
    }
}
