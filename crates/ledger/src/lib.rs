//! zhibao ledger (电子存证账本): the pure core of the evidence vault.
//!
//! - [`hash`]: SHA-256 or SM3 with RFC 9162 domain separation (leaf = H(0x00‖d), node = H(0x01‖l‖r)).
//! - [`tree`]: appending to a log stored as perfect-subtree nodes; roots and proofs from stored nodes.
//! - [`proof`]: inclusion and consistency proof verifiers (RFC 9162 §2.1.3.2, §2.1.4.2).
//! - [`checkpoint`]: C2SP tlog-checkpoint bodies in signed notes, signed with Ed25519 and SM2.
//! - [`leaf`]: the canonical bytes of each kind of log entry.
//! - [`tsa`]: an RFC 3161 time-stamping authority and token verification.
//! - [`package`]: evidence packages (ZIP) and their offline verification.
//!
//! No IO, no async: time and randomness are passed in. See `docs/adr/0004-evidence-ledger.md`.

pub mod checkpoint;
pub mod hash;
pub mod leaf;
pub mod package;
pub mod proof;
pub mod tree;
pub mod tsa;
