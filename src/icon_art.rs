//! The icon drawings, compiled in from `icons/` by `build.rs`.
//!
//! In: a catalog key or a group kind. Out: the SVG source of its drawing.
//! The catalog (`catalog.rs`) says which key exists; this module only holds
//! the artwork, one file per key under `icons/<category-folder>/`, and the
//! group tab icons under `icons/groups/`.

use crate::catalog;
use crate::model::GroupKind;

include!(concat!(env!("OUT_DIR"), "/icon_art.rs"));

/// The drawing in `folder` named `key`.
pub fn find(folder: &str, key: &str) -> Option<&'static str> {
    ICON_ART
        .binary_search_by(|&(f, k, _)| (f, k).cmp(&(folder, key)))
        .ok()
        .map(|i| ICON_ART[i].2)
}

/// The drawing of a catalog icon.
pub fn service(key: &str) -> Option<&'static str> {
    let entry = catalog::by_key(key)?;
    find(entry.category.folder(), entry.key)
}

/// The tab icon of a group kind, for the kinds that have one.
pub fn group(kind: GroupKind) -> Option<&'static str> {
    find("groups", kind.as_str())
}

/// True for the grey General drawings, which take their colour from the
/// theme (`currentColor`).
pub fn is_general(key: &str) -> bool {
    catalog::by_key(key).is_some_and(|e| e.category.tile_colour().is_none())
}
