//! Crossing minimisation that keeps groups together.
//!
//! In: the layered graph with its ranks filled in any order. Out: the same
//! graph with every rank sorted so that few hops cross, every group's
//! vertices are contiguous in every rank, and sibling groups appear in the
//! same order in every rank they share.
//!
//! Barycentre sweeps (alternately down and up) give each vertex a key; a
//! group's key is the mean key of everything it holds, over all ranks. A
//! rank is sorted by comparing two vertices at the first level of the group
//! tree where their paths differ, so the order is a pre-order walk of the
//! group tree and consistent across ranks by construction. The best order
//! seen is kept, judged by crossings plus a charge for every hop that runs
//! through a group holding neither of its ends ([`BORDER`] per border, so
//! that edges go around boxes they have nothing to do with). Sibling groups
//! always follow the file's order (AZ a before AZ b); crossing minimisation
//! works within it.

use super::layered::Graph;
use std::cmp::Ordering;

/// Sweeps performed; the best order found is kept.
const SWEEPS: usize = 16;
/// Sweeps without improvement before giving up.
const PATIENCE: usize = 4;
/// Relative drop in crossings that counts as an improvement.
const MIN_GAIN: f64 = 0.002;

/// Starting orders tried on small graphs (the best result is kept); large
/// graphs get one. Barycentre sweeps settle in a local optimum that
/// depends on where they start, and on diagrams of the size of a study
/// note many starts are cheap: as many as fit in [`START_WORK`] vertices
/// swept, between [`STARTS`] and [`MAX_STARTS`]. (On 134 flows, the
/// scenarios, the layout fixtures, 30 hand-written ones and gen-flow 12 to
/// 100 nodes: 1 340 drawn crossings with 4 starts, 1 254 with 16, 1 244
/// with 32; gen-flow 300: 4 851 with 4, 4 600 with 32.)
const STARTS: usize = 4;
/// The most starting orders tried.
const MAX_STARTS: usize = 32;
/// Vertices swept over all starts (about 3 ms of ordering per start at
/// 600 vertices, a 100-node flow, which gets 13 starts: a 50 ms layout.
/// Against 16 000, the 134 flows above lose nothing, gen-flow 300 ×15
/// draws 4 822 crossings instead of 4 776, and gen-flow 100 lays out in
/// 50 ms instead of 140, under Graphviz's 63).
const START_WORK: usize = 8_000;
/// Graphs with more vertices than this get a single start.
const SMALL: usize = 2000;

/// Sorts every rank of `graph` to reduce crossings. Barycentre sweeps find
/// a local optimum; on small graphs several starting orders (the file's,
/// its reverse, and fixed shuffles) are swept and the best kept.
pub fn minimise_crossings(graph: &mut Graph) {
    let n = graph.vertices.len();
    let adj = Adjacency::new(graph);
    let starts = if n > SMALL {
        1
    } else {
        (START_WORK / n.max(1)).clamp(STARTS, MAX_STARTS)
    };
    let initial = graph.ranks.clone();
    let mut best: Option<(f64, Vec<Vec<usize>>)> = None;
    for start in 0..starts {
        graph.ranks = initial.clone();
        for rank in &mut graph.ranks {
            match start {
                0 => {}
                1 => rank.reverse(),
                k => rank.sort_by_key(|&v| shuffle_key(v, k)),
            }
        }
        let mut c = sweep_from_current(graph, &adj);
        if c > 0.0 {
            c = transpose(graph, &adj);
        }
        debug_assert!(
            groups_stay_whole(graph),
            "crossing minimisation split a group"
        );
        if best.as_ref().is_none_or(|(b, _)| c < *b) {
            best = Some((c, graph.ranks.clone()));
        }
        if c == 0.0 {
            break;
        }
    }
    if let Some((_, ranks)) = best {
        graph.ranks = ranks;
    }
}

