//! A solver for separation constraints (VPSC).
//!
//! In: variables with desired positions and weights, and constraints
//! `x[right] >= x[left] + gap` that form an acyclic graph. Out: positions
//! that satisfy every constraint and stay close (in weighted least squares)
//! to the desired ones.
//!
//! This is the `satisfy` half of the block-merging algorithm of Dwyer,
//! Marriott and Stuckey ("Fast node overlap removal", 2005): variables are
//! visited in topological order; each starts as a block of its own and
//! merges with the block on the left of its most violated incoming
//! constraint until none is violated. A block sits at the weighted mean of
//! its members' desired positions. Heaps are merged small into large, so the
//! whole costs O((n + m) log² (n + m)). A final forward pass makes the
//! result exactly feasible against rounding.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// `x[right] >= x[left] + gap`.
#[derive(Debug, Clone, Copy)]
pub struct Constraint {
    pub left: usize,
    pub right: usize,
    pub gap: f64,
}

#[derive(Clone, Copy, PartialEq)]
struct Entry {
    key: f64,
    constraint: usize,
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key
            .total_cmp(&other.key)
            .then(other.constraint.cmp(&self.constraint))
    }
}

#[derive(Default)]
struct Block {
    vars: Vec<usize>,
    weight: f64,
    /// Sum of weight × (desired − offset).
    moment: f64,
    heap: BinaryHeap<Entry>,
}

impl Block {
    fn position(&self) -> f64 {
        self.moment / self.weight
    }
}

/// A topological order of the constraint graph. Variables on a cycle (a
/// defect of the caller) come last, in index order, so the solver still
/// ends.
pub fn topological_order(n: usize, constraints: &[Constraint]) -> Vec<usize> {
    let mut indeg = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, c) in constraints.iter().enumerate() {
        indeg[c.right] += 1;
        out[c.left].push(i);
    }
    let mut order: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut head = 0;
    while head < order.len() {
        let v = order[head];
        head += 1;
        for &c in &out[v] {
            let r = constraints[c].right;
            indeg[r] -= 1;
            if indeg[r] == 0 {
                order.push(r);
            }
        }
    }
    if order.len() < n {
        let mut seen = vec![false; n];
        for &v in &order {
            seen[v] = true;
        }
        order.extend((0..n).filter(|&v| !seen[v]));
    }
    order
}

/// Positions satisfying `constraints`, near `desired`.
pub fn solve(
    desired: &[f64],
    weight: &[f64],
    constraints: &[Constraint],
    order: &[usize],
) -> Vec<f64> {
    let n = desired.len();
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, c) in constraints.iter().enumerate() {
        incoming[c.right].push(i);
    }
    let mut block_of = vec![usize::MAX; n];
    let mut offset = vec![0.0; n];
    let mut blocks: Vec<Block> = Vec::with_capacity(n);
    for &v in order {
        let w = weight[v].max(1e-9);
        let mut b = blocks.len();
        block_of[v] = b;
        let mut block = Block {
            vars: vec![v],
            weight: w,
            moment: w * desired[v],
            heap: BinaryHeap::new(),
        };
        for &c in &incoming[v] {
            let left = constraints[c].left;
            if block_of[left] != usize::MAX {
                let key = abs_pos(&blocks, &block_of, &offset, left) + constraints[c].gap;
                block.heap.push(Entry { key, constraint: c });
            }
        }
        blocks.push(block);
        // Merge with the left blocks of violated constraints.
        while let Some(top) = blocks[b].heap.pop() {
            let c = constraints[top.constraint];
            let lb = block_of[c.left];
            if lb == b {
                continue;
            }
            // Keys are the required position of the right variable's block
            // frame: left position + gap − right offset.
            let fresh = abs_pos(&blocks, &block_of, &offset, c.left) + c.gap - offset[c.right];
            if top.key > fresh + 1e-9 {
                blocks[b].heap.push(Entry {
                    key: fresh,
                    constraint: top.constraint,
                });
                continue;
            }
            if fresh - blocks[b].position() <= 1e-9 {
                blocks[b].heap.push(top);
                break;
            }
            // Put the left block into the frame where c is tight.
            let delta = offset[c.right] - c.gap - offset[c.left];
            b = merge(&mut blocks, &mut block_of, &mut offset, b, lb, delta);
        }
    }
    let mut pos: Vec<f64> = (0..n)
        .map(|v| blocks[block_of[v]].position() + offset[v])
        .collect();
    // Exact feasibility, whatever rounding did.
    for &v in order {
        for &c in &incoming[v] {
            let need = pos[constraints[c].left] + constraints[c].gap;
            if pos[v] < need {
                pos[v] = need;
            }
        }
    }
    pos
}

fn abs_pos(blocks: &[Block], block_of: &[usize], offset: &[f64], v: usize) -> f64 {
    blocks[block_of[v]].position() + offset[v]
}

/// Merges block `lb` into block `b` (or the other way round, whichever is
/// smaller moves); `delta` shifts `lb`'s offsets into `b`'s frame. Returns
/// the merged block.
fn merge(
    blocks: &mut [Block],
    block_of: &mut [usize],
    offset: &mut [f64],
    b: usize,
    lb: usize,
    delta: f64,
) -> usize {
    let (keep, gone, shift) = if blocks[b].vars.len() + blocks[b].heap.len()
        >= blocks[lb].vars.len() + blocks[lb].heap.len()
    {
        (b, lb, delta)
    } else {
        (lb, b, -delta)
    };
    let moved = std::mem::take(&mut blocks[gone]);
    for &v in &moved.vars {
        offset[v] += shift;
        block_of[v] = keep;
    }
    let target = &mut blocks[keep];
    target.vars.extend_from_slice(&moved.vars);
    target.weight += moved.weight;
    target.moment += moved.moment - moved.weight * shift;
    for e in moved.heap {
        // A key is a required frame position; the frame moved by `shift`.
        target.heap.push(Entry {
            key: e.key - shift,
            constraint: e.constraint,
        });
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_and_stays_close() {
        // Three variables that all want 0, each 10 apart.
        let cons = [
            Constraint {
                left: 0,
                right: 1,
                gap: 10.0,
            },
            Constraint {
                left: 1,
                right: 2,
                gap: 10.0,
            },
        ];
        let order = topological_order(3, &cons);
        let pos = solve(&[0.0; 3], &[1.0; 3], &cons, &order);
        assert!((pos[0] + 10.0).abs() < 1e-6, "{pos:?}");
        assert!(pos[1].abs() < 1e-6);
        assert!((pos[2] - 10.0).abs() < 1e-6);
    }

    #[test]
    fn inactive_constraints_leave_desired_positions() {
        let cons = [Constraint {
            left: 0,
            right: 1,
            gap: 5.0,
        }];
        let order = topological_order(2, &cons);
        let pos = solve(&[0.0, 100.0], &[1.0, 1.0], &cons, &order);
        assert_eq!(pos, vec![0.0, 100.0]);
    }
}
