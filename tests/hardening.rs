//! Hardening, end to end through the binary: a batch of good, bad and
//! unreadable files renders every good one and names every failure; output
//! never leaves `--out`; a failed or interrupted write leaves no partial
//! file; the bytes do not depend on thread count or input order; every limit
//! gives its error; hostile text and hostile icons come out as a safe,
//! self-contained SVG.
//!
//! Tests may run as root, where file permissions do not bite: each test that
//! needs an unreadable file or an unwritable folder checks first and uses
//! another way when they do not (a dangling symlink, an output path whose
//! parent is a regular file).

#[path = "support/svg_safety.rs"]
mod svg_safety;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;

// ----- helpers ----------------------------------------------------------

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_archflow")
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs archflow in `cwd`; a run that takes longer than `limit` is killed
/// and fails the test (a hang is a bug like any other).
fn run_limited(cwd: &Path, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn archflow");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("archflow {args:?} did not finish within {limit:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    Run {
        code: status.code(),
        stdout: text(t_out.join().unwrap_or_default()),
        stderr: text(t_err.join().unwrap_or_default()),
    }
}

fn run(cwd: &Path, args: &[&str]) -> Run {
    run_limited(cwd, args, Duration::from_secs(300))
}

fn good(title: &str) -> String {
    format!("title = \"{title}\"\nflows = [\"users -> cloudfront -> s3 : static\"]\n")
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("mkdir");
    }
    fs::write(path, bytes).expect("write");
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Whether a file with mode 000 is really unreadable here (false as root).
#[cfg(unix)]
fn permissions_bite(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    write(&probe, "x");
    set_mode(&probe, 0o000);
    let bites = fs::read(&probe).is_err();
    set_mode(&probe, 0o644);
    let _ = fs::remove_file(&probe);
    bites
}

#[cfg(not(unix))]
fn permissions_bite(_dir: &Path) -> bool {
    false
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

/// Every file under `dir` (not following symlinks), relative, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(meta) = fs::symlink_metadata(&p) else {
                continue;
            };
            if meta.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap_or(&p).to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Fails on any temporary or hidden file under `out`.
fn assert_no_leftovers(out: &Path) {
    for f in files_under(out) {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(
            !name.starts_with('.') && !name.ends_with(".tmp"),
            "left behind in the output folder: {}",
            f.display()
        );
    }
}

/// The SVG documents embedded as `data:image/svg+xml;base64,` images.
fn embedded_svgs(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("xml");
    let mut out = Vec::new();
    for node in doc.descendants().filter(|n| n.has_tag_name("image")) {
        for attr in node.attributes().filter(|a| a.name() == "href") {
            if let Some(b64) = attr.value().strip_prefix("data:image/svg+xml;base64,") {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(b64)
                    .expect("valid base64");
                out.push(String::from_utf8(bytes).expect("UTF-8 SVG"));
            }
        }
    }
    out
}

fn assert_whole_png(bytes: &[u8]) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    reader.next_frame(&mut buf).expect("the whole PNG decodes");
}

// ----- a batch with good, bad and unreadable files -----------------------

