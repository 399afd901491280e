//! `/pkg/{file}`: the hashed JS, wasm and CSS cargo-leptos builds. They are compressed once,
//! at start, with brotli's best setting (too slow to do per request) and served from memory;
//! their names change with their content, so browsers keep them for a year.

use std::collections::HashMap;
use std::path::Path;

use axum::body::Bytes;
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::AppState;

/// One static file, raw and brotli-compressed.
struct Asset {
    content_type: &'static str,
    raw: Bytes,
    brotli: Bytes,
}

/// The site's `pkg` folder, held in memory.
#[derive(Default)]
pub struct Precompressed {
    files: HashMap<String, Asset>,
}

fn content_type(name: &str) -> Option<&'static str> {
    match name.rsplit_once('.')?.1 {
        "js" => Some("text/javascript"),
        "wasm" => Some("application/wasm"),
        "css" => Some("text/css"),
        _ => None,
    }
}

impl Precompressed {
    /// Reads and compresses the JS, wasm and CSS in `dir`; a missing folder gives none
    /// (tests run without a front-end build).
    pub fn load(dir: &Path) -> Precompressed {
        let mut files = HashMap::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let (Some(content_type), Ok(raw)) = (content_type(&name), std::fs::read(entry.path())) else {
                continue;
            };
            let mut brotli = Vec::with_capacity(raw.len() / 3);
            let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
            if brotli::BrotliCompress(&mut raw.as_slice(), &mut brotli, &params).is_err() {
                tracing::warn!(file = %name, "brotli compression failed; serving it uncompressed");
                brotli.clear();
            }
            files.insert(name, Asset { content_type, raw: raw.into(), brotli: brotli.into() });
        }
        tracing::info!(files = files.len(), "static assets loaded and compressed");
        Precompressed { files }
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/pkg/{file}", get(asset))
}

async fn asset(State(state): State<AppState>, UrlPath(file): UrlPath<String>, headers: HeaderMap) -> Response {
    let Some(asset) = state.assets.files.get(&file) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let accepts_brotli = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("br")));
    let vary = (header::VARY, "Accept-Encoding");
    if accepts_brotli && !asset.brotli.is_empty() {
        let headers = [(header::CONTENT_TYPE, asset.content_type), (header::CONTENT_ENCODING, "br"), vary];
        (headers, asset.brotli.clone()).into_response()
    } else {
        // Left to the compression layer (gzip for clients without brotli).
        ([(header::CONTENT_TYPE, asset.content_type), vary], asset.raw.clone()).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_wasm_and_styles_are_held_raw_and_brotli_compressed_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("portal-assets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = "console.log('islands');\n".repeat(200);
        std::fs::write(dir.join("portal.abc.js"), &script).unwrap();
        std::fs::write(dir.join("portal.d.abc.ts"), "declare const x: number;").unwrap();

        let assets = Precompressed::load(&dir);

        let js = &assets.files["portal.abc.js"];
        assert_eq!(js.content_type, "text/javascript");
        assert!(js.brotli.len() < js.raw.len() / 10);
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut js.brotli.as_ref(), &mut unpacked).unwrap();
        assert_eq!(unpacked, script.as_bytes());
        assert!(!assets.files.contains_key("portal.d.abc.ts"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
