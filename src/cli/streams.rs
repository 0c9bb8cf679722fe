//! Standard streams and one-file output for the commands that read flows.
//!
//! In: a command-line path (`-` is standard input) and `render`'s `-o` /
//! `-f`. Out: the diagram read from a file or from stdin (named `<stdin>`
//! in reports), and for `render` the place its pictures go: a folder (a
//! batch), one file whose extension gives the format, or stdout (`-o -`).
//! An `-o` that names a file for more than one input is refused, never
//! made into a folder.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::batch::Format;
use crate::diagnostics::FileReport;
use crate::model::Diagram;
use crate::pipeline::{self, Compiled};
use crate::validate;

/// The path that means standard input (as input) or output (as `-o`).
pub(super) const STD_STREAM: &str = "-";
/// How standard input is named in reports.
pub(super) const STDIN_NAME: &str = "<stdin>";
/// Where `render` writes when `-o` is not given.
pub(super) const DEFAULT_OUT: &str = "output";

/// True when `path` is `-`.
pub(super) fn is_std_stream(path: &Path) -> bool {
    path.as_os_str() == STD_STREAM
}

/// The flow at `path`, or read from stdin when it is `-`.
pub(super) fn load(path: &Path) -> Result<Diagram, FileReport> {
    if !is_std_stream(path) {
        return validate::load_file(path);
    }
    validate::load_source(STDIN_NAME, &read_stdin()?, Path::new("."))
}

/// The pipeline run on the flow at `path`, or on stdin when it is `-`.
pub(super) fn compile(
    path: &Path,
    options: &pipeline::Options,
) -> Result<Compiled, pipeline::Error> {
    if !is_std_stream(path) {
        return pipeline::compile_file(path, options);
    }
    pipeline::compile(&read_stdin()?, Path::new(STDIN_NAME), options)
}

/// Standard input, at most one byte more than a flow file may hold (so a
/// larger one is still refused as too large).
fn read_stdin() -> Result<Vec<u8>, FileReport> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(validate::MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            FileReport::whole_file(STDIN_NAME, format!("cannot read standard input: {e}"))
        })?;
    Ok(bytes)
}

/// Where `render` puts its pictures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Target {
    /// A batch: every input's pictures mirrored under this folder.
    Folder(PathBuf, Vec<Format>),
    /// One input drawn into exactly this file.
    File(PathBuf, Format),
    /// One input drawn to standard output.
    Stdout(Format),
}

/// The target of `render` for `paths`, `-o out` and `-f formats` (`None`
/// when not given), or why that command line makes no sense.
pub(super) fn render_target(
    paths: &[PathBuf],
    out: Option<&Path>,
    formats: Option<&[Format]>,
) -> Result<Target, String> {
    let one_file = match out {
        Some(o) if is_std_stream(o) => Some((None, "-o -")),
        Some(o) if !o.is_dir() && format_of(o).is_some() => Some((format_of(o), "-o FILE")),
        _ => None,
    };
    let Some((format, what)) = one_file else {
        if paths.iter().any(|p| is_std_stream(p)) {
            return Err(
                "standard input (`-`) is drawn into one file: add `-o FILE.svg`, `-o FILE.png` or `-o -`"
                    .to_string(),
            );
        }
        let folder = out.map_or_else(|| PathBuf::from(DEFAULT_OUT), Path::to_path_buf);
        if folder.is_file() {
            return Err(format!(
                "-o {} is a file; a batch needs a folder (or give one input to draw into one file)",
                folder.display()
            ));
        }
        let formats = formats.map_or_else(|| vec![Format::Svg, Format::Png], <[_]>::to_vec);
        return Ok(Target::Folder(folder, formats));
    };
    if paths.len() != 1 || (!is_std_stream(&paths[0]) && paths[0].is_dir()) {
        return Err(format!(
            "{what} names one output, but the inputs are a batch; give one flow file, or a folder to -o"
        ));
    }
    let format = match (format, formats) {
        (Some(f), None) => f,
        (Some(f), Some([g])) if f == *g => f,
        (None, None) => Format::Svg,
        (None, Some([g])) => *g,
        (_, Some(_)) => {
            return Err(format!(
                "{what} writes one format: give -f with just the format of {}",
                out.map_or(String::new(), |o| o.display().to_string())
            ))
        }
    };
    Ok(match out {
        Some(o) if !is_std_stream(o) => Target::File(o.to_path_buf(), format),
        _ => Target::Stdout(format),
    })
}

/// The format a file name's extension asks for.
fn format_of(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    [Format::Svg, Format::Png]
        .into_iter()
        .find(|f| f.extension() == ext)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(
        paths: &[&str],
        out: Option<&str>,
        formats: Option<&[Format]>,
    ) -> Result<Target, String> {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        render_target(&paths, out.map(Path::new), formats)
    }

    #[test]
    fn one_input_may_go_to_one_file_or_stdout() {
        assert_eq!(
            target(&["q.toml"], Some("x.PNG"), None),
            Ok(Target::File(PathBuf::from("x.PNG"), Format::Png))
        );
        assert_eq!(
            target(&["-"], Some("-"), None),
            Ok(Target::Stdout(Format::Svg))
        );
        assert_eq!(
            target(&["-"], Some("-"), Some(&[Format::Png])),
            Ok(Target::Stdout(Format::Png))
        );
        assert!(target(&["-"], Some("-"), Some(&[Format::Svg, Format::Png])).is_err());
        assert!(target(&["q.toml"], Some("x.svg"), Some(&[Format::Png])).is_err());
    }

    #[test]
    fn a_batch_needs_a_folder() {
        assert!(target(&["a.toml", "b.toml"], Some("x.svg"), None).is_err());
        assert!(target(&["a.toml", "b.toml"], Some("-"), None).is_err());
        assert!(target(&["-"], None, None).is_err());
        assert_eq!(
            target(&["a.toml", "b.toml"], None, None),
            Ok(Target::Folder(
                PathBuf::from("output"),
                vec![Format::Svg, Format::Png]
            ))
        );
    }
}
