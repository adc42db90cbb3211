//! Rebuild when the built web console changes (or first appears): rust-embed embeds `web/dist` at compile time in
//! release builds, and decides at compile time that the folder is missing — so a server compiled before
//! `npm run build` would otherwise keep serving the "not built" page until something else changed.
fn main() {
    println!("cargo:rerun-if-changed=../../web/dist");
}
