//! How requests arrive, so that slow or greedy clients cannot hold the server: HTTP/1
//! connections whose headers (and the wait for the next request on a kept-alive connection)
//! must arrive within `HEADER_TIMEOUT`; a cap on the requests one client address has under way
//! at once; and a request's body received whole, at a minimum rate, before the request takes
//! one of the in-flight permits (`limits::shed_excess_load`). A client trickling a body in
//! therefore holds one of its own address's slots and a little memory, never room that other
//! readers need, and is cut off with 408 once it falls below the rate.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::BodyExt;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::AppState;

/// A request's head must arrive within this, counted from the connection's start or from the
/// previous answer on a kept-alive connection (which is closed when idle this long).
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A body must bring at least `BODY_MIN_BYTES` (or its end) in every window this long: about
/// 100 bytes a second, far below the slowest mobile line a person uses.
pub const BODY_WINDOW: Duration = Duration::from_secs(10);
pub const BODY_MIN_BYTES: usize = 1024;
/// Memory all bodies being received may take together; beyond it a new body is refused with
/// 503 (a slow client holds little of it, a fast one gives it back at once).
const BODY_BUDGET_KIB: usize = 256 * 1024;

/// What the arrival layers share: the requests under way per client address and the memory
/// budget for bodies being received.
#[derive(Clone)]
pub struct Arrivals {
    per_client: Arc<Mutex<HashMap<IpAddr, usize>>>,
    max_per_client: usize,
    body_budget: Arc<Semaphore>,
}

impl Arrivals {
    pub fn new(max_per_client: usize) -> Arrivals {
        Arrivals {
            per_client: Arc::default(),
            max_per_client: max_per_client.max(1),
            body_budget: Arc::new(Semaphore::new(BODY_BUDGET_KIB)),
        }
    }

    /// A slot for one more request of `client`, or `None` when it has its share under way.
    fn enter(&self, client: IpAddr) -> Option<ClientSlot> {
        let mut counts = self.per_client.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = counts.entry(client).or_default();
        if *count >= self.max_per_client {
            return None;
        }
        *count += 1;
        Some(ClientSlot { per_client: self.per_client.clone(), client })
    }
}

/// One request of a client under way; freed when dropped.
struct ClientSlot {
    per_client: Arc<Mutex<HashMap<IpAddr, usize>>>,
    client: IpAddr,
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut counts = self.per_client.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = counts.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.client);
            }
        }
    }
}

/// Refuses a request with 429 when its client already has `PORTAL_MAX_PER_CLIENT` requests
/// under way (exempt addresses excepted); otherwise holds a slot until the answer is made.
pub async fn cap_per_client(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let client = crate::limits::client_of(&state, request.headers(), request.extensions());
    let Some(client) = client.filter(|client| !state.rate_limit_exempt.contains(client)) else {
        return next.run(request).await;
    };
    let Some(_slot) = state.arrivals.enter(client) else {
        tracing::warn!(target: "security", event = "client.too_many_at_once", %client, "request refused");
        let locale = app::i18n::locale_from_headers(request.headers());
        let m = locale.messages();
        let mut response =
            crate::limits::notice_page(StatusCode::TOO_MANY_REQUESTS, locale, m.busy_title, m.too_many_at_once_text);
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
        return response;
    };
    next.run(request).await
}

/// Receives a request's whole body before passing it on (see the module's note): 413 for a
/// body bigger than any route takes, 408 for one that comes in too slowly, 503 when bodies
/// under way already fill the memory budget.
pub async fn receive_body(State(state): State<AppState>, request: Request, next: Next) -> Response {
    use http_body::Body as _;
    if request.body().is_end_stream() {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let locale = app::i18n::locale_from_headers(&parts.headers);
    let m = locale.messages();
    let declared = parts.headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let too_large = || {
        closing(crate::limits::notice_page(
            StatusCode::PAYLOAD_TOO_LARGE,
            locale,
            m.bad_request_title,
            m.too_large_text,
        ))
    };
    if declared.is_some_and(|length| length > crate::policy::LARGEST_BODY) {
        return too_large();
    }
    match receive(body, &state.arrivals.body_budget).await {
        Ok((bytes, _budget)) => next.run(Request::from_parts(parts, Body::from(bytes))).await,
        Err(Arrival::TooSlow) => {
            tracing::warn!(target: "security", event = "request.body_too_slow", "request cut off");
            closing(crate::limits::notice_page(StatusCode::REQUEST_TIMEOUT, locale, m.timeout_title, m.timeout_text))
        }
        Err(Arrival::TooLarge) => too_large(),
        Err(Arrival::NoMemory) => {
            let mut response =
                crate::limits::notice_page(StatusCode::SERVICE_UNAVAILABLE, locale, m.busy_title, m.overloaded_text);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
            closing(response)
        }
        // The client went away or broke the framing: nobody is left to read an answer.
        Err(Arrival::Broken) => closing(StatusCode::BAD_REQUEST.into_response()),
    }
}

enum Arrival {
    TooSlow,
    TooLarge,
    NoMemory,
    Broken,
}

/// Reads `body` whole at the minimum rate, taking its size from `budget` (in KiB) as it comes.
async fn receive(mut body: Body, budget: &Arc<Semaphore>) -> Result<(Bytes, Option<OwnedSemaphorePermit>), Arrival> {
    let mut received = Vec::new();
    let mut held: Option<OwnedSemaphorePermit> = None;
    let mut window_ends = tokio::time::Instant::now() + BODY_WINDOW;
    let mut window_bytes = 0usize;
    loop {
        let frame = match tokio::time::timeout_at(window_ends, body.frame()).await {
            Err(_) => return Err(Arrival::TooSlow),
            Ok(None) => return Ok((Bytes::from(received), held)),
            Ok(Some(Err(_))) => return Err(Arrival::Broken),
            Ok(Some(Ok(frame))) => frame,
        };
        let Ok(data) = frame.into_data() else { continue };
        if received.len() + data.len() > crate::policy::LARGEST_BODY {
            return Err(Arrival::TooLarge);
        }
        let kib_needed = (received.len() + data.len()).div_ceil(1024);
        let kib_held = held.as_ref().map_or(0, OwnedSemaphorePermit::num_permits);
        if kib_needed > kib_held {
            let more =
                budget.clone().try_acquire_many_owned((kib_needed - kib_held) as u32).map_err(|_| Arrival::NoMemory)?;
            match held.as_mut() {
                Some(permit) => permit.merge(more),
                None => held = Some(more),
            }
        }
        received.extend_from_slice(&data);
        window_bytes += data.len();
        if window_bytes >= BODY_MIN_BYTES {
            window_ends = tokio::time::Instant::now() + BODY_WINDOW;
            window_bytes = 0;
        }
    }
}

/// The answer with `Connection: close`: the rest of its body is never read.
fn closing(mut response: Response) -> Response {
    response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, then lets requests in flight finish.
/// Each connection speaks HTTP/1.1 (a proxy in front speaks HTTP/2 to browsers) with the
/// header timeout; handlers see the peer as `ConnectInfo<SocketAddr>`.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(crate::shutdown_signal());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(error) => {
                    tracing::error!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            tower::ServiceExt::oneshot(router.clone(), request.map(Body::new))
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
