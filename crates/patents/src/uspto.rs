//! USPTO patent grant full text (Red Book, WIPO ST.36 XML, `us-patent-grant` DTD v4.0 of 2004-12-02 through v4.x
//! — every version used since January 2005).
//!
//! USPTO ships a week of grants as one file of concatenated XML documents, each starting with its own
//! `<?xml …?>` declaration and `<!DOCTYPE us-patent-grant SYSTEM "us-patent-grant-v4x-YYYY-MM-DD.dtd" …>`.
//! [`Documents`] splits such a stream line by line, so memory holds one document at a time; [`parse_grant`] turns a
//! document into a [`Patent`] or says what is wrong (missing DOCTYPE, unsupported DTD, a required element
//! missing, malformed XML).
//!
//! Element names differ between versions: v4.0 / v4.1 use `parties/applicants/applicant` and `references-cited`;
//! v4.2+ `us-parties/us-applicants/us-applicant` and `us-references-cited`; v4.4+ put inventors in
//! `us-parties/inventors`. All are read.

use std::io::BufRead;

use chrono::NaiveDate;
use zhibao_domain::patent::{
    Address, ApplicationNumber, Citation, CitedBy, ClassSymbol, LegalStatus, Party, Patent, PatentType, Priority,
    PublicationNumber, Texts,
};

use crate::xml::{self, collapse, El};

/// The DTD versions of `us-patent-grant` this importer knows (system identifiers without `.dtd`).
pub const KNOWN_DTDS: [&str; 8] = [
    "us-patent-grant-v40-2004-12-02",
    "us-patent-grant-v41-2005-08-25",
    "us-patent-grant-v42-2006-08-23",
    "us-patent-grant-v43-2012-12-04",
    "us-patent-grant-v44-2013-05-16",
    "us-patent-grant-v45-2014-04-03",
    "us-patent-grant-v46-2021-08-30",
    "us-patent-grant-v47-2022-02-17",
];

/// One document of a (possibly concatenated) USPTO file.
#[derive(Debug)]
pub struct RawDocument {
    /// 1-based index in the file.
    pub index: usize,
    /// 1-based line where it starts.
    pub line: usize,
    /// The XML text.
    pub text: String,
}

/// Splits a stream of concatenated XML documents at each `<?xml` declaration that starts a line.
pub struct Documents<R: BufRead> {
    reader: R,
    buf: String,
    start_line: usize,
    line: usize,
    index: usize,
    pending: Option<String>,
    done: bool,
}

impl<R: BufRead> Documents<R> {
    /// Wrap a reader.
    pub fn new(reader: R) -> Self {
        Documents { reader, buf: String::new(), start_line: 1, line: 0, index: 0, pending: None, done: false }
    }
}

impl<R: BufRead> Iterator for Documents<R> {
    type Item = Result<RawDocument, std::io::Error>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        if let Some(p) = self.pending.take() {
            self.buf = p;
            self.start_line = self.line;
        }
        let mut bytes = Vec::new();
        loop {
            bytes.clear();
            match self.reader.read_until(b'\n', &mut bytes) {
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Ok(0) => {
                    self.done = true;
                    if self.buf.trim().is_empty() {
                        return None;
                    }
                    self.index += 1;
                    let text = std::mem::take(&mut self.buf);
                    return Some(Ok(RawDocument { index: self.index, line: self.start_line, text }));
                }
                Ok(_) => {
                    self.line += 1;
                    let l = String::from_utf8_lossy(&bytes).into_owned();
                    let starts = l.trim_start_matches('\u{feff}').starts_with("<?xml");
                    if starts && !self.buf.trim().is_empty() {
                        self.pending = Some(l);
                        self.index += 1;
                        let text = std::mem::take(&mut self.buf);
                        let doc = RawDocument { index: self.index, line: self.start_line, text };
                        return Some(Ok(doc));
                    }
                    if self.buf.trim().is_empty() {
                        self.start_line = self.line;
                    }
                    self.buf.push_str(&l);
                }
            }
        }
    }
}

/// Parse `YYYYMMDD` (day `00` → the 1st, month `00` → January, as USPTO writes incomplete citation dates).
pub fn date(s: &str) -> Option<NaiveDate> {
    let t: String = s.chars().filter(char::is_ascii_digit).collect();
    if t.len() != 8 {
        return None;
    }
    let y: i32 = t[..4].parse().ok()?;
    let m: u32 = t[4..6].parse().ok()?;
    let d: u32 = t[6..8].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m.max(1), d.max(1))
}

