//! Sends the outbox over SMTP (lettre) when `PORTAL_SMTP_URL` is set. Any instance may run
//! it: a message is claimed before it is sent, retried on failure (at most
//! `MAX_ATTEMPTS` times) and marked sent afterwards. Without SMTP the messages stay in the
//! outbox, readable by the management unit at `/staff/outbox`.

use std::time::Duration;

use app::db::{outbox, Pool};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use time::OffsetDateTime;

use crate::auth::rfc3339;

pub const MAX_ATTEMPTS: i64 = 8;
/// How long a claim keeps other instances off a message.
const CLAIM: time::Duration = time::Duration::minutes(2);
const BATCH: i64 = 20;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `url`: `smtp://user:password@host:587?tls=required`, `smtps://...` or `smtp://host:25`
    /// (lettre's syntax); `from`: `Name <address>`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Mailer> {
        let transport =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.timeout(Some(Duration::from_secs(20))).build();
        Ok(Mailer { transport, from: from.parse()? })
    }

    /// Sends what is due; returns how many messages were sent.
    pub async fn deliver_due(&self, pool: &Pool) -> Result<usize, sqlx::Error> {
        let now = OffsetDateTime::now_utc();
        let claimed = outbox::claim_unsent(pool, &rfc3339(now), &rfc3339(now + CLAIM), MAX_ATTEMPTS, BATCH).await?;
        let mut sent = 0;
        for mail in claimed {
            let outcome = self.send(&mail).await;
            let sent_at = rfc3339(OffsetDateTime::now_utc());
            match &outcome {
                Ok(()) => sent += 1,
                Err(error) => tracing::warn!(id = mail.id, %error, "sending an e-mail failed; it will be retried"),
            }
            outbox::record_delivery(pool, mail.id, outcome.as_ref().map(|()| sent_at.as_str()).map_err(String::as_str))
                .await?;
        }
        Ok(sent)
    }

    async fn send(&self, mail: &outbox::ClaimedMail) -> Result<(), String> {
        let to: Mailbox = mail.to.parse().map_err(|e| format!("bad address: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| e.to_string())?;
        self.transport.send(message).await.map(|_| ()).map_err(|e| e.to_string())
    }

    /// Delivers every few seconds until the process ends.
    pub async fn run(self, pool: Pool) {
        loop {
            if let Err(error) = self.deliver_due(&pool).await {
                tracing::error!(%error, "reading the outbox failed");
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    }
}
