//! Parses an examiner query and prints its canonical form, or the error with a caret:
//! `cargo run -p zhibao-search --example parse -- 'TI=(锂电池 AND 隔膜) 3W x'`.

fn main() {
    let query = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    match zhibao_search::parse(&query) {
        Ok(expr) => println!("{expr}"),
        Err(e) => {
            println!("{}", e.caret(&query));
            println!("{e}");
            std::process::exit(1);
        }
    }
}
