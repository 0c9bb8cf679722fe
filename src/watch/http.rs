//! Just enough HTTP/1.1 for the watch server.
//!
//! In: the bytes of one request head read from a socket. Out: a
//! [`Request`] (method, decoded-later path, query, Host header) or the
//! status to refuse it with; responses written whole with their length, and
//! the percent-decoding and query lookup the routes need. Bodies of
//! requests are never read: every route is a GET.

use std::io::{Read, Write};

/// The longest request head accepted (request line and headers).
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// One parsed request head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, ... as sent.
    pub method: String,
    /// The path part of the request target, still percent-encoded.
    pub path: String,
    /// What follows `?` in the request target, or empty.
    pub query: String,
    /// The value of the `Host` header, when there is one.
    pub host: Option<String>,
}

/// A refused request: the status to answer it with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
}

/// Reads one request head from `stream` and parses it.
pub fn read_request(stream: &mut impl Read) -> Result<Request, Refusal> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        if let Some(end) = find_head_end(&head) {
            head.truncate(end);
            break;
        }
        if head.len() > MAX_HEAD_BYTES {
            return Err(Refusal { status: 431 });
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Err(Refusal { status: 400 }),
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
    }
    parse_head(&head)
}

fn find_head_end(bytes: &[u8]) -> Option<usize> {
    bytes.windows(4).position(|w| w == b"\r\n\r\n")
}

/// Parses a request head (without the blank line that ends it).
pub fn parse_head(head: &[u8]) -> Result<Request, Refusal> {
    let bad = Refusal { status: 400 };
    let text = std::str::from_utf8(head).map_err(|_| bad)?;
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().ok_or(bad)?.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad);
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() {
        return Err(bad);
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let host = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
        .map(|(_, value)| value.trim().to_string());
    Ok(Request {
        method: method.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        host,
    })
}

/// `text` with every `%XX` decoded, or `None` when an escape is malformed
/// or the result is not UTF-8. `+` stays `+` (this is a path, not a form).
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The value of `key` in a query string `a=1&b=2`, not decoded.
pub fn query_param<'a>(query: &'a str, key: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// Whether a `Host` header names this machine's loopback (`127.0.0.1`,
/// `localhost`, `[::1]`, with or without a port). A page on another site
/// whose name was pointed at 127.0.0.1 sends its own name and is refused.
pub fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The reason phrase of the statuses the server sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// One whole response.
pub struct Response<'a> {
    pub status: u16,
    pub content_type: &'a str,
    /// Extra header lines, each without its line end.
    pub headers: &'a [&'a str],
    pub body: &'a [u8],
}

impl Response<'_> {
    /// A plain-text response with a fixed body (errors, mostly).
    pub fn text(status: u16, body: &'static str) -> Response<'static> {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            headers: &[],
            body: body.as_bytes(),
        }
    }

    /// Writes the response; for a `HEAD` request (`head_only`) without its
    /// body. The connection is closed after it.
    pub fn write(&self, out: &mut impl Write, head_only: bool) -> std::io::Result<()> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
             Referrer-Policy: no-referrer\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        );
        for h in self.headers {
            head.push_str(h);
            head.push_str("\r\n");
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(self.body)?;
        }
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_request_head() {
        let r = parse_head(
            b"GET /svg/a%20b.toml?v=3&theme=dark HTTP/1.1\r\nHost: 127.0.0.1:7878\r\nAccept: */*",
        )
        .unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.path, "/svg/a%20b.toml");
        assert_eq!(query_param(&r.query, "theme"), Some("dark"));
        assert_eq!(query_param(&r.query, "v"), Some("3"));
        assert_eq!(r.host.as_deref(), Some("127.0.0.1:7878"));
    }

    #[test]
    fn refuses_malformed_heads() {
        for head in [
            &b"GET /"[..],
            b"GET / HTTP/1.1 x",
            b"GET / SPDY/3",
            b"\xff / HTTP/1.1",
        ] {
            assert_eq!(parse_head(head), Err(Refusal { status: 400 }), "{head:?}");
        }
        let mut endless = std::io::repeat(b'a');
        assert_eq!(read_request(&mut endless), Err(Refusal { status: 431 }));
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Fb%20c+d").as_deref(), Some("a/b c+d"));
        assert_eq!(percent_decode("%2e%2E").as_deref(), Some(".."));
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
        assert_eq!(percent_decode("%"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%ff"), None);
    }

    #[test]
    fn loopback_hosts() {
        for host in [
            "127.0.0.1:7878",
            "localhost",
            "LOCALHOST:1",
            "[::1]:80",
            "127.1.2.3",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example:7878",
            "10.0.0.1",
            "",
            "[::2]:80",
            "localhost.evil",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
