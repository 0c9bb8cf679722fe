//! The watch page.
//!
//! In: nothing. Out: the one HTML page the server sends at `/` — its CSS
//! and script are in `page.html` beside this file, included whole — and
//! the Content-Security-Policy headers of the page and of the pictures.
//! The page holds no user text: it draws everything from the JSON of the
//! event stream, setting names and errors as text, never as markup, and
//! shows each picture as an image, where no script of it could run.

/// The page.
pub const PAGE: &str = include_str!("page.html");

/// What the page may load: its own inline script and style, images and
/// the event stream from this server; nothing else.
pub const PAGE_POLICY: &str = "Content-Security-Policy: default-src 'none'; \
script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; \
base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// What a picture opened on its own may load: its inline style and the
/// custom icons embedded in it as data.
pub const SVG_POLICY: &str =
    "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:";