#[test]
#[cfg(unix)]
fn a_batch_renders_every_good_file_and_names_every_failure() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let bite = permissions_bite(root);
    let input = root.join("in");
    write(&input.join("good1.toml"), good("One"));
    write(&input.join("deep/er/good3.toml"), good("Three"));
    // Valid, but its output folder `out/sub` is a regular file.
    write(&input.join("sub/good2.toml"), good("Two"));
    write(
        &input.join("bad-icon.toml"),
        "title = \"t\"\nflows = [\"users -> cloudfrnt\"]\n",
    );
    write(
        &input.join("not-utf8.toml"),
        b"title = \"caf\xe9\"\nflows = []\n",
    );
    write(&input.join("empty.toml"), "");
    write(&input.join("not-toml.toml"), "title = \nflows = [[[\n");
    symlink("/nonexistent/archflow/y.toml", &input.join("y.toml"));
    let mut invalid = vec![
        "bad-icon.toml",
        "not-utf8.toml",
        "empty.toml",
        "not-toml.toml",
        "y.toml",
    ];
    let mut unwritable = vec!["good2.toml"];
    let out = root.join("out");
    write(&out.join("sub"), "a regular file where a folder should be");
    if bite {
        write(&input.join("locked.toml"), good("Locked"));
        set_mode(&input.join("locked.toml"), 0o000);
        invalid.push("locked.toml");
        write(&input.join("ro/good4.toml"), good("Four"));
        fs::create_dir_all(out.join("ro")).expect("mkdir");
        set_mode(&out.join("ro"), 0o555);
        unwritable.push("good4.toml");
    }

    let r = run(root, &["render", "in", "-o", "out", "-j", "4"]);
    // `check` names the same invalid files (and nothing unwritable: it
    // writes nothing).
    let c = run(root, &["check", "in"]);
    if bite {
        set_mode(&input.join("locked.toml"), 0o644);
        set_mode(&out.join("ro"), 0o755);
    }
    assert_eq!(r.code, Some(1), "{r:?}");
    for name in &invalid {
        assert!(r.stderr.contains(name), "{name} not named\n{r:?}");
    }
    for name in &unwritable {
        let line = r
            .stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} not named\n{r:?}"));
        assert!(line.contains("cannot write"), "{line}");
    }
    let failed = invalid.len() + unwritable.len();
    assert!(
        r.stderr
            .contains(&format!("rendered 2 files, {failed} failed")),
        "{r:?}"
    );
    // Every good file is there, whole.
    for rel in ["good1", "deep/er/good3"] {
        let svg = fs::read_to_string(out.join(format!("{rel}.svg"))).expect("svg written");
        svg_safety::assert_safe_svg(&svg);
        assert_whole_png(&fs::read(out.join(format!("{rel}.png"))).expect("png written"));
    }
    // Nothing else: no output of an invalid file, no temporary file.
    let written: Vec<PathBuf> = files_under(&out);
    let expected: Vec<PathBuf> = [
        "deep/er/good3.png",
        "deep/er/good3.svg",
        "good1.png",
        "good1.svg",
        "sub",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(written, expected);
    assert_no_leftovers(&out);

    assert_eq!(c.code, Some(1));
    for name in &invalid {
        assert!(c.stderr.contains(name), "{name} not named\n{c:?}");
    }
    assert!(!c.stderr.contains("good2"), "{c:?}");
}

#[test]
#[cfg(unix)]
fn a_fifo_among_the_inputs_is_an_error_not_a_hang() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(&root.join("in/a.toml"), good("A"));
    let made = Command::new("mkfifo")
        .arg(root.join("in/pipe.toml"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let limit = Duration::from_secs(60);
    let r = run_limited(root, &["render", "in", "-o", "out", "-f", "svg"], limit);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stderr.contains("pipe.toml"), "{r:?}");
    assert!(r.stderr.contains("rendered 1 file, 1 failed"), "{r:?}");
    assert!(root.join("out/a.svg").is_file());
    let c = run_limited(root, &["check", "in/pipe.toml"], limit);
    assert_eq!(c.code, Some(1), "{c:?}");
    assert!(c.stderr.contains("not a regular file"), "{c:?}");
}

// ----- output stays under --out -----------------------------------------

