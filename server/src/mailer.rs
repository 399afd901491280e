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

/// Why a message did not go, without the server's words (they name the recipient).
struct Failure {
    /// A 5xx refusal or an unusable message: trying again cannot help.
    permanent: bool,
    /// `SMTP 550 (permanent)`, `SMTP 451 (transient)`, or the kind of failure.
    summary: String,
}

impl Failure {
    fn of(error: &lettre::transport::smtp::Error) -> Failure {
        let kind = if error.is_permanent() {
            "permanent"
        } else if error.is_transient() {
            "transient"
        } else {
            "no answer"
        };
        let summary = match error.status() {
            Some(code) => format!("SMTP {code} ({kind})"),
            None if error.is_timeout() => "timed out".to_owned(),
            None => "connection failed".to_owned(),
        };
        Failure { permanent: error.is_permanent(), summary }
    }
}

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
                Ok(()) => {
                    sent += 1;
                    outbox::record_delivery(pool, mail.id, Ok(&sent_at)).await?;
                }
                Err(failure) => {
                    // The code only: the server's reply names the recipient.
                    let code = &failure.summary;
                    if failure.permanent {
                        tracing::warn!(id = mail.id, %code, "the mail server refused an e-mail for good; not retried");
                        outbox::give_up(pool, mail.id, code, MAX_ATTEMPTS).await?;
                    } else {
                        tracing::warn!(id = mail.id, %code, "sending an e-mail failed; it will be retried");
                        outbox::record_delivery(pool, mail.id, Err(code)).await?;
                    }
                }
            }
        }
        Ok(sent)
    }

    async fn send(&self, mail: &outbox::ClaimedMail) -> Result<(), Failure> {
        let unusable = |what: &str| Failure { permanent: true, summary: what.to_owned() };
        let to: Mailbox = mail.to.parse().map_err(|_| unusable("address not valid"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|_| unusable("message not valid"))?;
        self.transport.send(message).await.map(|_| ()).map_err(|error| Failure::of(&error))
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
