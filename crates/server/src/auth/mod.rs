//! Authentication: password hashing, TOTP, sessions and the [`Principal`] extractor that every protected handler
//! takes. Permission checks (`principal.require("system:user:add")`) and the data-scope filter passed to the store
//! both come from the principal, so the server — not the UI — decides what a user may do and see.

mod password;
mod principal;
mod totp;

pub use password::{hash_password, verify_password, DUMMY_HASH};
pub use principal::{ActorSlot, Principal, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE};
pub use totp::{current_code, new_secret, otpauth_url, verify_totp};

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh random token (256 bits, URL-safe base64).
pub fn random_token() -> String {
    use base64::Engine;
    let mut b = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

/// The stored form of a session token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