#[test]
#[cfg(unix)]
fn output_paths_never_escape_the_output_folder() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().canonicalize().expect("canonical");
    let work = root.join("work");
    write(&work.join("in/a.toml"), good("A"));
    write(&work.join("in/inner/b.toml"), good("B"));
    write(&work.join("other/c.toml"), good("C"));
    write(&root.join("outside/d.toml"), good("D"));
    symlink("../../outside/d.toml", &work.join("in/link-file.toml"));
    symlink(root.join("outside"), &work.join("in/link-dir"));
    // A symlink planted in the output folder, pointing outside it: the
    // write replaces the link, it never writes through it.
    write(&root.join("victim.svg"), "victim");
    fs::create_dir_all(work.join("out")).expect("mkdir");
    symlink("../../victim.svg", &work.join("out/a.svg"));

    let before = files_under(&root);
    let abs_d = root.join("outside/d.toml");
    let r = run(
        &work.join("in"),
        &[
            "render",
            ".",
            "../other",
            "../other/c.toml",
            abs_d.to_str().expect("utf-8 path"),
            "../in/inner/../inner/b.toml",
            "-o",
            "../out",
            "-f",
            "svg",
        ],
    );
    assert_eq!(r.code, Some(0), "{r:?}");
    let after = files_under(&root);
    let new: Vec<&PathBuf> = after.iter().filter(|p| !before.contains(p)).collect();
    for p in &new {
        assert!(
            p.starts_with("work/out"),
            "{} was written outside --out",
            p.display()
        );
    }
    let mut outputs = files_under(&work.join("out"));
    outputs.sort();
    let expected: Vec<PathBuf> = [
        "a.svg",
        "b.svg",
        "c.svg",
        "d.svg",
        "inner/b.svg",
        "link-dir/d.svg",
        "link-file.svg",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(outputs, expected, "{r:?}");
    assert_eq!(
        fs::read_to_string(root.join("victim.svg")).expect("victim"),
        "victim"
    );
    assert!(fs::symlink_metadata(work.join("out/a.svg"))
        .expect("a.svg")
        .is_file());
    assert_no_leftovers(&work.join("out"));
}

#[test]
#[cfg(unix)]
fn symlink_loops_in_a_folder_are_read_once_and_quickly() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(&root.join("in/a.toml"), good("A"));
    write(&root.join("in/sub/b.toml"), good("B"));
    symlink(".", &root.join("in/loop1"));
    symlink(".", &root.join("in/loop2"));
    symlink("..", &root.join("in/sub/up"));
    let limit = Duration::from_secs(60);
    let c = run_limited(root, &["check", "in"], limit);
    assert_eq!(c.code, Some(0), "{c:?}");
    let r = run_limited(root, &["render", "in", "-o", "out", "-f", "svg"], limit);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(
        files_under(&root.join("out")),
        vec![PathBuf::from("a.svg"), PathBuf::from("sub/b.svg")],
        "{r:?}"
    );
}

#[test]
fn two_inputs_that_map_to_one_output_are_an_error_not_a_silent_overwrite() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(&root.join("x/q.toml"), good("From x"));
    write(&root.join("y/q.toml"), good("From y"));
    let reference = run(root, &["render", "x/q.toml", "-o", "ref", "-f", "svg"]);
    assert_eq!(reference.code, Some(0), "{reference:?}");
    let want = fs::read(root.join("ref/q.svg")).expect("svg");
    for jobs in ["1", "4"] {
        let out = format!("out{jobs}");
        let r = run(
            root,
            &[
                "render", "x/q.toml", "y/q.toml", "-o", &out, "-f", "svg", "-j", jobs,
            ],
        );
        assert_eq!(r.code, Some(1), "{r:?}");
        let line = r
            .stderr
            .lines()
            .find(|l| l.contains("y/q.toml"))
            .unwrap_or_else(|| panic!("y/q.toml not named\n{r:?}"));
        assert!(line.contains("x/q.toml"), "{line}");
        assert!(r.stderr.contains("rendered 1 file, 1 failed"), "{r:?}");
        // The first input in order keeps its output.
        assert_eq!(fs::read(root.join(&out).join("q.svg")).expect("svg"), want);
        assert_no_leftovers(&root.join(&out));
    }
}

// ----- writes are whole or absent ----------------------------------------