fn check_doctype(doctype: Option<&str>) -> Result<(), String> {
    let dt = doctype.ok_or("no DOCTYPE declaration: not a USPTO us-patent-grant document (缺少 DOCTYPE)")?;
    let mut it = dt.split_whitespace();
    let root = it.next().unwrap_or("");
    if root != "us-patent-grant" {
        return Err(format!("DOCTYPE {root:?} is not us-patent-grant (only grant full texts are supported)"));
    }
    let system = dt.split('"').nth(1).ok_or_else(|| format!("DOCTYPE without a DTD system identifier: {dt}"))?;
    let name = system.rsplit('/').next().unwrap_or(system).trim_end_matches(".dtd");
    if !KNOWN_DTDS.contains(&name) {
        return Err(format!("unsupported DTD {system:?} (不支持的 DTD); known: {}", KNOWN_DTDS.join(", ")));
    }
    Ok(())
}

fn party_name(ab: &El) -> String {
    let org = ab.text_at("orgname");
    if !org.is_empty() {
        return org;
    }
    let first = ab.text_at("first-name");
    let last = ab.text_at("last-name");
    collapse(&format!("{first} {last}"))
}

fn party(el: &El) -> Option<Party> {
    let ab = el.child("addressbook").unwrap_or(el);
    let name = party_name(ab);
    if name.is_empty() {
        return None;
    }
    let mut address = Address::default();
    if let Some(a) = ab.child("address") {
        address.country = a.text_at("country");
        address.province = a.text_at("state");
        address.city = a.text_at("city");
        address.text = [a.text_at("city"), a.text_at("state"), a.text_at("country")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
    }
    Some(Party { name, address })
}

fn classes(root: &El, container: &str, item: &str) -> Vec<ClassSymbol> {
    let mut out: Vec<ClassSymbol> = Vec::new();
    let mut items = Vec::new();
    if let Some(c) = root.find(container) {
        c.find_all(item, &mut items);
    }
    for i in items {
        if let Ok(c) = ClassSymbol::from_parts(
            &i.text_at("section"),
            &i.text_at("class"),
            &i.text_at("subclass"),
            &i.text_at("main-group"),
            &i.text_at("subgroup"),
        ) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// Parse one grant document.
pub fn parse_grant(text: &str) -> Result<Patent, String> {
    let (root, doctype) = xml::parse(text)?;
    check_doctype(doctype.as_deref())?;
    if root.name != "us-patent-grant" {
        return Err(format!("root element <{}> is not <us-patent-grant>", root.name));
    }
    let biblio = root.child("us-bibliographic-data-grant").ok_or("missing <us-bibliographic-data-grant>")?;
    let pubref = biblio.path("publication-reference/document-id").ok_or("missing <publication-reference>")?;
    let country = pubref.text_at("country");
    let pn_text = format!(
        "{}{}{}",
        if country.is_empty() { "US" } else { &country },
        pubref.text_at("doc-number"),
        pubref.text_at("kind")
    );
    let pn = PublicationNumber::parse(&pn_text, "US").map_err(|e| format!("publication number: {e}"))?;
    let mut p = Patent::new(pn);
    p.source = Some("uspto-xml".into());
    p.language = Some("en".into());
    p.publication_date = date(&pubref.text_at("date"));
    p.grant_date = p.publication_date;
    let appref = biblio.child("application-reference").ok_or("missing <application-reference>")?;
    let appl_type = appref.attr("appl-type").unwrap_or("utility").to_string();
    if let Some(d) = appref.child("document-id") {
        let c = d.text_at("country");
        let an = format!("{}{}", if c.is_empty() { "US" } else { &c }, d.text_at("doc-number"));
        p.application_number = ApplicationNumber::parse(&an, "US").ok();
        p.application_date = date(&d.text_at("date"));
    }
    p.patent_type = match appl_type.as_str() {
        "design" => PatentType::Design,
        _ => PatentType::Invention,
    };
    let title = biblio.text_at("invention-title");
    if title.is_empty() {
        return Err("missing <invention-title>".into());
    }
    p.title = Texts::en(title);
    if let Some(pcs) = biblio.child("priority-claims") {
        for pc in pcs.children_named("priority-claim") {
            p.priorities.push(Priority {
                country: pc.text_at("country"),
                number: pc.text_at("doc-number"),
                date: date(&pc.text_at("date")),
            });
        }
    }
    p.ipc = classes(biblio, "classifications-ipcr", "classification-ipcr");
    // v4.0 / v4.1 documents may carry only the edition-7 <classification-ipc> with text symbols.
    if p.ipc.is_empty() {
        if let Some(ci) = biblio.child("classification-ipc") {
            for e in ci.elements().filter(|e| e.name == "main-classification" || e.name == "further-classification") {
                if let Ok(c) = ClassSymbol::parse(&e.text()) {
                    p.ipc.push(c);
                }
            }
        }
    }
    p.cpc = classes(biblio, "classifications-cpc", "classification-cpc");
    // Citations.
    let refs = biblio.child("us-references-cited").or_else(|| biblio.child("references-cited"));
    if let Some(refs) = refs {
        for c in refs.elements() {
            let cited_by = match c.text_at("category").as_str() {
                "cited by examiner" => CitedBy::Examiner,
                "cited by applicant" => CitedBy::Applicant,
                "cited by third party" => CitedBy::ThirdParty,
                _ => CitedBy::Unknown,
            };
            if let Some(d) = c.path("patcit/document-id") {
                let raw = format!("{}{}{}", d.text_at("country"), d.text_at("doc-number"), d.text_at("kind"));
                let number = PublicationNumber::parse(&raw, "US").map(|n| n.to_string()).unwrap_or(raw);
                p.citations.push(Citation { number, date: date(&d.text_at("date")), text: String::new(), cited_by });
            } else if let Some(n) = c.child("nplcit") {
                p.citations.push(Citation { number: String::new(), date: None, text: n.text(), cited_by });
            }
        }
    }
    // Parties.
    let parties = biblio.child("us-parties").or_else(|| biblio.child("parties"));
    if let Some(parties) = parties {
        let applicants = parties.child("us-applicants").or_else(|| parties.child("applicants"));
        if let Some(a) = applicants {
            for e in a.elements() {
                if let Some(pa) = party(e) {
                    if e.attr("app-type") == Some("applicant-inventor") {
                        p.inventors.push(pa.name.clone());
                    }
                    p.applicants.push(pa);
                }
            }
        }
        if let Some(inv) = parties.child("inventors") {
            for e in inv.elements() {
                if let Some(pa) = party(e) {
                    if !p.inventors.contains(&pa.name) {
                        p.inventors.push(pa.name);
                    }
                }
            }
        }
        if let Some(agents) = parties.child("agents") {
            p.agency = agents.elements().filter_map(party).map(|a| a.name).next();
        }
    }
    if let Some(asg) = biblio.child("assignees") {
        p.assignees = asg.elements().filter_map(party).collect();
    }
    // Texts.
    let needs_abstract = appl_type != "design";
    match root.child("abstract") {
        Some(a) => p.abstract_text = Texts::en(paragraphs(a)),
        None if needs_abstract => return Err("missing required element <abstract> (缺少摘要)".into()),
        None => {}
    }
    let claims = root.child("claims").ok_or("missing required element <claims> (缺少权利要求)")?;
    p.claims.en = claims.children_named("claim").map(El::text).filter(|t| !t.is_empty()).collect();
    if p.claims.en.is_empty() {
        return Err("<claims> holds no <claim>".into());
    }
    if let Some(d) = root.child("description") {
        p.description = Texts::en(paragraphs(d));
    }
    // A grant is in force when published; later events (fees, expiry) come from other sources.
    p.legal_status = LegalStatus::Granted;
    p.legal_status_text = Some("granted".into());
    Ok(p)
}

/// Paragraphs (`<p>`, `<heading>`) of a text element, one per line.
fn paragraphs(el: &El) -> String {
    let mut out: Vec<String> = Vec::new();
    for e in el.elements() {
        match e.name.as_str() {
            "p" | "heading" => {
                let t = e.text();
                if !t.is_empty() {
                    out.push(t);
                }
            }
            // Processing-instruction wrappers and description sections (v4.x nest <p> in <description-of-drawings> …).
            _ => {
                let inner = paragraphs(e);
                if !inner.is_empty() {
                    out.push(inner);
                }
            }
        }
    }
    if out.is_empty() {
        return el.text();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_concatenated_documents() {
        let s = "<?xml version=\"1.0\"?>\n<a>1</a>\n<?xml version=\"1.0\"?>\n<a>\n2</a>\n\n";
        let docs: Vec<RawDocument> =
            Documents::new(s.as_bytes()).map(|d| d.unwrap_or_else(|e| panic!("{e}"))).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!((docs[0].index, docs[0].line), (1, 1));
        assert_eq!((docs[1].index, docs[1].line), (2, 3));
        assert!(docs[1].text.contains("2</a>"));
    }

    #[test]
    fn dates() {
        assert_eq!(date("20131224"), NaiveDate::from_ymd_opt(2013, 12, 24));
        assert_eq!(date("19990700"), NaiveDate::from_ymd_opt(1999, 7, 1));
        assert_eq!(date("1999"), None);
    }
}
