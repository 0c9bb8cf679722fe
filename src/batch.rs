//! Batch rendering: many flow files in, SVG and PNG files out.
//!
//! In: the inputs found on the command line and the render options. Out:
//! the pictures written under the output folder (mirroring each input's
//! path relative to the folder it was found in) and one [`Outcome`] per
//! input, in input order whatever the thread count.
//!
//! Files render in parallel (rayon). Every output is written whole or not
//! at all: to a temporary file in the same folder, then renamed over the
//! target; a file whose bytes would not change is left alone, so a second
//! run writes nothing. An output path never leaves the output folder. One
//! bad input never stops the others.

use crate::diagnostics::FileReport;
use crate::inputs::Input;
use crate::layout;
use crate::render::{self, Theme};
use crate::validate;
use rayon::prelude::*;
use std::collections::{hash_map::Entry, HashMap};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

/// What to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Svg,
    Png,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

/// How to render a batch.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub formats: Vec<Format>,
    pub scale: f32,
    /// When true (the scale was not asked for), a PNG that would pass
    /// [`render::png::MAX_PIXELS`] at `scale` is drawn at the largest scale
    /// that fits instead of failing.
    pub fit_scale: bool,
    pub theme: Theme,
}

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome {
    /// Rendered: how many outputs were written and how many were already
    /// up to date.
    Rendered { written: usize, unchanged: usize },
    /// The flow file is invalid (or unreadable).
    Invalid(FileReport),
    /// Rendering or writing failed.
    Failed(String),
}

/// Renders every input; progress is called once per finished input.
pub fn render_all(
    inputs: &[Input],
    options: &Options,
    progress: &(dyn Fn() + Sync),
) -> Vec<Outcome> {
    // Two inputs that would write the same output (`a/q.toml` and
    // `b/q.toml` given as files): the first in input order renders, the
    // others fail, so nothing is silently overwritten and the result does
    // not depend on which thread finishes last.
    let mut first: HashMap<PathBuf, &Path> = HashMap::new();
    let clashes: Vec<Option<&Path>> = inputs
        .iter()
        .map(|input| {
            let key = safe_relative(&input.relative)?.with_extension("");
            match first.entry(key) {
                Entry::Occupied(e) => Some(*e.get()),
                Entry::Vacant(e) => {
                    e.insert(&input.path);
                    None
                }
            }
        })
        .collect();
    inputs
        .par_iter()
        .zip(clashes.par_iter())
        .map(|(input, clash)| {
            let outcome = match clash {
                Some(other) => Outcome::Failed(format!(
                    "{}: its output would overwrite that of {}; render them into different --out folders",
                    input.path.display(),
                    other.display()
                )),
                None => render_one(input, options),
            };
            progress();
            outcome
        })
        .collect()
}

/// Renders one input.
pub fn render_one(input: &Input, options: &Options) -> Outcome {
    let diagram = match validate::load_file(&input.path) {
        Ok(d) => d,
        Err(report) => return Outcome::Invalid(report),
    };
    let Some(relative) = safe_relative(&input.relative) else {
        return Outcome::Failed(format!(
            "{}: cannot mirror this path under the output folder",
            input.path.display()
        ));
    };
    let (geometry, notes) = layout::layout_with_notes(&diagram);
    let name = input.path.display();
    for w in &notes.warnings {
        eprintln!("warning: {name}: {w}");
    }
    if let Some(e) = notes.errors.first() {
        return Outcome::Failed(format!("{name}: {e}"));
    }
    let svg = render::to_svg(&diagram, &geometry, options.theme);
    let mut written = 0;
    let mut unchanged = 0;
    for &format in &options.formats {
        let bytes = match format {
            Format::Svg => svg.clone().into_bytes(),
            Format::Png => match if options.fit_scale {
                render::png::render_within_limit(&svg, options.scale).map(|(b, _)| b)
            } else {
                render::png::render(&svg, options.scale)
            } {
                Ok(b) => b,
                Err(e) => return Outcome::Failed(format!("{}: {e}", input.path.display())),
            },
        };
        let target = options
            .out
            .join(relative.with_extension(format.extension()));
        match write_if_changed(&target, &bytes) {
            Ok(true) => written += 1,
            Ok(false) => unchanged += 1,
            Err(e) => {
                return Outcome::Failed(format!(
                    "{}: cannot write {}: {e}",
                    input.path.display(),
                    target.display()
                ))
            }
        }
    }
    Outcome::Rendered { written, unchanged }
}

/// `path` with only normal components (no `..`, no root, no prefix), or
/// None when it has anything else.
fn safe_relative(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// Writes `bytes` to `target` unless it already holds exactly them.
/// Returns whether it wrote. The write goes to a temporary file beside the
/// target, then a rename: readers never see half a file.
pub fn write_if_changed(target: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if let Ok(meta) = std::fs::symlink_metadata(target) {
        if meta.is_file() && meta.len() == bytes.len() as u64 {
            if let Ok(old) = std::fs::read(target) {
                if old == bytes {
                    return Ok(false);
                }
            }
        }
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(bytes)?;
        drop(file);
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map(|()| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_never_leave_the_output_folder() {
        assert_eq!(
            safe_relative(Path::new("a/b.toml")),
            Some(PathBuf::from("a/b.toml"))
        );
        assert_eq!(
            safe_relative(Path::new("./a.toml")),
            Some(PathBuf::from("a.toml"))
        );
        assert_eq!(safe_relative(Path::new("../x.toml")), None);
        assert_eq!(safe_relative(Path::new("/etc/x.toml")), None);
        assert_eq!(safe_relative(Path::new("")), None);
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("sub/x.svg");
        assert!(write_if_changed(&target, b"one").expect("write"));
        assert!(!write_if_changed(&target, b"one").expect("write"));
        assert!(write_if_changed(&target, b"two").expect("write"));
        assert_eq!(std::fs::read(&target).expect("read"), b"two");
        let leftovers = std::fs::read_dir(dir.path().join("sub"))
            .expect("dir")
            .count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
