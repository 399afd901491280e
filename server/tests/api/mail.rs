//! Outgoing e-mail: the outbox is sent over SMTP to a stand-in mail server, once, and a
//! failing server leaves messages waiting with the error recorded.

use std::sync::{Arc, Mutex};

use sqlx::Row;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::helpers::TestApp;
use crate::on_both_databases;
use crate::requests::{count, submit_request};

/// A minimal SMTP server on a random port; returns the port and the messages it accepted.
async fn stand_in_smtp_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    smtp_server_answering_recipients(b"250 ok\r\n").await
}

/// The same, answering `rcpt` to every recipient; the messages hold one line per `RCPT TO`
/// it was asked, then each message accepted.
async fn smtp_server_answering_recipients(rcpt: &'static [u8]) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let received = Arc::new(Mutex::new(Vec::new()));
    let store = received.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (reader, mut writer) = stream.into_split();
                let mut lines = BufReader::new(reader).lines();
                writer.write_all(b"220 stand-in ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.split(' ').next().unwrap_or_default().to_uppercase();
                    let answer: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 stand-in\r\n",
                        "DATA" => {
                            writer.write_all(b"354 go on\r\n").await.unwrap();
                            let mut message = String::new();
                            while let Ok(Some(data)) = lines.next_line().await {
                                if data == "." {
                                    break;
                                }
                                message.push_str(&data);
                                message.push('\n');
                            }
                            store.lock().unwrap().push(message);
                            b"250 queued\r\n"
                        }
                        "RCPT" => {
                            store.lock().unwrap().push(format!("RCPT {line}"));
                            rcpt
                        }
                        "QUIT" => {
                            writer.write_all(b"221 bye\r\n").await.unwrap();
                            break;
                        }
                        _ => b"250 ok\r\n",
                    };
                    writer.write_all(answer).await.unwrap();
                }
            });
        }
    });
    (port, received)
}

async fn unsent(app: &TestApp) -> i64 {
    count(app, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").await
}

on_both_databases!(the_outbox_goes_out_over_smtp_once, |app| {
    let (reference, _) = submit_request(&app).await;
    let waiting = unsent(&app).await;
    assert!(waiting >= 1);
    let (port, received) = stand_in_smtp_server().await;
    let mailer =
        server::mailer::Mailer::new(&format!("smtp://127.0.0.1:{port}"), "Portal <portal@example.org>").unwrap();
    let pool = app.pool().await;

    let mut sent = 0;
    while unsent(&app).await > 0 {
        sent += mailer.deliver_due(&pool).await.unwrap();
    }
    assert_eq!(sent as i64, waiting);
    assert_eq!(mailer.deliver_due(&pool).await.unwrap(), 0, "nothing is sent twice");
    let messages: Vec<String> = received.lock().unwrap().iter().filter(|m| !m.starts_with("RCPT ")).cloned().collect();
    assert_eq!(messages.len() as i64, waiting);
    let receipt =
        messages.iter().find(|m| m.contains(&format!("Request {reference} received"))).expect("the receipt went out");
    assert!(
        receipt.contains("To: focal@example.org") && receipt.contains("From: Portal <portal@example.org>"),
        "{receipt}"
    );
});

on_both_databases!(a_failing_mail_server_leaves_messages_waiting_with_the_error, |app| {
    submit_request(&app).await;
    let waiting = unsent(&app).await;
    // Nothing listens on this port once the listener is dropped.
    let port = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap().port();
    let mailer =
        server::mailer::Mailer::new(&format!("smtp://127.0.0.1:{port}"), "Portal <portal@example.org>").unwrap();
    let pool = app.pool().await;
    assert_eq!(mailer.deliver_due(&pool).await.unwrap(), 0);
    assert_eq!(unsent(&app).await, waiting);
    let row = sqlx::query("SELECT attempts, last_error FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(row.try_get::<i64, _>(0).unwrap(), 1);
    assert!(row.try_get::<Option<String>, _>(1).unwrap().is_some());
});

// Found in an attack review: a recipient the server refused was logged with its address (the
// server's reply) and retried eight times.
on_both_databases!(a_permanent_refusal_is_recorded_by_its_code_and_never_retried, |app| {
    submit_request(&app).await;
    let waiting = unsent(&app).await;
    let (port, asked) = smtp_server_answering_recipients(b"550 5.1.1 <focal@example.org>: no such user\r\n").await;
    let mailer =
        server::mailer::Mailer::new(&format!("smtp://127.0.0.1:{port}"), "Portal <portal@example.org>").unwrap();
    let pool = app.pool().await;
    for _ in 0..3 {
        assert_eq!(mailer.deliver_due(&pool).await.unwrap(), 0);
    }
    let recipients_asked = asked.lock().unwrap().iter().filter(|m| m.starts_with("RCPT ")).count() as i64;
    assert_eq!(recipients_asked, waiting, "each refused message was tried once");
    let errors: Vec<String> = sqlx::query("SELECT last_error FROM outbox WHERE sent_at IS NULL")
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<Option<String>, _>(0).unwrap().unwrap_or_default())
        .collect();
    assert!(!errors.is_empty());
    for error in errors {
        assert_eq!(error, "SMTP 550 (permanent)", "the code, never the address");
    }
    let admin = app.staff_client("admin@example.org", "admin", &[]).await;
    let outbox = admin.get(format!("{}/staff/outbox", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(outbox.contains("SMTP 550 (permanent)") && outbox.contains("not delivered"), "the outbox says so");
});

// The outbox grows with every message: it is paged, and every message is on some page.
on_both_databases!(the_outbox_is_read_page_by_page_to_its_first_message, |app| {
    let pool = app.pool().await;
    for n in 1..=120 {
        sqlx::query("INSERT INTO outbox (to_address, subject, body, created_at) VALUES ($1, $2, 'Body', $3)")
            .bind(format!("person{n}@example.org"))
            .bind(format!("Message number {n}."))
            .bind(format!("2026-01-01T00:{:02}:{:02}Z", n / 60, n % 60))
            .execute(&pool)
            .await
            .unwrap();
    }
    let all = count(&app, "SELECT COUNT(*) FROM outbox").await;
    let pages = (all + 49) / 50;
    let admin = app.staff_client("admin@example.org", "admin", &[]).await;
    let page = |query: &str| {
        let request = admin.get(format!("{}/staff/outbox{query}", app.address));
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (status, first) = page("").await;
    assert_eq!(status, 200);
    assert!(first.contains("Message number 120.") && !first.contains("Message number 70."), "newest first, 50 a page");
    assert!(first.contains(&format!("Page 1 of {pages}")) && first.contains(r#"href="/staff/outbox?page=2""#));
    let (mut listed, mut distinct) = (0, std::collections::HashSet::new());
    for number in 1..=pages {
        let (status, text) = page(&format!("?page={number}")).await;
        assert_eq!(status, 200);
        for n in (1..=120).filter(|n| text.contains(&format!("Message number {n}."))) {
            listed += 1;
            distinct.insert(n);
        }
    }
    assert_eq!((listed, distinct.len()), (120, 120), "every message on exactly one page");
    for bad in ["?page=0", "?page=x", "?page=", "?pages=2", "?page=1&page=2"] {
        assert_eq!(page(bad).await.0, 400, "{bad}");
    }
});
