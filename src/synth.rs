//! Synthetic flow files for benchmarks: a node count and a seed in, the
//! text of a valid flow file out.
//!
//! In: [`Params`] (how many nodes, which seed). Out: the TOML text of a flow
//! file (`flow-format.md`) that `archflow check` accepts. The same
//! parameters always give the same bytes: randomness comes from a small
//! SplitMix64 generator of our own, so no platform or dependency version
//! changes the output.
//!
//! The shape imitates the scenarios, only bigger:
//!
//! - about one group per eight nodes, nested up to four deep
//!   (`aws-cloud` > `region` > `vpc` > `public-subnet` / `private-subnet`),
//!   each group holding a contiguous run of the node sequence;
//! - mostly left-to-right chains: each node links from a recent node, so
//!   fan-outs (several nodes picking the same predecessor) and fan-ins (a
//!   second predecessor) appear by themselves;
//! - about 10% back edges (against the sequence), about 30% labelled
//!   edges, some dashed and some double-headed, and a few edges ending at a
//!   group's border;
//! - icons chosen by where the node sits (users and on-premises servers
//!   outside, S3 and Lambda in a region, ALB and NAT in a VPC, EC2 and RDS
//!   in subnets), from keys of `icons.md`.
//!
//! The `gen-flow` binary is a thin wrapper around [`generate`]; the
//! criterion benchmarks call [`generate`] in-process.

use std::fmt::Write as _;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// Number of nodes (at least 1).
    pub nodes: usize,
    /// Seed of the generator; equal seeds give equal files.
    pub seed: u64,
}

/// A tiny deterministic PRNG (SplitMix64): fast, seedable, and stable
/// across platforms and versions. Not for cryptography.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform float in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniform integer in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// A uniformly chosen element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The level of the group tree a node or group sits at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Outside,
    Cloud,
    Region,
    Vpc,
    Subnet,
}

/// Icon keys that fit each level, most common first (repeats weight them).
fn icons_for(level: Level, public: bool) -> &'static [&'static str] {
    match level {
        Level::Outside => &[
            "users",
            "users",
            "internet",
            "client",
            "mobile-client",
            "on-premises",
            "server",
            "database",
            "iot-device",
            "saas",
        ],
        Level::Cloud => &[
            "route53",
            "cloudfront",
            "cloudfront",
            "waf",
            "iam",
            "cloudwatch",
            "global-accelerator",
            "shield",
        ],
        Level::Region => &[
            "s3",
            "s3",
            "lambda",
            "lambda",
            "dynamodb",
            "sqs",
            "sns",
            "api-gateway",
            "kinesis-data-streams",
            "kinesis-data-firehose",
            "eventbridge",
            "step-functions",
            "glue",
            "athena",
            "redshift",
            "cloudwatch",
            "secrets-manager",
            "sagemaker",
        ],
        Level::Vpc => &[
            "alb",
            "nlb",
            "nat-gateway",
            "internet-gateway",
            "vpc-endpoint",
            "transit-gateway",
            "privatelink",
        ],
        Level::Subnet if public => &["alb", "alb", "nat-gateway", "ec2", "ec2", "nlb", "eni"],
        Level::Subnet => &[
            "ec2",
            "ec2",
            "ec2-instances",
            "ecs",
            "eks",
            "fargate",
            "lambda",
            "rds",
            "aurora",
            "aurora",
            "elasticache",
            "efs",
            "ebs",
            "fsx",
            "opensearch",
        ],
    }
}

/// Edge labels, as people write them on architecture diagrams.
const EDGE_LABELS: &[&str] = &[
    "HTTPS",
    "HTTP",
    "gRPC",
    "SQL",
    "events",
    "async",
    "replication",
    "read",
    "write",
    "logs",
    "metrics",
    "batch",
    "cache miss",
    "fan-out",
    "TCP 443",
    "invoke",
    "stream",
    "sync",
];

/// Words added to some node labels after a line break.
const LABEL_NOTES: &[&str] = &[
    "(primary)",
    "(replica)",
    "(web tier)",
    "(app tier)",
    "(workers)",
    "(writer)",
    "(reader)",
    "(hot data)",
    "(archive)",
];

#[derive(Debug)]
struct SynthGroup {
    id: String,
    kind: &'static str,
    level: Level,
    parent: Option<usize>,
}