#[test]
fn a_failed_write_leaves_no_partial_or_temporary_file() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(&root.join("a.toml"), good("A"));
    write(&root.join("b.toml"), good("B"));
    // `out/a.svg` is a folder: the temporary file is written, the rename
    // over the target fails.
    write(&root.join("out/a.svg/keep"), "x");
    let r = run(root, &["render", "a.toml", "b.toml", "-o", "out"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    let line = r
        .stderr
        .lines()
        .find(|l| l.contains("a.toml"))
        .unwrap_or_else(|| panic!("a.toml not named\n{r:?}"));
    assert!(line.contains("cannot write"), "{line}");
    assert_no_leftovers(&root.join("out"));
    assert_eq!(
        files_under(&root.join("out")),
        ["a.svg/keep", "b.png", "b.svg"]
            .iter()
            .map(PathBuf::from)
            .collect::<Vec<_>>()
    );

    // The library call the batch uses, with a parent that is a file.
    write(&root.join("file"), "x");
    let err = archflow::batch::write_if_changed(&root.join("file/x.svg"), b"<svg/>");
    assert!(err.is_err());
    assert_eq!(fs::read(root.join("file")).expect("file"), b"x");
}

#[test]
#[cfg(unix)]
fn an_interrupted_batch_leaves_only_whole_files() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    let scenarios = manifest().join("scenarios");
    let mut leftovers = Vec::new();
    for delay_ms in [150u64, 400, 900, 1600] {
        let mut child = Command::new(bin())
            .arg("render")
            .arg(&scenarios)
            .arg("-o")
            .arg(&out)
            .args(["--scale", "3", "-j", "2"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for f in files_under(&out) {
            let name = f.to_string_lossy().into_owned();
            let path = out.join(&f);
            let hidden = f
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if hidden {
                // Only a temporary file of a write that was cut off may be
                // left; it never has an output's name.
                assert!(name.ends_with(".tmp"), "{name}");
                leftovers.push(path);
                continue;
            }
            let bytes = fs::read(&path).expect("read");
            if name.ends_with(".svg") {
                svg_safety::assert_safe_svg(std::str::from_utf8(&bytes).expect("utf-8"));
            } else if name.ends_with(".png") {
                assert_whole_png(&bytes);
            } else {
                panic!("unexpected output {name}");
            }
        }
    }
    // A run to the end completes the folder.
    let r = run(
        tmp.path(),
        &[
            "render",
            scenarios.to_str().expect("utf-8"),
            "-o",
            "out",
            "--scale",
            "3",
        ],
    );
    assert_eq!(r.code, Some(0), "{r:?}");
    let visible = files_under(&out)
        .into_iter()
        .filter(|f| !f.to_string_lossy().ends_with(".tmp"))
        .count();
    assert_eq!(visible, 2 * 31);
    if !leftovers.is_empty() {
        eprintln!(
            "note: a killed process left {} temporary file(s), e.g. {}",
            leftovers.len(),
            leftovers[0].display()
        );
    }
}

// ----- determinism ------------------------------------------------------

#[test]
fn the_same_input_gives_the_same_bytes_whatever_the_order_and_thread_count() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let scenarios = manifest().join("scenarios");
    let mut files: Vec<PathBuf> = files_under(&scenarios)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "toml"))
        .collect();
    assert!(files.len() >= 31);
    let s = scenarios.to_str().expect("utf-8");
    // A: the folder, one thread.
    let a = run(root, &["render", s, "-o", "a", "-j", "1", "--scale", "1"]);
    assert_eq!(a.code, Some(0), "{a:?}");
    // B: the folder, eight threads.
    let b = run(root, &["render", s, "-o", "b", "-j", "8", "--scale", "1"]);
    assert_eq!(b.code, Some(0), "{b:?}");
    // C: every file by itself, in reverse order, eight threads (outputs
    // flat: their file names are unique).
    files.reverse();
    let mut args: Vec<String> = ["render", "-o", "c", "-j", "8", "--scale", "1"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(
        files
            .iter()
            .map(|f| scenarios.join(f).display().to_string()),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let c = run(root, &args);
    assert_eq!(c.code, Some(0), "{c:?}");

    let read_all = |dir: &Path| -> BTreeMap<PathBuf, Vec<u8>> {
        files_under(dir)
            .into_iter()
            .map(|f| {
                let bytes = fs::read(dir.join(&f)).expect("read");
                (f, bytes)
            })
            .collect()
    };
    let (fa, fb, fc) = (
        read_all(&root.join("a")),
        read_all(&root.join("b")),
        read_all(&root.join("c")),
    );
    assert_eq!(fa.len(), 2 * files.len());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(
            fb[path] == *bytes,
            "{} differs between -j 1 and -j 8",
            path.display()
        );
        let flat = PathBuf::from(path.file_name().expect("name"));
        let other = fc
            .get(&flat)
            .unwrap_or_else(|| panic!("{} missing from the file-by-file run", flat.display()));
        assert!(
            other == bytes,
            "{} differs with another input order",
            path.display()
        );
    }
    assert_eq!(fc.len(), fa.len());
}

