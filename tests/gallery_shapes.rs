//! The README gallery fits each picture to its shape: a wide picture takes
//! a row of its own, a tall one is shown wide enough to read and no taller
//! than the gallery allows, both at a legible scale.

use archflow::batch::collect_inputs;
use archflow::internals::gallery::{min_scale, section, MAX_SHOWN_HEIGHT, ROW_WIDTH};
use std::path::Path;

/// A chain of `n` EC2 nodes running in `direction`.
fn chain(direction: &str, n: usize) -> String {
    let ids: Vec<String> = (1..=n).map(|i| format!("n{i}")).collect();
    let nodes: String = ids
        .iter()
        .map(|id| format!("{id} = {{ icon = \"ec2\", label = \"server {id}\" }}\n"))
        .collect();
    format!(
        "title = \"{direction} chain\"\ndirection = \"{direction}\"\nflows = [\"{}\"]\n\n[nodes]\n{nodes}",
        ids.join(" -> ")
    )
}

/// The `<td>` of the picture `stem` in `markdown`, and its shown width.
fn cell<'a>(markdown: &'a str, stem: &str) -> (&'a str, f64) {
    let at = markdown
        .find(&format!("src=\"pictures/{stem}.png\""))
        .unwrap_or_else(|| panic!("no cell for {stem} in\n{markdown}"));
    let start = markdown[..at].rfind("<td").expect("cell start");
    let end = at + markdown[at..].find("</td>").expect("cell end");
    let td = &markdown[start..end];
    let width = td
        .split("width=\"")
        .nth(2)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("no image width in {td}"));
    (td, width)
}

/// The laid-out width and height of a flow file.
fn laid(path: &Path) -> (f64, f64) {
    let diagram = archflow::load_file(path).unwrap_or_else(|r| panic!("{}", r.render(false)));
    let layout = archflow::layout::layout(&diagram);
    (layout.width, layout.height)
}

#[test]
fn a_wide_picture_gets_its_own_row_and_a_tall_one_a_legible_width_within_the_height() {
    let dir = tempfile::tempdir().expect("temp dir");
    let flows = dir.path().join("flows");
    std::fs::create_dir_all(&flows).expect("mkdir");
    std::fs::write(flows.join("q1-wide.toml"), chain("right", 8)).expect("write");
    std::fs::write(flows.join("q2-tall.toml"), chain("down", 9)).expect("write");
    let (inputs, errors) = collect_inputs(std::slice::from_ref(&flows));
    assert!(errors.is_empty(), "{errors:?}");
    let markdown = section(&inputs, "flows", "pictures");

    let (ww, wh) = laid(&flows.join("q1-wide.toml"));
    assert!(ww / wh >= 2.0, "the wide flow is wide: {ww} x {wh}");
    let (td, shown) = cell(&markdown, "q1-wide");
    assert!(
        td.contains("colspan=\"6\""),
        "a wide picture fills its row: {td}"
    );
    assert!(shown <= f64::from(ROW_WIDTH), "{td}");
    assert!(shown / ww >= min_scale(), "legible: {shown} of {ww}");

    let (tw, th) = laid(&flows.join("q2-tall.toml"));
    assert!(th / tw >= 2.0, "the tall flow is tall: {tw} x {th}");
    let (td, shown) = cell(&markdown, "q2-tall");
    assert!(
        !td.contains("colspan=\"6\""),
        "a tall picture shares its row: {td}"
    );
    assert!(shown / tw >= min_scale(), "legible: {shown} of {tw}");
    let shown_height = shown * th / tw;
    assert!(
        shown_height <= MAX_SHOWN_HEIGHT + 1.0 || shown <= (tw * min_scale()).ceil(),
        "no taller than the gallery allows unless legibility needs it: {shown_height}"
    );
    // The wide picture sits alone in its row; the tall one starts the next.
    let rows: Vec<&str> = markdown.split("<tr>").skip(1).collect();
    assert_eq!(rows.len(), 2, "{markdown}");
    assert!(rows[0].contains("q1-wide") && !rows[0].contains("q2-tall"));
}
