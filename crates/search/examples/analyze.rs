//! Prints how the analyser reads a text: `cargo run -p zhibao-search --example analyze -- TEXT [--query]`.

use zhibao_search::analyzer::{analyze, Mode, TokenKind};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = if args.iter().any(|a| a == "--query") { Mode::Query } else { Mode::Index };
    let text: Vec<&str> = args.iter().filter(|a| *a != "--query").map(String::as_str).collect();
    for t in analyze(&text.join(" "), mode) {
        let kind = match t.kind {
            TokenKind::Word => "",
            TokenKind::SubWord => "  (sub-word)",
            TokenKind::SentenceMark => "  <sentence>",
            TokenKind::ParagraphMark => "  <paragraph>",
        };
        println!("{:>4}  {:<16} {}..{}{}", t.position, t.text.escape_debug(), t.offset_from, t.offset_to, kind);
    }
}
