//! An `archflow watch` process for tests: started on a free loopback port,
//! asked over plain HTTP, its event stream read on a thread, and stopped
//! when dropped.
//!
//! Include it from a test file with
//! `#[path = "support/watch_server.rs"] mod watch_server;`.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// How long a test waits for something that should come at once; long,
/// because the machine may be busy.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// A running `archflow watch`.
pub struct Watch {
    child: Child,
    pub address: SocketAddr,
    /// The lines it printed after the URL (one per render that changed
    /// the page).
    pub lines: Receiver<String>,
}

/// One HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The value of a header, by name in any case.
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

impl Watch {
    /// `archflow watch path --port 0`.
    pub fn start(path: &Path) -> Watch {
        Watch::start_with(path, &["--port", "0"])
    }

    /// `archflow watch path ARGS...`, once it has printed its URL.
    pub fn start_with(path: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_archflow"))
            .arg("watch")
            .arg(path)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start archflow watch");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let address = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = lines
                .recv_timeout(left)
                .expect("archflow watch printed no URL");
            if let Some(rest) = line.split("http://").nth(1) {
                let host_port = rest.split('/').next().unwrap_or_default();
                break host_port.parse().expect("an address in the URL");
            }
        };
        Watch {
            child,
            address,
            lines,
        }
    }

    /// `GET path` with the Host header a browser would send.
    pub fn get(&self, path: &str) -> Reply {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.address
        ))
    }

    /// Sends a raw request head and reads the whole answer.
    pub fn request(&self, head: &str) -> Reply {
        let mut stream = TcpStream::connect(self.address).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).expect("timeout");
        stream.write_all(head.as_bytes()).expect("send");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read the answer");
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("an answer head");
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status");
        Reply {
            status,
            head,
            body: bytes[split + 4..].to_vec(),
        }
    }

    /// The event stream, read on its own thread.
    pub fn events(&self) -> Events {
        let mut stream = TcpStream::connect(self.address).expect("connect");
        let head = format!("GET /events HTTP/1.1\r\nHost: {}\r\n\r\n", self.address);
        stream.write_all(head.as_bytes()).expect("send");
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let (mut event, mut data) = (String::new(), String::new());
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                let text = line.trim_end_matches(['\r', '\n']);
                if let Some(v) = text.strip_prefix("event: ") {
                    event = v.to_string();
                } else if let Some(v) = text.strip_prefix("data: ") {
                    data = v.to_string();
                } else if text.is_empty() && !data.is_empty() {
                    let message = (std::mem::take(&mut event), std::mem::take(&mut data));
                    if sender.send(message).is_err() {
                        break;
                    }
                }
                line.clear();
            }
        });
        Events { receiver }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The messages of one event stream.
pub struct Events {
    receiver: Receiver<(String, String)>,
}

impl Events {
    /// The next message (`event` name and parsed `data`) within `wait`.
    pub fn next(&self, wait: Duration) -> Option<(String, serde_json::Value)> {
        let (event, data) = self.receiver.recv_timeout(wait).ok()?;
        let value = serde_json::from_str(&data).expect("event data is JSON");
        Some((event, value))
    }

    /// The raw text of the next message's data within `wait`.
    pub fn next_raw(&self, wait: Duration) -> Option<(String, String)> {
        self.receiver.recv_timeout(wait).ok()
    }

    /// The next `render` event within [`PATIENCE`]; panics without one.
    pub fn render(&self) -> serde_json::Value {
        match self.next(PATIENCE) {
            Some((event, data)) if event == "render" => data,
            other => panic!("expected a render event, got {other:?}"),
        }
    }

    /// Every message that arrives within `wait`.
    pub fn drain(&self, wait: Duration) -> Vec<(String, serde_json::Value)> {
        let deadline = Instant::now() + wait;
        let mut got = Vec::new();
        while let Some(m) = self.next(deadline.saturating_duration_since(Instant::now())) {
            got.push(m);
        }
        got
    }
}

/// A small valid flow whose picture changes with `extra` (a node id).
pub fn flow(title: &str, extra: Option<&str>) -> String {
    let mut text = format!(
        "title = \"{title}\"\nflows = [\"users -> cdn -> bucket\"{}]\n\n[nodes]\n\
         users = {{ icon = \"users\" }}\ncdn = {{ icon = \"cloudfront\" }}\nbucket = {{ icon = \"s3\" }}\n",
        extra.map_or(String::new(), |e| format!(", \"cdn -> {e}\""))
    );
    if let Some(e) = extra {
        text.push_str(&format!("{e} = {{ icon = \"lambda\" }}\n"));
    }
    text
}

/// The SVG archflow draws for the flow file at `path` in the light theme.
pub fn expected_svg(path: &Path) -> String {
    let compiled =
        archflow::compile_file(path, &archflow::Options::default()).expect("a valid flow");
    compiled.svg.expect("an SVG")
}

/// Writes `text` to `path` the way many editors save: into a new file
/// beside it, then renamed over it.
pub fn save_by_rename(path: &Path, text: &str) {
    let temporary = path.with_extension("toml.tmp~");
    std::fs::write(&temporary, text).expect("write");
    std::fs::rename(&temporary, path).expect("rename");
}
