//! The group tree, built once per diagram and read by every phase.
//!
//! In: the diagram's groups with their parents. Out: [`GroupTree`]: each
//! group's parent, its path from the outermost group down to itself, its
//! children in file order, every group deepest first (ties in file
//! order), and the "which group holds which" queries. p2 moves it into
//! the layered graph (`group_parent`, `group_path`, `group_children`,
//! `deepest_first`), where the later phases read it.

use crate::model::{Diagram, Endpoint};

/// The group tree of one diagram.
#[derive(Debug, Clone, Default)]
pub struct GroupTree {
    pub parent: Vec<Option<usize>>,
    /// Groups from the outermost down to the group itself, per group.
    pub path: Vec<Vec<usize>>,
    /// Each group's children, in file order.
    pub children: Vec<Vec<usize>>,
    /// Every group, deepest first; groups of one depth in file order.
    pub deepest_first: Vec<usize>,
}

impl GroupTree {
    pub fn new(diagram: &Diagram) -> GroupTree {
        let n = diagram.groups.len();
        let parent: Vec<Option<usize>> = diagram.groups.iter().map(|g| g.parent).collect();
        let path: Vec<Vec<usize>> = (0..n)
            .map(|g| {
                let mut p: Vec<usize> = diagram.group_ancestors(g).collect();
                p.reverse();
                p
            })
            .collect();
        let mut children = vec![Vec::new(); n];
        for (g, p) in parent.iter().enumerate() {
            if let Some(p) = *p {
                children[p].push(g);
            }
        }
        let mut deepest_first: Vec<usize> = (0..n).collect();
        deepest_first.sort_by_key(|&g| std::cmp::Reverse(path[g].len()));
        GroupTree {
            parent,
            path,
            children,
            deepest_first,
        }
    }

    /// Whether group `g` holds `end` (a node inside it or inside a group
    /// it holds, or a group nested in it); a group does not hold itself.
    pub fn holds(&self, diagram: &Diagram, g: usize, end: Endpoint) -> bool {
        match end {
            Endpoint::Node(i) => diagram.nodes[i]
                .group
                .is_some_and(|h| self.path[h].contains(&g)),
            Endpoint::Group(h) => h != g && self.path[h].contains(&g),
        }
    }
}
