//! scenarios/README.md keeps its review checklist and a row of its table
//! for every scenario file, so a new scenario cannot go unreviewed.

use archflow::batch::collect_inputs;
use std::path::PathBuf;

#[test]
fn the_scenarios_readme_has_the_checklist_and_a_row_for_every_scenario() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme =
        std::fs::read_to_string(root.join("scenarios/README.md")).expect("scenarios/README.md");
    assert!(
        readme.contains("## Review checklist"),
        "the checklist is gone"
    );
    let (inputs, errors) = collect_inputs(&[root.join("scenarios")]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut missing = Vec::new();
    for input in &inputs {
        let rel = input.relative.to_string_lossy().replace('\\', "/");
        // `06-ec2/q2-cluster-placement-group.toml` is the row `| 06-ec2/q2 |`.
        let Some((folder, file)) = rel.rsplit_once('/') else {
            continue;
        };
        let question = file.split('-').next().unwrap_or(file);
        if !readme.contains(&format!("| {folder}/{question} |")) {
            missing.push(rel);
        }
    }
    assert!(
        missing.is_empty(),
        "no row in scenarios/README.md for {missing:?}"
    );
}
