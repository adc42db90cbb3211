//! The document that gets indexed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One patent document as the search index sees it.
///
/// Text fields may be Chinese, English or both. Paragraphs inside `abstract_text` and
/// `description` are separated by line breaks (`\n`): the P operator ("same paragraph") uses
/// them. Each claim is a paragraph of its own.
///
/// The whole document is stored (as JSON) and returned with every hit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PatentDoc {
    /// Unique key of the document in the index (usually the publication number). Adding a
    /// document whose id is already indexed replaces the old one.
    pub id: String,
    /// Application number (AN), e.g. `CN202010123456.7`.
    pub application_number: String,
    /// Publication number with kind code (PN), e.g. `CN112345678A`, `US8613112B2`.
    pub publication_number: String,
    /// Title (TI).
    pub title: String,
    /// Abstract (AB).
    #[serde(rename = "abstract")]
    pub abstract_text: String,
    /// Claims (CL), one entry per claim.
    pub claims: Vec<String>,
    /// Description (DE); paragraphs separated by `\n`.
    pub description: String,
    /// Applicants / assignees (PA).
    pub applicants: Vec<String>,
    /// Inventors (IN).
    pub inventors: Vec<String>,
    /// IPC symbols, e.g. `H01M10/0525`.
    pub ipc: Vec<String>,
    /// CPC symbols.
    pub cpc: Vec<String>,
    /// Application date (AD).
    pub application_date: Option<NaiveDate>,
    /// Publication date (PD).
    pub publication_date: Option<NaiveDate>,
    /// Address of the (first) applicant (ADDR).
    pub applicant_address: String,
    /// Legal status (free text or a WIPO ST.27 category); indexed as a keyword.
    pub legal_status: Option<String>,
    /// Language of the text, e.g. `zh`, `en`; indexed as a keyword.
    pub language: Option<String>,
    /// Row id of the patent in the database, when it came from there (field `rid`: indexed and fast, so that a
    /// result set given as row ids is a term-set query). Not part of the stored JSON.
    #[serde(skip)]
    pub row_id: Option<i64>,
    /// The analysis payload (JSON of the analytics' per-patent facts), kept in a fast column (`_facts`) that
    /// [`crate::rows`] scans for analytics over any result set. Opaque to this crate; not part of the stored JSON.
    #[serde(skip)]
    pub facts: Option<String>,
}
