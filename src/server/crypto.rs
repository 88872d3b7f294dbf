//! Field encryption (AES-256-GCM) and keyed hashes (HMAC-SHA256) for personal data.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, RwLock};

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::{Aes256Gcm, Nonce};
use anyhow::{anyhow, bail, Context};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

pub const KEY_FILE: &str = "secret.key";

/// The keys derived from one master key.
struct Keys {
    master: [u8; 32],
    cipher: Aes256Gcm,
    mac_key: [u8; 32],
    serial_key: [u8; 32],
    check: String,
}

impl Keys {
    fn new(master: &[u8; 32]) -> Self {
        let enc = derive(master, "shouwang/field-encryption/v1");
        Self {
            master: *master,
            cipher: Aes256Gcm::new_from_slice(&enc).expect("32-byte key"),
            mac_key: derive(master, "shouwang/keyed-hash/v1"),
            serial_key: derive(master, "shouwang/certificate-serial/v1"),
            check: hex::encode(derive(master, "shouwang/key-check/v1")),
        }
    }

    fn keyed_hash(&self, value: &str) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.mac_key).expect("HMAC takes keys of any length");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    fn decrypt(&self, nonce: &[u8], body: &[u8]) -> Option<Vec<u8>> {
        self.cipher.decrypt(Nonce::from_slice(nonce), body).ok()
    }
}

/// The current keys and, while `shouwang key rotate` runs, the previous ones: new values are
/// written with the current key, reads try both. Its `Debug` shows nothing.
pub struct Crypto {
    ring: RwLock<Ring>,
}

#[derive(Clone)]
struct Ring {
    current: Arc<Keys>,
    previous: Option<Arc<Keys>>,
}

impl std::fmt::Debug for Crypto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Crypto(..)")
    }
}

fn derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master).expect("HMAC takes keys of any length");
    mac.update(label.as_bytes());
    mac.finalize().into_bytes().into()
}

/// A fresh random master key.
pub fn new_master() -> [u8; 32] {
    let mut key = [0u8; 32];
    OsRng.fill_bytes(&mut key);
    key
}

/// The one-way check value of a master key (stored in the database to recognise it).
pub fn check_value(master: &[u8; 32]) -> String {
    hex::encode(derive(master, "shouwang/key-check/v1"))
}

/// Where the master key was found.
pub enum KeySource {
    /// `SHOUWANG_SECRET_KEY` or an existing key file.
    Found([u8; 32]),
    /// No key anywhere: a new one may be made, but only for an empty database.
    Missing(std::path::PathBuf),
}

