//! # zhibao-patents — getting patents in, and from the store into the search index
//!
//! - [`import`]: the import driver (files, folders, uploads) with per-file / per-row reports;
//! - [`uspto`]: USPTO grant full-text XML (DTD v4.0 – v4.x, concatenated weekly files);
//! - [`table`]: CSV / XLSX bibliographic exports with Chinese column names;
//! - [`gen`]: the synthetic corpus (`zhibao patents gen`);
//! - [`export`]: search results to CSV / XLSX;
//! - [`to_search_doc`], [`to_row_doc`] and [`reindex`]: the bridge from [`Patent`] to [`zhibao_search::PatentDoc`].
//!
//! Imports go downward only: patents → store / search / domain.
#![warn(missing_docs)]

pub mod export;
pub mod gen;
pub mod import;
pub mod table;
pub mod uspto;
mod xml;

pub use import::{FileReport, Format, ImportReport, Importer, Problem};

use zhibao_domain::patent::Patent;
use zhibao_domain::patent_analysis::PatentFacts;
use zhibao_search::{PatentDoc, PatentIndex};
use zhibao_store::Store;

/// The search document of a patent: id = canonical publication number; Chinese and English texts joined (Chinese
/// first, a line break between, so they are separate paragraphs for the P operator); applicants and assignees
/// together in PA; the first owner's address in ADDR; the legal status category key.
pub fn to_search_doc(p: &Patent) -> PatentDoc {
    let mut applicants: Vec<String> = Vec::new();
    for a in p.applicants.iter().chain(&p.assignees) {
        if !applicants.contains(&a.name) {
            applicants.push(a.name.clone());
        }
    }
    // Every owner's address, one paragraph each (ADDR finds any of them).
    let mut addrs: Vec<String> = Vec::new();
    for a in p.owners().iter().map(|o| &o.address) {
        let text = if a.text.is_empty() {
            format!("{}{}{}", a.province, if a.city == a.province { "" } else { &a.city }, a.district)
        } else {
            a.text.clone()
        };
        if !text.is_empty() && !addrs.contains(&text) {
            addrs.push(text);
        }
    }
    let addr = addrs.join("\n");
    PatentDoc {
        id: p.key(),
        application_number: p.application_number.as_ref().map(ToString::to_string).unwrap_or_default(),
        publication_number: p.key(),
        title: p.title.joined(),
        abstract_text: p.abstract_text.joined(),
        claims: p.claims.all().cloned().collect(),
        description: p.description.joined(),
        applicants,
        inventors: p.inventors.clone(),
        ipc: p.ipc.iter().map(ToString::to_string).collect(),
        cpc: p.cpc.iter().map(ToString::to_string).collect(),
        application_date: p.application_date,
        publication_date: p.publication_date,
        applicant_address: addr,
        legal_status: Some(p.legal_status.key().to_string()),
        language: p.language.clone(),
        row_id: None,
        facts: None,
    }
}

/// The search document of a stored patent: [`to_search_doc`] plus its row id and its analysis payload (the JSON of
/// [`PatentFacts`] without the abstract), which analytics scan over any result set (`zhibao_search::rows`).
pub fn to_row_doc(row_id: i64, p: &Patent) -> PatentDoc {
    let mut d = to_search_doc(p);
    let mut facts = PatentFacts::from_patent(row_id, p);
    facts.abstract_text.clear();
    d.row_id = Some(row_id);
    d.facts = serde_json::to_string(&facts).ok();
    d
}

/// Open (or create) the index in `dir`. An index written with an older schema (before the row id and analysis
/// payload fields) cannot be opened: it is moved aside to `<dir>.old-<unix time>` — never deleted — and an empty
/// index is created in its place, to be filled by [`reindex`]. Returns the index and where the old one went.
pub fn open_index(dir: &std::path::Path) -> Result<(PatentIndex, Option<std::path::PathBuf>), String> {
    match PatentIndex::open_or_create(dir) {
        Ok(ix) => Ok((ix, None)),
        Err(zhibao_search::SearchError::SchemaMismatch(why)) => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default();
            let mut aside = dir.as_os_str().to_owned();
            aside.push(format!(".old-{stamp}"));
            let aside = std::path::PathBuf::from(aside);
            std::fs::rename(dir, &aside)
                .map_err(|e| format!("index {} has another schema ({why}); moving it aside: {e}", dir.display()))?;
            tracing::warn!(old = %aside.display(), "patent index had an older schema: moved aside, rebuilt from the database");
            let ix = PatentIndex::open_or_create(dir).map_err(|e| e.to_string())?;
            Ok((ix, Some(aside)))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// Rebuild the search index from the store: documents of rows no longer in the store are deleted, every stored
/// patent is upserted with its row id and analysis payload ([`to_row_doc`]); documents indexed without the store
/// stay. Reads the table in pages of 1,000, so memory stays bounded (the row ids are held: 8 bytes a patent).
/// Returns the number of documents indexed.
pub async fn reindex(store: &Store, index: &PatentIndex, progress: &mut dyn FnMut(u64)) -> Result<u64, String> {
    let ids: std::collections::HashSet<i64> =
        store.patent_ids().await.map_err(|e| e.to_string())?.into_iter().collect();
    let stale = index.stale_rows(&ids).map_err(|e| e.to_string())?;
    let mut w = index.writer().map_err(|e| e.to_string())?;
    for id in &stale {
        w.delete(id);
    }
    let mut after = 0;
    let mut n = 0u64;
    loop {
        let page = store.patents_after(after, 1000).await.map_err(|e| e.to_string())?;
        let Some(last) = page.last() else { break };
        after = last.id;
        for s in &page {
            w.upsert(&to_row_doc(s.id, &s.patent)).map_err(|e| e.to_string())?;
        }
        n += page.len() as u64;
        progress(n);
    }
    w.commit().map_err(|e| e.to_string())?;
    Ok(n)
}
