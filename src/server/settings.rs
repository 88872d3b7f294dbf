//! Configuration, read from the environment once at start-up.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use leptos::config::LeptosOptions;

use super::db::Durability;

/// A value that must never reach a log: `Debug` prints `[redacted]`; `expose` gives the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub leptos: LeptosOptions,
    /// Folder for the SQLite file, the generated key and the file mail outbox.
    pub data_dir: PathBuf,
    pub database_url: String,
    pub durability: Durability,
    /// `smtp://host:port` (may carry a password); when absent, mail is written to files under
    /// `data_dir/outbox/`.
    pub smtp_url: Option<Secret>,
    pub mail_from: String,
    /// Base of links in mails, e.g. `https://volunteer.example.cn`.
    pub public_url: String,
    /// Master key, base64 of 32 bytes; when absent, `data_dir/secret.key` is used or created.
    pub secret_key: Option<Secret>,
    pub status_lookups_per_minute: u32,
    /// Sign-ups accepted per minute from one client address (a family or an office shares one).
    pub signups_per_minute: u32,
    /// A request (headers and body) that takes longer than this is answered 408.
    pub request_timeout: Duration,
    /// How long a name at an address waits after its free log-in tries (doubling from there).
    pub login_first_wait: Duration,
    /// How long a rendered public page is served from memory.
    pub page_cache_for: Duration,
    /// How long a campaign's definition is kept between sign-ups (a change made on any
    /// instance reaches the others at once through the database; this is the backstop).
    pub campaign_cache_for: Duration,
    /// Who may read `/metrics` (client addresses, the forwarded one behind a trusted proxy).
    pub metrics_allow: Vec<IpAddr>,
    /// Run the migrations at start-up (the default). Several instances leave it to one
    /// `shouwang migrate` step before they start (deploy/).
    pub migrate_at_start: bool,
    /// `WEBHOOK_ALLOW_PRIVATE`: webhooks may point at plain `http://` and at loopback or private
    /// addresses (for tests and closed networks; off by default, so that no partner can make the
    /// portal call into its own network).
    pub webhook_allow_private: bool,
    pub trusted_proxies: Vec<IpAddr>,
    pub seed_demo: bool,
    /// How often the mail worker looks for due mail when nobody wakes it.
    pub outbox_poll: Duration,
    /// First retry delay of a failed mail; doubles per attempt up to `outbox_max_backoff`.
    pub outbox_backoff: Duration,
    pub outbox_max_backoff: Duration,
}

/// A comma list of IP addresses (empty: none).
fn addresses(list: &str, name: &str) -> anyhow::Result<Vec<IpAddr>> {
    list.split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| a.parse().map_err(|e| anyhow::anyhow!("{name}: {a:?}: {e}")))
        .collect()
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// A setting's value, or `default` when it is not set; a value that is not a number stops
/// start-up with a message naming the variable (a typo must not silently become the default).
fn number<T: std::str::FromStr>(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &str,
    default: T,
) -> anyhow::Result<T> {
    match lookup(name) {
        None => Ok(default),
        Some(text) => {
            text.parse().map_err(|_| anyhow::anyhow!("{name} must be a whole number, not {text:?}"))
        }
    }
}

impl Settings {
    /// The absolute address of a path of ours (`/campaigns/x` → `https://…/campaigns/x`): what
    /// is shared, printed in QR codes and named in Open Graph tags.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }

    /// Reads `DATABASE_URL`, `SHOUWANG_DATA_DIR`, `SMTP_URL`, `MAIL_FROM`, `PUBLIC_URL`,
    /// `SHOUWANG_SECRET_KEY`, `SQLITE_SYNCHRONOUS` (FULL|NORMAL), `STATUS_LOOKUPS_PER_MINUTE`,
    /// `SIGNUPS_PER_MINUTE`, `REQUEST_TIMEOUT_SECS`, `PAGE_CACHE_MS` (0 turns the page cache off),
    /// `TRUSTED_PROXIES` (comma list), `SEED_DEMO` (1|0), `CAMPAIGN_CACHE_MS`, `METRICS_ALLOW`
    /// (comma list of addresses), `MIGRATE_AT_START` (1|0).
    pub fn from_env(leptos: LeptosOptions) -> anyhow::Result<Self> {
        Self::from_lookup(leptos, env)
    }

