//! Nearest-name suggestions for "did you mean".
//!
//! In: a misspelt word or id and the valid ones. Out: the nearest valid
//! one, if any is near; the budget of suggestions per file lives in
//! `limits::MAX_SUGGESTIONS`.

use crate::catalog;
use crate::model::GroupKind;

pub(super) fn group_kind_words() -> Vec<&'static str> {
    GroupKind::ALL.iter().map(|k| k.as_str()).collect()
}

/// The word of `words` nearest to `input`: the same word written with other
/// case or separators, or a likely typo.
pub(super) fn nearest_word<'w>(input: &str, words: &[&'w str]) -> Option<&'w str> {
    let n = catalog::normalize(input);
    if let Some(w) = words.iter().find(|w| catalog::normalize(w) == n) {
        return Some(w);
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
