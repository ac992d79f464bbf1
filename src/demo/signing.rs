//! Pre-signed download links: a link names its file and expiry and carries an HMAC of both, so
//! it cannot be altered or used after it expires.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Signs and checks links with a key made at start-up.
pub struct Signer {
    key: [u8; 32],
}

impl Signer {
    pub fn new() -> Signer {
        Signer {
            key: rand::random(),
        }
    }

    /// The signature of `path` valid until `expires` (Unix seconds), as hex.
    pub fn sign(&self, path: &str, expires: i64) -> String {
        hex(&self.mac(path, expires).finalize().into_bytes())
    }

    /// Whether `signature` is this signer's for `path` and `expires` (compared in constant
    /// time).
    pub fn verify(&self, path: &str, expires: i64, signature: &str) -> bool {
        let Some(bytes) = unhex(signature) else {
            return false;
        };
        self.mac(path, expires).verify_slice(&bytes).is_ok()
    }

    fn mac(&self, path: &str, expires: i64) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(format!("{path}\n{expires}").as_bytes());
        mac
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_bind_path_and_expiry() {
        let signer = Signer::new();
        let sig = signer.sign("/files/a/bills.csv", 100);
        assert!(signer.verify("/files/a/bills.csv", 100, &sig));
        assert!(!signer.verify("/files/b/bills.csv", 100, &sig));
        assert!(!signer.verify("/files/a/bills.csv", 101, &sig));
        assert!(!signer.verify("/files/a/bills.csv", 100, "zz"));
        assert!(!Signer::new().verify("/files/a/bills.csv", 100, &sig));
    }
}
