//! Solving p2's ranking constraints: longest paths over a topological
//! sort that gives way where a cycle closes through a group border.
//!
//! In: a [`Plan`] of constraints. Out: a rank for every real vertex,
//! starting at 0, such that every live constraint `(a, b, len)` holds
//! (`rank[b] >= rank[a] + len`); where the sort stalls on a cycle, one
//! constraint of it gives way ([`Plan::relax`]: relaxed to the far side of
//! its group, else dropped, recorded in `weak` and `dropped`); then
//! sources and loose group vertices move as late as what follows them
//! allows.

use super::constraints::Plan;
use std::collections::{HashMap, HashSet, VecDeque};

/// The state of a topological sort in progress.
struct Kahn {
    out_edges: Vec<Vec<usize>>,
    in_edges: Vec<Vec<usize>>,
    indeg: Vec<usize>,
    alive: Vec<bool>,
    rank: Vec<usize>,
    done: Vec<bool>,
    queue: VecDeque<usize>,
}

impl Kahn {
    fn new(plan: &Plan) -> Kahn {
        let n = plan.n_real + 2 * plan.n_groups;
        let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut indeg = vec![0usize; n];
        for (i, &(a, b, _, _)) in plan.constraints.iter().enumerate() {
            out_edges[a].push(i);
            indeg[b] += 1;
        }
        let alive = vec![true; plan.constraints.len()];
        let queue: VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
        let mut in_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, &(_, b, _, _)) in plan.constraints.iter().enumerate() {
            in_edges[b].push(i);
        }
        Kahn {
            out_edges,
            in_edges,
            indeg,
            alive,
            rank: vec![0usize; n],
            done: vec![false; n],
            queue,
        }
    }
}

impl Plan {
    /// Longest-path ranks of the real vertices, starting at 0, after
    /// dropping any edge whose constraint still closes a cycle.
    pub fn ranks(&mut self) -> Vec<usize> {
        let mut k = Kahn::new(self);
        let topo = self.longest_paths(&mut k);
        self.pull_late(&mut k, &topo);
        self.seat_loose(&mut k);
        let real = &k.rank[..self.n_real];
        let low = real.iter().copied().min().unwrap_or(0);
        real.iter().map(|r| r - low).collect()
    }

    /// Ranks every vertex at the end of its longest path, relaxing a
    /// constraint wherever the sort stalls on a cycle. Returns the vertices
    /// in the order the sort took them.
    fn longest_paths(&mut self, k: &mut Kahn) -> Vec<usize> {
        let n = k.done.len();
        let mut processed = 0;
        let mut topo = Vec::with_capacity(n);
        while processed < n {
            while let Some(v) = k.queue.pop_front() {
                k.done[v] = true;
                processed += 1;
                topo.push(v);
                for &c in &k.out_edges[v] {
                    if !k.alive[c] {
                        continue;
                    }
                    let (_, b, len, _) = self.constraints[c];
                    k.rank[b] = k.rank[b].max(k.rank[v] + len);
                    k.indeg[b] -= 1;
                    if k.indeg[b] == 0 {
                        k.queue.push_back(b);
                    }
                }
            }
            if processed < n && !self.relax(k) {
                break;
            }
        }
        topo
    }

    /// Pull a vertex with more edges out than in (a source above all)
    /// towards its successors, as far as they and its groups allow: an
    /// input does not sit far left of the node it feeds, and the edges get
    /// shorter (fewer dummy vertices to cross).
    ///
    /// A group's entry, and a head or tail filler that no relaxed edge ties
    /// to, move as late as what follows them allows: at their earliest a
    /// group an edge comes into from far back (`cloudwatch -> asg`,
    /// CloudWatch at the top of the drawing) would reach back to just after
    /// that source, a tall empty box over its members. So the group starts
    /// at its first member, and the source is pulled along to it.
    fn pull_late(&self, k: &mut Kahn, topo: &[usize]) {
        let n = k.done.len();
        let alive = &k.alive;
        let edges_of = |list: &[usize]| {
            list.iter()
                .filter(|&&c| alive[c] && self.constraints[c].3.is_some())
                .count()
        };
        let mut tied = vec![false; n];
        for (c, &(a, b, _, e)) in self.constraints.iter().enumerate() {
            if alive[c] && e.is_some() {
                tied[a] = true;
                tied[b] = true;
            }
        }
        let mut loose_filler = vec![false; n];
        for &(head, tail) in self.ghosts.iter().flatten() {
            loose_filler[head] = !tied[head];
            loose_filler[tail] = !tied[tail];
        }
        let is_entry = |v: usize| v >= self.n_real && (v - self.n_real) % 2 == 0;
        for &v in topo.iter().rev() {
            let loose = is_entry(v) || loose_filler[v];
            if !loose && (v >= self.n_real || edges_of(&k.out_edges[v]) <= edges_of(&k.in_edges[v]))
            {
                continue;
            }
            // The latest rank what follows `v` allows (loose vertices
            // answer only to what is not loose itself).
            let latest = k.out_edges[v]
                .iter()
                .filter(|&&c| alive[c] && !(loose && loose_filler[self.constraints[c].1]))
                .map(|&c| {
                    let (_, b, len, _) = self.constraints[c];
                    k.rank[b].saturating_sub(len)
                })
                .min();
            if let Some(latest) = latest {
                k.rank[v] = k.rank[v].max(latest);
            }
        }
    }