    /// The settings from `lookup` (the environment, or a table in tests).
    pub fn from_lookup(
        leptos: LeptosOptions,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<Self> {
        let env = &lookup;
        let data_dir = PathBuf::from(env("SHOUWANG_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = env("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/shouwang.db?mode=rwc", data_dir.display()));
        let durability = match env("SQLITE_SYNCHRONOUS").as_deref().map(str::to_ascii_uppercase).as_deref() {
            Some("NORMAL") => Durability::Normal,
            None | Some("FULL") => Durability::Full,
            Some(other) => anyhow::bail!("SQLITE_SYNCHRONOUS must be FULL or NORMAL, not {other}"),
        };
        let public_url = env("PUBLIC_URL").unwrap_or_else(|| format!("http://{}", leptos.site_addr));
        let trusted_proxies = addresses(env("TRUSTED_PROXIES").as_deref().unwrap_or(""), "TRUSTED_PROXIES")?;
        let seed_demo = match env("SEED_DEMO").as_deref() {
            None | Some("1") => true,
            Some("0") => false,
            Some(other) => anyhow::bail!("SEED_DEMO must be 1 or 0, not {other:?}"),
        };
        Ok(Self {
            leptos,
            data_dir,
            database_url,
            durability,
            smtp_url: env("SMTP_URL").map(Secret),
            mail_from: env("MAIL_FROM").unwrap_or_else(|| {
                let sender = crate::i18n::mail::sender_name(crate::i18n::Locale::Zh);
                format!("{sender} <noreply@shouwang.localhost>")
            }),
            public_url,
            secret_key: env("SHOUWANG_SECRET_KEY").map(Secret),
            status_lookups_per_minute: number(env, "STATUS_LOOKUPS_PER_MINUTE", 20)?,
            signups_per_minute: number(env, "SIGNUPS_PER_MINUTE", 120)?,
            request_timeout: Duration::from_secs(number(env, "REQUEST_TIMEOUT_SECS", 30)?),
            login_first_wait: Duration::from_secs(number(env, "LOGIN_FIRST_WAIT_SECS", 1)?),
            page_cache_for: Duration::from_millis(number(env, "PAGE_CACHE_MS", 1000)?),
            campaign_cache_for: Duration::from_millis(number(env, "CAMPAIGN_CACHE_MS", 1000)?),
            metrics_allow: addresses(
                env("METRICS_ALLOW").as_deref().unwrap_or("127.0.0.1,::1"),
                "METRICS_ALLOW",
            )?,
            migrate_at_start: !matches!(env("MIGRATE_AT_START").as_deref(), Some("0" | "false" | "no")),
            webhook_allow_private: matches!(
                env("WEBHOOK_ALLOW_PRIVATE").as_deref(),
                Some("1" | "true" | "yes")
            ),
            trusted_proxies,
            seed_demo,
            outbox_poll: Duration::from_secs(2),
            outbox_backoff: Duration::from_secs(2),
            outbox_max_backoff: Duration::from_secs(300),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let table: std::collections::HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(LeptosOptions::builder().output_name("shouwang").build(), |name| {
            table.get(name).cloned()
        })
    }

    #[test]
    fn a_malformed_number_stops_start_up_with_a_message_naming_the_variable() {
        for name in
            ["SIGNUPS_PER_MINUTE", "STATUS_LOOKUPS_PER_MINUTE", "REQUEST_TIMEOUT_SECS", "PAGE_CACHE_MS"]
        {
            let error = settings(&[(name, "12O")]).unwrap_err().to_string();
            assert!(error.contains(name) && error.contains("12O"), "{error}");
            assert!(settings(&[(name, "-5")]).is_err(), "{name}: a negative number is refused too");
        }
        assert!(settings(&[("SEED_DEMO", "yes please")]).unwrap_err().to_string().contains("SEED_DEMO"));
        let read = settings(&[("SIGNUPS_PER_MINUTE", "7"), ("PAGE_CACHE_MS", "0")]).unwrap();
        assert_eq!((read.signups_per_minute, read.page_cache_for), (7, Duration::ZERO));
        assert_eq!(settings(&[]).unwrap().signups_per_minute, 120, "unset is the default");
    }

    #[test]
    fn debug_output_never_shows_the_key_or_the_mail_password() {
        let key = "c2VjcmV0LWtleS1ub2JvZHktbXVzdC1zZWUtMzJieXRlcw==";
        let read =
            settings(&[("SHOUWANG_SECRET_KEY", key), ("SMTP_URL", "smtp://user:hunter2@mail:25")]).unwrap();
        let printed = format!("{read:?}");
        assert!(!printed.contains(key) && !printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("[redacted]"));
        assert_eq!(read.secret_key.as_ref().map(Secret::expose), Some(key));
    }
}
