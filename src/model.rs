//! The validated diagram: what a flow file means once every rule of
//! `flow-format.md` has been checked.
//!
//! In: nothing (these are plain data types; validation, run by
//! [`crate::load_source`], builds them from the syntax tree). Out: a [`Diagram`] that the layout stage reads.
//! Every index in here is valid, the group tree has no cycle, every edge end
//! exists, and every icon resolved.

use std::fmt;

/// The main direction of the flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    #[default]
    Right,
    Down,
    Left,
    Up,
}

impl Direction {
    /// Every direction word of the format, in the order the spec lists them.
    pub const WORDS: [&'static str; 4] = ["right", "down", "left", "up"];

    /// The word of the format for this direction.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Right => "right",
            Direction::Down => "down",
            Direction::Left => "left",
            Direction::Up => "up",
        }
    }

    /// Parses a direction word exactly as written in the format.
    pub fn from_word(word: &str) -> Option<Direction> {
        match word {
            "right" => Some(Direction::Right),
            "down" => Some(Direction::Down),
            "left" => Some(Direction::Left),
            "up" => Some(Direction::Up),
            _ => None,
        }
    }

    /// True when the flows run along the x axis.
    pub fn is_horizontal(self) -> bool {
        matches!(self, Direction::Right | Direction::Left)
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kinds of group boxes (AWS Cloud, Region, VPC, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKind {
    AwsCloud,
    Region,
    AvailabilityZone,
    Vpc,
    PublicSubnet,
    PrivateSubnet,
    SecurityGroup,
    AutoScalingGroup,
    CorporateDataCenter,
    Account,
    Generic,
}

impl GroupKind {
    /// Every kind, in the order of `flow-format.md`.
    pub const ALL: [GroupKind; 11] = [
        GroupKind::AwsCloud,
        GroupKind::Region,
        GroupKind::AvailabilityZone,
        GroupKind::Vpc,
        GroupKind::PublicSubnet,
        GroupKind::PrivateSubnet,
        GroupKind::SecurityGroup,
        GroupKind::AutoScalingGroup,
        GroupKind::CorporateDataCenter,
        GroupKind::Account,
        GroupKind::Generic,
    ];

    /// The word used in flow files (`kind = "vpc"`).
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::AwsCloud => "aws-cloud",
            GroupKind::Region => "region",
            GroupKind::AvailabilityZone => "availability-zone",
            GroupKind::Vpc => "vpc",
            GroupKind::PublicSubnet => "public-subnet",
            GroupKind::PrivateSubnet => "private-subnet",
            GroupKind::SecurityGroup => "security-group",
            GroupKind::AutoScalingGroup => "auto-scaling-group",
            GroupKind::CorporateDataCenter => "corporate-data-center",
            GroupKind::Account => "account",
            GroupKind::Generic => "generic",
        }
    }

    /// Parses a kind word exactly as written in the format.
    pub fn from_word(word: &str) -> Option<GroupKind> {
        GroupKind::ALL.into_iter().find(|k| k.as_str() == word)
    }

    /// The label a group of this kind gets when the file gives none.
    pub fn display_name(self) -> &'static str {
        match self {
            GroupKind::AwsCloud => "AWS Cloud",
            GroupKind::Region => "Region",
            GroupKind::AvailabilityZone => "Availability Zone",
            GroupKind::Vpc => "VPC",
            GroupKind::PublicSubnet => "Public subnet",
            GroupKind::PrivateSubnet => "Private subnet",
            GroupKind::SecurityGroup => "Security group",
            GroupKind::AutoScalingGroup => "Auto Scaling group",
            GroupKind::CorporateDataCenter => "Corporate data center",
            GroupKind::Account => "AWS account",
            GroupKind::Generic => "Group",
        }
    }
}

impl fmt::Display for GroupKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an edge's line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LineStyle {
    #[default]
    Solid,
    Dashed,
    /// Something carried, not sent over a network: a device shipped, a
    /// disk moved (drawn as a double rail).
    Physical,
    /// A path that is not taken: "not this", "not run again", "deleted"
    /// (drawn dotted in muted red with a cross at its middle).
    Negated,
}

impl LineStyle {
    pub const WORDS: [&'static str; 4] = ["solid", "dashed", "physical", "negated"];

    pub fn as_str(self) -> &'static str {
        match self {
            LineStyle::Solid => "solid",
            LineStyle::Dashed => "dashed",
            LineStyle::Physical => "physical",
            LineStyle::Negated => "negated",
        }
    }

    pub fn from_word(word: &str) -> Option<LineStyle> {
        match word {
            "solid" => Some(LineStyle::Solid),
            "dashed" => Some(LineStyle::Dashed),
            "physical" => Some(LineStyle::Physical),
            "negated" => Some(LineStyle::Negated),
            _ => None,
        }
    }
}

/// Which ends of an edge carry an arrowhead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Arrow {
    #[default]
    Forward,
    Both,
    None,
    /// A head at `from` only. Never written in a file: the layout engine's
    /// view of an edge written target-first (`a <- b`), turned round so that
    /// `a` ranks first, keeps its head at `a` this way, so that routing
    /// gives that head a port of its own.
    Back,
}

