//! Nearest-name suggestions for "did you mean".
//!
//! In: a misspelt word or id and the valid ones. Out: the nearest valid
//! one, if any is near, or the words other tools use for the same thing
//! (`TB`, `dotted`, `az`, `parent`); the budget of suggestions per file
//! lives in `limits::MAX_SUGGESTIONS`.

use crate::catalog;
use crate::model::GroupKind;

pub(super) fn group_kind_words() -> Vec<&'static str> {
    GroupKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// Words that other diagram tools (Mermaid, Graphviz, D2, Python
/// `diagrams`) or plain English use for a word or key of the flow format,
/// normalised (see [`catalog::normalize`]), each with what it means here.
/// An entry applies only where its meanings are among the valid words, so
/// `type` means `icon` for a node and `kind` for a group.
const OTHER_NAMES: &[(&str, &[&str])] = &[
    // direction (Mermaid, Graphviz rankdir, Python diagrams)
    ("tb", &["down"]),
    ("td", &["down"]),
    ("topdown", &["down"]),
    ("toptobottom", &["down"]),
    ("vertical", &["down"]),
    ("lr", &["right"]),
    ("lefttoright", &["right"]),
    ("horizontal", &["right"]),
    ("rl", &["left"]),
    ("righttoleft", &["left"]),
    ("bt", &["up"]),
    ("bottomup", &["up"]),
    ("bottomtotop", &["up"]),
    // edge style and arrow
    ("dotted", &["dashed"]),
    ("dot", &["dashed"]),
    ("dash", &["dashed"]),
    ("dashes", &["dashed"]),
    ("line", &["solid"]),
    ("plain", &["solid"]),
    ("normal", &["solid", "forward"]),
    ("bidirectional", &["both"]),
    ("twoway", &["both"]),
    ("bothways", &["both"]),
    ("bi", &["both"]),
    ("double", &["both"]),
    ("directed", &["forward"]),
    ("oneway", &["forward"]),
    ("undirected", &["none"]),
    ("nohead", &["none"]),
    ("noarrow", &["none"]),
    // group kinds
    ("az", &["availability-zone"]),
    ("zone", &["availability-zone"]),
    ("subnet", &["public-subnet", "private-subnet"]),
    ("public", &["public-subnet"]),
    ("private", &["private-subnet"]),
    ("asg", &["auto-scaling-group"]),
    ("autoscaling", &["auto-scaling-group"]),
    ("sg", &["security-group"]),
    ("cloud", &["aws-cloud"]),
    ("aws", &["aws-cloud"]),
    ("datacenter", &["corporate-data-center"]),
    ("datacentre", &["corporate-data-center"]),
    ("dc", &["corporate-data-center"]),
    ("onpremises", &["corporate-data-center"]),
    ("onprem", &["corporate-data-center"]),
    ("awsaccount", &["account"]),
    ("cluster", &["generic"]),
    ("box", &["generic"]),
    ("group", &["generic", "in"]),
    // keys
    ("parent", &["in"]),
    ("inside", &["in"]),
    ("within", &["in"]),
    ("border", &["on"]),
    ("type", &["icon", "kind"]),
    ("service", &["icon"]),
    ("image", &["icon"]),
    ("name", &["label", "title"]),
    ("text", &["label"]),
    ("caption", &["label", "subtitle"]),
    ("description", &["subtitle"]),
    ("heading", &["title"]),
    ("rankdir", &["direction"]),
    ("orientation", &["direction"]),
    ("layout", &["direction"]),
    ("members", &["spans"]),
    ("span", &["spans"]),
    ("contains", &["spans"]),
    ("source", &["from"]),
    ("src", &["from"]),
    ("target", &["to"]),
    ("dest", &["to"]),
    ("dst", &["to"]),
    ("linestyle", &["style"]),
    ("head", &["arrow"]),
    ("arrowhead", &["arrow"]),
    ("connections", &["flows"]),
    ("links", &["flows"]),
    ("lines", &["flows"]),
];

