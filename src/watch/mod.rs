//! `archflow watch PATH`: a live preview in the browser.
//!
//! In: [`Options`] — PATH (a flow file, a folder of them, or a Markdown
//! note), the port, the host to listen on, whether to open a browser.
//! Out: a server on 127.0.0.1 (unless `--host` says otherwise) whose page
//! shows every diagram of PATH and follows every save; it runs until the
//! process is stopped.
//!
//! ```text
//! target ─ items ─> watcher ─ render ─> hub (state) ─ events ─> server ─> page
//! ```

pub mod http;
pub mod hub;
pub mod page;
pub mod server;
pub mod state;
pub mod target;
pub mod watcher;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;

use hub::Hub;
use state::State;
use target::Target;

/// The port `archflow watch` listens on when `--port` is not given.
pub const DEFAULT_PORT: u16 = 7878;
/// The address it listens on when `--host` is not given.
pub const DEFAULT_HOST: &str = "127.0.0.1";

/// What `archflow watch` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub path: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    /// The address to listen on; anything but the loopback lets other
    /// machines see the diagrams.
    pub host: String,
    /// Open the page in the default browser once it is served.
    pub open: bool,
}

/// Serves PATH until the process is stopped. Returns only when it cannot
/// start (or the listener fails), with the reason.
pub fn run(options: &Options) -> Result<(), String> {
    let target = Arc::new(Target::open(&options.path)?);
    let ip: IpAddr = match options.host.as_str() {
        "localhost" => IpAddr::from([127, 0, 0, 1]),
        host => host
            .parse()
            .map_err(|_| format!("--host {host}: not an IP address (or `localhost`)"))?,
    };
    let listener = TcpListener::bind(SocketAddr::new(ip, options.port)).map_err(|e| {
        let hint = match e.kind() {
            std::io::ErrorKind::AddrInUse => " (is another `archflow watch` running? try --port 0)",
            _ => "",
        };
        format!(
            "cannot listen on {}: {e}{hint}",
            SocketAddr::new(ip, options.port)
        )
    })?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot listen: {e}"))?;
    let state = State::new(
        run_id(),
        target.shown().display().to_string(),
        target.kind(),
    );
    let hub = Arc::new(Hub::new(state));
    // Watch first, then draw: a save during the first render is not lost.
    let _watching = watcher::start(target.clone(), hub.clone())?;
    watcher::render(&target, &hub, None);
    let url = format!("http://{address}/");
    println!(
        "archflow watch: serving {} at {url} (Ctrl-C to stop)",
        target.shown().display()
    );
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}, not only on this machine: anyone who can reach it can see these diagrams"
        );
    }
    if options.open {
        open_in_browser(&url);
    }
    server::serve(listener, hub, ip.is_loopback()).map_err(|e| format!("server stopped: {e}"))
}

/// Tells this run of the server from the next.
fn run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}-{nanos:x}", std::process::id())
}

/// Asks the desktop to open `url`; says so when it cannot.
fn open_in_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let opened = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        eprintln!("archflow watch: cannot open a browser; open {url} yourself");
    }
}
