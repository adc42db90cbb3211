//! A minimal element tree over quick-xml events — one patent document at a time (a USPTO grant is 20 KB – 2 MB),
//! so memory stays bounded by the largest document, not the file.

use quick_xml::events::Event;
use quick_xml::Reader;

/// A node: element or text.
#[derive(Debug, Clone)]
pub enum Node {
    /// Element.
    El(El),
    /// Character data.
    Text(String),
}

/// An element.
#[derive(Debug, Clone, Default)]
pub struct El {
    /// Local name.
    pub name: String,
    /// Attributes.
    pub attrs: Vec<(String, String)>,
    /// Children.
    pub children: Vec<Node>,
}

fn entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        "nbsp" => "\u{a0}",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "mdash" => "—",
        "ndash" => "–",
        "deg" => "°",
        "plusmn" => "±",
        "times" => "×",
        "micro" => "µ",
        "le" => "≤",
        "ge" => "≥",
        _ => return None,
    })
}

fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find(';') {
            Some(j) if j <= 10 => {
                let name = &after[..j];
                let decoded = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map(String::from)
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok().and_then(char::from_u32).map(String::from)
                } else {
                    entity(name).map(String::from)
                };
                match decoded {
                    Some(d) => out.push_str(&d),
                    None => {
                        out.push('&');
                        out.push_str(name);
                        out.push(';');
                    }
                }
                rest = &after[j + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn local(name: &[u8]) -> String {
    let s = String::from_utf8_lossy(name);
    match s.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => s.into_owned(),
    }
}

/// Parse one XML document into its root element; the DOCTYPE's text (if any) is returned beside it.
pub fn parse(text: &str) -> Result<(El, Option<String>), String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<El> = vec![El::default()];
    let mut doctype = None;
    loop {
        let ev = reader.read_event().map_err(|e| format!("XML error at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Start(s) => {
                let mut el = El { name: local(s.name().as_ref()), ..Default::default() };
                for a in s.attributes().flatten() {
                    el.attrs.push((local(a.key.as_ref()), unescape(&String::from_utf8_lossy(&a.value))));
                }
                stack.push(el);
            }
            Event::Empty(s) => {
                let mut el = El { name: local(s.name().as_ref()), ..Default::default() };
                for a in s.attributes().flatten() {
                    el.attrs.push((local(a.key.as_ref()), unescape(&String::from_utf8_lossy(&a.value))));
                }
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::El(el));
                }
            }
            Event::End(e) => {
                let name = local(e.name().as_ref());
                if stack.len() < 2 {
                    return Err(format!("unexpected </{name}>"));
                }
                let el = stack.pop().unwrap_or_default();
                if el.name != name {
                    return Err(format!("</{name}> closes <{}>", el.name));
                }
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::El(el));
                }
            }
            Event::Text(t) => {
                let s = unescape(&String::from_utf8_lossy(t.as_ref()));
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Text(s));
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Text(String::from_utf8_lossy(t.as_ref()).into_owned()));
                }
            }
            Event::DocType(t) => doctype = Some(String::from_utf8_lossy(t.as_ref()).trim().to_string()),
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        let open = stack.last().map(|e| e.name.clone()).unwrap_or_default();
        return Err(format!("document ends inside <{open}>"));
    }
    let root = stack.pop().unwrap_or_default();
    let el = root
        .children
        .into_iter()
        .find_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "no root element".to_string())?;
    Ok((el, doctype))
}

impl El {
    /// Attribute value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &El> {
        self.children.iter().filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
    }
    /// First child element named `name`.
    pub fn child(&self, name: &str) -> Option<&El> {
        self.elements().find(|e| e.name == name)
    }
    /// Child elements named `name`.
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.elements().filter(move |e| e.name == name)
    }
    /// Follow a path of child names (`a/b/c`).
    pub fn path(&self, path: &str) -> Option<&El> {
        let mut cur = self;
        for p in path.split('/') {
            cur = cur.child(p)?;
        }
        Some(cur)
    }
    /// First descendant (depth first) named `name`.
    pub fn find(&self, name: &str) -> Option<&El> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(f) = e.find(name) {
                return Some(f);
            }
        }
        None
    }
    /// All descendants named `name` (not descending into matches).
    pub fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a El>) {
        for e in self.elements() {
            if e.name == name {
                out.push(e);
            } else {
                e.find_all(name, out);
            }
        }
    }
    /// All text below, white space collapsed.
    pub fn text(&self) -> String {
        let mut s = String::new();
        self.collect_text(&mut s);
        collapse(&s)
    }
    fn collect_text(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::El(e) => e.collect_text(out),
            }
        }
    }
    /// Text of the child at `path`, trimmed ("" when absent).
    pub fn text_at(&self, path: &str) -> String {
        self.path(path).map(El::text).unwrap_or_default()
    }
}

/// Collapse runs of white space to one space and trim.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