    /// A node tied only to its group (no edge: a route table in its
    /// subnet) ranks where most of the group's tied nodes do (the earliest
    /// such rank on a tie), beside them, rather than at the group's entry,
    /// where it would stretch the group (and the groups around it) back
    /// over ranks that hold nothing else of it.
    fn seat_loose(&self, k: &mut Kahn) {
        let n = self.n_real;
        let alive = &k.alive;
        let group_of = |v: usize| {
            k.in_edges[v].iter().find_map(|&c| {
                let a = self.constraints[c].0;
                (alive[c] && a >= n && (a - n) % 2 == 0).then(|| (a - n) / 2)
            })
        };
        let tied = |v: usize| {
            let live = |c: &usize| alive[*c] && self.constraints[*c].3.is_some();
            k.in_edges[v].iter().any(live) || k.out_edges[v].iter().any(live)
        };
        let mut counts: HashMap<usize, HashMap<usize, usize>> = HashMap::new();
        let mut loose = Vec::new();
        for v in 0..n {
            let Some(g) = group_of(v) else { continue };
            if tied(v) {
                *counts.entry(g).or_default().entry(k.rank[v]).or_default() += 1;
            } else if k.in_edges[v]
                .iter()
                .all(|&c| !alive[c] || self.constraints[c].0 >= n)
                && k.out_edges[v]
                    .iter()
                    .all(|&c| !alive[c] || self.constraints[c].1 >= n)
            {
                loose.push((v, g));
            }
        }
        for (v, g) in loose {
            let best = counts.get(&g).and_then(|by_rank| {
                by_rank
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(&r, _)| r)
            });
            if let Some(r) = best {
                k.rank[v] = r;
            }
        }
    }

    /// Breaks a cycle that closes through a group's border. Only an edge
    /// with a group end can be on such a cycle (edges between nodes
    /// alone were made acyclic by the depth-first search), so one of
    /// those gives way: first it is relaxed to the other side of its
    /// group (an edge into a group then only has to start before the
    /// group's last rank, an edge out of one only after its first), and
    /// if that still closes a cycle it is dropped. Returns false when
    /// nothing was left to relax.
    fn relax(&mut self, k: &mut Kahn) -> bool {
        let Some(cycle) = self.waiting_cycle(k) else {
            return false;
        };
        let Some(c) = self.to_give_way(&cycle) else {
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
        let n_real = self.n_real;
        let ghost = |v: usize, tail: bool| -> usize {
            if v < n_real {
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

    /// Walks backwards along live constraints between waiting vertices
    /// until a vertex repeats: the constraints that close that cycle.
    fn waiting_cycle(&self, k: &Kahn) -> Option<Vec<usize>> {
        let mut v = (0..k.done.len()).find(|&v| !k.done[v])?;
        let mut seen_at: HashMap<usize, usize> = HashMap::new();
        let mut path: Vec<usize> = Vec::new();
        loop {
            if let Some(&at) = seen_at.get(&v) {
                return Some(path.split_off(at));
            }
            seen_at.insert(v, path.len());
            let &c = k.in_edges[v]
                .iter()
                .find(|&&c| k.alive[c] && !k.done[self.constraints[c].0])?;
            path.push(c);
            v = self.constraints[c].0;
        }
    }

    /// Which constraint of `cycle` gives way, best first: an edge with a
    /// group end that lies on a cycle of ids anyway (so nothing promises
    /// it points forwards), then any edge with a group end, then any edge
    /// on a cycle, then any edge at all. (An edge already relaxed ties to
    /// a group's head or tail.)
    fn to_give_way(&self, cycle: &[usize]) -> Option<usize> {
        let n_real = self.n_real;
        let is_group = |v: usize| v >= n_real;
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
        let on_cycle: HashSet<usize> = cycle.iter().map(|&c| self.constraints[c].0).collect();
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
        cycle
            .iter()
            .filter(|&&c| self.constraints[c].3.is_some() || self.hints.contains(&c))
            .min_by_key(|&&c| preference(c))
            .copied()
    }
}