// ----- limits -----------------------------------------------------------

fn check_one(root: &Path, name: &str, source: impl AsRef<[u8]>) -> Run {
    write(&root.join(name), source);
    let r = run(root, &["check", name]);
    assert_eq!(r.code, Some(1), "{name}: {r:?}");
    assert!(r.stderr.contains(name), "{r:?}");
    r
}

#[test]
fn every_limit_gives_its_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();

    // File size: 4 MiB + 1 byte, valid TOML all the way.
    let mut big = good("Big").into_bytes();
    big.push(b'#');
    big.resize(4 * 1024 * 1024 + 1, b'x');
    let r = check_one(root, "big.toml", &big);
    assert!(
        r.stderr.contains("flow files may be at most 4 MiB"),
        "{r:?}"
    );

    // Nodes: 10 001 declared.
    let mut s = String::from("title = \"many\"\nflows = []\n[nodes]\n");
    for i in 0..=10_000 {
        let _ = writeln!(s, "n{i} = {{ icon = \"ec2\" }}");
    }
    let r = check_one(root, "nodes.toml", &s);
    assert!(r.stderr.contains("too many nodes: at most 10000"), "{r:?}");

    // Edges: 150 × 150 in one line.
    let ids: Vec<String> = (0..150).map(|i| format!("n{i}")).collect();
    let mut s = format!(
        "title = \"t\"\nflows = [\"{0} -> {0}\"]\n[nodes]\n",
        ids.join(",")
    );
    for id in &ids {
        let _ = writeln!(s, "{id} = {{ icon = \"sqs\" }}");
    }
    let r = check_one(root, "edges.toml", &s);
    assert!(r.stderr.contains("too many edges: at most 20000"), "{r:?}");

    // Groups: 2 001.
    let mut s = String::from("title = \"t\"\nflows = []\n[groups]\n");
    for i in 0..=2_000 {
        let _ = writeln!(s, "g{i} = {{ kind = \"generic\" }}");
    }
    let r = check_one(root, "groups.toml", &s);
    assert!(r.stderr.contains("too many groups: at most 2000"), "{r:?}");

    // Nesting: 17 deep.
    let mut s = String::from("title = \"t\"\nflows = []\n[groups]\ng1 = { kind = \"generic\" }\n");
    for i in 2..=17 {
        let _ = writeln!(s, "g{i} = {{ kind = \"generic\", in = \"g{}\" }}", i - 1);
    }
    let r = check_one(root, "deep.toml", &s);
    assert!(r.stderr.contains("is nested 17 deep; at most 16"), "{r:?}");

    // Labels: 1 001 characters in a title, a node label, an edge label and
    // a group label.
    let long = "가".repeat(1_001);
    for (name, src) in [
        ("title.toml", format!("title = \"{long}\"\nflows = []\n")),
        (
            "node-label.toml",
            format!("title = \"t\"\nflows = []\n[nodes]\na = {{ icon = \"s3\", label = \"{long}\" }}\n"),
        ),
        (
            "edge-label.toml",
            format!("title = \"t\"\nflows = [\"users -> s3 : {long}\"]\n"),
        ),
        (
            "group-label.toml",
            format!("title = \"t\"\nflows = []\n[groups]\ng = {{ kind = \"vpc\", label = \"{long}\" }}\n"),
        ),
    ] {
        let r = check_one(root, name, &src);
        assert!(
            r.stderr.contains("is 1001 characters long; at most 1000"),
            "{name}: {r:?}"
        );
    }
}

/// A diagram of `rows` chains of `cols` nodes each.
fn grid(rows: usize, cols: usize) -> String {
    let mut s = String::from("title = \"A big grid\"\nflows = [\n");
    for r in 0..rows {
        let ids: Vec<String> = (0..cols).map(|c| format!("r{r}c{c}")).collect();
        let _ = writeln!(s, "  \"{}\",", ids.join(" -> "));
    }
    s.push_str("]\n[nodes]\n");
    for r in 0..rows {
        for c in 0..cols {
            let _ = writeln!(s, "r{r}c{c} = {{ icon = \"lambda\" }}");
        }
    }
    s
}

