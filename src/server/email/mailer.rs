use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Where mail goes: a real SMTP server, or files (so a first run needs no mail server).
pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: Mailbox },
    Files { dir: PathBuf, from: Mailbox },
}

impl Mailer {
    pub fn new(smtp_url: Option<&str>, from: &str, files_dir: PathBuf) -> anyhow::Result<Self> {
        let from: Mailbox = from.parse().context("MAIL_FROM is not a mail address")?;
        Ok(match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("SMTP_URL")?
                    .timeout(Some(Duration::from_secs(10)))
                    .build();
                Self::Smtp { transport, from }
            }
            None => Self::Files { dir: files_dir, from },
        })
    }

    fn from(&self) -> &Mailbox {
        match self {
            Self::Smtp { from, .. } | Self::Files { from, .. } => from,
        }
    }

    pub async fn send(&self, id: i64, to: &str, subject: &str, body: &str) -> anyhow::Result<()> {
        let domain = self.from().email.domain().to_string();
        let message = Message::builder()
            // Stable per outbox row: delivery is at-least-once (a crash between the server's
            // "250 OK" and our bookkeeping sends again), and this lets a receiver drop the copy.
            .message_id(Some(format!("<outbox-{id}@{domain}>")))
            .from(self.from().clone())
            .to(to.parse().context("recipient")?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_string())?;
        match self {
            Self::Smtp { transport, .. } => {
                transport.send(message).await?;
            }
            Self::Files { dir, .. } => {
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(format!("{id:08}.eml"));
                let tmp = dir.join(format!(".{id:08}.eml.tmp"));
                tokio::fs::write(&tmp, message.formatted()).await?;
                tokio::fs::rename(&tmp, &path).await?;
            }
        }
        Ok(())
    }
}
