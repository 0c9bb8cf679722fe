//! The HTTP side of `archflow watch`: a small HTTP/1.1 server on
//! `std::net`, one thread per connection.
//!
//! In: a bound listener and the [`Hub`]. Out: answers to `/` (the page),
//! `/events` (Server-Sent Events), `/svg/<name>?theme=light|dark` (the
//! last good picture of one diagram) and `/state.json`; 404 for anything
//! else. A name is looked up among the diagrams on the page, never opened
//! as a file, so no request reaches a file outside PATH. On the loopback,
//! a request whose `Host` is not a loopback name is refused (a web page
//! elsewhere cannot read the diagrams by pointing its name at 127.0.0.1).

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::time::Duration;

use super::http::{is_loopback_host, percent_decode, query_param, read_request, Response};
use super::hub::Hub;
use super::page;

/// Connections served at once; more get 503.
const MAX_CONNECTIONS: usize = 64;
/// How long a request may take to arrive, and a write to drain.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// How often an idle event stream sends a comment, so a page that went
/// away is noticed.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// How soon a page reconnects after the stream breaks, in milliseconds.
const RETRY_MS: u32 = 500;

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    Page,
    Events,
    State,
    Svg(String),
    NotFound,
}

fn route(path: &str) -> Route {
    match path {
        "/" | "/index.html" => Route::Page,
        "/events" => Route::Events,
        "/state.json" => Route::State,
        _ => match path.strip_prefix("/svg/").and_then(percent_decode) {
            Some(name) => Route::Svg(name),
            None => Route::NotFound,
        },
    }
}

/// Serves connections until the listener fails. `loopback_only` refuses
/// requests whose `Host` header is not a loopback name.
pub fn serve(listener: TcpListener, hub: Arc<Hub>, loopback_only: bool) -> std::io::Result<()> {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            active.fetch_sub(1, Ordering::SeqCst);
            let _ = Response::text(503, "busy\n").write(&mut stream, false);
            continue;
        }
        let hub = hub.clone();
        let active = active.clone();
        let spawned = std::thread::Builder::new()
            .name("archflow-http".into())
            .spawn(move || {
                answer(stream, &hub, loopback_only);
                active.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            eprintln!("archflow watch: cannot start a thread for a connection");
        }
    }
    Ok(())
}

/// Reads one request and answers it; the connection closes after it.
fn answer(mut stream: TcpStream, hub: &Hub, loopback_only: bool) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let request = match read_request(&mut stream) {
        Ok(r) => r,
        Err(refusal) => {
            let _ = Response::text(refusal.status, "bad request\n").write(&mut stream, false);
            return;
        }
    };
    if loopback_only && !request.host.as_deref().is_some_and(is_loopback_host) {
        let _ = Response::text(403, "only for this machine\n").write(&mut stream, false);
        return;
    }
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        let refusal = Response {
            headers: &["Allow: GET, HEAD"],
            ..Response::text(405, "only GET and HEAD\n")
        };
        let _ = refusal.write(&mut stream, false);
        return;
    }
    let _ = match route(&request.path) {
        Route::Page => Response {
            status: 200,
            content_type: "text/html; charset=utf-8",
            headers: &[page::PAGE_POLICY],
            body: page::PAGE.as_bytes(),
        }
        .write(&mut stream, head_only),
        Route::State => {
            let json = hub.with_state(|s| s.to_json());
            Response {
                status: 200,
                content_type: "application/json",
                headers: &[],
                body: json.as_bytes(),
            }
            .write(&mut stream, head_only)
        }
        Route::Svg(name) => {
            let dark = query_param(&request.query, "theme") == Some("dark");
            match hub.with_state(|s| s.svg(&name, dark)) {
                Some(svg) => Response {
                    status: 200,
                    content_type: "image/svg+xml",
                    headers: &[page::SVG_POLICY],
                    body: svg.as_bytes(),
                }
                .write(&mut stream, head_only),
                None => Response::text(404, "not found\n").write(&mut stream, head_only),
            }
        }
        Route::Events if head_only => Response::text(200, "").write(&mut stream, true),
        Route::Events => stream_events(&mut stream, hub),
        Route::NotFound => Response::text(404, "not found\n").write(&mut stream, head_only),
    };
}

/// The event stream of one page: the whole state, then one event per
/// render, until the page goes away.
fn stream_events(stream: &mut TcpStream, hub: &Hub) -> std::io::Result<()> {
    let (first, receiver) = hub.subscribe();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: keep-alive\r\n\r\nretry: {RETRY_MS}\n\n"
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(first.as_bytes())?;
    stream.flush()?;
    loop {
        match receiver.recv_timeout(KEEPALIVE) {
            Ok(message) => stream.write_all(message.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": keepalive\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        assert_eq!(route("/"), Route::Page);
        assert_eq!(route("/events"), Route::Events);
        assert_eq!(route("/state.json"), Route::State);
        assert_eq!(route("/svg/a%2Fb.toml"), Route::Svg("a/b.toml".into()));
        assert_eq!(route("/svg/%2e%2e/x"), Route::Svg("../x".into()));
        assert_eq!(route("/svg/%zz"), Route::NotFound);
        assert_eq!(route("/../etc/passwd"), Route::NotFound);
        assert_eq!(route("http://x/"), Route::NotFound);
    }
}
