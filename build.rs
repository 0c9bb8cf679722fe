//! Compiles the icon artwork into the binary: every `icons/<folder>/<key>.svg`
//! becomes an entry of a generated table, so the installed tool needs
//! nothing beside it.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("icons");
    println!("cargo:rerun-if-changed=icons");
    let mut entries: Vec<(String, String, String)> = Vec::new();
    if let Ok(folders) = std::fs::read_dir(&root) {
        for folder in folders.flatten() {
            let folder_path = folder.path();
            if !folder_path.is_dir() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", folder_path.display());
            let folder_name = folder.file_name().to_string_lossy().into_owned();
            if let Ok(files) = std::fs::read_dir(&folder_path) {
                for file in files.flatten() {
                    let p = file.path();
                    if p.extension().and_then(|e| e.to_str()) == Some("svg") {
                        let key = p
                            .file_stem()
                            .unwrap_or_default()
                            .to_string_lossy()
                            .into_owned();
                        entries.push((folder_name.clone(), key, p.display().to_string()));
                    }
                }
            }
        }
    }
    entries.sort();
    let mut out = String::from(
        "/// Every icon drawing: (folder, key, SVG source), sorted.\npub static ICON_ART: &[(&str, &str, &str)] = &[\n",
    );
    for (folder, key, path) in &entries {
        let _ = writeln!(out, "    ({folder:?}, {key:?}, include_str!({path:?})),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("icon_art.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
