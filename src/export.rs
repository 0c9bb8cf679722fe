//! Export to other tools' formats: a validated [`Diagram`] in, text out.
//!
//! In: a [`Diagram`] (what `validate` made of a flow file). Out: the same
//! diagram as Graphviz DOT ([`to_dot`]), so that `dot` can lay it out for
//! comparison (see `bench/compare.sh`) or anyone can post-process it.
//!
//! The mapping:
//!
//! | flow file | DOT |
//! | --- | --- |
//! | `direction` right / down / left / up | `rankdir=LR` / `TB` / `RL` / `BT` |
//! | title (and subtitle) | the graph's `label`, at the top |
//! | group | `subgraph "cluster_<id>"` with its `label`, nested as the groups are |
//! | node | a box with its `label` (line breaks kept) inside its group's cluster |
//! | edge label, `dashed`, arrow `both` / `none` | `label`, `style=dashed`, `dir=both` / `dir=none` |
//! | edge written target-first (`a <- b`) | `a -> b [dir=back]`: dot ranks `a` first and draws the head at `a` |
//! | `constraint = false` | `constraint=false` |
//! | border node (`on`) | a node in the cluster of the `on` group's parent, with a comment naming the border (dot cannot draw a node on a cluster's border) |
//! | overlay group (`spans`) | a dashed cluster inside its members' group when they all sit directly in one group and nothing else; otherwise a dashed note in the overlay's parent naming its nodes |
//! | `physical` edge (a thing shipped) | a double line: `color="black:invis:black"`, `penwidth=2` |
//! | `negated` edge (a path not taken) | `style=dotted`, a muted red `color`, `xlabel="✕"` |
//! | edge ending at a group | `compound=true`; the edge ends at a node of the group (its first member, or an invisible point node when the group holds no node) with `lhead` / `ltail` naming the cluster |
//!
//! Every id and every label is written as a quoted DOT string, with `"`
//! and `\` escaped and line breaks written as `\n`, so no text of a flow
//! file can change the structure of the output.

use std::fmt::Write as _;

use crate::model::{Arrow, Diagram, Direction, Endpoint, LineStyle};

/// Prefix of the name of an invisible node standing in for an empty group.
/// `:` cannot appear in a flow-file id, so these never clash with a node.
const EMPTY_GROUP_NODE: &str = "group:";

/// Prefix of the name of the note standing in for an overlay group that
/// dot cannot draw as a cluster.
const OVERLAY_NOTE: &str = "overlay:";

