//! What `archflow watch PATH` watches, and the diagrams it holds.
//!
//! In: PATH as the user gave it — a flow file, a folder of them, or a
//! Markdown note. Out: the folder to watch (and whether recursively), the
//! diagrams it holds now ([`Item`]s, each with the name the page shows and
//! the file paths whose change means it must be drawn again), and the
//! [`Outcome`] of drawing one. A file reached through a symlink that leads
//! out of a watched folder is not one of its diagrams. A note's blocks
//! are found by [`crate::notes`], as `archflow md` finds them, and their
//! errors are told at the note's own lines; the problems of the note's
//! fences themselves are one more entry, named after the note.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::state::{Kind, Outcome, Picture};
use crate::diagnostics::FileReport;
use crate::inputs::collect_inputs;
use crate::model::Diagram;
use crate::notes::{self, Block};
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
    /// The pictures of a note's blocks by their text: a save of the note
    /// draws again only the blocks whose text changed.
    drawn_blocks: Arc<Mutex<HashMap<String, Picture>>>,
}

/// One diagram of the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The name on the page and in `/svg/<name>`: the path relative to the
    /// watched folder with `/` between parts, the file's name, or a note
    /// block's picture name (as `archflow md` saves it, without `.svg`).
    pub name: String,
    /// The paths, as the watcher reports them, whose change means this
    /// diagram must be drawn again.
    pub triggers: Vec<PathBuf>,
    source: Source,
}

/// Where an item's flow comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// A flow file, as its errors name it (the user's path plus what a
    /// folder walk added, as `archflow check` prints it).
    File(PathBuf),
    /// One archflow block of a note.
    Block(Arc<Note>, Block),
    /// The problems of the note's fences, as `archflow check` would print
    /// them.
    NoteProblems(String),
}

/// A note as read for one render.
#[derive(Debug, PartialEq, Eq)]
struct Note {
    /// Its path as the user gave it.
    name: String,
    text: String,
    /// Where its custom icons are found.
    base_dir: PathBuf,
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
        let is_note = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        let (kind, watched) = if meta.is_dir() {
            (Kind::Folder, real)
        } else {
            let watched =
                std::fs::canonicalize(base_dir(path)).map_err(|e| format!("{shown}: {e}"))?;
            (if is_note { Kind::Note } else { Kind::File }, watched)
        };
        Ok(Target {
            kind,
            shown: path.to_path_buf(),
            watched,
            drawn_blocks: Arc::default(),
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
            Kind::File => {
                let (name, triggers) = self.file_triggers();
                vec![Item {
                    name,
                    triggers,
                    source: Source::File(self.shown.clone()),
                }]
            }
            Kind::Folder => self.folder_items(),
            Kind::Note => self.note_items(),
        }
    }

    /// The file name of PATH, and the paths whose change is a change of it.
    fn file_triggers(&self) -> (String, Vec<PathBuf>) {
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
        (file_name.to_string_lossy().into_owned(), triggers)
    }

