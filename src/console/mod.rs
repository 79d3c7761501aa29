//! The web console at `/console`: a single page (HTML, CSS and vanilla JavaScript, embedded in
//! the binary with `include_str!`, no build step, no network) that lists state machines and
//! their executions, draws definitions and executions as graphs (from `GET /_passo/graph`),
//! shows event histories, starts and stops executions and advances a manual clock.
//!
//! Owns no state: the page reads everything from the public API (AWS JSON 1.0 at `/`) and the
//! `/_passo/` control endpoints. This module only serves the files.

use bytes::Bytes;

use crate::api::wire::Reply;

const INDEX: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

/// The console's file for `path`, when it is one (`/console`, `/console/`, its assets).
pub fn route(method: &http::Method, path: &str) -> Option<Reply> {
    if method != http::Method::GET && method != http::Method::HEAD {
        return None;
    }
    let (content_type, body) = match path {
        "/console" | "/console/" | "/console/index.html" => ("text/html; charset=utf-8", INDEX),
        "/console/app.js" => ("text/javascript; charset=utf-8", APP_JS),
        "/console/app.css" => ("text/css; charset=utf-8", APP_CSS),
        _ => return None,
    };
    Some(Reply {
        status: 200,
        content_type,
        body: Bytes::from_static(body.as_bytes()),
        operation: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serves_the_page_and_its_assets_only_on_get() {
        let page = route(&http::Method::GET, "/console").expect("the page");
        assert!(page.content_type.starts_with("text/html"));
        let text = String::from_utf8_lossy(&page.body).into_owned();
        assert!(text.contains("app.js") && text.contains("app.css"));
        assert!(route(&http::Method::GET, "/console/app.js").is_some());
        assert!(route(&http::Method::POST, "/console").is_none());
        assert!(route(&http::Method::GET, "/console/nope").is_none());
    }

    #[test]
    fn the_page_loads_nothing_from_the_network() {
        for asset in [INDEX, APP_JS, APP_CSS] {
            assert!(!asset.contains("http://") && !asset.contains("https://"));
        }
    }
}
