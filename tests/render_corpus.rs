//! The committed `output/` and README gallery match a fresh render of
//! `scenarios/`, byte for byte, and rendering is deterministic.

use archflow::batch::collect_inputs;
use archflow::batch::{self, Format, Options, Outcome};
use archflow::render::Theme;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_output_matches_a_fresh_render() {
    let (inputs, errors) = collect_inputs(&[root().join("scenarios")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(inputs.len(), 31, "the corpus has 31 scenarios");
    let dir = tempfile::tempdir().expect("temp dir");
    let options = Options {
        out: dir.path().to_path_buf(),
        formats: vec![Format::Svg, Format::Png],
        scale: 2.0,
        fit_scale: true,
        theme: Theme::Light,
    };
    let outcomes = batch::render_all(&inputs, &options, &|| {});
    let mut stale = Vec::new();
    for (input, outcome) in inputs.iter().zip(&outcomes) {
        assert!(
            matches!(outcome, Outcome::Rendered { .. }),
            "{} did not render: {outcome:?}",
            input.path.display()
        );
        for ext in ["svg", "png"] {
            let rel = input.relative.with_extension(ext);
            let fresh = std::fs::read(dir.path().join(&rel)).expect("fresh output");
            let committed = std::fs::read(root().join("output").join(&rel)).unwrap_or_default();
            if fresh != committed {
                stale.push(format!("output/{}", rel.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "these committed files differ from a fresh render (run `cargo run --release -- render scenarios`):\n{}",
        stale.join("\n")
    );
}

#[test]
fn readme_gallery_is_current() {
    let (inputs, _) = collect_inputs(&[root().join("scenarios")]);
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let section = archflow::internals::gallery::section(&inputs, "scenarios", "output");
    let updated = archflow::internals::gallery::splice(&readme, &section)
        .expect("README has gallery markers");
    assert!(
        updated == readme,
        "the README gallery is stale: run `cargo run --release -- gallery scenarios --update README.md`"
    );
    for input in &inputs {
        let rel = input.relative.with_extension("png");
        assert!(
            readme.contains(&format!("output/{}", rel.display())),
            "{} missing",
            rel.display()
        );
    }
}

#[test]
fn rendering_is_deterministic_across_thread_counts() {
    let (inputs, _) = collect_inputs(&[root().join("scenarios")]);
    let render = |threads: usize| -> Vec<Vec<u8>> {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = Options {
            out: dir.path().to_path_buf(),
            formats: vec![Format::Svg],
            scale: 1.0,
            fit_scale: true,
            theme: Theme::Dark,
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| batch::render_all(&inputs, &options, &|| {}));
        inputs
            .iter()
            .map(|i| std::fs::read(dir.path().join(i.relative.with_extension("svg"))).expect("svg"))
            .collect()
    };
    assert_eq!(render(1), render(4));
}