    /// Every archflow block of the note, named as `archflow md` saves its
    /// picture; plus, when the note's fences have problems (or the note
    /// cannot be read), an entry of those under the note's own name.
    fn note_items(&self) -> Vec<Item> {
        let (note_name, triggers) = self.file_triggers();
        let name = self.shown.display().to_string();
        let text = match notes::read_note(&self.shown) {
            Ok(text) => text,
            Err(message) => {
                let report = FileReport::whole_file(&name, format!("{name}: {message}"));
                return vec![Item {
                    name: note_name,
                    triggers,
                    source: Source::NoteProblems(report.render(false)),
                }];
            }
        };
        let (blocks, mut problems) = notes::find_blocks(&text);
        let stem = self
            .shown
            .file_stem()
            .map_or_else(|| "note".to_string(), |s| s.to_string_lossy().into_owned());
        let note = Arc::new(Note {
            name,
            text,
            base_dir: base_dir(&self.shown).to_path_buf(),
        });
        let mut items: Vec<Item> = Vec::new();
        for block in blocks {
            let block_name = block.file_stem(&stem);
            if let Some(first) = items.iter().find(|i| i.name == block_name) {
                if let Source::Block(_, first) = &first.source {
                    problems.push(notes::duplicate_stem(&block, first, &block_name));
                }
                continue;
            }
            items.push(Item {
                name: block_name,
                triggers: triggers.clone(),
                source: Source::Block(note.clone(), block),
            });
        }
        if !problems.is_empty() {
            let report = FileReport::new(&note.name, note.text.as_str(), problems);
            items.push(Item {
                name: note_name,
                triggers,
                source: Source::NoteProblems(report.render(false)),
            });
        }
        items
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
                    triggers,
                    source: Source::File(input.path),
                })
            })
            .collect()
    }

    /// Draws one diagram in both themes, or gives its errors as `archflow
    /// check` prints them. Never panics: a panic deep in the pipeline
    /// becomes an error of the file, and the server goes on.
    pub fn render(&self, item: &Item) -> Outcome {
        let drawn = std::panic::catch_unwind(|| match &item.source {
            Source::File(path) => match crate::validate::load_file(path) {
                Ok(diagram) => Ok(picture(&diagram)),
                Err(report) => Err(report.render(false)),
            },
            Source::Block(note, block) => self.render_block(note, block),
            Source::NoteProblems(text) => Err(text.clone()),
        });
        drawn.unwrap_or_else(|_| {
            Err(format!(
                "error: archflow failed on `{}`; please report this flow\n",
                item.name
            ))
        })
    }

    /// One block of a note: its errors at the note's lines, or its
    /// picture (from before when its text has not changed).
    fn render_block(&self, note: &Note, block: &Block) -> Outcome {
        let known = self.drawn_blocks().get(&block.source).cloned();
        if let Some(picture) = known {
            return Ok(picture);
        }
        let loaded =
            crate::validate::load_source(&note.name, block.source.as_bytes(), &note.base_dir);
        match loaded {
            Ok(diagram) => {
                let drawn = picture(&diagram);
                self.drawn_blocks()
                    .insert(block.source.clone(), drawn.clone());
                Ok(drawn)
            }
            Err(report) => {
                let moved = report
                    .diagnostics
                    .into_iter()
                    .map(|d| block.note_diagnostic(d))
                    .collect();
                Err(FileReport::new(&note.name, note.text.as_str(), moved).render(false))
            }
        }
    }

    fn drawn_blocks(&self) -> std::sync::MutexGuard<'_, HashMap<String, Picture>> {
        self.drawn_blocks.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets the pictures of blocks that are no longer in the note.
    pub fn forget_old_blocks(&self, items: &[Item]) {
        let kept: std::collections::HashSet<&str> = items
            .iter()
            .filter_map(|i| match &i.source {
                Source::Block(_, block) => Some(block.source.as_str()),
                _ => None,
            })
            .collect();
        self.drawn_blocks()
            .retain(|text, _| kept.contains(text.as_str()));
    }
}

/// The folder a file's custom icons are found in.
fn base_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A relative path as a page name: its parts joined with `/`.
fn page_name(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A diagram laid out once and drawn in both themes.
fn picture(diagram: &Diagram) -> Picture {
    let geometry = crate::layout::layout(diagram);
    Picture {
        light: crate::render::to_svg(diagram, &geometry, Theme::Light).into(),
        dark: crate::render::to_svg(diagram, &geometry, Theme::Dark).into(),
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

    #[test]
    fn a_note_gives_its_blocks_with_errors_at_the_note_lines() {
        let dir = tempfile::tempdir().unwrap();
        let note = dir.path().join("vpc.md");
        let flow = "title = \"x\"\nflows = [\"a -> b\"]\n[nodes]\na = { icon = \"s3\" }\nb = { icon = \"ec2\" }\n";
        let text = format!(
            "# VPC\n\n```archflow\n{flow}```\n\nText.\n\n```archflow endpoints\n{}```\n",
            flow.replace("\"ec2\"", "\"ec3\"")
        );
        std::fs::write(&note, text).unwrap();
        let target = Target::open(&note).unwrap();
        assert_eq!(target.kind(), Kind::Note);
        let items = target.items();
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["vpc-1", "endpoints"]);
        assert!(target.render(&items[0]).is_ok());
        let errors = target.render(&items[1]).unwrap_err();
        // The block's fifth line is the note's eighteenth.
        assert!(errors.contains("vpc.md:18:14"), "{errors}");
        assert!(errors.contains("did you mean `ec2`?"), "{errors}");

        // An unclosed fence: an entry named after the note tells it.
        std::fs::write(
            &note,
            format!("```archflow\n{flow}```\n\n```archflow\n{flow}"),
        )
        .unwrap();
        let items = target.items();
        let names: Vec<&str> = items.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, ["vpc-1", "vpc.md"]);
        let errors = target.render(&items[1]).unwrap_err();
        assert!(errors.starts_with("error: "), "{errors}");
        assert!(errors.contains("vpc.md:"), "{errors}");
    }
}