/// The master key from configuration (base64 of 32 bytes) or from `secret.key` in the data folder.
pub fn find_master(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<KeySource> {
    if let Some(text) = configured {
        return Ok(KeySource::Found(decode_master(text).context("SHOUWANG_SECRET_KEY")?));
    }
    let path = data_dir.join(KEY_FILE);
    if !path.exists() {
        return Ok(KeySource::Missing(path));
    }
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(KeySource::Found(decode_master(&text).with_context(|| format!("key file {}", path.display()))?))
}

/// Writes a master key file readable by its owner only (never over an existing file).
pub fn write_master(path: &Path, master: &[u8; 32]) -> anyhow::Result<()> {
    write_owner_only(path, B64.encode(master).as_bytes())
}

pub fn encode_master(master: &[u8; 32]) -> String {
    B64.encode(master)
}

impl Crypto {
    pub fn from_master(master: &[u8; 32]) -> Self {
        Self { ring: RwLock::new(Ring { current: Arc::new(Keys::new(master)), previous: None }) }
    }

    /// The master key from configuration or `secret.key`, created (readable by the owner only)
    /// when there is none. Start-up uses `server::keys::open` instead, which refuses to make a
    /// new key for a database that holds data.
    pub fn load_or_create(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        let master = match find_master(configured, data_dir)? {
            KeySource::Found(master) => master,
            KeySource::Missing(path) => {
                let key = new_master();
                write_master(&path, &key)?;
                key
            }
        };
        Ok(Self::from_master(&master))
    }

    fn ring(&self) -> Ring {
        self.ring.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// From now on write with `next` and still read what `current` wrote.
    pub fn install_next(&self, next: &[u8; 32]) {
        let mut ring = self.ring.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if ring.current.check == check_value(next) {
            return;
        }
        let old = ring.current.clone();
        *ring = Ring { current: Arc::new(Keys::new(next)), previous: Some(old) };
    }

    /// Also read what `previous` wrote (a server started with the next key during a rotation).
    pub fn install_previous(&self, previous: &[u8; 32]) {
        let mut ring = self.ring.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        ring.previous = Some(Arc::new(Keys::new(previous)));
    }

    /// The rotation is over: nothing is written with the previous key any more.
    pub fn forget_previous(&self) {
        self.ring.write().unwrap_or_else(|poisoned| poisoned.into_inner()).previous = None;
    }

    pub fn check_value(&self) -> String {
        self.ring().current.check.clone()
    }

    pub fn previous_check_value(&self) -> Option<String> {
        self.ring().previous.map(|k| k.check.clone())
    }

    /// `base64(nonce || ciphertext)` with the current key; a fresh random nonce every time.
    pub fn encrypt(&self, plain: &str) -> String {
        seal(&self.ring().current, plain.as_bytes())
    }

    /// Reads a value written with the current key or, during a rotation, the previous one
    /// (AES-GCM authenticates, so a wrong key fails instead of giving garbage).
    pub fn decrypt(&self, sealed: &str) -> anyhow::Result<String> {
        Ok(String::from_utf8(self.open(sealed)?)?)
    }

    /// The bytes sealed in `sealed` by the current key or, during a rotation, the previous one.
    fn open(&self, sealed: &str) -> anyhow::Result<Vec<u8>> {
        let bytes = B64.decode(sealed)?;
        if bytes.len() < 12 {
            bail!("sealed value too short");
        }
        let (nonce, body) = bytes.split_at(12);
        let ring = self.ring();
        ring.current
            .decrypt(nonce, body)
            .or_else(|| ring.previous.as_ref().and_then(|k| k.decrypt(nonce, body)))
            .ok_or_else(|| anyhow!("cannot decrypt"))
    }

    /// A keyed hash for equality look-ups (uniqueness, status look-up) without the plain value.
    pub fn keyed_hash(&self, value: &str) -> String {
        self.ring().current.keyed_hash(value)
    }

    /// The value's keyed hash under the previous key, while a rotation runs: rows not yet
    /// re-hashed carry that one.
    pub fn previous_keyed_hash(&self, value: &str) -> Option<String> {
        self.ring().previous.map(|k| k.keyed_hash(value))
    }

    /// The tag in certificate `number`'s serial: HMAC-SHA256 of the number under a key of its
    /// own (derived from the master key), truncated. Without the key nobody can make one.
    pub fn certificate_tag(&self, number: u64) -> [u8; crate::domain::serial::TAG_BYTES] {
        let key = self.ring().current.serial_key;
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&key).expect("HMAC takes keys of any length");
        mac.update(&number.to_be_bytes());
        let mut tag = [0u8; crate::domain::serial::TAG_BYTES];
        tag.copy_from_slice(&mac.finalize().into_bytes()[..crate::domain::serial::TAG_BYTES]);
        tag
    }

    /// The current master key sealed with `other` (wrapping for the rotation's hand-over).
    pub fn seal_current_for(&self, other: &[u8; 32]) -> String {
        seal(&Keys::new(other), &self.ring().current.master)
    }

    /// `master` sealed with the current key.
    pub fn seal_master(&self, master: &[u8; 32]) -> String {
        seal(&self.ring().current, master)
    }

    /// A master key sealed with the current key (or the previous one).
    pub fn open_master(&self, sealed: &str) -> anyhow::Result<[u8; 32]> {
        let plain = self.open(sealed).map_err(|e| anyhow!("cannot open the sealed key: {e}"))?;
        plain.try_into().map_err(|_| anyhow!("a sealed key must be 32 bytes"))
    }
}

fn seal(keys: &Keys, plain: &[u8]) -> String {
    let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
    let sealed = keys.cipher.encrypt(&nonce, plain).expect("AES-GCM encryption of a short field cannot fail");
    let mut out = nonce.to_vec();
    out.extend_from_slice(&sealed);
    B64.encode(out)
}

fn decode_master(text: &str) -> anyhow::Result<[u8; 32]> {
    let bytes = B64.decode(text.trim()).context("not base64")?;
    bytes.try_into().map_err(|_| anyhow!("the key must be 32 bytes (base64)"))
}

fn write_owner_only(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).with_context(|| format!("creating {}", path.display()))?;
    file.write_all(contents)?;
    file.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_round_trips_and_never_encrypts_the_same_twice() {
        let crypto = Crypto::from_master(&[7u8; 32]);
        let a = crypto.encrypt("11010519491231002X");
        let b = crypto.encrypt("11010519491231002X");
        assert_ne!(a, b);
        assert!(!a.contains("19491231"));
        assert_eq!(crypto.decrypt(&a).unwrap(), "11010519491231002X");
    }

    #[test]
    fn the_keyed_hash_depends_on_the_key() {
        let one = Crypto::from_master(&[1u8; 32]);
        let two = Crypto::from_master(&[2u8; 32]);
        assert_eq!(one.keyed_hash("x"), one.keyed_hash("x"));
        assert_ne!(one.keyed_hash("x"), two.keyed_hash("x"));
    }

    proptest::proptest! {
        /// A number typed full-width (any mix) gets the keyed hash of its half-width form, so the
        /// duplicate check and the status look-up see one person.
        #[test]
        fn full_width_and_half_width_numbers_get_the_same_keyed_hash(
            rest in "[3-9][0-9]{9}",
            seq in 0u32..1000,
            wide in proptest::collection::vec(proptest::prelude::any::<bool>(), 18),
        ) {
            use crate::domain::width::widen_char;
            use crate::domain::{MobileNumber, ResidentId};
            let crypto = Crypto::from_master(&[3u8; 32]);
            let typed = |text: &str| -> String {
                text.chars().zip(&wide).map(|(c, w)| if *w { widen_char(c) } else { c }).collect()
            };
            let mobile = format!("1{rest}");
            let (half, full) = (MobileNumber::parse(&mobile).unwrap(), MobileNumber::parse(&typed(&mobile)).unwrap());
            proptest::prop_assert_eq!(crypto.keyed_hash(half.expose()), crypto.keyed_hash(full.expose()));
            let first17 = format!("3304021985061{seq:04}");
            let id = format!("{first17}{}", crate::domain::resident_id::check_char(first17.as_bytes()).unwrap());
            let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
            let (half, full) = (ResidentId::parse(&id, today).unwrap(), ResidentId::parse(&typed(&id), today).unwrap());
            proptest::prop_assert_eq!(crypto.keyed_hash(half.expose()), crypto.keyed_hash(full.expose()));
        }
    }

    #[test]
    fn a_generated_key_file_is_readable_by_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let first = Crypto::load_or_create(None, dir.path()).unwrap();
        let again = Crypto::load_or_create(None, dir.path()).unwrap();
        assert_eq!(first.keyed_hash("a"), again.keyed_hash("a"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
