//! A small CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF or LF, a UTF-8 byte-order mark) for the
//! tables users supply — concordance tables, population tables. Tables are small (thousands of rows), so the
//! whole text is read at once; every record carries its 1-based line number for error messages.

/// One record and the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Line number of the record's first character.
    pub line: usize,
    /// Fields, unquoted.
    pub fields: Vec<String>,
}

/// A quoted field that never ends.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: quoted field is not closed")]
pub struct CsvError {
    /// Line where the open quote is.
    pub line: usize,
}

/// Parse CSV text. Blank lines are skipped.
pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut quote_line = 0;
    let mut in_quotes = false;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let finish = |fields: &mut Vec<String>, records: &mut Vec<Record>, record_line: usize| {
        let f = std::mem::take(fields);
        if !(f.len() == 1 && f[0].is_empty()) {
            records.push(Record { line: record_line, fields: f });
        }
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted => {
                in_quotes = true;
                quoted = true;
                quote_line = line;
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                fields.push(std::mem::take(&mut field));
                quoted = false;
                finish(&mut fields, &mut records, record_line);
                line += 1;
                record_line = line;
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(CsvError { line: quote_line });
    }
    if !field.is_empty() || !fields.is_empty() || quoted {
        fields.push(field);
        finish(&mut fields, &mut records, record_line);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_quoted_and_multiline_fields() {
        let got = parse("\u{FEFF}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n\n2,\"two\nlines\",\n3,,").expect("valid");
        let simple: Vec<(usize, Vec<String>)> = got.into_iter().map(|r| (r.line, r.fields)).collect();
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            simple,
            vec![
                (1, s(&["a", "b", "c"])),
                (2, s(&["1", "x, y", "say \"hi\""])),
                (4, s(&["2", "two\nlines", ""])),
                (6, s(&["3", "", ""])),
            ]
        );
    }

    #[test]
    fn empty_text_and_trailing_newline() {
        assert_eq!(parse("").expect("ok"), vec![]);
        assert_eq!(parse("a\n").expect("ok"), vec![Record { line: 1, fields: vec!["a".into()] }]);
        assert_eq!(
            parse("\"\"\n\"\",x").expect("ok"),
            vec![Record { line: 2, fields: vec!["".into(), "x".into()] }],
            "a lone empty field is a blank line"
        );
    }

    #[test]
    fn unclosed_quote_names_its_line() {
        assert_eq!(parse("a,b\nc,\"d\ne"), Err(CsvError { line: 2 }));
    }
}
