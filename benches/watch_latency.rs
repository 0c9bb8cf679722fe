//! How long from a save to the updated picture, for `archflow watch`.
//!
//! In: every flow file of `scenarios/`, copied into a temporary folder and
//! watched as a folder (`archflow watch DIR --port 0`). Out: for each
//! scenario, a few saves (its title changed), and printed: the time from
//! the write to the `render` event plus the new SVG fetched (server), and,
//! where Chromium is installed, to the moment the page swapped the new
//! picture in (page). Run with `cargo bench --bench watch_latency`; a
//! measurement, not a test: nothing fails on a slow machine.

#[path = "../tests/support/devtools.rs"]
mod devtools;
#[path = "../tests/support/watch_server.rs"]
mod watch_server;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use watch_server::{Watch, PATIENCE};

const SAVES_PER_SCENARIO: usize = 3;

/// Every `*.toml` under `root`, relative to it, sorted.
fn scenarios(root: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read a folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, found);
            } else if path.extension().is_some_and(|e| e == "toml") {
                found.push(path.strip_prefix(root).expect("under root").to_path_buf());
            }
        }
    }
    let mut found = Vec::new();
    walk(root, root, &mut found);
    found.sort();
    found
}

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// The file with its title starting with `#mark`.
fn retitled(text: &str, mark: usize) -> String {
    text.lines()
        .map(|line| match line.strip_prefix("title = \"") {
            Some(rest) => format!("title = \"#{mark} {rest}"),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(what: &str, mut times: Vec<f64>) {
    if times.is_empty() {
        return;
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{what}: {} saves, median {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.9),
        times[times.len() - 1]
    );
}

fn main() {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let dir = tempfile::tempdir().expect("temp dir");
    let files = scenarios(&source);
    for relative in &files {
        let target = dir.path().join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).expect("mkdir");
        std::fs::copy(source.join(relative), &target).expect("copy");
    }
    let watch = Watch::start(dir.path());
    let events = watch.events();
    events.next(PATIENCE).expect("the state");
    let mut browser = devtools::Browser::launch(1200, 900);
    if let Some(b) = browser.as_mut() {
        b.open(&format!("http://{}/", watch.address));
        b.wait_for(
            &format!(
                "document.querySelectorAll('figure[data-picture]').length === {}",
                files.len()
            ),
            Duration::from_secs(60),
        )
        .expect("the page shows every scenario");
        // Note when each figure's picture is swapped in.
        b.eval(
            "window.shownAt = {}; new MutationObserver(list => { for (const m of list) \
             window.shownAt[m.target.dataset.name] = Date.now(); }).observe(document.querySelector('main'), \
             {subtree: true, attributes: true, attributeFilter: ['data-picture']}); true",
        );
    } else {
        println!("SKIPPED: the page times (no Chromium); only the server times are measured");
    }
    let (mut server_ms, mut page_ms) = (Vec::new(), Vec::new());
    for (n, relative) in files.iter().enumerate() {
        let path = dir.path().join(relative);
        let original = std::fs::read_to_string(&path).expect("read");
        let name = relative.to_string_lossy().replace('\\', "/");
        for save in 0..SAVES_PER_SCENARIO {
            std::thread::sleep(Duration::from_millis(150));
            let written_at = now_ms();
            let start = Instant::now();
            std::fs::write(&path, retitled(&original, n * 10 + save)).expect("write");
            events.render();
            let svg = watch.get(&format!("/svg/{}", name.replace('/', "%2F")));
            assert_eq!(svg.status, 200);
            server_ms.push(start.elapsed().as_secs_f64() * 1000.0);
            if let Some(b) = browser.as_mut() {
                let key = serde_json::to_string(&name).unwrap();
                let shown = format!("(window.shownAt[{key}] || 0) >= {}", written_at.floor());
                if b.wait_for(&shown, Duration::from_secs(5)).is_some() {
                    let at = b
                        .eval(&format!("window.shownAt[{key}]"))
                        .as_f64()
                        .unwrap_or(0.0);
                    page_ms.push(at - written_at);
                }
            }
        }
    }
    println!("watching {} scenarios as a folder", files.len());
    report("save -> render event + SVG fetched (server)", server_ms);
    report(
        "save -> new picture swapped in on the page (Chromium)",
        page_ms,
    );
}
