//! Field encryption (AES-256-GCM) and keyed hashes (HMAC-SHA256) for personal data.

use std::io::Write;
use std::path::Path;

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

/// Holds the two keys derived from the one master key. Its `Debug` shows nothing.
pub struct Crypto {
    cipher: Aes256Gcm,
    mac_key: [u8; 32],
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

impl Crypto {
    pub fn from_master(master: &[u8; 32]) -> Self {
        let enc = derive(master, "shouwang/field-encryption/v1");
        Self {
            cipher: Aes256Gcm::new_from_slice(&enc).expect("32-byte key"),
            mac_key: derive(master, "shouwang/keyed-hash/v1"),
        }
    }

    /// The master key comes from configuration (base64 of 32 bytes), or from `secret.key` in the
    /// data folder, which is created on first start, readable by the owner only.
    pub fn load_or_create(configured: Option<&str>, data_dir: &Path) -> anyhow::Result<Self> {
        let master = match configured {
            Some(text) => decode_master(text).context("SHOUWANG_SECRET_KEY")?,
            None => {
                let path = data_dir.join(KEY_FILE);
                if path.exists() {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("reading {}", path.display()))?;
                    decode_master(&text).with_context(|| format!("key file {}", path.display()))?
                } else {
                    let mut key = [0u8; 32];
                    OsRng.fill_bytes(&mut key);
                    write_owner_only(&path, B64.encode(key).as_bytes())?;
                    tracing::info!(path = %path.display(), "generated a new data key; back it up, without it the stored ID numbers cannot be read");
                    key
                }
            }
        };
        Ok(Self::from_master(&master))
    }

    /// `base64(nonce || ciphertext)`; a fresh random nonce every time.
    pub fn encrypt(&self, plain: &str) -> String {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, plain.as_bytes())
            .expect("AES-GCM encryption of a short field cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        B64.encode(out)
    }

    pub fn decrypt(&self, sealed: &str) -> anyhow::Result<String> {
        let bytes = B64.decode(sealed)?;
        if bytes.len() < 12 {
            bail!("sealed value too short");
        }
        let (nonce, body) = bytes.split_at(12);
        let plain =
            self.cipher.decrypt(Nonce::from_slice(nonce), body).map_err(|_| anyhow!("cannot decrypt"))?;
        Ok(String::from_utf8(plain)?)
    }

    /// A keyed hash for equality look-ups (uniqueness, status look-up) without the plain value.
    pub fn keyed_hash(&self, value: &str) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.mac_key).expect("HMAC takes keys of any length");
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
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
