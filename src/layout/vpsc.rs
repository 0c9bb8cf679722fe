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
    /// First and last member; members are chained through `Solver::next`.
    first: usize,
    last: usize,
    len: usize,
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

/// A set of constraints over `n` variables, prepared once for many solves
/// with different desired positions.
pub struct Problem<'a> {
    constraints: &'a [Constraint],
    order: Vec<usize>,
    /// The constraints whose right variable is `v`:
    /// `incoming[incoming_at[v]..incoming_at[v + 1]]`.
    incoming_at: Vec<usize>,
    incoming: Vec<usize>,
}

impl<'a> Problem<'a> {
    pub fn new(n: usize, constraints: &'a [Constraint]) -> Problem<'a> {
        let mut incoming_at = vec![0usize; n + 1];
        for c in constraints {
            incoming_at[c.right + 1] += 1;
        }
        for v in 0..n {
            incoming_at[v + 1] += incoming_at[v];
        }
        let mut fill = incoming_at.clone();
        let mut incoming = vec![0usize; constraints.len()];
        for (i, c) in constraints.iter().enumerate() {
            incoming[fill[c.right]] = i;
            fill[c.right] += 1;
        }
        Problem {
            constraints,
            order: topological_order(n, constraints),
            incoming_at,
            incoming,
        }
    }

    fn incoming(&self, v: usize) -> &[usize] {
        &self.incoming[self.incoming_at[v]..self.incoming_at[v + 1]]
    }

    /// Positions satisfying the constraints, near `desired`.
    pub fn solve(&self, desired: &[f64], weight: &[f64]) -> Vec<f64> {
        let n = desired.len();
        let constraints = self.constraints;
        let mut solver = Solver {
            blocks: Vec::with_capacity(n),
            block_of: vec![usize::MAX; n],
            offset: vec![0.0; n],
            next: vec![usize::MAX; n],
            spare: Vec::new(),
        };
        for &v in &self.order {
            let w = weight[v].max(1e-9);
            let mut b = solver.blocks.len();
            solver.block_of[v] = b;
            let mut heap = solver.spare.pop().unwrap_or_default();
            for &c in self.incoming(v) {
                let left = constraints[c].left;
                if solver.block_of[left] != usize::MAX {
                    let key = solver.abs_pos(left) + constraints[c].gap;
                    heap.push(Entry { key, constraint: c });
                }
            }
            solver.blocks.push(Block {
                first: v,
                last: v,
                len: 1,
                weight: w,
                moment: w * desired[v],
                heap,
            });
            // Merge with the left blocks of violated constraints.
            while let Some(top) = solver.blocks[b].heap.pop() {
                let c = constraints[top.constraint];
                let lb = solver.block_of[c.left];
                if lb == b {
                    continue;
                }
                // Keys are the required position of the right variable's
                // block frame: left position + gap − right offset.
                let fresh = solver.abs_pos(c.left) + c.gap - solver.offset[c.right];
                if top.key > fresh + 1e-9 {
                    solver.blocks[b].heap.push(Entry {
                        key: fresh,
                        constraint: top.constraint,
                    });
                    continue;
                }
                if fresh - solver.blocks[b].position() <= 1e-9 {
                    solver.blocks[b].heap.push(top);
                    break;
                }
                // Put the left block into the frame where c is tight.
                let delta = solver.offset[c.right] - c.gap - solver.offset[c.left];
                b = solver.merge(b, lb, delta);
            }
        }
        let mut pos: Vec<f64> = (0..n).map(|v| solver.abs_pos(v)).collect();
        // Exact feasibility, whatever rounding did.
        self.make_feasible(&mut pos);
        pos
    }

    /// Raises each variable, in topological order, just as far as its
    /// constraints need.
    pub fn make_feasible(&self, pos: &mut [f64]) {
        for &v in &self.order {
            for &c in self.incoming(v) {
                let need = pos[self.constraints[c].left] + self.constraints[c].gap;
                if pos[v] < need {
                    pos[v] = need;
                }
            }
        }
    }
}

/// The blocks of one solve.
struct Solver {
    blocks: Vec<Block>,
    block_of: Vec<usize>,
    offset: Vec<f64>,
    /// The next member of the variable's block.
    next: Vec<usize>,
    /// Emptied heaps, to be reused rather than allocated again.
    spare: Vec<BinaryHeap<Entry>>,
}

impl Solver {
    fn abs_pos(&self, v: usize) -> f64 {
        self.blocks[self.block_of[v]].position() + self.offset[v]
    }

    /// Merges block `lb` into block `b` (or the other way round, whichever
    /// is smaller moves); `delta` shifts `lb`'s offsets into `b`'s frame.
    /// Returns the merged block.
    fn merge(&mut self, b: usize, lb: usize, delta: f64) -> usize {
        let size = |k: &Block| k.len + k.heap.len();
        let (keep, gone, shift) = if size(&self.blocks[b]) >= size(&self.blocks[lb]) {
            (b, lb, delta)
        } else {
            (lb, b, -delta)
        };
        let moved = std::mem::take(&mut self.blocks[gone]);
        let mut v = moved.first;
        loop {
            self.offset[v] += shift;
            self.block_of[v] = keep;
            if v == moved.last {
                break;
            }
            v = self.next[v];
        }
        let target = &mut self.blocks[keep];
        self.next[target.last] = moved.first;
        target.last = moved.last;
        target.len += moved.len;
        target.weight += moved.weight;
        target.moment += moved.moment - moved.weight * shift;
        let mut heap = moved.heap.into_vec();
        for e in heap.drain(..) {
            // A key is a required frame position; the frame moved by
            // `shift`.
            target.heap.push(Entry {
                key: e.key - shift,
                constraint: e.constraint,
            });
        }
        self.spare.push(BinaryHeap::from(heap));
        keep
    }
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
        let pos = Problem::new(3, &cons).solve(&[0.0; 3], &[1.0; 3]);
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
        let pos = Problem::new(2, &cons).solve(&[0.0, 100.0], &[1.0, 1.0]);
        assert_eq!(pos, vec![0.0, 100.0]);
    }
}
