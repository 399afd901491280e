//! `/pkg/{file}`: the hashed JS, wasm and CSS cargo-leptos builds, and
//! `/checks/{hash}/{file}`: the form checks modules, one per form (`scripts/build-checks`). They are
//! compressed once, at start, with brotli's best setting (too slow to do per request) and
//! served from memory; their addresses change with their content, so browsers keep them
//! for a year.

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

/// The site's `pkg` folder and the form checks, held in memory.
#[derive(Default)]
pub struct Precompressed {
    /// By path below the site root: `pkg/portal-....wasm`, `checks/3f2a.../grant.js`.
    files: HashMap<String, Asset>,
    /// The folder of the form checks' modules (`/checks/{hash}`), when they were built.
    pub checks_folder: Option<String>,
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
    /// Reads and compresses the JS, wasm and CSS of `site_root`'s `pkg` folder and of its
    /// `checks/{hash}` folder; missing folders give none (tests run without a front-end build).
    pub fn load(site_root: &Path, pkg_dir: &str) -> Precompressed {
        let mut files = HashMap::new();
        load_folder(&mut files, site_root, pkg_dir);
        let checks_dir = std::fs::read_dir(site_root.join("checks"))
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .find(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
        let checks_folder = checks_dir.map(|hash| {
            load_folder(&mut files, site_root, &format!("checks/{hash}"));
            format!("/checks/{hash}")
        });
        tracing::info!(files = files.len(), checks = checks_folder.is_some(), "static assets loaded and compressed");
        Precompressed { files, checks_folder }
    }
}

/// Adds the JS, wasm and CSS files of `site_root/folder`, keyed `folder/name`.
fn load_folder(files: &mut HashMap<String, Asset>, site_root: &Path, folder: &str) {
    for entry in std::fs::read_dir(site_root.join(folder)).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let (Some(content_type), Ok(raw)) = (content_type(&name), std::fs::read(entry.path())) else {
            continue;
        };
        let brotli = brotli(&raw, 11).unwrap_or_else(|| {
            tracing::warn!(file = %name, "brotli compression failed; serving it uncompressed");
            Vec::new()
        });
        files.insert(format!("{folder}/{name}"), Asset { content_type, raw: raw.into(), brotli: brotli.into() });
    }
}

pub fn router() -> Router<AppState> {
    Router::new().route("/pkg/{file}", get(pkg_file)).route("/checks/{hash}/{file}", get(checks_file))
}

async fn pkg_file(State(state): State<AppState>, UrlPath(file): UrlPath<String>, headers: HeaderMap) -> Response {
    let folder = state.leptos_options.site_pkg_dir.to_string();
    asset(&state, &format!("{folder}/{file}"), &headers)
}

async fn checks_file(
    State(state): State<AppState>,
    UrlPath((hash, file)): UrlPath<(String, String)>,
    headers: HeaderMap,
) -> Response {
    asset(&state, &format!("checks/{hash}/{file}"), &headers)
}

fn asset(state: &AppState, key: &str, headers: &HeaderMap) -> Response {
    let Some(asset) = state.assets.files.get(key) else {
        return (StatusCode::NOT_FOUND, "no such file").into_response();
    };
    let vary = (header::VARY, "Accept-Encoding");
    if accepts_brotli(headers) && !asset.brotli.is_empty() {
        let headers = [(header::CONTENT_TYPE, asset.content_type), (header::CONTENT_ENCODING, "br"), vary];
        (headers, asset.brotli.clone()).into_response()
    } else {
        // Left to the compression layer (gzip for clients without brotli).
        ([(header::CONTENT_TYPE, asset.content_type), vary], asset.raw.clone()).into_response()
    }
}

/// `raw` compressed with brotli at `quality` (0 to 11), or `None` when the encoder fails.
pub(crate) fn brotli(raw: &[u8], quality: i32) -> Option<Vec<u8>> {
    let mut compressed = Vec::with_capacity(raw.len() / 3);
    let params = brotli::enc::BrotliEncoderParams { quality, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &raw[..], &mut compressed, &params).ok()?;
    Some(compressed)
}

/// Whether the client takes brotli (`Accept-Encoding: br`, not refused with `q=0`).
pub(crate) fn accepts_brotli(headers: &HeaderMap) -> bool {
    let codings = headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok());
    codings.flat_map(|v| v.split(',')).any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let weight = |param: &str| param.strip_prefix("q=").and_then(|q| q.trim().parse::<f32>().ok());
        parts.next() == Some("br") && parts.all(|param| weight(param).is_none_or(|q| q > 0.0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_is_sent_to_whoever_takes_it() {
        let accepts = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_ENCODING, value.parse().unwrap());
            accepts_brotli(&headers)
        };
        assert!(accepts("gzip, deflate, br, zstd"));
        assert!(accepts("br;q=0.5, gzip"));
        assert!(!accepts("gzip, deflate"));
        assert!(!accepts("br;q=0, gzip"));
        assert!(!accepts("brotli-not-really"));
        assert!(!accepts_brotli(&HeaderMap::new()));
    }

    #[test]
    fn scripts_wasm_and_styles_are_held_raw_and_brotli_compressed_and_nothing_else() {
        let root = std::env::temp_dir().join(format!("portal-assets-{}", std::process::id()));
        let dir = root.join("pkg");
        let checks = root.join("checks").join("0123456789abcdef");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&checks).unwrap();
        let script = "console.log('islands');\n".repeat(200);
        std::fs::write(dir.join("portal.abc.js"), &script).unwrap();
        std::fs::write(dir.join("portal.d.abc.ts"), "declare const x: number;").unwrap();
        std::fs::write(checks.join("grant.js"), "export default function start() {}").unwrap();

        let assets = Precompressed::load(&root, "pkg");

        assert_eq!(assets.checks_folder.as_deref(), Some("/checks/0123456789abcdef"));
        assert!(assets.files.contains_key("checks/0123456789abcdef/grant.js"));
        let js = &assets.files["pkg/portal.abc.js"];
        assert_eq!(js.content_type, "text/javascript");
        assert!(js.brotli.len() < js.raw.len() / 10);
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut js.brotli.as_ref(), &mut unpacked).unwrap();
        assert_eq!(unpacked, script.as_bytes());
        assert!(!assets.files.contains_key("pkg/portal.d.abc.ts"));
        std::fs::remove_dir_all(root).unwrap();
    }
}