/// Escapes `s` as the body of a TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Builds the group tree: about `nodes / 8` groups, one level per kind.
/// Returns the groups (parents before children) and the indices of the
/// leaf-most groups that nodes are spread over, in order.
fn build_groups(nodes: usize, rng: &mut SplitMix64) -> (Vec<SynthGroup>, Vec<usize>) {
    let total = ((nodes + 4) / 8).max(1);
    // Split the total over the four levels, deepest level the widest.
    let clouds = (total / 100).max(1);
    let regions = if total >= 2 { (total / 12).max(1) } else { 0 };
    let vpcs = if total >= 3 { (total / 5).max(1) } else { 0 };
    let subnets = total.saturating_sub(clouds + regions + vpcs);
    let mut groups: Vec<SynthGroup> = Vec::with_capacity(total);
    let add_level = |groups: &mut Vec<SynthGroup>,
                     count: usize,
                     level: Level,
                     parents: &[usize],
                     rng: &mut SplitMix64|
     -> Vec<usize> {
        let mut ids = Vec::with_capacity(count);
        for i in 0..count {
            // Contiguous blocks: child i of `count` goes to parent
            // i * parents / count, so every parent gets a run of children.
            let parent = if parents.is_empty() {
                None
            } else {
                Some(parents[i * parents.len() / count])
            };
            let (kind, prefix) = match level {
                Level::Cloud => ("aws-cloud", "cloud"),
                Level::Region => ("region", "region"),
                Level::Vpc => ("vpc", "vpc"),
                _ if rng.chance(0.4) => ("public-subnet", "public"),
                _ => ("private-subnet", "private"),
            };
            ids.push(groups.len());
            groups.push(SynthGroup {
                id: format!("{prefix}_{}", groups.len() + 1),
                kind,
                level,
                parent,
            });
        }
        ids
    };
    let mut leaves = add_level(&mut groups, clouds, Level::Cloud, &[], rng);
    for (count, level) in [
        (regions, Level::Region),
        (vpcs, Level::Vpc),
        (subnets, Level::Subnet),
    ] {
        if count > 0 {
            leaves = add_level(&mut groups, count, level, &leaves, rng);
        }
    }
    (groups, leaves)
}

/// Generates the text of a flow file for `params`. Deterministic: equal
/// parameters give equal bytes.
pub fn generate(params: Params) -> String {
    let n = params.nodes.max(1);
    let mut rng = SplitMix64::new(params.seed ^ 0xA5A5_5A5A_0F0F_F0F0);
    // Warm the generator so that nearby seeds diverge at once.
    for _ in 0..4 {
        rng.next_u64();
    }
    let (groups, leaves) = build_groups(n, &mut rng);
    let node_group = place_nodes(n, &groups, &leaves, &mut rng);
    let mut out = String::with_capacity(n * 120);
    write_header(&mut out, params, n);
    write_flows(&mut out, &groups, &node_group, &mut rng);
    write_nodes(&mut out, &groups, &node_group, &mut rng);
    write_groups(&mut out, &groups);
    out
}

/// The group of each of `n` nodes: the node sequence is cut into one
/// contiguous run per leaf group; inside its run a node is mostly in the
/// leaf, and sometimes one or more levels up, or outside every group.
fn place_nodes(
    n: usize,
    groups: &[SynthGroup],
    leaves: &[usize],
    rng: &mut SplitMix64,
) -> Vec<Option<usize>> {
    let mut node_group: Vec<Option<usize>> = Vec::with_capacity(n);
    for i in 0..n {
        let leaf = leaves[i * leaves.len() / n];
        let climb = match rng.unit() {
            u if u < 0.62 => 0,
            u if u < 0.77 => 1,
            u if u < 0.90 => 2,
            u if u < 0.95 => 3,
            _ => 4,
        };
        let mut g = Some(leaf);
        for _ in 0..climb {
            g = g.and_then(|g| groups[g].parent);
        }
        node_group.push(g);
    }
    // The very first node is a source outside every group, as in most
    // scenarios (users, on-premises).
    if n > 1 {
        node_group[0] = None;
    }
    node_group
}

/// The comment, title, subtitle and direction lines.
fn write_header(out: &mut String, params: Params, n: usize) {
    let _ = writeln!(
        out,
        "# Synthetic flow generated by `gen-flow --nodes {} --seed {}`",
        params.nodes, params.seed
    );
    let _ = writeln!(
        out,
        "title = {}",
        toml_str(&format!(
            "Synthetic architecture, {n} nodes (seed {})",
            params.seed
        ))
    );
    let _ = writeln!(
        out,
        "subtitle = {}",
        toml_str("chains with fan-out and fan-in, back edges, nested groups")
    );
    out.push_str("direction = \"right\"\n");
}