/// The diagram as a Graphviz DOT `digraph`. Pure and deterministic: the
/// same diagram always gives the same text.
pub fn to_dot(diagram: &Diagram) -> String {
    let mut out = String::with_capacity(128 + diagram.nodes.len() * 64 + diagram.edges.len() * 48);
    let rankdir = match diagram.direction {
        Direction::Right => "LR",
        Direction::Down => "TB",
        Direction::Left => "RL",
        Direction::Up => "BT",
    };
    out.push_str("digraph \"archflow\" {\n");
    let mut title = diagram.title.clone();
    if let Some(sub) = &diagram.subtitle {
        title.push('\n');
        title.push_str(sub);
    }
    let _ = writeln!(
        out,
        "  graph [rankdir={rankdir}, compound=true, labelloc=t, label={}];",
        quote_label(&title)
    );
    out.push_str("  node [shape=box, style=rounded];\n");

    // The children of every group and the nodes it holds directly, in
    // diagram order.
    let mut child_groups: Vec<Vec<usize>> = vec![Vec::new(); diagram.groups.len()];
    let mut top_groups = Vec::new();
    for (g, group) in diagram.groups.iter().enumerate() {
        if group.is_overlay() {
            continue;
        }
        match group.parent {
            Some(p) if p < diagram.groups.len() => child_groups[p].push(g),
            _ => top_groups.push(g),
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); diagram.groups.len()];
    let mut top_nodes = Vec::new();
    for (i, node) in diagram.nodes.iter().enumerate() {
        match node.group {
            Some(g) if g < diagram.groups.len() => members[g].push(i),
            _ => top_nodes.push(i),
        }
    }
    let clusters = overlay_clusters(diagram, &mut members);
    let mut anchors = group_anchors(diagram, &child_groups, &members);
    for (g, group) in diagram.groups.iter().enumerate() {
        if let Some(&first) = group.spans.first() {
            anchors[g] = Some(first);
        }
    }

    let tree = Tree {
        diagram,
        child_groups: &child_groups,
        members: &members,
        anchors: &anchors,
        overlay_clusters: &clusters,
    };
    for &g in &top_groups {
        tree.write_cluster(&mut out, g, 1);
    }
    for &i in &top_nodes {
        tree.write_node(&mut out, i, 1);
    }
    tree.write_overlays(&mut out, None, 1);

    for edge in &diagram.edges {
        // Written target-first, the edge goes to dot the same way, with
        // its head drawn at the start (`dir=back`), so dot ranks it alike.
        let (first, second) = edge.rank_ends();
        let (tail, ltail) = tree.end(first);
        let (head, lhead) = tree.end(second);
        let mut attrs: Vec<String> = Vec::new();
        if let Some(label) = &edge.label {
            attrs.push(format!("label={}", quote_label(label)));
        }
        match edge.style {
            LineStyle::Solid => {}
            LineStyle::Dashed => attrs.push("style=dashed".to_string()),
            LineStyle::Physical => {
                attrs.push(r#"color="black:invis:black""#.to_string());
                attrs.push("penwidth=2".to_string());
            }
            LineStyle::Negated => {
                attrs.push("style=dotted".to_string());
                let red = crate::scene::style::palette(crate::scene::Theme::Light).negated;
                attrs.push(format!("color=\"{red}\""));
                attrs.push(r#"xlabel="✕""#.to_string());
            }
        }
        match edge.arrow {
            Arrow::Forward if edge.reversed => attrs.push("dir=back".to_string()),
            Arrow::Back => attrs.push("dir=back".to_string()),
            Arrow::Forward => {}
            Arrow::Both => attrs.push("dir=both".to_string()),
            Arrow::None => attrs.push("dir=none".to_string()),
        }
        if !edge.constraint {
            attrs.push("constraint=false".to_string());
        }
        if let Some(g) = ltail {
            attrs.push(format!("ltail={}", quote_id(&cluster_name(diagram, g))));
        }
        if let Some(g) = lhead {
            attrs.push(format!("lhead={}", quote_id(&cluster_name(diagram, g))));
        }
        let _ = write!(out, "  {} -> {}", quote_id(&tail), quote_id(&head));
        if !attrs.is_empty() {
            let _ = write!(out, " [{}]", attrs.join(", "));
        }
        out.push_str(";\n");
    }
    out.push_str("}\n");
    out
}

/// For every group, the node an edge to it ends at: its first direct
/// member, else the anchor of its first child group that has one, else
/// `None` (the group holds no node anywhere; an invisible point stands in).
fn group_anchors(
    diagram: &Diagram,
    child_groups: &[Vec<usize>],
    members: &[Vec<usize>],
) -> Vec<Option<usize>> {
    let mut anchors: Vec<Option<usize>> = vec![None; diagram.groups.len()];
    // Children before parents: deepest groups first. Depth is bounded by
    // validation, and a cycle cannot occur in a validated diagram.
    let mut order: Vec<usize> = (0..diagram.groups.len()).collect();
    order.sort_by_key(|&g| std::cmp::Reverse(diagram.group_depth(g)));
    for g in order {
        anchors[g] = members[g]
            .first()
            .copied()
            .or_else(|| child_groups[g].iter().find_map(|&c| anchors[c]));
    }
    anchors
}

/// The overlay groups that dot can draw as a cluster: every node of
/// `spans` sits directly in one group, which holds other nodes too or none
/// else. Their nodes move from `members` into the overlay's own list, by
/// overlay index; the other overlays get an empty list (a note instead).
fn overlay_clusters(diagram: &Diagram, members: &mut [Vec<usize>]) -> Vec<Option<Vec<usize>>> {
    let mut clusters = vec![None; diagram.groups.len()];
    for (g, group) in diagram.groups.iter().enumerate() {
        let Some(&first) = group.spans.first() else {
            continue;
        };
        let holder = diagram.nodes[first].group;
        if !group
            .spans
            .iter()
            .all(|&n| diagram.nodes[n].group == holder)
        {
            continue;
        }
        let list = match holder {
            Some(h) => &mut members[h],
            None => continue,
        };
        list.retain(|n| !group.spans.contains(n));
        clusters[g] = Some(group.spans.clone());
    }
    clusters
}

struct Tree<'a> {
    diagram: &'a Diagram,
    child_groups: &'a [Vec<usize>],
    members: &'a [Vec<usize>],
    anchors: &'a [Option<usize>],
    /// Per overlay group drawn as a cluster, its nodes.
    overlay_clusters: &'a [Option<Vec<usize>>],
}

impl Tree<'_> {
    fn write_cluster(&self, out: &mut String, g: usize, depth: usize) {
        let pad = "  ".repeat(depth);
        let group = &self.diagram.groups[g];
        let _ = writeln!(
            out,
            "{pad}subgraph {} {{",
            quote_id(&cluster_name(self.diagram, g))
        );
        let _ = writeln!(out, "{pad}  label={};", quote_label(&group.label));
        for &c in &self.child_groups[g] {
            self.write_cluster(out, c, depth + 1);
        }
        for &i in &self.members[g] {
            self.write_node(out, i, depth + 1);
        }
        self.write_overlays(out, Some(g), depth + 1);
        if self.anchors[g].is_none() {
            // An empty cluster is not drawn by dot; a point keeps it, and
            // gives edges to the group something to end at.
            let _ = writeln!(
                out,
                "{pad}  {} [shape=point, style=invis, label=\"\"];",
                quote_id(&format!("{EMPTY_GROUP_NODE}{}", group.id))
            );
        }
        let _ = writeln!(out, "{pad}}}");
    }

    /// The overlay groups that belong in `holder` (a cluster's group, or
    /// the top level): a dashed cluster of their nodes where they all sit
    /// directly in `holder`, else a dashed note naming them, in the
    /// overlay's parent.
    fn write_overlays(&self, out: &mut String, holder: Option<usize>, depth: usize) {
        let pad = "  ".repeat(depth);
        for (g, group) in self.diagram.groups.iter().enumerate() {
            if !group.is_overlay() {
                continue;
            }
            match &self.overlay_clusters[g] {
                Some(nodes) => {
                    let first = nodes.first().and_then(|&n| self.diagram.nodes[n].group);
                    if first != holder {
                        continue;
                    }
                    let _ = writeln!(
                        out,
                        "{pad}subgraph {} {{",
                        quote_id(&cluster_name(self.diagram, g))
                    );
                    let _ = writeln!(out, "{pad}  label={};", quote_label(&group.label));
                    let _ = writeln!(out, "{pad}  style=dashed;");
                    for &i in nodes {
                        self.write_node(out, i, depth + 1);
                    }
                    let _ = writeln!(out, "{pad}}}");
                }
                None if group.parent == holder => {
                    let names: Vec<&str> = group
                        .spans
                        .iter()
                        .map(|&n| self.diagram.nodes[n].id.as_str())
                        .collect();
                    let text = format!("{}\nspans: {}", group.label, names.join(", "));
                    let _ = writeln!(
                        out,
                        "{pad}{} [shape=note, style=dashed, label={}];",
                        quote_id(&format!("{OVERLAY_NOTE}{}", group.id)),
                        quote_label(&text)
                    );
                }
                None => {}
            }
        }
    }

    fn write_node(&self, out: &mut String, i: usize, depth: usize) {
        let node = &self.diagram.nodes[i];
        if let Some(g) = node.on {
            let _ = writeln!(
                out,
                "{}// {} sits on the border of {}",
                "  ".repeat(depth),
                quote_id(&node.id),
                quote_id(&cluster_name(self.diagram, g))
            );
        }
        let _ = writeln!(
            out,
            "{}{} [label={}];",
            "  ".repeat(depth),
            quote_id(&node.id),
            quote_label(&node.label)
        );
    }

    /// The DOT node an edge end attaches to, and the group whose cluster
    /// clips it (`ltail` / `lhead`) when the end is a group.
    fn end(&self, end: Endpoint) -> (String, Option<usize>) {
        match end {
            Endpoint::Node(i) => (self.diagram.nodes[i].id.clone(), None),
            Endpoint::Group(g) => {
                let name = match self.anchors[g] {
                    Some(i) => self.diagram.nodes[i].id.clone(),
                    None => format!("{EMPTY_GROUP_NODE}{}", self.diagram.groups[g].id),
                };
                // An overlay drawn as a note is no cluster to clip at.
                let clipped =
                    !self.diagram.groups[g].is_overlay() || self.overlay_clusters[g].is_some();
                (name, clipped.then_some(g))
            }
        }
    }
}

