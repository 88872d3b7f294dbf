//! Configuration, read from the environment once at start-up.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use leptos::config::LeptosOptions;

use super::db::Durability;

#[derive(Clone, Debug)]
pub struct Settings {
    pub leptos: LeptosOptions,
    /// Folder for the SQLite file, the generated key and the file mail outbox.
    pub data_dir: PathBuf,
    pub database_url: String,
    pub durability: Durability,
    /// `smtp://host:port`; when absent, mail is written to files under `data_dir/outbox/`.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Base of links in mails, e.g. `https://volunteer.example.cn`.
    pub public_url: String,
    /// Master key, base64 of 32 bytes; when absent, `data_dir/secret.key` is used or created.
    pub secret_key: Option<String>,
    pub status_lookups_per_minute: u32,
    /// Sign-ups accepted per minute from one client address (a family or an office shares one).
    pub signups_per_minute: u32,
    /// A request (headers and body) that takes longer than this is answered 408.
    pub request_timeout: Duration,
    /// How long a rendered public page is served from memory.
    pub page_cache_for: Duration,
    pub trusted_proxies: Vec<IpAddr>,
    pub seed_demo: bool,
    /// How often the mail worker looks for due mail when nobody wakes it.
    pub outbox_poll: Duration,
    /// First retry delay of a failed mail; doubles per attempt up to `outbox_max_backoff`.
    pub outbox_backoff: Duration,
    pub outbox_max_backoff: Duration,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

impl Settings {
    /// Reads `DATABASE_URL`, `SHOUWANG_DATA_DIR`, `SMTP_URL`, `MAIL_FROM`, `PUBLIC_URL`,
    /// `SHOUWANG_SECRET_KEY`, `SQLITE_SYNCHRONOUS` (FULL|NORMAL), `STATUS_LOOKUPS_PER_MINUTE`,
    /// `SIGNUPS_PER_MINUTE`, `REQUEST_TIMEOUT_SECS`, `PAGE_CACHE_MS` (0 turns the page cache off),
    /// `TRUSTED_PROXIES` (comma list), `SEED_DEMO` (1|0).
    pub fn from_env(leptos: LeptosOptions) -> anyhow::Result<Self> {
        let data_dir = PathBuf::from(env("SHOUWANG_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = env("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/shouwang.db?mode=rwc", data_dir.display()));
        let durability = match env("SQLITE_SYNCHRONOUS").as_deref().map(str::to_ascii_uppercase).as_deref() {
            Some("NORMAL") => Durability::Normal,
            None | Some("FULL") => Durability::Full,
            Some(other) => anyhow::bail!("SQLITE_SYNCHRONOUS must be FULL or NORMAL, not {other}"),
        };
        let public_url = env("PUBLIC_URL").unwrap_or_else(|| format!("http://{}", leptos.site_addr));
        let trusted_proxies = env("TRUSTED_PROXIES")
            .map(|list| list.split(',').map(|p| p.trim().parse()).collect::<Result<Vec<_>, _>>())
            .transpose()
            .map_err(|e| anyhow::anyhow!("TRUSTED_PROXIES: {e}"))?
            .unwrap_or_default();
        Ok(Self {
            leptos,
            data_dir,
            database_url,
            durability,
            smtp_url: env("SMTP_URL"),
            mail_from: env("MAIL_FROM").unwrap_or_else(|| {
                let sender = crate::i18n::mail::sender_name(crate::i18n::Locale::Zh);
                format!("{sender} <noreply@shouwang.localhost>")
            }),
            public_url,
            secret_key: env("SHOUWANG_SECRET_KEY"),
            status_lookups_per_minute: env("STATUS_LOOKUPS_PER_MINUTE")
                .and_then(|v| v.parse().ok())
                .unwrap_or(20),
            signups_per_minute: env("SIGNUPS_PER_MINUTE").and_then(|v| v.parse().ok()).unwrap_or(120),
            request_timeout: Duration::from_secs(
                env("REQUEST_TIMEOUT_SECS").and_then(|v| v.parse().ok()).unwrap_or(30),
            ),
            page_cache_for: Duration::from_millis(
                env("PAGE_CACHE_MS").and_then(|v| v.parse().ok()).unwrap_or(1000),
            ),
            trusted_proxies,
            seed_demo: env("SEED_DEMO").map(|v| v != "0").unwrap_or(true),
            outbox_poll: Duration::from_secs(2),
            outbox_backoff: Duration::from_secs(2),
            outbox_max_backoff: Duration::from_secs(300),
        })
    }
}
