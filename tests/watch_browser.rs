//! The watch page in headless Chromium: a save shows its new picture
//! within a second, keeping the zoom; an error appears over the dimmed
//! last picture and goes when the file is valid again; the page comes
//! back in step after the server restarts; a folder grows a figure when a
//! file is added. Where Chromium is missing this prints SKIPPED and checks
//! nothing. With ARCHFLOW_WATCH_SCREENSHOTS=DIR it leaves screenshots of
//! each state in DIR.

#[path = "support/devtools.rs"]
mod devtools;
#[path = "support/watch_server.rs"]
mod watch_server;

use std::path::{Path, PathBuf};
use std::time::Duration;

use devtools::Browser;
use watch_server::{expected_svg, flow, Watch, PATIENCE};

/// A save must be on the page within this.
const BLINK: Duration = Duration::from_secs(1);

const FIGURE: &str = "document.querySelector('figure')";

fn launch() -> Option<Browser> {
    let browser = Browser::launch(1000, 700);
    if browser.is_none() {
        println!(
            "SKIPPED: watch_browser: no Chromium found (install Debian's `chromium`, \
             or set ARCHFLOW_CHROMIUM to its path); the browser checks did not run"
        );
    }
    browser
}

/// The `width` of the root element of an SVG.
fn svg_width(svg: &str) -> f64 {
    let rest = svg.split(" width=\"").nth(1).expect("a width");
    rest.split('"').next().unwrap().parse().expect("a number")
}

fn screenshot(browser: &mut Browser, name: &str) {
    if let Some(dir) = std::env::var_os("ARCHFLOW_WATCH_SCREENSHOTS") {
        browser.screenshot(&PathBuf::from(dir).join(name));
    }
}

/// The width of the picture on the page (0 before one is shown).
fn shown_width(browser: &mut Browser) -> f64 {
    let value = browser.eval(&format!("{FIGURE}.querySelector('img').naturalWidth"));
    value.as_f64().unwrap_or(0.0)
}

/// Waits until the page shows the picture of `file` as it is now.
fn wait_for_picture_of(browser: &mut Browser, file: &Path, limit: Duration) -> Option<Duration> {
    let width = svg_width(&expected_svg(file)).round();
    browser.wait_for(
        &format!("{FIGURE} && Math.round({FIGURE}.querySelector('img').naturalWidth) === {width}"),
        limit,
    )
}

#[test]
fn the_page_follows_a_file_through_saves_errors_and_a_restart() {
    let Some(mut browser) = launch() else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.toml");
    std::fs::write(&file, flow("Browser", None)).unwrap();
    let watch = Watch::start(&file);
    browser.open(&format!("http://{}/", watch.address));
    assert!(
        wait_for_picture_of(&mut browser, &file, PATIENCE).is_some(),
        "the first picture never showed"
    );
    screenshot(&mut browser, "file-valid.png");

    // Zoom in, then save: the new picture comes within a blink, zoomed
    // as before.
    browser.eval(
        "document.querySelector('.view').dispatchEvent(new WheelEvent('wheel', \
         {deltaY: -200, clientX: 200, clientY: 150, bubbles: true, cancelable: true}))",
    );
    let zoomed = browser.eval(&format!("{FIGURE}.querySelector('img').style.transform"));
    let before = shown_width(&mut browser);
    std::fs::write(&file, flow("Browser", Some("fn"))).unwrap();
    let took = wait_for_picture_of(&mut browser, &file, BLINK);
    assert!(
        took.is_some(),
        "the new picture did not show within {BLINK:?}"
    );
    assert_ne!(shown_width(&mut browser), before);
    let after = browser.eval(&format!("{FIGURE}.querySelector('img').style.transform"));
    assert_eq!(after, zoomed, "the zoom and pan stay");

    // An error: shown above the dimmed last picture, as `archflow check`
    // prints it; it goes when the file is valid again.
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replace("\"cloudfront\"", "\"cloudfrnt\"")).unwrap();
    let shows_error = format!(
        "!{FIGURE}.querySelector('pre.errors').hidden && \
         {FIGURE}.querySelector('pre.errors').textContent.includes('did you mean `cloudfront`?') && \
         {FIGURE}.querySelector('img').classList.contains('stale')"
    );
    assert!(
        browser.wait_for(&shows_error, BLINK).is_some(),
        "no error shown"
    );
    let text = browser.eval(&format!("{FIGURE}.querySelector('pre.errors').textContent"));
    let check = archflow::load_file(&file).unwrap_err().render(false);
    assert_eq!(text, check.as_str());
    browser.eval("document.querySelector('.view').dispatchEvent(new MouseEvent('dblclick', {bubbles: true}))");
    screenshot(&mut browser, "file-error.png");
    browser.prefer_dark(true);
    screenshot(&mut browser, "file-error-dark.png");
    browser.prefer_dark(false);
    std::fs::write(&file, &good).unwrap();
    let error_gone = format!(
        "{FIGURE}.querySelector('pre.errors').hidden && \
         !{FIGURE}.querySelector('img').classList.contains('stale')"
    );
    assert!(
        browser.wait_for(&error_gone, BLINK).is_some(),
        "the error stayed"
    );

    // The server stops; the file changes; a new server on the same port:
    // the page reconnects by itself and shows the file as it is now.
    let port = watch.address.port().to_string();
    drop(watch);
    std::fs::write(&file, flow("Browser after a restart", Some("worker"))).unwrap();
    let _watch = Watch::start_with(&file, &["--port", &port]);
    assert!(
        wait_for_picture_of(&mut browser, &file, PATIENCE).is_some(),
        "the page did not come back in step after the restart"
    );
}

#[test]
fn the_page_of_a_folder_grows_and_shrinks_with_its_files() {
    let Some(mut browser) = launch() else { return };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), flow("First", None)).unwrap();
    std::fs::write(dir.path().join("b.toml"), flow("Second", Some("fn"))).unwrap();
    let watch = Watch::start(dir.path());
    browser.open(&format!("http://{}/", watch.address));
    let count = "document.querySelectorAll('figure[data-picture]').length";
    assert!(browser
        .wait_for(&format!("{count} === 2"), PATIENCE)
        .is_some());
    browser.prefer_dark(true);
    browser.wait_for(
        "Array.from(document.images).every(i => i.complete && i.src.includes('theme=dark'))",
        PATIENCE,
    );
    screenshot(&mut browser, "folder-dark.png");
    browser.prefer_dark(false);

    std::fs::write(dir.path().join("c.toml"), flow("Third", None)).unwrap();
    assert!(browser.wait_for(&format!("{count} === 3"), BLINK).is_some());
    let names =
        browser.eval("Array.from(document.querySelectorAll('figcaption')).map(c => c.textContent)");
    assert_eq!(names, serde_json::json!(["a.toml", "b.toml", "c.toml"]));
    std::fs::remove_file(dir.path().join("a.toml")).unwrap();
    assert!(browser.wait_for(&format!("{count} === 2"), BLINK).is_some());
}