/// Without `--scale`, a drawing too large for the limit at the default
/// scale is drawn at the largest scale that fits, not refused. (Only the
/// scale is computed here: a PNG at the limit takes 400 MB to draw.)
#[test]
fn the_default_scale_shrinks_to_the_pixel_limit() {
    use archflow::render::png::{scale_within_limit, MAX_PIXELS};
    let limit = MAX_PIXELS as f64;
    let pixels = |w: f64, h: f64, s: f32| (w * f64::from(s)).ceil() * (h * f64::from(s)).ceil();
    for (w, h) in [
        (6884.0, 3800.0),
        (27302.0, 33407.0),
        (267052.0, 161494.0),
        (1e7, 10.0),
    ] {
        let s = scale_within_limit(w, h, 2.0).expect("some scale fits");
        assert!((0.01..2.0).contains(&s), "{w}×{h}: {s}");
        assert!(pixels(w, h, s) <= limit, "{w}×{h} at {s}");
        assert!(
            pixels(w, h, s + 0.01) > limit,
            "{w}×{h}: {s} is not the largest"
        );
    }
    // Small drawings keep their scale; a hopeless one gets none.
    assert_eq!(scale_within_limit(1000.0, 800.0, 2.0), Some(2.0));
    assert_eq!(scale_within_limit(1e9, 1e9, 2.0), None);

    // The command line keeps a small drawing's default scale 2.
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(&root.join("g.toml"), good("Small"));
    let r = run(root, &["render", "g.toml", "-o", "out", "-f", "png"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let d = archflow::load_source("g.toml", good("Small").as_bytes(), root).expect("valid");
    let l = archflow::layout::layout(&d);
    let (w, h) = png_size(&std::fs::read(root.join("out/g.png")).expect("the PNG"));
    assert_eq!(
        (w, h),
        (
            (l.width * 2.0).ceil() as u32,
            (l.height * 2.0).ceil() as u32
        )
    );
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    (be(16), be(20))
}

#[test]
fn the_png_pixel_limit_gives_its_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let src = grid(8, 25);
    let d = archflow::load_source("grid.toml", src.as_bytes(), root).expect("valid");
    let l = archflow::layout::layout(&d);
    let svg = archflow::render::to_svg(&d, &l, archflow::render::Theme::Light);
    let limit = archflow::render::png::MAX_PIXELS as f64;
    assert!(
        l.width * l.height * 64.0 > limit,
        "the grid is too small for the test: {}×{}",
        l.width,
        l.height
    );
    assert!(l.width * l.height * 0.25 < limit);
    // The API: refused before a pixel is allocated, fine at a small scale.
    let e = archflow::render::png::render(&svg, 8.0).expect_err("too many pixels");
    assert!(e.contains("more than the limit of 100000000"), "{e}");
    assert!(archflow::render::png::render(&svg, 0.5).is_ok());
    assert!(archflow::render::png::render(&svg, 0.0).is_err());
    assert!(archflow::render::png::render(&svg, f32::NAN).is_err());
    assert!(archflow::render::png::render(&svg, 8.5).is_err());

    // The command line: `--scale 8` fails the file, naming it, and writes
    // no PNG.
    write(&root.join("grid.toml"), &src);
    let r = run(root, &["render", "grid.toml", "-o", "out", "--scale", "8"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stderr.contains("grid.toml"), "{r:?}");
    assert!(
        r.stderr.contains("more than the limit of 100000000"),
        "{r:?}"
    );
    assert!(!root.join("out/grid.png").exists());
    assert_no_leftovers(&root.join("out"));
    // Out-of-range scales are a usage error.
    for bad in ["0", "-1", "9", "nan", "inf"] {
        let r = run(root, &["render", "grid.toml", "-o", "out", "--scale", bad]);
        assert_eq!(r.code, Some(2), "--scale {bad}: {r:?}");
    }
}

// ----- hostile text -----------------------------------------------------

/// TOML basic-string text for `s` (escapes quotes, backslashes and
/// control characters).
fn toml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn hostile_labels_render_to_a_safe_svg() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let word999 = "W".repeat(999);
    let hostile = [
        "<script>alert(1)</script>",
        "]]><script>alert(2)</script><![CDATA[",
        "&amp; &lt; & &#x3C; &unknown;",
        "\"double\" 'single' `back`",
        "ctl:\u{0}\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}[31m\u{7f}\u{fffe}\u{ffff}:end",
        "RTL \u{202e}gnp.exe\u{202c} override",
        "emoji 🚀👩‍💻🇰🇷 and 한국어",
        "<svg onload=alert(3)><foreignObject><iframe src=http://evil/>",
        "<!-- comment --><?pi x?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>&e;",
        "url(http://evil/x) href=\"http://evil\" xlink:href='javascript:alert(4)'",
        &word999,
    ];
    let mut src = format!(
        "title = {}\nsubtitle = {}\nflows = [\n",
        toml_str(hostile[0]),
        toml_str(hostile[1])
    );
    for (i, h) in hostile.iter().enumerate() {
        let edge_label = h.replace(':', ";");
        let _ = writeln!(
            src,
            "  {},",
            toml_str(&format!("n{i} -> s3 : {edge_label}"))
        );
    }
    src.push_str("]\n[nodes]\n");
    for (i, h) in hostile.iter().enumerate() {
        let _ = writeln!(
            src,
            "n{i} = {{ icon = \"lambda\", label = {}, in = \"g{}\" }}",
            toml_str(h),
            i % 3
        );
    }
    src.push_str("[groups]\n");
    for i in 0..3 {
        let _ = writeln!(
            src,
            "g{i} = {{ kind = \"vpc\", label = {} }}",
            toml_str(hostile[(i + 2) % hostile.len()])
        );
    }
    write(&root.join("hostile.toml"), &src);
    let r = run(
        root,
        &["render", "hostile.toml", "-o", "out", "--theme", "dark"],
    );
    assert_eq!(r.code, Some(0), "{r:?}");
    let svg = fs::read_to_string(root.join("out/hostile.svg")).expect("svg");
    svg_safety::assert_safe_svg(&svg);
    assert!(!svg.contains("<script"), "raw markup leaked");
    assert!(!svg.contains("]]><"), "raw CDATA end leaked");
    assert!(!svg.contains("<!ENTITY") && !svg.contains("<!DOCTYPE"));
    assert_whole_png(&fs::read(root.join("out/hostile.png")).expect("png"));

    // The words survive as text: every node's <title> is its label, with
    // only the characters XML cannot carry dropped.
    let doc = roxmltree::Document::parse(&svg).expect("xml");
    let titles: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("node"))
        .filter_map(|g| g.children().find(|c| c.has_tag_name("title")))
        .map(|t| t.text().unwrap_or("").to_string())
        .collect();
    for h in hostile.iter().filter(|h| !h.starts_with("ctl:")) {
        assert!(
            titles.iter().any(|t| t == h),
            "label {h:?} not kept as text: {titles:?}"
        );
    }
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("ctl:") && t.ends_with(":end")),
        "{titles:?}"
    );

    // A 10 000-character word is over the label limit: an error, nothing
    // written.
    let word = "W".repeat(10_000);
    write(
        &root.join("word.toml"),
        format!(
            "title = \"t\"\nflows = []\n[nodes]\na = {{ icon = \"s3\", label = \"{word}\" }}\n"
        ),
    );
    let r = run(root, &["render", "word.toml", "-o", "out"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stderr.contains("is 10000 characters long; at most 1000"),
        "{r:?}"
    );
    assert!(!root.join("out/word.svg").exists());
}