/// The id of node `i` of `n`, zero-padded so ids sort as they come.
fn node_id(i: usize, n: usize) -> String {
    format!("n{:0width$}", i + 1, width = digits(n))
}

/// One flow line `from <arrow> to [: label]` with a random arrow and,
/// now and then, a label.
fn push_edge(out: &mut String, from: &str, to: &str, rng: &mut SplitMix64) {
    let arrow = match rng.unit() {
        u if u < 0.82 => "->",
        u if u < 0.90 => "..>",
        u if u < 0.95 => "<->",
        u if u < 0.98 => "--",
        _ => "<..>",
    };
    let label = if rng.chance(0.30) {
        format!(" : {}", rng.pick(EDGE_LABELS))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "  {},",
        toml_str(&format!("{from} {arrow} {to}{label}"))
    );
}

/// The `flows` array: forward chains with fan-in, then edges to group
/// borders, then back edges.
fn write_flows(
    out: &mut String,
    groups: &[SynthGroup],
    node_group: &[Option<usize>],
    rng: &mut SplitMix64,
) {
    let n = node_group.len();
    out.push_str("flows = [\n");
    let edges = write_chains(out, n, rng);
    let group_edges = write_group_edges(out, groups, node_group, rng);
    // Back edges: about 10% of all edges, each closing a short loop.
    let backs = (edges + group_edges) / 9;
    if n >= 3 {
        for _ in 0..backs {
            let from = 2 + rng.below(n - 2);
            let to = from - 1 - rng.below(20.min(from));
            push_edge(out, &node_id(from, n), &node_id(to, n), rng);
        }
    }
    out.push_str("]\n\n[nodes]\n");
}

/// Forward edges: each node after the first from a recent predecessor
/// (a new chain now and then), sometimes a second one (fan-in). Returns
/// how many.
fn write_chains(out: &mut String, n: usize, rng: &mut SplitMix64) -> usize {
    let mut edges = 0usize;
    for i in 1..n {
        // A node starts a new chain now and then (a source of its own).
        let u = rng.unit();
        if u < 0.05 {
            continue;
        }
        let back = if u < 0.60 {
            1
        } else {
            2 + rng.below(6.min(i).max(1))
        };
        let pred = i.saturating_sub(back);
        push_edge(out, &node_id(pred, n), &node_id(i, n), rng);
        edges += 1;
        // Fan-in: a second predecessor from a little further back.
        if i >= 3 && rng.chance(0.22) {
            let other = i - 1 - rng.below(10.min(i));
            if other != pred {
                push_edge(out, &node_id(other, n), &node_id(i, n), rng);
                edges += 1;
            }
        }
    }
    edges
}

/// Edges ending at a group's border, from a node outside that group.
/// Returns how many.
fn write_group_edges(
    out: &mut String,
    groups: &[SynthGroup],
    node_group: &[Option<usize>],
    rng: &mut SplitMix64,
) -> usize {
    let n = node_group.len();
    let mut group_edges = 0usize;
    if !groups.is_empty() && n >= 8 {
        for _ in 0..(n / 60).max(1) {
            let g = rng.below(groups.len());
            let i = rng.below(n);
            let inside =
                std::iter::successors(node_group[i], |&h| groups[h].parent).any(|h| h == g);
            if !inside {
                let _ = writeln!(
                    out,
                    "  {},",
                    toml_str(&format!("{} ..> {}", node_id(i, n), groups[g].id))
                );
                group_edges += 1;
            }
        }
    }
    group_edges
}

/// The `[nodes]` table: an icon that suits each node's level, a label
/// with its display name and number (and now and then a note).
fn write_nodes(
    out: &mut String,
    groups: &[SynthGroup],
    node_group: &[Option<usize>],
    rng: &mut SplitMix64,
) {
    let n = node_group.len();
    for (i, group) in node_group.iter().enumerate() {
        let (level, public) = match group {
            None => (Level::Outside, false),
            Some(g) => (groups[*g].level, groups[*g].kind == "public-subnet"),
        };
        let icon = *rng.pick(icons_for(level, public));
        let name = crate::catalog::by_key(icon).map_or(icon, |e| e.name);
        let mut label = format!("{name} {}", i + 1);
        if rng.chance(0.15) {
            label.push('\n');
            let note = rng.pick::<&str>(LABEL_NOTES);
            label.push_str(note);
        }
        let _ = write!(
            out,
            "{} = {{ icon = {}, label = {}",
            node_id(i, n),
            toml_str(icon),
            toml_str(&label)
        );
        if let Some(g) = group {
            let _ = write!(out, ", in = {}", toml_str(&groups[*g].id));
        }
        out.push_str(" }\n");
    }
}

