//! Slow and greedy clients cannot take the portal from everyone else (loopback only, bounded
//! in time): 300 clients each declaring a 100,000-byte sign-in and sending one byte every
//! 5 s, from 27 addresses, while an ordinary reader from another address asks for the map
//! page every quarter second and gets it, within a second, every time. The slow clients are
//! cut off with 408 once they fall below the minimum rate, and those beyond one address's
//! share of requests under way get 429 at once. Half-sent heads and idle kept-alive
//! connections are closed after the header timeout.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::helpers::{Backend, TestApp};

fn server_address(app: &TestApp) -> SocketAddr {
    app.address.trim_start_matches("http://").parse().unwrap()
}

/// A connection to the portal from `source`, one of the loopback addresses.
async fn connect_from(source: Ipv4Addr, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(IpAddr::V4(source), 0)).unwrap();
    socket.connect(server).await.expect("connected")
}

/// Reads until the end of an answer's head or of the connection; `every` (if any) sends one
/// more byte of body each time it passes. Returns the status (0: closed without one).
async fn read_status(stream: &mut TcpStream, every: Option<Duration>) -> u16 {
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    loop {
        let tick = tokio::time::sleep(every.unwrap_or(Duration::from_secs(3600)));
        tokio::select! {
            read = stream.read(&mut buffer) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    answer.extend_from_slice(&buffer[..n]);
                    if answer.windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
            },
            () = tick => {
                let _ = stream.write_all(b"e").await;
            }
        }
    }
    let head = String::from_utf8_lossy(&answer);
    head.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0)
}

/// A sign-in post whose body comes one byte every 5 s; the status it finally got.
async fn trickling_sign_in(source: Ipv4Addr, server: SocketAddr) -> u16 {
    let mut stream = connect_from(source, server).await;
    let head = format!(
        "POST /staff/login HTTP/1.1\r\nHost: {server}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: 100000\r\n\r\nemail="
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    read_status(&mut stream, Some(Duration::from_secs(5))).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ordinary_reader_is_served_while_300_slow_clients_trickle_their_bodies() {
    let Some(settings) = crate::helpers::fresh_settings(Backend::Sqlite).await else { return };
    let (max_in_flight, max_per_client) = (settings.max_in_flight, settings.max_per_client);
    let app = crate::helpers::serve(settings).await;
    let server = server_address(&app);
    // 40 from one address (more than its share), 260 from 26 others (10 each).
    let sources: Vec<Ipv4Addr> = (0..300)
        .map(|i| if i < 40 { Ipv4Addr::new(127, 0, 0, 2) } else { Ipv4Addr::new(127, 0, 0, 3 + (i % 26) as u8) })
        .collect();
    assert!(sources.len() > max_in_flight, "more slow clients than the in-flight cap");
    let started = Instant::now();
    let slow: Vec<_> = sources.into_iter().map(|source| tokio::spawn(trickling_sign_in(source, server))).collect();
    tokio::time::sleep(Duration::from_millis(500)).await;

    let reader = reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, 100)))
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let mut served = 0;
    while started.elapsed() < Duration::from_secs(12) {
        let asked = Instant::now();
        let answer = reader.get(format!("{}/interventions", app.address)).send().await;
        let status = answer.map(|a| a.status().as_u16()).map_err(|e| e.to_string());
        assert_eq!(status, Ok(200), "the reader at {:?} (after {served} served)", started.elapsed());
        assert!(asked.elapsed() < Duration::from_secs(1));
        served += 1;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    let mut statuses = Vec::new();
    for task in slow {
        statuses.push(tokio::time::timeout(Duration::from_secs(30), task).await.expect("cut off in time").unwrap());
    }
    let count = |code: u16| statuses.iter().filter(|s| **s == code).count();
    println!(
        "{served} reads served; slow clients: {} cut off with 408, {} refused with 429, after {:?}",
        count(408),
        count(429),
        started.elapsed()
    );
    assert_eq!(count(429), 40 - max_per_client, "one address's requests beyond its share are refused");
    assert_eq!(count(408), 300 - count(429), "every slow client is cut off: {statuses:?}");
}

#[tokio::test]
async fn half_sent_heads_and_idle_connections_are_closed_after_the_header_timeout() {
    let Some(settings) = crate::helpers::fresh_settings(Backend::Sqlite).await else { return };
    let app = crate::helpers::serve(settings).await;
    let server = server_address(&app);
    let limit = server::connections::HEADER_TIMEOUT + Duration::from_secs(3);
    let started = Instant::now();

    let half_head = async {
        let mut stream = connect_from(Ipv4Addr::LOCALHOST, server).await;
        stream
            .write_all(format!("GET /interventions HTTP/1.1\r\nHost: {server}\r\nX-Slow: ").as_bytes())
            .await
            .unwrap();
        read_status(&mut stream, None).await
    };
    let idle = async {
        let mut stream = connect_from(Ipv4Addr::LOCALHOST, server).await;
        stream.write_all(format!("GET /healthz HTTP/1.1\r\nHost: {server}\r\n\r\n").as_bytes()).await.unwrap();
        let mut first = vec![0u8; 64 * 1024];
        let read = stream.read(&mut first).await.unwrap();
        assert!(first[..read].starts_with(b"HTTP/1.1 200"), "{}", String::from_utf8_lossy(&first[..read]));
        // Then nothing: the connection stays open, kept alive, until the portal closes it.
        let mut rest = [0u8; 64 * 1024];
        while stream.read(&mut rest).await.is_ok_and(|n| n > 0) {}
        started.elapsed()
    };
    let (status, idle_closed) = tokio::time::timeout(limit * 2, async { tokio::join!(half_head, idle) })
        .await
        .expect("both connections closed by the portal");
    assert_eq!(status, 0, "a half-sent head gets no answer: its connection is closed");
    assert!(started.elapsed() < limit, "closed after {:?}", started.elapsed());
    assert!(idle_closed < limit, "an idle connection closed after {idle_closed:?}");
}