/// The subgraph name of group `g`: `cluster_` makes dot draw it as a box.
fn cluster_name(diagram: &Diagram, g: usize) -> String {
    format!("cluster_{}", diagram.groups[g].id)
}

/// `text` as a quoted DOT id: in a quoted string DOT only unescapes `\"`,
/// so `"` becomes `\"`; `\` is doubled so that no id ends in a lone
/// backslash that would swallow the closing quote; a line break becomes
/// the two characters `\n`.
pub fn quote_id(text: &str) -> String {
    quote(text)
}

/// `text` as a quoted DOT label (an escString). Graphviz reads `\n` as a
/// centred line break and `\\` as one backslash in labels, so every
/// backslash is doubled (no `\N`, `\G`, `\l` of the user's text is ever
/// interpreted) and every line break (`\n`, `\r\n` or `\r`) becomes `\n`.
pub fn quote_label(text: &str) -> String {
    quote(text)
}

fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            // Other control characters have no meaning in a label; dot
            // would pass them to the output raw. A space keeps the width.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_quotes_backslashes_and_breaks() {
        assert_eq!(quote_label("plain"), "\"plain\"");
        assert_eq!(quote_label("a \"b\""), "\"a \\\"b\\\"\"");
        assert_eq!(quote_label("C:\\dir\\"), "\"C:\\\\dir\\\\\"");
        assert_eq!(
            quote_label("one\ntwo\r\nthree\rfour"),
            "\"one\\ntwo\\nthree\\nfour\""
        );
        assert_eq!(quote_label("tab\there\u{7}"), "\"tab here \"");
        assert_eq!(quote_id("한국어"), "\"한국어\"");
    }
}
