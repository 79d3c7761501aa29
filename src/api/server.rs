//! The HTTP server: hyper 1 over tokio, HTTP/1.1 and HTTP/2 on one port, graceful shutdown.
//! Turns bytes into a [`wire`](super::wire) or [`control`](super::control) request and back;
//! owns no API logic. Any `Host` header is accepted (SDKs prefix `sync-` for some operations).

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use super::wire::Reply;
use super::{control, wire, Service};

/// The largest request body accepted (definitions are at most 1 MiB, inputs 256 KiB).
const MAX_BODY: usize = 16 * 1024 * 1024;
/// How long shutdown waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(5);

/// Serves the API on `listener` until `shutdown` completes, then drains open connections.
pub async fn run(listener: TcpListener, service: Arc<Service>, shutdown: impl Future) {
    let builder = auto::Builder::new(TokioExecutor::new());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors and the like: back off instead of spinning.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let svc = service.clone();
                let conn = builder
                    .serve_connection(
                        TokioIo::new(stream),
                        service_fn(move |req| {
                            let svc = svc.clone();
                            async move { Ok::<_, Infallible>(respond(&svc, req).await) }
                        }),
                    )
                    .into_owned();
                let conn = graceful.watch(conn);
                tokio::spawn(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!(error = %e, "connection closed with an error");
                    }
                });
            }
            _ = &mut shutdown => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after {DRAIN:?}; closing them");
    }
}

fn header<'a>(req: &'a Request<Incoming>, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

async fn respond(svc: &Service, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().map(str::to_owned);
    let content_type = header(&req, "content-type").map(str::to_owned);
    let target = header(&req, "x-amz-target").map(str::to_owned);
    let authorization = header(&req, "authorization").map(str::to_owned);
    let reply = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Err(_) => Reply {
            status: 413,
            content_type: "application/json",
            body: Bytes::from_static(b"{\"message\":\"request body too large\"}"),
            operation: None,
        },
        Ok(body) => {
            let body = body.to_bytes();
            if let Some(reply) = crate::console::route(&method, &path) {
                reply
            } else if method == http::Method::GET && path == control::GRAPH {
                control::graph(svc, query.as_deref().unwrap_or("")).await
            } else if path.starts_with(control::PREFIX) {
                let with_query = query
                    .as_ref()
                    .map_or(path.clone(), |q| format!("{path}?{q}"));
                control::handle(svc, &method, &with_query, &body)
            } else {
                wire::handle(
                    svc,
                    &method,
                    content_type.as_deref(),
                    target.as_deref(),
                    authorization.as_deref(),
                    &body,
                )
                .await
            }
        }
    };
    tracing::debug!(
        %method,
        %path,
        operation = reply.operation.as_deref().unwrap_or("-"),
        status = reply.status,
        "request"
    );
    let request_id = svc.request_id();
    Response::builder()
        .status(reply.status)
        .header("content-type", reply.content_type)
        .header("x-amzn-RequestId", request_id)
        .body(Full::new(reply.body))
        .unwrap_or_else(|_| {
            // Only reachable with an invalid status code, which Reply never carries.
            let mut r = Response::new(Full::new(Bytes::from_static(b"{}")));
            *r.status_mut() = http::StatusCode::INTERNAL_SERVER_ERROR;
            r
        })
}
