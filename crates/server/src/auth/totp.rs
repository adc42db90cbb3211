//! TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, ±1 step of skew), via the `totp-rs` crate.

use totp_rs::{Algorithm, Secret, TOTP};

fn totp(secret_b32: &str, account: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret_b32.to_string()).to_bytes().ok()?;
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, Some("zhibao".to_string()), account.to_string()).ok()
}

/// A new random 160-bit secret, base32.
pub fn new_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

/// The `otpauth://` URL for authenticator apps.
pub fn otpauth_url(secret_b32: &str, account: &str) -> Option<String> {
    totp(secret_b32, account).map(|t| t.get_url())
}

/// True when `code` is valid at `unix_time` (seconds).
pub fn verify_totp(secret_b32: &str, account: &str, code: &str, unix_time: u64) -> bool {
    let code = code.trim();
    code.len() == 6 && totp(secret_b32, account).is_some_and(|t| t.check(code, unix_time))
}

/// The code for `unix_time` (for the demo's CLI helper and tests).
pub fn current_code(secret_b32: &str, unix_time: u64) -> Option<String> {
    totp(secret_b32, "x").map(|t| t.generate(unix_time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc6238_vector() {
        // RFC 6238 Appendix B, SHA-1 seed "12345678901234567890" (base32 below), T = 59 s → 94287082 (8 digits);
        // with 6 digits the code is the last six: 287082.
        let seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(current_code(seed, 59).as_deref(), Some("287082"));
        assert!(verify_totp(seed, "a", "287082", 59));
        assert!(verify_totp(seed, "a", "287082", 59 + 30), "one step of skew allowed");
        assert!(!verify_totp(seed, "a", "287082", 59 + 90));
        assert!(!verify_totp(seed, "a", "28708", 59));
    }

    #[test]
    fn secrets_are_usable() {
        let s = new_secret();
        assert!(otpauth_url(&s, "admin").is_some_and(|u| u.starts_with("otpauth://totp/")));
    }
}
