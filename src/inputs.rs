//! The flow files that command-line paths name.
//!
//! In: the paths given on the command line, files or folders. Out: every
//! flow file they name — a file as given, a folder as every `*.toml` under
//! it, recursively, in a stable sorted order — and an [`InputError`] for
//! each path that cannot be read. Each input keeps the folder it was found
//! under, so `render` can mirror its relative path under `--out`.

use std::path::{Path, PathBuf};

/// One flow file to process.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Input {
    /// The file's path, as the user's path plus what the walk added.
    pub path: PathBuf,
    /// The file's path relative to the folder given on the command line;
    /// for a file given directly, its file name.
    pub relative: PathBuf,
}

/// A command-line path that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Every flow file under `paths`, in order: the paths in the order given,
/// the files of a folder sorted by path. A file named twice is kept once.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                let mut visited = std::collections::HashSet::new();
                walk(path, path, &mut found, &mut errors, &mut visited, 0);
                found.sort();
                inputs.extend(found);
            }
            Ok(_) => inputs.push(Input {
                path: path.clone(),
                relative: path.file_name().map_or_else(|| path.clone(), PathBuf::from),
            }),
            Err(e) => errors.push(InputError {
                path: path.clone(),
                message: match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
                    _ => e.to_string(),
                },
            }),
        }
    }
    let mut seen = std::collections::HashSet::new();
    inputs.retain(|i| seen.insert(i.path.clone()));
    (inputs, errors)
}

/// Folders deeper than this under a given folder are not walked (a guard
/// against very deep trees; symlink loops are cut by `visited`).
const MAX_DEPTH: usize = 64;

fn walk(
    root: &Path,
    dir: &Path,
    found: &mut Vec<Input>,
    errors: &mut Vec<InputError>,
    visited: &mut std::collections::HashSet<PathBuf>,
    depth: usize,
) {
    // A folder reached again through a symlink (`ln -s . loop`) is read
    // once: two such links would otherwise make the walk exponential.
    if let Ok(real) = std::fs::canonicalize(dir) {
        if !visited.insert(real) {
            return;
        }
    }
    if depth > MAX_DEPTH {
        errors.push(InputError {
            path: dir.to_path_buf(),
            message: format!("folders nested more than {MAX_DEPTH} deep are not read"),
        });
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(InputError {
                path: dir.to_path_buf(),
                message: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    // In name order, so which of two paths to one folder is read does not
    // depend on the order the file system lists them in.
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let is_dir = std::fs::metadata(&path)
            .map(|m| m.is_dir())
            .unwrap_or(false);
        if is_dir {
            walk(root, &path, found, errors, visited, depth + 1);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let relative = path
                .strip_prefix(root)
                .map_or_else(|_| path.clone(), Path::to_path_buf);
            found.push(Input { path, relative });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_folders_sorted_and_reports_missing_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).expect("mkdir");
        for f in ["b/c/z.toml", "b/a.toml", "a.toml", "note.txt"] {
            std::fs::write(root.join(f), "").expect("write");
        }
        let (inputs, errors) = collect_inputs(&[root.to_path_buf(), root.join("missing")]);
        let rel: Vec<_> = inputs.iter().map(|i| i.relative.clone()).collect();
        assert_eq!(
            rel,
            vec![
                PathBuf::from("a.toml"),
                PathBuf::from("b/a.toml"),
                PathBuf::from("b/c/z.toml")
            ]
        );
        assert_eq!(errors.len(), 1);
    }
}