impl Arrow {
    /// The words a file may write ([`Arrow::Back`] is not one of them).
    pub const WORDS: [&'static str; 3] = ["forward", "both", "none"];

    pub fn as_str(self) -> &'static str {
        match self {
            Arrow::Forward => "forward",
            Arrow::Both => "both",
            Arrow::None => "none",
            Arrow::Back => "back",
        }
    }

    pub fn from_word(word: &str) -> Option<Arrow> {
        match word {
            "forward" => Some(Arrow::Forward),
            "both" => Some(Arrow::Both),
            "none" => Some(Arrow::None),
            _ => None,
        }
    }
}

/// What a node is drawn with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Icon {
    /// A key of the built-in catalog (`catalog::IconEntry::key`).
    Builtin(&'static str),
    /// A user's own icon, already sanitised into a self-contained SVG
    /// document (a PNG is wrapped in an SVG `<image>` with a data URI).
    Custom(CustomIcon),
}

impl Icon {
    /// The name written into the layout JSON: the catalog key, or the path
    /// as the user wrote it.
    pub fn name(&self) -> &str {
        match self {
            Icon::Builtin(key) => key,
            Icon::Custom(c) => &c.written_as,
        }
    }
}

/// A custom icon read from the user's file and made safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomIcon {
    /// The path exactly as written in the flow file.
    pub written_as: String,
    /// A sanitised, self-contained SVG document.
    pub svg: String,
}

/// A box with an icon and a label.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub id: String,
    pub icon: Icon,
    /// The label text; `\n` in it forces a line break.
    pub label: String,
    /// Index into [`Diagram::groups`] of the group that holds it directly;
    /// for a border node, the parent of its `on` group.
    pub group: Option<usize>,
    /// Index into [`Diagram::groups`] of the group on whose border this node
    /// sits (`on` in the flow file), half in and half out.
    pub on: Option<usize>,
    /// True for a node that no `[nodes]` entry declared: an id in a flow
    /// that names an icon.
    pub implicit: bool,
}

/// A group box (AWS Cloud, Region, VPC, subnet, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: String,
    pub kind: GroupKind,
    pub label: String,
    /// Index into [`Diagram::groups`] of the parent group.
    pub parent: Option<usize>,
    /// The nodes an overlay group is drawn around (`spans` in the flow
    /// file), in the order written; empty for a group that holds what is
    /// `in` it.
    pub spans: Vec<usize>,
}

impl Group {
    /// True for an overlay group: drawn around the nodes of `spans`, which
    /// keep their own groups; nothing is `in` it.
    pub fn is_overlay(&self) -> bool {
        !self.spans.is_empty()
    }
}

/// One end of an edge: a node or a group's border.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    Node(usize),
    Group(usize),
}

/// A connection drawn between two ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: Endpoint,
    pub to: Endpoint,
    pub label: Option<String>,
    pub style: LineStyle,
    pub arrow: Arrow,
    /// Written target-first (`a <- b`, `a <.. b`): `to` is placed before
    /// `from` along the direction, and the head is still at `to`.
    pub reversed: bool,
    /// False for `constraint = false`: drawn, but it does not order its
    /// ends along the direction.
    pub constraint: bool,
}

impl Edge {
    /// The ends in the order the layout places them along the direction:
    /// `(from, to)`, or `(to, from)` for an edge written target-first.
    pub fn rank_ends(&self) -> (Endpoint, Endpoint) {
        if self.reversed {
            (self.to, self.from)
        } else {
            (self.from, self.to)
        }
    }
}

/// The whole validated diagram.
///
/// Nodes come in a stable order: declared nodes in file order, then implicit
/// nodes in order of first use. Groups in file order. Edges in the order the
/// flow lines and `[[edges]]` tables give them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagram {
    pub title: String,
    pub subtitle: Option<String>,
    pub direction: Direction,
    pub nodes: Vec<Node>,
    pub groups: Vec<Group>,
    pub edges: Vec<Edge>,
}

impl Diagram {
    /// The id of an edge end.
    pub fn endpoint_id(&self, end: Endpoint) -> &str {
        match end {
            Endpoint::Node(i) => &self.nodes[i].id,
            Endpoint::Group(i) => &self.groups[i].id,
        }
    }

    /// An end as a vertex of the graph of nodes and groups the layout
    /// ranks: nodes first, then groups.
    pub fn vertex(&self, end: Endpoint) -> usize {
        match end {
            Endpoint::Node(i) => i,
            Endpoint::Group(g) => self.nodes.len() + g,
        }
    }

    /// The end a vertex of [`Diagram::vertex`] stands for.
    pub fn vertex_end(&self, v: usize) -> Endpoint {
        match v.checked_sub(self.nodes.len()) {
            None => Endpoint::Node(v),
            Some(g) => Endpoint::Group(g),
        }
    }

    /// The chain of groups holding group `g`, from `g` itself up to the root.
    pub fn group_ancestors(&self, g: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(Some(g), move |&g| self.groups[g].parent)
    }

    /// The groups that hold node `n`, innermost first: for a border node,
    /// the group on whose border it sits, then that group's ancestors.
    pub fn node_holders(&self, n: usize) -> impl Iterator<Item = usize> + '_ {
        let node = &self.nodes[n];
        std::iter::successors(node.on.or(node.group), move |&g| self.groups[g].parent)
    }

    /// How deep group `g` is nested: 1 for a top-level group.
    pub fn group_depth(&self, g: usize) -> usize {
        self.group_ancestors(g).count()
    }
}
