//! The tantivy schema of the patent index and the conversion of a [`PatentDoc`] into it.
//!
//! | field | code | kind | notes |
//! |---|---|---|---|
//! | `id` | — | keyword, stored | unique key, used to replace a document |
//! | `pn` | PN | keyword | publication number, several normalised forms (see [`number_variants`]) |
//! | `an` | AN | keyword | application number, same forms |
//! | `ti`, `ab`, `cl`, `de` | TI AB CL DE | text, positions | analysed by [`TOKENIZER_NAME`] |
//! | `pa`, `in`, `addr` | PA IN ADDR | text, positions | one value per applicant / inventor |
//! | `ipc`, `cpc` | IPC CPC | keyword, fast | normalised symbols (see [`normalize_classification`]) |
//! | `ad`, `pd` | AD PD | date, indexed + fast | midnight UTC of the day; ranges and sorting |
//! | `ls`, `lang` | — | keyword, fast | legal status, language (for facets) |
//! | `_source` | — | stored only | the whole [`PatentDoc`] as JSON |
//! | `rid` | — | i64, indexed + fast | the database row id (documents indexed from the store) |
//! | `_facts` | — | bytes, fast | the analysis payload scanned by [`crate::rows`] |

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};
use tantivy::{DateTime, TantivyDocument};

use crate::analyzer::{normalize_classification, number_variants, TOKENIZER_NAME};
use crate::doc::PatentDoc;
use crate::SearchError;

/// Handles of all fields of the patent schema.
#[derive(Debug, Clone)]
pub struct PatentSchema {
    /// The tantivy schema.
    pub schema: Schema,
    /// Unique id.
    pub id: Field,
    /// Publication number (PN).
    pub pn: Field,
    /// Application number (AN).
    pub an: Field,
    /// Title (TI).
    pub ti: Field,
    /// Abstract (AB).
    pub ab: Field,
    /// Claims (CL).
    pub cl: Field,
    /// Description (DE).
    pub de: Field,
    /// Applicants (PA).
    pub pa: Field,
    /// Inventors (IN).
    pub inventor: Field,
    /// Applicant address (ADDR).
    pub addr: Field,
    /// IPC symbols.
    pub ipc: Field,
    /// CPC symbols.
    pub cpc: Field,
    /// Application date (AD).
    pub ad: Field,
    /// Publication date (PD).
    pub pd: Field,
    /// Legal status.
    pub legal_status: Field,
    /// Language.
    pub language: Field,
    /// The stored JSON of the document.
    pub source: Field,
    /// Database row id.
    pub rid: Field,
    /// Analysis payload.
    pub facts: Field,
}

/// Field names in the tantivy schema.
pub mod names {
    /// `id`
    pub const ID: &str = "id";
    /// `pn`
    pub const PN: &str = "pn";
    /// `an`
    pub const AN: &str = "an";
    /// `ti`
    pub const TI: &str = "ti";
    /// `ab`
    pub const AB: &str = "ab";
    /// `cl`
    pub const CL: &str = "cl";
    /// `de`
    pub const DE: &str = "de";
    /// `pa`
    pub const PA: &str = "pa";
    /// `in`
    pub const IN: &str = "in";
    /// `addr`
    pub const ADDR: &str = "addr";
    /// `ipc`
    pub const IPC: &str = "ipc";
    /// `cpc`
    pub const CPC: &str = "cpc";
    /// `ad`
    pub const AD: &str = "ad";
    /// `pd`
    pub const PD: &str = "pd";
    /// `ls`
    pub const LS: &str = "ls";
    /// `lang`
    pub const LANG: &str = "lang";
    /// `_source`
    pub const SOURCE: &str = "_source";
    /// `rid`
    pub const RID: &str = "rid";
    /// `_facts`
    pub const FACTS: &str = "_facts";
}

impl PatentSchema {
    /// Builds the schema.
    pub fn new() -> PatentSchema {
        let mut b = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let keyword_fast = STRING | FAST;
        let date = DateOptions::default().set_indexed().set_fast().set_precision(DateTimePrecision::Seconds);
        let id = b.add_text_field(names::ID, STRING | STORED);
        let pn = b.add_text_field(names::PN, STRING);
        let an = b.add_text_field(names::AN, STRING);
        let ti = b.add_text_field(names::TI, text.clone());
        let ab = b.add_text_field(names::AB, text.clone());
        let cl = b.add_text_field(names::CL, text.clone());
        let de = b.add_text_field(names::DE, text.clone());
        let pa = b.add_text_field(names::PA, text.clone());
        let inventor = b.add_text_field(names::IN, text.clone());
        let addr = b.add_text_field(names::ADDR, text);
        let ipc = b.add_text_field(names::IPC, keyword_fast.clone());
        let cpc = b.add_text_field(names::CPC, keyword_fast.clone());
        let ad = b.add_date_field(names::AD, date.clone());
        let pd = b.add_date_field(names::PD, date);
        let legal_status = b.add_text_field(names::LS, keyword_fast.clone());
        let language = b.add_text_field(names::LANG, keyword_fast);
        let source = b.add_text_field(names::SOURCE, STORED);
        let rid = b.add_i64_field(names::RID, INDEXED | FAST);
        let facts = b.add_bytes_field(names::FACTS, FAST);
        PatentSchema {
            schema: b.build(),
            id,
            pn,
            an,
            ti,
            ab,
            cl,
            de,
            pa,
            inventor,
            addr,
            ipc,
            cpc,
            ad,
            pd,
            legal_status,
            language,
            source,
            rid,
            facts,
        }
    }

