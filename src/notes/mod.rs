//! Diagrams inside Markdown notes: `archflow md`.
//!
//! In: the path of a Markdown note and [`Options`]. Out: every archflow
//! block of the note rendered to an SVG and a PNG in the note's images
//! folder, the note with an image link under each block (between marker
//! comments, replaced on the next run), and a [`NoteOutcome`] telling what
//! changed and every problem, at the note's own lines and columns.
//!
//! A second run changes nothing: pictures and note are only written when
//! their bytes differ, each whole or not at all. A block with an error
//! keeps its old pictures and link. With [`Options::check`] nothing is
//! written and the outcome lists what is out of date.
//!
//! [`blocks`] finds the blocks and splices the links; it knows nothing of
//! files. `archflow watch` reuses [`process_note`] for a changed note.

pub mod blocks;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::batch::write_if_changed;
use crate::diagnostics::{Diagnostic, FileReport};
use crate::pipeline::{self, Compiled, PngScale, Stage};
use crate::render::Theme;

pub use blocks::{find_blocks, splice, Block};

/// Notes larger than this are not read.
pub const MAX_NOTE_BYTES: u64 = 16 * 1024 * 1024;

/// How to render the notes.
#[derive(Debug, Clone)]
pub struct Options {
    /// The images folder, relative to the note's own folder; `None` means
    /// `<note stem>-images` beside the note.
    pub images: Option<PathBuf>,
    /// Pixels per unit of the PNGs (lowered for a drawing too large).
    pub scale: f32,
    pub theme: Theme,
    /// Write nothing: only find what is out of date.
    pub check: bool,
}

/// What happened to one note.
#[derive(Debug, Default)]
pub struct NoteOutcome {
    /// Archflow blocks found (with or without problems).
    pub blocks: usize,
    /// Blocks whose pictures and link are up to date now (or, with
    /// `check`, would be).
    pub rendered: usize,
    /// Files written, or with `check` the files out of date.
    pub changed: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: usize,
    /// Every problem inside the note, at the note's lines.
    pub report: Option<FileReport>,
    /// What could not be read or written, one line each.
    pub failures: Vec<String>,
}

impl NoteOutcome {
    /// True when the note had no problem and nothing failed.
    pub fn is_ok(&self) -> bool {
        self.report.is_none() && self.failures.is_empty()
    }
}

/// Renders the archflow blocks of the note at `path` (see the module
/// header); never panics and never leaves a half-written file.
pub fn process_note(path: &Path, options: &Options) -> NoteOutcome {
    let mut outcome = NoteOutcome::default();
    let name = path.display().to_string();
    let note = match read_note(path) {
        Ok(text) => text,
        Err(message) => {
            outcome.failures.push(format!("{name}: {message}"));
            return outcome;
        }
    };
    let folder = match images_folder(path, options) {
        Ok(folder) => folder,
        Err(message) => {
            outcome.failures.push(format!("{name}: {message}"));
            return outcome;
        }
    };
    let (blocks, mut problems) = find_blocks(&note);
    outcome.blocks = blocks.len() + problems.len();
    let mut sections = Vec::new();
    let mut stems: HashMap<String, &Block> = HashMap::new();
    for block in &blocks {
        let stem = block.file_stem(&folder.note_stem);
        if let Some(first) = stems.insert(stem.clone(), block) {
            problems.push(
                Diagnostic::at(
                    block.opening.clone(),
                    format!("two archflow blocks would both be saved as `{stem}`"),
                )
                .with_label("name this block differently")
                .with_related(first.opening.clone(), "the other one"),
            );
            continue;
        }
        let until = Stage::Png(PngScale::AtMost(options.scale));
        let compiled = pipeline::compile(
            block.source.as_bytes(),
            path,
            &pipeline::Options {
                theme: options.theme,
                until,
            },
        );
        let drawn = match compiled {
            Ok(compiled) => save_pictures(&compiled, &folder, &stem, options.check, &mut outcome)
                .map(|()| compiled.diagram.title),
            Err(pipeline::Error::Invalid(report)) => {
                problems.extend(
                    report
                        .diagnostics
                        .into_iter()
                        .map(|d| block.note_diagnostic(d)),
                );
                continue;
            }
            Err(pipeline::Error::Output(message)) => Err(message),
        };
        match drawn {
            Ok(title) => {
                let link = format!("{}/{stem}.svg", folder.link);
                let section = blocks::link_section_text(block, &link, &title);
                outcome.rendered += 1;
                sections.push((block, section));
            }
            Err(message) => outcome.failures.push(format!("{name}: {message}")),
        }
    }
    let updated = splice(&note, &sections);
    if let Err(message) = save(path, updated.as_bytes(), options.check, &mut outcome) {
        outcome.failures.push(message);
    }
    if !problems.is_empty() {
        outcome.report = Some(FileReport::new(name, note, problems));
    }
    outcome
}

/// Where a note's pictures go.
struct ImagesFolder {
    /// The folder on disk.
    path: PathBuf,
    /// The folder as a link from the note, with `/` between parts.
    link: String,
    /// The note's file name without `.md`.
    note_stem: String,
}

fn images_folder(note: &Path, options: &Options) -> Result<ImagesFolder, String> {
    let note_stem = note
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "note".to_string());
    let relative = match &options.images {
        Some(dir) => dir.clone(),
        None => PathBuf::from(format!("{note_stem}-images")),
    };
    let mut parts = Vec::new();
    for c in relative.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::ParentDir => parts.push("..".to_string()),
            Component::CurDir => {}
            _ => {
                return Err(format!(
                    "--images {} must be a folder relative to the note, so the links work anywhere",
                    relative.display()
                ))
            }
        }
    }
    if parts.is_empty() {
        parts.push(".".to_string());
    }
    let path = note.parent().unwrap_or(Path::new("")).join(&relative);
    Ok(ImagesFolder {
        path,
        link: parts.join("/"),
        note_stem,
    })
}

fn read_note(path: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    if file.metadata().is_ok_and(|m| !m.is_file()) {
        return Err("not a regular file".to_string());
    }
    let mut bytes = Vec::new();
    file.take(MAX_NOTE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() as u64 > MAX_NOTE_BYTES {
        return Err(format!(
            "notes may be at most {} MiB",
            MAX_NOTE_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 text (byte {} is not valid UTF-8); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Saves a block's SVG and PNG into the images folder (or, with `check`,
/// compares them with what is there).
fn save_pictures(
    compiled: &Compiled,
    folder: &ImagesFolder,
    stem: &str,
    check: bool,
    outcome: &mut NoteOutcome,
) -> Result<(), String> {
    let svg = compiled.svg.as_deref().unwrap_or_default();
    let png = compiled.png.as_deref().unwrap_or_default();
    let svg_path = folder.path.join(format!("{stem}.svg"));
    save(&svg_path, svg.as_bytes(), check, outcome)?;
    save(
        &folder.path.join(format!("{stem}.png")),
        png,
        check,
        outcome,
    )
}

/// Writes `bytes` to `path` when they differ from what is there (with
/// `check`, only notes that they differ) and counts it in `outcome`.
fn save(path: &Path, bytes: &[u8], check: bool, outcome: &mut NoteOutcome) -> Result<(), String> {
    let changed = if check {
        std::fs::read(path).map_or(true, |old| old != bytes)
    } else {
        write_if_changed(path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?
    };
    if changed {
        outcome.changed.push(path.to_path_buf());
    } else {
        outcome.unchanged += 1;
    }
    Ok(())
}
