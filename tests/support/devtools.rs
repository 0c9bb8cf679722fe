//! Headless Chromium driven through the DevTools protocol, for the watch
//! page's browser test and its latency measurement.
//!
//! Include it with `#[path = "support/devtools.rs"] mod devtools;` (from
//! `benches/`: `#[path = "../tests/support/devtools.rs"]`). [`Browser::launch`]
//! gives `None` where no Chromium is installed; the caller says SKIPPED.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tungstenite::{Message, WebSocket};

/// Where Debian puts Chromium; `ARCHFLOW_CHROMIUM` names another.
const CHROMIUM_PATHS: [&str; 3] = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];

/// The Chromium binary to use, if there is one.
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ARCHFLOW_CHROMIUM") {
        return Some(PathBuf::from(path)).filter(|p| p.exists());
    }
    CHROMIUM_PATHS
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// A headless Chromium with one page, closed when dropped.
pub struct Browser {
    socket: WebSocket<TcpStream>,
    next_id: u64,
    process: Process,
}

/// The Chromium process and its profile folder; the process is ended when
/// dropped, even when connecting to it failed.
struct Process {
    child: Child,
    /// Whether it was asked to close (then it gets a moment to do so).
    closing: bool,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium with a fresh profile and a `width`×`height` window,
    /// and connects to its page; `None` when Chromium is not installed.
    pub fn launch(width: u32, height: u32) -> Option<Browser> {
        let binary = chromium()?;
        let profile = tempfile::tempdir().expect("a profile folder");
        let child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--remote-debugging-port=0",
                &format!("--window-size={width},{height}"),
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let process = Process {
            child,
            closing: false,
            _profile: profile,
        };
        let port = wait_for_port(process._profile.path());
        let page = page_socket_url(port);
        let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromium");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let (socket, _) = tungstenite::client(page.as_str(), stream).expect("websocket");
        let mut browser = Browser {
            socket,
            next_id: 0,
            process,
        };
        browser.call("Page.enable", json!({}));
        browser.call("Runtime.enable", json!({}));
        Some(browser)
    }

    /// Sends one command and waits for its answer (events in between are
    /// dropped).
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let command = json!({"id": id, "method": method, "params": params});
        self.socket
            .send(Message::text(command.to_string()))
            .expect("send to chromium");
        loop {
            let message = self.socket.read().expect("read from chromium");
            let Message::Text(text) = message else {
                continue;
            };
            let value: Value = serde_json::from_str(text.as_str()).expect("JSON from chromium");
            if value["id"] == id {
                assert!(value.get("error").is_none(), "{method}: {value}");
                return value["result"].clone();
            }
        }
    }

    /// Opens `url` in the page.
    pub fn open(&mut self, url: &str) {
        self.call("Page.navigate", json!({"url": url}));
    }

    /// The value of a JavaScript expression in the page.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        result["result"]["value"].clone()
    }

    /// Evaluates `expression` every few milliseconds until it is truthy
    /// or `limit` has passed; gives the time it took, or `None`.
    pub fn wait_for(&mut self, expression: &str, limit: Duration) -> Option<Duration> {
        let start = Instant::now();
        while start.elapsed() < limit {
            let value = self.eval(expression);
            if !(value.is_null() || value == false || value == "" || value == 0) {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    }

    /// The system colour scheme the page sees.
    pub fn prefer_dark(&mut self, dark: bool) {
        let value = if dark { "dark" } else { "light" };
        self.call(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": value}]}),
        );
    }

    /// A PNG of the page as it is now.
    pub fn screenshot(&mut self, path: &Path) {
        use base64::Engine as _;
        let result = self.call("Page.captureScreenshot", json!({"format": "png"}));
        let data = result["data"].as_str().expect("screenshot data");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .expect("base64");
        std::fs::write(path, bytes).expect("write the screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.socket.send(Message::text(
            json!({"id": 0, "method": "Browser.close"}).to_string(),
        ));
        self.process.closing = true;
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let patience = if self.closing { 5 } else { 0 };
        let deadline = Instant::now() + Duration::from_secs(patience);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The DevTools port Chromium wrote into its profile folder.
fn wait_for_port(profile: &Path) -> u16 {
    let file = profile.join("DevToolsActivePort");
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(&file) {
            if let Some(port) = text.lines().next().and_then(|l| l.trim().parse().ok()) {
                return port;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("chromium did not open its DevTools port");
}

/// The WebSocket address of Chromium's first page.
fn page_socket_url(port: u16) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromium");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let request = format!("GET /json/list HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("ask chromium");
        let body = read_http_body(&mut stream);
        let body = body.as_str();
        let targets: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let page = targets.as_array().and_then(|list| {
            list.iter()
                .find(|t| t["type"] == "page")
                .and_then(|t| t["webSocketDebuggerUrl"].as_str())
        });
        if let Some(url) = page {
            return url.to_string();
        }
        assert!(Instant::now() < deadline, "chromium shows no page: {body}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The body of one HTTP answer, by its Content-Length (Chromium keeps the
/// connection open).
fn read_http_body(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&bytes[..end]).to_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if bytes.len() >= end + 4 + length {
                return String::from_utf8_lossy(&bytes[end + 4..end + 4 + length]).into_owned();
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return String::new(),
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
        }
    }
}