/// The `[groups]` table.
fn write_groups(out: &mut String, groups: &[SynthGroup]) {
    out.push_str("\n[groups]\n");
    for (k, g) in groups.iter().enumerate() {
        let label = match g.level {
            Level::Region => {
                const REGIONS: [&str; 6] = [
                    "us-east-1",
                    "us-west-2",
                    "eu-west-1",
                    "eu-central-1",
                    "ap-northeast-2",
                    "ap-southeast-1",
                ];
                format!("{} ({})", REGIONS[k % REGIONS.len()], k + 1)
            }
            Level::Vpc => format!("VPC {}", k + 1),
            Level::Subnet if g.kind == "public-subnet" => format!("Public subnet {}", k + 1),
            Level::Subnet => format!("Private subnet {}", k + 1),
            _ => format!("AWS Cloud {}", k + 1),
        };
        let _ = write!(
            out,
            "{} = {{ kind = {}, label = {}",
            g.id,
            toml_str(g.kind),
            toml_str(&label)
        );
        if let Some(p) = g.parent {
            let _ = write!(out, ", in = {}", toml_str(&groups[p].id));
        }
        out.push_str(" }\n");
    }
}

/// Decimal digits of `n` (at least 1), so node ids sort as they come.
fn digits(n: usize) -> usize {
    n.max(1).to_string().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn load(n: usize, seed: u64) -> crate::model::Diagram {
        let text = generate(Params { nodes: n, seed });
        match crate::load_source("synth.toml", text.as_bytes(), Path::new(".")) {
            Ok(d) => d,
            Err(report) => panic!("{}\n{text}", report.render(false)),
        }
    }

    #[test]
    fn every_icon_key_resolves() {
        for level in [
            Level::Outside,
            Level::Cloud,
            Level::Region,
            Level::Vpc,
            Level::Subnet,
        ] {
            for public in [false, true] {
                for key in icons_for(level, public) {
                    assert!(crate::catalog::by_key(key).is_some(), "{key}");
                }
            }
        }
    }

    #[test]
    fn output_is_deterministic_and_seed_dependent() {
        let a = generate(Params { nodes: 50, seed: 7 });
        assert_eq!(a, generate(Params { nodes: 50, seed: 7 }));
        assert_ne!(a, generate(Params { nodes: 50, seed: 8 }));
    }

    #[test]
    fn small_and_large_files_validate() {
        for (n, seed) in [(1, 0), (2, 1), (5, 2), (9, 3), (30, 4), (100, 5), (1000, 6)] {
            let d = load(n, seed);
            assert_eq!(d.nodes.len(), n);
            assert!(d.groups.iter().all(|g| d
                .group_depth(d.groups.iter().position(|h| h.id == g.id).unwrap_or(0))
                <= 4));
        }
    }

    #[test]
    fn shape_is_roughly_as_promised() {
        let d = load(1000, 42);
        let groups = d.groups.len();
        assert!((100..=150).contains(&groups), "{groups} groups");
        let max_depth = (0..groups).map(|g| d.group_depth(g)).max().unwrap_or(0);
        assert_eq!(max_depth, 4);
        let edges = d.edges.len() as f64;
        let labelled = d.edges.iter().filter(|e| e.label.is_some()).count() as f64;
        assert!(
            (0.22..0.38).contains(&(labelled / edges)),
            "{labelled}/{edges}"
        );
        let index = |e: crate::model::Endpoint| match e {
            crate::model::Endpoint::Node(i) => Some(i),
            crate::model::Endpoint::Group(_) => None,
        };
        let back = d
            .edges
            .iter()
            .filter(|e| matches!((index(e.from), index(e.to)), (Some(f), Some(t)) if t < f))
            .count() as f64;
        assert!((0.06..0.14).contains(&(back / edges)), "{back}/{edges}");
        assert!(d
            .edges
            .iter()
            .any(|e| matches!(e.to, crate::model::Endpoint::Group(_))));
    }
}