    /// Reads the field handles from an existing schema (an index opened from disk); `None` when
    /// a field is missing.
    pub fn from_schema(schema: Schema) -> Option<PatentSchema> {
        let f = |name: &str| schema.get_field(name).ok();
        Some(PatentSchema {
            id: f(names::ID)?,
            pn: f(names::PN)?,
            an: f(names::AN)?,
            ti: f(names::TI)?,
            ab: f(names::AB)?,
            cl: f(names::CL)?,
            de: f(names::DE)?,
            pa: f(names::PA)?,
            inventor: f(names::IN)?,
            addr: f(names::ADDR)?,
            ipc: f(names::IPC)?,
            cpc: f(names::CPC)?,
            ad: f(names::AD)?,
            pd: f(names::PD)?,
            legal_status: f(names::LS)?,
            language: f(names::LANG)?,
            source: f(names::SOURCE)?,
            rid: f(names::RID)?,
            facts: f(names::FACTS)?,
            schema,
        })
    }

    /// Converts a document into a tantivy document.
    pub fn to_document(&self, doc: &PatentDoc) -> Result<TantivyDocument, SearchError> {
        let mut d = TantivyDocument::new();
        d.add_text(self.id, &doc.id);
        for v in number_variants(&doc.publication_number) {
            d.add_text(self.pn, v);
        }
        for v in number_variants(&doc.application_number) {
            d.add_text(self.an, v);
        }
        add_nonempty(&mut d, self.ti, &doc.title);
        add_nonempty(&mut d, self.ab, &doc.abstract_text);
        let claims: Vec<&str> = doc.claims.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        add_nonempty(&mut d, self.cl, &claims.join("\n"));
        add_nonempty(&mut d, self.de, &doc.description);
        for a in &doc.applicants {
            add_nonempty(&mut d, self.pa, a);
        }
        for i in &doc.inventors {
            add_nonempty(&mut d, self.inventor, i);
        }
        add_nonempty(&mut d, self.addr, &doc.applicant_address);
        for s in &doc.ipc {
            add_nonempty(&mut d, self.ipc, &normalize_classification(s));
        }
        for s in &doc.cpc {
            add_nonempty(&mut d, self.cpc, &normalize_classification(s));
        }
        if let Some(date) = doc.application_date {
            d.add_date(self.ad, date_to_tantivy(date));
        }
        if let Some(date) = doc.publication_date {
            d.add_date(self.pd, date_to_tantivy(date));
        }
        if let Some(ls) = &doc.legal_status {
            add_nonempty(&mut d, self.legal_status, ls.trim());
        }
        if let Some(lang) = &doc.language {
            add_nonempty(&mut d, self.language, &lang.trim().to_lowercase());
        }
        d.add_text(self.source, serde_json::to_string(doc)?);
        if let Some(rid) = doc.row_id {
            d.add_i64(self.rid, rid);
        }
        if let Some(facts) = &doc.facts {
            d.add_bytes(self.facts, facts.as_bytes());
        }
        Ok(d)
    }
}

impl Default for PatentSchema {
    fn default() -> Self {
        PatentSchema::new()
    }
}

fn add_nonempty(d: &mut TantivyDocument, field: Field, text: &str) {
    if !text.trim().is_empty() {
        d.add_text(field, text);
    }
}

/// A calendar day as the tantivy date value used in the index (midnight UTC).
pub fn date_to_tantivy(date: chrono::NaiveDate) -> DateTime {
    let secs = date.and_time(chrono::NaiveTime::MIN).and_utc().timestamp();
    DateTime::from_timestamp_secs(secs)
}

/// The calendar day of an indexed date value.
pub fn tantivy_to_date(value: DateTime) -> Option<chrono::NaiveDate> {
    chrono::DateTime::from_timestamp(value.into_timestamp_secs(), 0).map(|d| d.date_naive())
}