/// What `input` may have meant among `words`, as the text of a label:
/// "did you mean `down`?", "did you mean `public-subnet` or
/// `private-subnet`?"; None when nothing is near.
pub(super) fn did_you_mean(input: &str, words: &[&str]) -> Option<String> {
    let meant = other_name(input, words).or_else(|| nearest_word(input, words).map(|w| vec![w]))?;
    let quoted: Vec<String> = meant.iter().map(|w| format!("`{w}`")).collect();
    Some(format!("did you mean {}?", quoted.join(" or ")))
}

/// The valid words of `words` that another tool's name `input` stands for.
fn other_name<'w>(input: &str, words: &[&'w str]) -> Option<Vec<&'w str>> {
    let n = catalog::normalize(input);
    let (_, meanings) = OTHER_NAMES
        .iter()
        .find(|(name, meanings)| *name == n && meanings.iter().any(|m| words.contains(m)))?;
    let valid: Vec<&'w str> = words
        .iter()
        .copied()
        .filter(|w| meanings.contains(w))
        .collect();
    Some(valid)
}

/// The word of `words` nearest to `input`: the same word written with other
/// case or separators, another tool's name for it, or a likely typo.
pub(super) fn nearest_word<'w>(input: &str, words: &[&'w str]) -> Option<&'w str> {
    let n = catalog::normalize(input);
    if let Some(w) = words.iter().find(|w| catalog::normalize(w) == n) {
        return Some(w);
    }
    if let Some(first) = other_name(input, words).and_then(|m| m.first().copied()) {
        return Some(first);
    }
    let normalized: Vec<String> = words.iter().map(|w| catalog::normalize(w)).collect();
    catalog::nearest(
        &n,
        normalized.iter().enumerate().map(|(i, w)| (w.as_str(), i)),
    )
    .and_then(|i| words.get(i).copied())
}

/// The id of `ids` nearest to `input`, for "did you mean".
pub(super) fn nearest_id<'a>(input: &str, ids: impl Iterator<Item = &'a String>) -> Option<String> {
    let target = input.to_lowercase();
    let lowered: Vec<(String, &String)> = ids.map(|id| (id.to_lowercase(), id)).collect();
    catalog::nearest(
        &target,
        lowered.iter().map(|(l, id)| (l.as_str(), id.as_str())),
    )
    .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIRECTIONS: [&str; 4] = ["right", "down", "left", "up"];

    #[test]
    fn other_tools_words_are_understood() {
        assert_eq!(
            did_you_mean("TB", &DIRECTIONS).as_deref(),
            Some("did you mean `down`?")
        );
        assert_eq!(
            did_you_mean("LR", &DIRECTIONS).as_deref(),
            Some("did you mean `right`?")
        );
        assert_eq!(
            did_you_mean("rigth", &DIRECTIONS).as_deref(),
            Some("did you mean `right`?")
        );
        assert_eq!(
            did_you_mean("subnet", &group_kind_words()).as_deref(),
            Some("did you mean `public-subnet` or `private-subnet`?")
        );
        assert_eq!(nearest_word("type", &["kind", "label", "in"]), Some("kind"));
        assert_eq!(nearest_word("type", &["icon", "label", "in"]), Some("icon"));
        assert_eq!(did_you_mean("quantum", &DIRECTIONS), None);
    }

    #[test]
    fn every_other_name_means_a_word_of_the_format() {
        let mut known: Vec<&str> = group_kind_words();
        known.extend(DIRECTIONS);
        known.extend(["solid", "dashed", "forward", "both", "none"]);
        known.extend([
            "in",
            "on",
            "icon",
            "kind",
            "label",
            "title",
            "subtitle",
            "direction",
        ]);
        known.extend(["spans", "from", "to", "style", "arrow", "flows", "generic"]);
        for (name, meanings) in OTHER_NAMES {
            assert_eq!(*name, catalog::normalize(name), "{name} is not normalised");
            for m in *meanings {
                assert!(known.contains(m), "{name} means unknown word {m}");
            }
        }
    }
}
