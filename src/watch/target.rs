//! What `archflow watch PATH` watches, and the diagrams it holds.
//!
//! In: PATH as the user gave it — a flow file, a folder of them, or a
//! Markdown note. Out: the folder to watch (and whether recursively), the
//! diagrams it holds now ([`Item`]s, each with the name the page shows and
//! the file paths whose change means it must be drawn again), and the
//! [`Outcome`] of drawing one. A file reached through a symlink that leads
//! out of a watched folder is not one of its diagrams.

use std::path::{Path, PathBuf};

use super::state::{Kind, Outcome, Picture};
use crate::inputs::collect_inputs;
use crate::render::Theme;

/// The watched path.
#[derive(Debug, Clone)]
pub struct Target {
    kind: Kind,
    /// PATH as given.
    shown: PathBuf,
    /// The folder handed to the file watcher, symlinks resolved: the
    /// folder itself, or the folder holding the file (so an editor that
    /// saves by writing a new file and renaming it over the old one is
    /// still seen).
    watched: PathBuf,
}

/// One diagram of the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The name on the page and in `/svg/<name>`: the path relative to the
    /// watched folder with `/` between parts, or the file's name.
    pub name: String,
    /// The flow file, as its errors name it (the user's path plus what a
    /// folder walk added, as `archflow check` prints it).
    pub path: PathBuf,
    /// The paths, as the watcher reports them, whose change means this
    /// diagram must be drawn again.
    pub triggers: Vec<PathBuf>,
}

impl Target {
    /// The target of `path`, or why it cannot be watched.
    pub fn open(path: &Path) -> Result<Target, String> {
        let shown = path.display();
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("{shown}: no such file or folder"),
            _ => format!("{shown}: {e}"),
        })?;
        let real = std::fs::canonicalize(path).map_err(|e| format!("{shown}: {e}"))?;
        let (kind, watched) = if meta.is_dir() {
            (Kind::Folder, real)
        } else {
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let watched = std::fs::canonicalize(parent).map_err(|e| format!("{shown}: {e}"))?;
            (Kind::File, watched)
        };
        Ok(Target {
            kind,
            shown: path.to_path_buf(),
            watched,
        })
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// PATH as the user gave it.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// The folder to watch, and whether its subfolders are watched too.
    pub fn watched(&self) -> (&Path, bool) {
        (&self.watched, self.kind == Kind::Folder)
    }

    /// The diagrams the target holds now, in page order.
    pub fn items(&self) -> Vec<Item> {
        match self.kind {
            Kind::File => vec![self.file_item()],
            Kind::Folder => self.folder_items(),
            Kind::Note => Vec::new(),
        }
    }

    fn file_item(&self) -> Item {
        let file_name = self
            .shown
            .file_name()
            .map_or_else(|| self.shown.clone(), PathBuf::from);
        let mut triggers = vec![self.watched.join(&file_name)];
        // A symlinked file changes where its link leads.
        if let Ok(real) = std::fs::canonicalize(&self.shown) {
            if real != triggers[0] {
                triggers.push(real);
            }
        }
        Item {
            name: file_name.to_string_lossy().into_owned(),
            path: self.shown.clone(),
            triggers,
        }
    }

    fn folder_items(&self) -> Vec<Item> {
        let (inputs, _) = collect_inputs(std::slice::from_ref(&self.shown));
        inputs
            .into_iter()
            .filter_map(|input| {
                let real = std::fs::canonicalize(&input.path).ok()?;
                if !real.starts_with(&self.watched) {
                    return None;
                }
                let as_reported = self.watched.join(&input.relative);
                let mut triggers = vec![as_reported];
                if real != triggers[0] {
                    triggers.push(real);
                }
                Some(Item {
                    name: page_name(&input.relative),
                    path: input.path,
                    triggers,
                })
            })
            .collect()
    }

    /// Draws one diagram in both themes, or gives its errors as `archflow
    /// check` prints them. Never panics: a panic deep in the pipeline
    /// becomes an error of the file, and the server goes on.
    pub fn render(&self, item: &Item) -> Outcome {
        let path = item.path.clone();
        std::panic::catch_unwind(move || render_file(&path)).unwrap_or_else(|_| {
            Err(format!(
                "error: archflow failed on `{}`; please report this file\n",
                item.path.display()
            ))
        })
    }
}

/// A relative path as a page name: its parts joined with `/`.
fn page_name(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn render_file(path: &Path) -> Outcome {
    match crate::validate::load_file(path) {
        Ok(diagram) => {
            let geometry = crate::layout::layout(&diagram);
            Ok(Picture {
                light: crate::render::to_svg(&diagram, &geometry, Theme::Light).into(),
                dark: crate::render::to_svg(&diagram, &geometry, Theme::Dark).into(),
            })
        }
        Err(report) => Err(report.render(false)),
    }
}

/// Whether a changed path may change a picture without being a flow file:
/// a custom icon, whose flow files are then all drawn again.
pub fn is_icon_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("svg") || e.eq_ignore_ascii_case("png"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_names_its_files_by_relative_path_and_skips_links_out() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.toml"), "").unwrap();
        std::fs::write(dir.path().join("a.toml"), "").unwrap();
        std::fs::write(outside.path().join("secret.toml"), "").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(
            outside.path().join("secret.toml"),
            dir.path().join("link.toml"),
        )
        .unwrap();
        let target = Target::open(dir.path()).unwrap();
        assert_eq!(target.kind(), Kind::Folder);
        let names: Vec<String> = target.items().into_iter().map(|i| i.name).collect();
        assert_eq!(names, vec!["a.toml", "sub/b.toml"]);
    }

    #[test]
    fn a_file_is_watched_through_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        let flow = "title = \"x\"\nflows = [\"a -> b\"]\n[nodes]\na = { icon = \"s3\" }\nb = { icon = \"ec2\" }\n";
        std::fs::write(&file, flow).unwrap();
        let target = Target::open(&file).unwrap();
        let (watched, recursive) = target.watched();
        assert!(!recursive);
        assert_eq!(watched, std::fs::canonicalize(dir.path()).unwrap());
        let items = target.items();
        assert_eq!(items[0].name, "a.toml");
        assert_eq!(items[0].triggers[0], watched.join("a.toml"));
        assert!(target.render(&items[0]).is_ok());
        std::fs::write(&file, "title = 1").unwrap();
        let errors = target.render(&items[0]).unwrap_err();
        assert!(errors.starts_with("error: "), "{errors}");
        assert!(Target::open(&dir.path().join("missing.toml"))
            .unwrap_err()
            .ends_with("missing.toml: no such file or folder"));
    }
}
