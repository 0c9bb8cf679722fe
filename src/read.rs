//! Reading a flow file: a path or bytes to UTF-8 text.
//!
//! In: a path, or the bytes of a file and the name shown in reports.
//! Out: the file's bytes ([`read_file`], which refuses a FIFO, a device or a
//! folder before opening it and never reads past [`MAX_FILE_BYTES`]), and
//! the text as UTF-8 without a byte-order mark ([`decode`]) — or a
//! [`FileReport`] saying why the file cannot be read: unreadable, empty,
//! enormous or not UTF-8. Nothing here knows TOML.

use std::io::Read as _;
use std::path::Path;

use crate::diagnostics::{position_in, Diagnostic, FileReport};

/// Largest flow file read, in bytes.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// The bytes of the flow file at `path`, shown as `name` in reports.
pub fn read_file(path: &Path, name: &str) -> Result<Vec<u8>, FileReport> {
    // Opening a FIFO blocks until someone writes to it, and a device may
    // never end: refuse anything but a regular file (or a folder, below)
    // before opening it.
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() && !meta.is_dir() {
            return Err(FileReport::whole_file(
                name,
                format!("`{name}` is not a regular file"),
            ));
        }
    }
    let file = std::fs::File::open(path).map_err(|e| {
        FileReport::whole_file(name, format!("cannot read `{name}`: {}", io_reason(&e)))
    })?;
    if let Ok(meta) = file.metadata() {
        if meta.is_dir() {
            return Err(FileReport::whole_file(
                name,
                format!("`{name}` is a folder, not a flow file"),
            ));
        }
        if meta.len() > MAX_FILE_BYTES as u64 {
            return Err(too_large(name, meta.len()));
        }
    }
    let mut bytes = Vec::new();
    // Read one byte past the limit, so a file that grew is still refused.
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            FileReport::whole_file(name, format!("cannot read `{name}`: {}", io_reason(&e)))
        })?;
    Ok(bytes)
}

/// The folder that custom icon paths of the flow file at `path` are
/// relative to.
pub fn base_dir(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The text of `bytes`, a flow file named `name`: not empty, not too
/// large, UTF-8 (a leading byte-order mark is dropped).
pub fn decode<'b>(name: &str, bytes: &'b [u8]) -> Result<&'b str, FileReport> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(FileReport::at_start(
            name,
            "the file is empty; a flow file needs at least `title = \"...\"` and `flows = [...]`",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| not_utf8(name, bytes, e.valid_up_to()))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn too_large(name: &str, len: u64) -> FileReport {
    FileReport::at_start(
        name,
        format!(
            "the file is {:.1} MiB; flow files may be at most {} MiB",
            len as f64 / (1024.0 * 1024.0),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// A report for a file that is not UTF-8: it quotes the text up to the
/// first bad byte and points at it.
fn not_utf8(name: &str, bytes: &[u8], valid_up_to: usize) -> FileReport {
    let prefix = bytes
        .get(..valid_up_to)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("");
    let bad = bytes.get(valid_up_to).copied().unwrap_or(0);
    let mut text = prefix.to_string();
    text.push('\u{FFFD}');
    let p = position_in(&text, valid_up_to);
    let d = Diagnostic::at(
        valid_up_to..text.len(),
        format!(
            "the file is not UTF-8 text: byte 0x{bad:02X} at line {}, column {} is not valid UTF-8",
            p.line, p.column
        ),
    )
    .with_label("flow files are UTF-8 text; save it as UTF-8");
    FileReport::new(name, text, vec![d])
}
