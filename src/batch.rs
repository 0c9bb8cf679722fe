//! Batch rendering: many flow files in, SVG and PNG files out.
//!
//! In: the inputs found on the command line ([`collect_inputs`]) and the
//! render options. Out: the pictures written under the output folder
//! (mirroring each input's path relative to the folder it was found in)
//! and one [`Outcome`] per input, in input order whatever the thread count.
//! Each input goes through the library's one pipeline
//! ([`pipeline::compile_file`]); a failure is a [`pipeline::Error`].
//!
//! Files render in parallel (rayon). Every output is written whole or not
//! at all: to a temporary file in the same folder, then renamed over the
//! target; a file whose bytes would not change is left alone, so a second
//! run writes nothing. An output path never leaves the output folder. One
//! bad input never stops the others.

pub use crate::inputs::{collect_inputs, Input, InputError};
use crate::pipeline::{self, Error, PngScale, Stage};
use crate::scene::Theme;
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
    /// [`crate::render::png::MAX_PIXELS`] at `scale` is drawn at the largest scale
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
    /// The flow file is invalid (or unreadable), or rendering or writing
    /// failed.
    Failed(Error),
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
                Some(other) => Outcome::Failed(Error::Output(format!(
                    "{}: its output would overwrite that of {}; render them into different --out folders",
                    input.path.display(),
                    other.display()
                ))),
                None => render_one(input, options),
            };
            progress();
            outcome
        })
        .collect()
}

/// Renders one input.
pub fn render_one(input: &Input, options: &Options) -> Outcome {
    match render_and_write(input, options) {
        Ok((written, unchanged)) => Outcome::Rendered { written, unchanged },
        Err(e) => Outcome::Failed(e),
    }
}

/// Runs the pipeline on one input and writes each format asked for, in
/// order; returns how many files were written and how many were up to date.
fn render_and_write(input: &Input, options: &Options) -> Result<(usize, usize), Error> {
    let draw = pipeline::Options {
        theme: options.theme,
        until: Stage::Svg,
    };
    let compiled = pipeline::compile_file(&input.path, &draw)?;
    let failed = |message: String| Error::Output(format!("{}: {message}", input.path.display()));
    let Some(relative) = safe_relative(&input.relative) else {
        return Err(failed(
            "cannot mirror this path under the output folder".to_string(),
        ));
    };
    let svg = compiled.svg.unwrap_or_default();
    let scale = if options.fit_scale {
        PngScale::AtMost(options.scale)
    } else {
        PngScale::Exact(options.scale)
    };
    let (mut written, mut unchanged) = (0, 0);
    for &format in &options.formats {
        let bytes = match format {
            Format::Svg => svg.clone().into_bytes(),
            Format::Png => pipeline::rasterise(&svg, scale).map_err(|e| failed(e.to_string()))?,
        };
        let target = options
            .out
            .join(relative.with_extension(format.extension()));
        match write_if_changed(&target, &bytes) {
            Ok(true) => written += 1,
            Ok(false) => unchanged += 1,
            Err(e) => return Err(failed(format!("cannot write {}: {e}", target.display()))),
        }
    }
    Ok((written, unchanged))
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
