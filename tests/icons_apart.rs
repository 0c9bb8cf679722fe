//! The icons a reader tells apart at a glance: every glyph of the catalog
//! differs from every other one in shape (not only in tile colour or a
//! small mark), measured by `icon_likeness` on greyscale glyphs drawn at
//! their 32 px size; and the measure itself is calibrated: the look-alikes
//! issue 20 found (kept in `tests/fixtures/icons-before/`) score above the
//! threshold.

use archflow::catalog::{self, ICONS};
use archflow::internals::icon_likeness::{self, Glyph, THRESHOLD, TOLD_APART};
use std::sync::OnceLock;

/// The drawings readers confused before issue 20, as they were, and the
/// pairs they confused.
const BEFORE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/icons-before");
const OLD_LOOK_ALIKES: &[(&str, &str)] = &[
    ("rds", "redshift"),
    ("rds", "aurora"),
    ("aurora", "redshift"),
    ("ec2", "instance-store"),
    ("ec2", "cloudhsm"),
    ("cloudhsm", "instance-store"),
    ("ebs", "monolith"),
    ("organizations", "step-functions"),
    ("kendra", "opensearch"),
];

fn before(key: &str) -> Glyph {
    let svg = std::fs::read_to_string(format!("{BEFORE_DIR}/{key}.svg"))
        .unwrap_or_else(|e| panic!("{key}: {e}"));
    let tile = catalog::by_key(key).and_then(|e| e.category.tile_colour());
    icon_likeness::glyph(&svg, tile).unwrap_or_else(|e| panic!("{key}: {e}"))
}

/// Every catalog glyph, drawn once for all the tests of this file.
fn catalog_glyphs() -> &'static [(&'static str, Glyph)] {
    static GLYPHS: OnceLock<Vec<(&'static str, Glyph)>> = OnceLock::new();
    GLYPHS.get_or_init(|| {
        ICONS
            .iter()
            .map(|e| {
                let g = icon_likeness::glyph_of(e.key).unwrap_or_else(|err| panic!("{err}"));
                (e.key, g)
            })
            .collect()
    })
}

#[test]
fn the_old_look_alikes_fail_the_threshold() {
    println!("threshold {THRESHOLD:.3}");
    for (a, b) in OLD_LOOK_ALIKES {
        let score = icon_likeness::likeness(&before(a), &before(b));
        println!("before: {a} ~ {b}: {score:.3}");
        assert!(
            score > THRESHOLD,
            "{a} ~ {b} looked alike ({score:.3}) but pass the threshold {THRESHOLD}"
        );
    }
}

#[test]
fn every_pair_of_the_catalog_reads_apart() {
    let glyphs = catalog_glyphs();
    let pairs = icon_likeness::ranked_pairs(glyphs);
    println!("threshold {THRESHOLD:.3}; closest pairs:");
    for (score, a, b) in pairs.iter().take(10) {
        println!("  {score:.3}  {a} ~ {b}");
    }
    let alike: Vec<String> = pairs
        .iter()
        .filter(|(score, _, _)| *score > THRESHOLD)
        .map(|(score, a, b)| format!("{a} ~ {b} ({score:.3})"))
        .collect();
    assert!(
        alike.is_empty(),
        "glyphs that look alike (above {THRESHOLD}): {}",
        alike.join(", ")
    );
}

#[test]
fn every_told_apart_set_reads_apart() {
    let glyphs = catalog_glyphs();
    for set in TOLD_APART {
        let members: Vec<(&str, Glyph)> = set
            .iter()
            .map(|key| {
                let g = glyphs
                    .iter()
                    .find(|(k, _)| k == key)
                    .unwrap_or_else(|| panic!("told-apart key `{key}` is not in the catalog"));
                (*key, g.1.clone())
            })
            .collect();
        let pairs = icon_likeness::ranked_pairs(&members);
        if let Some((score, a, b)) = pairs.first() {
            println!("{}: closest {a} ~ {b} {score:.3}", set.join(", "));
            assert!(
                *score <= THRESHOLD,
                "{a} ~ {b} must be told apart but score {score:.3} > {THRESHOLD}"
            );
        }
    }
}