// ----- hostile icons ----------------------------------------------------

const EVIL_ICON: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="64" height="64" viewBox="0 0 64 64" onload="alert('onload')">
  <style>@import url(http://evil.example/x.css); rect { fill: url(http://evil.example/#p) }</style>
  <script type="text/javascript">alert('script')</script>
  <script xlink:href="http://evil.example/x.js"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><iframe src="http://evil.example/"/></div></foreignObject>
  <image href="http://evil.example/track.png" width="8" height="8"/>
  <image xlink:href="http://evil.example/track2.png" x="8" width="8" height="8"/>
  <image xlink:href="file:///etc/passwd" x="16" width="8" height="8"/>
  <use href="http://evil.example/sprite.svg#a" x="24"/>
  <a href="javascript:alert('a')"><rect x="0" y="20" width="20" height="20" fill="#ED7100" onclick="alert('click')"/></a>
  <set attributeName="onmouseover" to="alert('set')"/>
  <animate attributeName="href" to="javascript:alert('anim')" begin="0s"/>
  <rect x="30" y="30" width="30" height="30" fill="url(http://evil.example/#g)" stroke="#232F3E"/>
  <text x="2" y="60">text</text>
  <circle cx="44" cy="12" r="10" fill="#8C4FFF"/>
</svg>
"##;

#[test]
fn a_hostile_custom_icon_comes_out_clean() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    write(&root.join("icons/evil.svg"), EVIL_ICON);
    write(
        &root.join("flow.toml"),
        "title = \"Custom\"\nflows = [\"users -> evil -> s3\"]\n[nodes]\nevil = { icon = \"icons/evil.svg\", label = \"Evil\" }\n",
    );
    let r = run(root, &["render", "flow.toml", "-o", "out"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let svg = fs::read_to_string(root.join("out/flow.svg")).expect("svg");
    svg_safety::assert_safe_svg(&svg);
    assert_whole_png(&fs::read(root.join("out/flow.png")).expect("png"));
    let icons = embedded_svgs(&svg);
    assert_eq!(icons.len(), 1, "one embedded icon");
    let icon = &icons[0];
    svg_safety::assert_safe_svg(icon);
    let lower = icon.to_ascii_lowercase();
    for bad in [
        "script",
        "onload",
        "onclick",
        "onmouseover",
        "foreignobject",
        "iframe",
        "evil.example",
        "javascript",
        "passwd",
        "file:",
        "@import",
        "<!entity",
    ] {
        assert!(
            !lower.contains(bad),
            "`{bad}` survived in the icon:\n{icon}"
        );
    }
    // Its drawing is still there.
    let doc = roxmltree::Document::parse(icon).expect("xml");
    assert!(
        doc.descendants()
            .any(|n| n.has_tag_name("path") || n.has_tag_name("rect") || n.has_tag_name("circle")),
        "{icon}"
    );
    // Embedded images inside the icon, if any, are data: images whose SVGs
    // are clean too.
    for inner in embedded_svgs(icon) {
        svg_safety::assert_safe_svg(&inner);
    }
}

/// An icon that names an external entity, and one that expands entities
/// exponentially: each is refused with an error naming it (or, were it
/// accepted, would have to come out clean), quickly, and leaks nothing.
#[test]
fn entity_tricks_in_a_custom_icon_are_refused_quickly() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text y="9">&xxe;</text></svg>"#;
    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY l0 \"lol\">\n");
    for i in 1..=12 {
        let prev = format!("&l{};", i - 1);
        let _ = writeln!(laughs, "<!ENTITY l{i} \"{}\">", prev.repeat(10));
    }
    laughs.push_str("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><text y=\"9\">&l12;</text></svg>\n");
    for (name, body) in [("xxe.svg", xxe.to_string()), ("laughs.svg", laughs)] {
        write(&root.join(name), body);
        let flow = format!(
            "title = \"t\"\nflows = [\"users -> x\"]\n[nodes]\nx = {{ icon = \"{name}\" }}\n"
        );
        let toml = format!("{name}.toml");
        write(&root.join(&toml), flow);
        let r = run_limited(
            root,
            &["render", &toml, "-o", "out"],
            Duration::from_secs(60),
        );
        assert!(!r.stderr.contains("root:"), "{r:?}");
        match r.code {
            Some(1) => {
                assert!(r.stderr.contains(name), "{r:?}");
                assert!(!root.join(format!("out/{name}.svg")).exists());
            }
            Some(0) => {
                let svg = fs::read_to_string(root.join(format!("out/{name}.svg"))).expect("svg");
                svg_safety::assert_safe_svg(&svg);
                for icon in embedded_svgs(&svg) {
                    svg_safety::assert_safe_svg(&icon);
                    assert!(!icon.contains("root:"));
                }
            }
            _ => panic!("{r:?}"),
        }
    }
}