/// A fixed pseudo-random sort key of vertex `v` for shuffle `k`
/// (SplitMix64 of both): every `k` gives an unrelated order.
fn shuffle_key(v: usize, k: usize) -> u64 {
    let mut z = (v as u64) ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// What the passes look up about the hops and groups of the graph.
struct Adjacency {
    /// Per vertex: its neighbours in the rank above, with hop weights.
    up: Vec<Vec<(usize, f64)>>,
    /// Per vertex: its neighbours in the rank below.
    down: Vec<Vec<(usize, f64)>>,
    /// Per group, per rank of its span (from its first): one vertex the
    /// group holds there (fillers make sure there is one). Blocks are
    /// contiguous, so a vertex outside the group lies before the group's
    /// block exactly when it lies before this one.
    members: Vec<Vec<usize>>,
    /// Per group: the group and every group inside it.
    subtree: Vec<Vec<usize>>,
    /// Group borders passed by hops with an end inside the group: the same
    /// for every order, so [`crossings`] takes them off its count.
    owned_borders: usize,
}

impl Adjacency {
    fn new(graph: &Graph) -> Adjacency {
        let n = graph.vertices.len();
        let ng = graph.span.len();
        let mut up: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        let mut down: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for h in &graph.hops {
            down[h.upper].push((h.lower, h.weight.min(1.0)));
            up[h.lower].push((h.upper, h.weight.min(1.0)));
        }
        let mut members = per_group_rank(graph, usize::MAX);
        for_each_membership(graph, |g, k, v| {
            if members[g][k] == usize::MAX {
                members[g][k] = v;
            }
        });
        let mut subtree: Vec<Vec<usize>> = vec![Vec::new(); ng];
        for (g, path) in graph.group_path.iter().enumerate() {
            for &a in path {
                subtree[a].push(g);
            }
        }
        let mut owned_borders = 0;
        for h in &graph.hops {
            let r = graph.vertices[h.upper].rank;
            let (pu, pl) = (graph.path_of(h.upper), graph.path_of(h.lower));
            let spans_both = |g: &usize| graph.span[*g].0 <= r && r < graph.span[*g].1;
            owned_borders += pu
                .iter()
                .filter(|g| !pl.contains(g) && spans_both(g))
                .count();
            owned_borders += pl
                .iter()
                .filter(|g| !pu.contains(g) && spans_both(g))
                .count();
        }
        Adjacency {
            up,
            down,
            members,
            subtree,
            owned_borders,
        }
    }

    /// The member of group `g` in rank `r`, if `g` spans `r`.
    fn member(&self, graph: &Graph, g: usize, r: usize) -> Option<usize> {
        let k = r.checked_sub(graph.span[g].0)?;
        self.members[g].get(k).copied().filter(|&m| m != usize::MAX)
    }
}

/// A value per group per rank of its span (indexed from its first rank).
fn per_group_rank<T: Clone>(graph: &Graph, init: T) -> Vec<Vec<T>> {
    graph
        .span
        .iter()
        .map(|&(s, e)| vec![init.clone(); e + 1 - s.min(e + 1)])
        .collect()
}

/// Calls `f(group, rank - first rank of the group, vertex)` for every vertex
/// and every group holding it.
fn for_each_membership(graph: &Graph, mut f: impl FnMut(usize, usize, usize)) {
    for (v, vertex) in graph.vertices.iter().enumerate() {
        for &g in graph.path_of(v) {
            let (s, e) = graph.span[g];
            if (s..=e).contains(&vertex.rank) {
                f(g, vertex.rank - s, v);
            }
        }
    }
}

/// The promise of this module, for debug builds (and so the fuzzers): in
/// every rank each group's vertices are contiguous, and two sibling groups
/// come in the same order in every rank they share.
fn groups_stay_whole(graph: &Graph) -> bool {
    let mut order = std::collections::HashSet::new();
    for rank in &graph.ranks {
        let mut closed = std::collections::HashSet::new();
        let mut open: &[usize] = &[];
        for &v in rank {
            let path = graph.path_of(v);
            let common = open.iter().zip(path).take_while(|(a, b)| a == b).count();
            if path[common..].iter().any(|g| closed.contains(g)) {
                return false;
            }
            closed.extend(open[common..].iter().copied());
            // Siblings met at the level where the paths part.
            if let (Some(&a), Some(&b)) = (open.get(common), path.get(common)) {
                order.insert((a, b));
                if order.contains(&(b, a)) {
                    return false;
                }
            }
            open = path;
        }
    }
    true
}

/// Rounds of the transpose pass.
const TRANSPOSE_ROUNDS: usize = 8;
/// Largest product of the hop counts of two items whose swap is weighed
/// (keeps the pass near-linear on huge blocks).
const TRANSPOSE_WORK: usize = 4096;

/// Local improvement of the order in place (see the module comment);
/// returns the crossing count of the result. Two groups never trade places:
/// sibling groups keep the file's order.
fn transpose(graph: &mut Graph, adj: &Adjacency) -> f64 {
    let n = graph.vertices.len();
    let mut pos = vec![0usize; n];
    let index = |graph: &Graph, pos: &mut [usize]| {
        for rank in &graph.ranks {
            for (i, &v) in rank.iter().enumerate() {
                pos[v] = i;
            }
        }
    };
    index(graph, &mut pos);
    for _ in 0..TRANSPOSE_ROUNDS {
        let mut improved = false;
        for r in 0..graph.ranks.len() {
            improved |= transpose_rank(graph, r, adj, &mut pos);
        }
        if !improved {
            break;
        }
    }
    let pos: Vec<f64> = pos.iter().map(|&p| p as f64).collect();
    crossings(graph, adj, &pos)
}

/// The extent `[lo, hi)` of the item of rank `r` that holds index `i`, at
/// nesting depth `depth`: the block of the group at that depth of the
/// vertex's path, or the vertex itself.
fn item_at(graph: &Graph, r: usize, i: usize, depth: usize) -> (usize, usize) {
    let rank = &graph.ranks[r];
    let Some(&g) = graph.path_of(rank[i]).get(depth) else {
        return (i, i + 1);
    };
    let inside = |j: usize| graph.path_of(rank[j]).get(depth) == Some(&g);
    let mut lo = i;
    while lo > 0 && inside(lo - 1) {
        lo -= 1;
    }
    let mut hi = i + 1;
    while hi < rank.len() && inside(hi) {
        hi += 1;
    }
    (lo, hi)
}

/// Swaps neighbouring items of rank `r` (at least one of them a single
/// vertex) where that removes crossings. Returns whether anything moved.
fn transpose_rank(graph: &mut Graph, r: usize, adj: &Adjacency, pos: &mut [usize]) -> bool {
    let mut moved = false;
    let mut i = 0;
    while i + 1 < graph.ranks[r].len() {
        let (a, b) = (graph.ranks[r][i], graph.ranks[r][i + 1]);
        let depth = graph
            .path_of(a)
            .iter()
            .zip(graph.path_of(b))
            .take_while(|(x, y)| x == y)
            .count();
        let left = item_at(graph, r, i, depth);
        let right = item_at(graph, r, i + 1, depth);
        // Two group blocks trade places in every rank at once, elsewhere.
        let is_vertex = |v: usize| graph.path_of(v).len() == depth;
        if !(is_vertex(a) || is_vertex(b)) {
            i = right.0;
            continue;
        }
        let delta = swap_gain(graph, r, left, right, adj, pos)
            + border_gain(graph, r, (a, b), depth, adj, pos);
        if delta > 1e-9 {
            let rank = &mut graph.ranks[r];
            let moved_left: Vec<usize> = rank[left.0..left.1].to_vec();
            let moved_right: Vec<usize> = rank[right.0..right.1].to_vec();
            for (at, v) in (left.0..).zip(moved_right.into_iter().chain(moved_left)) {
                rank[at] = v;
                pos[v] = at;
            }
            moved = true;
            // The swapped items may now improve with their new neighbours.
            i = left.0.saturating_sub(1);
        } else {
            i += 1;
        }
    }
    moved
}

/// Crossings removed by putting item `right` before item `left` (both of
/// rank `r`, `left` directly before `right`), counted over the hops to the
/// ranks above and below. Zero when the items carry too many hops to weigh.
fn swap_gain(
    graph: &Graph,
    r: usize,
    left: (usize, usize),
    right: (usize, usize),
    adj: &Adjacency,
    pos: &[usize],
) -> f64 {
    let rank = &graph.ranks[r];
    let mut gain = 0.0;
    for side in [&adj.up, &adj.down] {
        let hops = |(lo, hi): (usize, usize)| -> Vec<(usize, f64)> {
            rank[lo..hi]
                .iter()
                .flat_map(|&v| side[v].iter().map(|&(u, w)| (pos[u], w)))
                .collect()
        };
        let (ha, hb) = (hops(left), hops(right));
        if ha.len() * hb.len() > TRANSPOSE_WORK {
            return 0.0;
        }
        // Every hop counts once, whatever its weight for the barycentres:
        // the count is of lines that cross in the drawing.
        for &(x, _) in &ha {
            for &(y, _) in &hb {
                match x.cmp(&y) {
                    Ordering::Greater => gain += 1.0,
                    Ordering::Less => gain -= 1.0,
                    Ordering::Equal => {}
                }
            }
        }
    }
    gain
}

/// Weight of a hop passing one border of a group that holds neither of its
/// ends: a line through a box it has nothing to do with crosses two borders
/// and reads worse than a crossing of two lines.
const BORDER: f64 = 0.5;

/// Foreign group borders no longer crossed (weighted by [`BORDER`]) when
/// the single vertex and the group block next to it in rank `r` trade
/// places; `(a, b)` are the neighbouring vertices where the two items meet,
/// and `depth` the level of the group tree where their paths part. Zero
/// when both items are single vertices (no border moves) or the block is
/// too big to weigh.
fn border_gain(
    graph: &Graph,
    r: usize,
    (a, b): (usize, usize),
    depth: usize,
    adj: &Adjacency,
    pos: &[usize],
) -> f64 {
    let pa = graph.path_of(a);
    let pb = graph.path_of(b);
    // The single vertex, the group of the block, and +1 when the vertex
    // moves from before the block to after it.
    let (v, block, dir) = match (pa.get(depth), pb.get(depth)) {
        (None, Some(&g)) => (a, g, 1.0),
        (Some(&g), None) => (b, g, -1.0),
        _ => return 0.0,
    };
    let groups = &adj.subtree[block];
    let mut gain = 0.0;
    for (side, next) in [(&adj.up, r.wrapping_sub(1)), (&adj.down, r + 1)] {
        if side[v].len() * groups.len() > TRANSPOSE_WORK {
            return 0.0;
        }
        for &(x, _) in &side[v] {
            let px = graph.path_of(x);
            for &h in groups {
                let Some(m) = adj.member(graph, h, next) else {
                    continue;
                };
                if graph.span[h].0 > r || graph.span[h].1 < r || px.contains(&h) {
                    continue;
                }
                // `x` lies wholly before or after `h`: the hop passes both
                // of its borders when `v` is on the other side.
                let x_after = pos[x] > pos[m];
                gain += if x_after { dir } else { -dir } * 2.0 * BORDER;
            }
        }
    }
    gain
}

/// Barycentre sweeps from the graph's current order; leaves the best order
/// found in the graph and returns its weighted crossing count.
fn sweep_from_current(graph: &mut Graph, adj: &Adjacency) -> f64 {
    let n = graph.vertices.len();
    let n_groups = graph.span.len();
    // Initial keys: the order vertices were created in, which follows the
    // file (nodes in declaration order, then edge slots).
    let mut key: Vec<f64> = vec![0.0; n];
    let mut pos: Vec<f64> = vec![0.0; n];
    for rank in &graph.ranks {
        for (i, &v) in rank.iter().enumerate() {
            key[v] = i as f64;
        }
    }
    let mut group_key = vec![0.0; n_groups];
    let mut sum = vec![0.0; n_groups];
    let mut count = vec![0usize; n_groups];
    recompute_group_keys(graph, &key, &mut group_key, &mut sum, &mut count);
    sort_all(graph, &key, &group_key, &mut pos);

    let mut best = graph.ranks.clone();
    let mut best_crossings = crossings(graph, adj, &pos);
    if best_crossings == 0.0 {
        return 0.0;
    }
    let n_ranks = graph.ranks.len();
    let interleave = n <= SMALL;
    let mut stale = 0;
    for sweep in 0..SWEEPS {
        let downward = sweep % 2 == 0;
        let order: Vec<usize> = if downward {
            (1..n_ranks).collect()
        } else {
            (0..n_ranks.saturating_sub(1)).rev().collect()
        };
        for r in order {
            let rank = std::mem::take(&mut graph.ranks[r]);
            for &v in &rank {
                let nbrs = if downward { &adj.up[v] } else { &adj.down[v] };
                if nbrs.is_empty() {
                    continue;
                }
                let (s, w) = nbrs
                    .iter()
                    .fold((0.0, 0.0), |(s, w), &(u, wt)| (s + pos[u] * wt, w + wt));
                let new = s / w;
                let old = key[v];
                key[v] = new;
                if let Some(g) = graph.vertices[v].group {
                    for &a in &graph.group_path[g] {
                        sum[a] += new - old;
                        group_key[a] = sum[a] / count[a].max(1) as f64;
                    }
                }
            }
            graph.ranks[r] = rank;
            sort_rank(graph, r, &key, &group_key, &mut pos);
        }
        recompute_group_keys(graph, &key, &mut group_key, &mut sum, &mut count);
        sort_all(graph, &key, &group_key, &mut pos);
        let c = if interleave {
            let c = transpose(graph, adj);
            for rank in &graph.ranks {
                for (i, &v) in rank.iter().enumerate() {
                    pos[v] = i as f64;
                }
            }
            c
        } else {
            crossings(graph, adj, &pos)
        };
        // The best order is kept whatever it gains, but only a real gain
        // buys more sweeps: large graphs otherwise alternate between two
        // orders a crossing apart until the sweeps run out.
        if c < best_crossings * (1.0 - MIN_GAIN) {
            stale = 0;
        } else {
            stale += 1;
        }
        if c < best_crossings {
            best_crossings = c;
            best = graph.ranks.clone();
            if c == 0.0 {
                break;
            }
        }
        if stale >= PATIENCE {
            break;
        }
    }
    graph.ranks = best;
    best_crossings
}

fn recompute_group_keys(
    graph: &Graph,
    key: &[f64],
    group_key: &mut [f64],
    sum: &mut [f64],
    count: &mut [usize],
) {
    sum.iter_mut().for_each(|s| *s = 0.0);
    count.iter_mut().for_each(|c| *c = 0);
    for (v, vertex) in graph.vertices.iter().enumerate() {
        if let Some(g) = vertex.group {
            for &a in &graph.group_path[g] {
                sum[a] += key[v];
                count[a] += 1;
            }
        }
    }
    for g in 0..group_key.len() {
        group_key[g] = if count[g] > 0 {
            sum[g] / count[g] as f64
        } else {
            0.0
        };
    }
}

fn sort_all(graph: &mut Graph, key: &[f64], group_key: &[f64], pos: &mut [f64]) {
    for r in 0..graph.ranks.len() {
        sort_rank(graph, r, key, group_key, pos);
    }
}

fn sort_rank(graph: &mut Graph, r: usize, key: &[f64], group_key: &[f64], pos: &mut [f64]) {
    let mut rank = std::mem::take(&mut graph.ranks[r]);
    let group_key = in_file_order(graph, &rank, group_key);
    rank.sort_by(|&a, &b| compare(graph, a, b, key, &group_key));
    for (i, &v) in rank.iter().enumerate() {
        pos[v] = i as f64;
    }
    graph.ranks[r] = rank;
}

/// Group keys dealt out again so that sibling groups rank in the order the
/// file declares them (AZ a, b, c, always): among the groups present in
/// `rank`, the keys of each set of siblings, sorted, go to the siblings in
/// id order. Loose vertices among them still sit where their own keys put
/// them, and the order stays total. Linear in the rank's size (times the
/// nesting depth).
fn in_file_order(graph: &Graph, rank: &[usize], group_key: &[f64]) -> Vec<f64> {
    let mut out = group_key.to_vec();
    // (parent, group) of every group holding something in the rank.
    let mut present: Vec<(usize, usize)> = Vec::new();
    for &v in rank {
        let path = graph.path_of(v);
        for (d, &g) in path.iter().enumerate() {
            let parent = d.checked_sub(1).map_or(usize::MAX, |p| path[p]);
            present.push((parent, g));
        }
    }
    present.sort_unstable();
    present.dedup();
    for siblings in present.chunk_by(|a, b| a.0 == b.0).filter(|s| s.len() > 1) {
        let mut keys: Vec<f64> = siblings.iter().map(|&(_, g)| group_key[g]).collect();
        keys.sort_by(f64::total_cmp);
        for (&(_, g), k) in siblings.iter().zip(keys) {
            out[g] = k;
        }
    }
    out
}

/// Orders two vertices of one rank by the first level of the group tree at
/// which they part: the keys of the two groups (or vertices) there.
pub fn compare(graph: &Graph, a: usize, b: usize, key: &[f64], group_key: &[f64]) -> Ordering {
    let pa = graph.path_of(a);
    let pb = graph.path_of(b);
    let common = pa.iter().zip(pb).take_while(|(x, y)| x == y).count();
    let item = |path: &[usize], v: usize| -> (f64, usize, usize) {
        match path.get(common) {
            Some(&g) => (group_key[g], 0, g),
            None => (key[v], 1, v),
        }
    };
    let (ka, ta, ia) = item(pa, a);
    let (kb, tb, ib) = item(pb, b);
    // Two groups on a par go by id, so that siblings keep one order in
    // every rank; two vertices on a par keep the order they had (the sort
    // is stable), so that different starting orders lead to different
    // local optima.
    let ids = if ta == 0 && tb == 0 {
        ia.cmp(&ib)
    } else {
        Ordering::Equal
    };
    ka.total_cmp(&kb).then(ta.cmp(&tb)).then(ids)
}

/// Number of crossing hop pairs between all consecutive ranks, plus
/// [`BORDER`] for every border of a group that a hop passes while holding
/// neither of its ends (accumulator tree of Barth, Jünger and Mutzel; each
/// group block becomes two extra "hops", its upper and its lower border,
/// between every two ranks it spans).
fn crossings(graph: &Graph, adj: &Adjacency, pos: &[f64]) -> f64 {
    let n_ranks = graph.ranks.len();
    // Positions are doubled: vertex `i` at 2i + 1, borders in between.
    let mut per_rank: Vec<Vec<(usize, usize, f64)>> = vec![Vec::new(); n_ranks];
    for h in &graph.hops {
        let r = graph.vertices[h.upper].rank;
        per_rank[r].push((
            2 * pos[h.upper] as usize + 1,
            2 * pos[h.lower] as usize + 1,
            1.0,
        ));
    }
    // The first and last position of every group block, per rank.
    let mut blocks = per_group_rank(graph, (usize::MAX, 0));
    for_each_membership(graph, |g, k, v| {
        let (p, b) = (pos[v] as usize, &mut blocks[g][k]);
        *b = (b.0.min(p), b.1.max(p));
    });
    for (g, ranks) in blocks.iter().enumerate() {
        let first = graph.span[g].0;
        for (k, pair) in ranks.windows(2).enumerate() {
            let [(f0, l0), (f1, l1)] = [pair[0], pair[1]];
            if f0 == usize::MAX || f1 == usize::MAX {
                continue;
            }
            per_rank[first + k].push((2 * f0, 2 * f1, BORDER));
            per_rank[first + k].push((2 * l0 + 2, 2 * l1 + 2, BORDER));
        }
    }
    let mut total = 0.0;
    let mut scratch = Vec::new();
    let mut counts = Vec::new();
    for (r, hops) in per_rank.iter_mut().enumerate() {
        if hops.len() < 2 || r + 1 >= n_ranks {
            continue;
        }
        let size = 2 * graph.ranks[r + 1].len() + 2;
        // By upper end, then lower end: two stable counting sorts.
        let upper_size = 2 * graph.ranks[r].len() + 2;
        counting_sort(hops, &mut scratch, &mut counts, size, |h| h.1);
        counting_sort(&scratch, hops, &mut counts, upper_size, |h| h.0);
        let mut first = 1;
        while first < size {
            first *= 2;
        }
        let mut tree = vec![0.0f64; 2 * first];
        for &(_, lower, w) in hops.iter() {
            let mut index = lower + first;
            tree[index] += w;
            let mut weight_sum = 0.0;
            while index > 1 {
                if index % 2 == 0 {
                    weight_sum += tree[index + 1];
                }
                index /= 2;
                tree[index] += w;
            }
            total += weight_sum * w;
        }
    }
    (total - BORDER * adj.owned_borders as f64).max(0.0)
}

/// Stably sorts `from` into `to` by `key`, whose values lie below `size`.
fn counting_sort<T: Copy>(
    from: &[T],
    to: &mut Vec<T>,
    counts: &mut Vec<usize>,
    size: usize,
    key: impl Fn(&T) -> usize,
) {
    counts.clear();
    counts.resize(size + 1, 0);
    for x in from.iter() {
        counts[key(x) + 1] += 1;
    }
    for k in 0..size {
        counts[k + 1] += counts[k];
    }
    to.clear();
    to.extend_from_slice(from);
    for x in from.iter() {
        let k = key(x);
        to[counts[k]] = *x;
        counts[k] += 1;
    }
}
