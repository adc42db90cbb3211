//! Patents (专利信息): upsert by publication number, reads, and iteration for reindexing. The document itself is
//! [`zhibao_domain::patent::Patent`], stored as JSON; the store also writes the flat columns and the party / class /
//! inventor rows that analytics group by (migration 0010).
//!
//! Patents are public bibliographic data: they carry no department and no data scope (who may import or search is
//! decided by permissions in the server).

use chrono::NaiveDate;
use serde::Serialize;
use zhibao_domain::patent::{Patent, PublicationNumber};

use crate::{with_db, Store, StoreError, StoreResult, Ts};

/// A stored patent.
#[derive(Debug, Clone, Serialize)]
pub struct StoredPatent {
    /// Row id.
    pub id: i64,
    /// The document.
    pub patent: Patent,
    /// First imported.
    pub created_at: Ts,
    /// Last imported.
    pub updated_at: Ts,
}

/// What an upsert did to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UpsertOutcome {
    /// Row id.
    pub id: i64,
    /// True when the publication number was new, false when an existing row was updated.
    pub created: bool,
}

/// One change of a patent's legal status seen on a re-import (法律状态变更记录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct LegalStatusChange {
    /// Row id.
    pub id: i64,
    /// When the import that saw the change ran.
    pub seen_at: Ts,
    /// Status before (a `LegalStatus` key, e.g. `pending`).
    pub old_status: String,
    /// Status after (e.g. `granted`).
    pub new_status: String,
    /// The file the new status came from (as uploaded or given on the command line), when known.
    pub source_file: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    doc: String,
    created_at: Ts,
    updated_at: Ts,
}

impl Row {
    fn into_stored(self) -> StoreResult<StoredPatent> {
        let patent: Patent = serde_json::from_str(&self.doc)
            .map_err(|e| StoreError::Rule(format!("patent {} has an unreadable document: {e}", self.id)))?;
        Ok(StoredPatent { id: self.id, patent, created_at: self.created_at, updated_at: self.updated_at })
    }
}

const SELECT: &str = "SELECT id, doc, created_at, updated_at FROM patents";

/// The flat columns of one patent.
struct Flat {
    pn: String,
    pn_base: String,
    an: Option<String>,
    country: String,
    kind: Option<String>,
    patent_type: &'static str,
    ad: Option<NaiveDate>,
    pd: Option<NaiveDate>,
    gd: Option<NaiveDate>,
    title: String,
    legal_status: &'static str,
    family_id: Option<String>,
    overseas: bool,
    maintenance_years: Option<i32>,
    max_pledge: Option<i64>,
    awards: i32,
    main_ipc: Option<String>,
    first_applicant: Option<String>,
    province: Option<String>,
    city: Option<String>,
    district: Option<String>,
    source: Option<String>,
    doc: String,
}

fn non_empty(s: &str) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s.to_string())
    }
}

fn flat(p: &Patent) -> StoreResult<Flat> {
    let addr = p.first_address();
    Ok(Flat {
        pn: p.publication_number.to_string(),
        pn_base: p.publication_number.without_kind(),
        an: p.application_number.as_ref().map(ToString::to_string),
        country: p.publication_number.country.clone(),
        kind: p.publication_number.kind.clone(),
        patent_type: p.patent_type.key(),
        ad: p.application_date,
        pd: p.publication_date,
        gd: p.grant_date,
        title: p.title.best().to_string(),
        legal_status: p.legal_status.key(),
        family_id: p.family_id.clone(),
        overseas: p.overseas_family,
        maintenance_years: p.maintenance_years.map(i32::from),
        max_pledge: p.max_pledge_yuan(),
        awards: i32::try_from(p.awards.len()).unwrap_or(i32::MAX),
        main_ipc: p.main_ipc().map(ToString::to_string),
        first_applicant: p.owners().first().map(|a| a.name.clone()),
        province: addr.and_then(|a| non_empty(&a.province)),
        city: addr.and_then(|a| non_empty(&a.city)),
        district: addr.and_then(|a| non_empty(&a.district)),
        source: p.source.clone(),
        doc: serde_json::to_string(p).map_err(|e| StoreError::Rule(format!("patent not serialisable: {e}")))?,
    })
}

impl Store {
    /// Insert or update patents by publication number, all in one transaction (a batch of an import). Documents
    /// whose number repeats inside the batch are written in order (the last wins). Returns one outcome per input.
    pub async fn upsert_patents(&self, patents: &[Patent], now: Ts) -> StoreResult<Vec<UpsertOutcome>> {
        self.upsert_patents_from(patents, now, None).await
    }

    /// [`Store::upsert_patents`] for documents read from `source_file` (an import): a change of an existing
    /// patent's legal status is recorded in its history (法律状态变更记录) with the time, old → new and the file.
    pub async fn upsert_patents_from(
        &self,
        patents: &[Patent],
        now: Ts,
        source_file: Option<&str>,
    ) -> StoreResult<Vec<UpsertOutcome>> {
        let flats = patents.iter().map(flat).collect::<StoreResult<Vec<_>>>()?;
        let mut out = Vec::with_capacity(patents.len());
        with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for (p, f) in patents.iter().zip(&flats) {
                let existing: Option<(i64, String)> =
                    sqlx::query_as("SELECT id, legal_status FROM patents WHERE publication_number = $1")
                    .bind(&f.pn).fetch_optional(&mut *tx).await?;
                let id = match existing.as_ref().map(|(id, old)| (*id, old.as_str())) {
                    Some((id, old_status)) => {
                        if old_status != f.legal_status {
                            sqlx::query(
                                "INSERT INTO patent_legal_status_history (patent_id, seen_at, old_status, new_status, source_file) \
                                 VALUES ($1, $2, $3, $4, $5)")
                                .bind(id).bind(now).bind(old_status).bind(f.legal_status).bind(source_file)
                                .execute(&mut *tx).await?;
                        }
                        sqlx::query(
                            "UPDATE patents SET pn_base = $2, application_number = $3, country = $4, kind_code = $5, \
                             patent_type = $6, application_date = $7, publication_date = $8, grant_date = $9, title = $10, \
                             legal_status = $11, family_id = $12, overseas_family = $13, maintenance_years = $14, \
                             max_pledge_yuan = $15, award_count = $16, main_ipc = $17, first_applicant = $18, province = $19, \
                             city = $20, district = $21, source = $22, doc = $23, updated_at = $24 WHERE id = $1")
                            .bind(id).bind(&f.pn_base).bind(&f.an).bind(&f.country).bind(&f.kind).bind(f.patent_type)
                            .bind(f.ad).bind(f.pd).bind(f.gd).bind(&f.title).bind(f.legal_status).bind(&f.family_id)
                            .bind(f.overseas).bind(f.maintenance_years).bind(f.max_pledge).bind(f.awards).bind(&f.main_ipc)
                            .bind(&f.first_applicant).bind(&f.province).bind(&f.city).bind(&f.district).bind(&f.source)
                            .bind(&f.doc).bind(now)
                            .execute(&mut *tx).await?;
                        for t in ["patent_parties", "patent_classes", "patent_inventors"] {
                            sqlx::query(&format!("DELETE FROM {t} WHERE patent_id = $1")).bind(id).execute(&mut *tx).await?;
                        }
                        id
                    }
                    None => sqlx::query_scalar::<_, i64>(
                        "INSERT INTO patents (publication_number, pn_base, application_number, country, kind_code, \
                         patent_type, application_date, publication_date, grant_date, title, legal_status, family_id, \
                         overseas_family, maintenance_years, max_pledge_yuan, award_count, main_ipc, first_applicant, \
                         province, city, district, source, doc, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, \
                         $20, $21, $22, $23, $24, $24) RETURNING id")
                        .bind(&f.pn).bind(&f.pn_base).bind(&f.an).bind(&f.country).bind(&f.kind).bind(f.patent_type)
                        .bind(f.ad).bind(f.pd).bind(f.gd).bind(&f.title).bind(f.legal_status).bind(&f.family_id)
                        .bind(f.overseas).bind(f.maintenance_years).bind(f.max_pledge).bind(f.awards).bind(&f.main_ipc)
                        .bind(&f.first_applicant).bind(&f.province).bind(&f.city).bind(&f.district).bind(&f.source)
                        .bind(&f.doc).bind(now)
                        .fetch_one(&mut *tx).await?,
                };
                for (role, list) in [("applicant", &p.applicants), ("assignee", &p.assignees)] {
                    for (seq, party) in list.iter().enumerate() {
                        let a = &party.address;
                        sqlx::query(
                            "INSERT INTO patent_parties (patent_id, role, seq, name, kind, province, city, district, address) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                            .bind(id).bind(role).bind(seq as i32).bind(&party.name)
                            .bind(serde_json::to_value(party.kind()).ok().and_then(|v| v.as_str().map(str::to_string)))
                            .bind(non_empty(&a.province)).bind(non_empty(&a.city)).bind(non_empty(&a.district))
                            .bind(non_empty(&a.text))
                            .execute(&mut *tx).await?;
                    }
                }
                for (scheme, list) in [("ipc", &p.ipc), ("cpc", &p.cpc)] {
                    for (seq, c) in list.iter().enumerate() {
                        sqlx::query(
                            "INSERT INTO patent_classes (patent_id, scheme, seq, symbol, section, class, subclass, main_group) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                            .bind(id).bind(scheme).bind(seq as i32).bind(c.to_string()).bind(c.section_code())
                            .bind(c.class_code()).bind(c.subclass_code()).bind(c.group_code())
                            .execute(&mut *tx).await?;
                    }
                }
                for (seq, name) in p.inventors.iter().enumerate() {
                    sqlx::query("INSERT INTO patent_inventors (patent_id, seq, name) VALUES ($1, $2, $3)")
                        .bind(id).bind(seq as i32).bind(name)
                        .execute(&mut *tx).await?;
                }
                out.push(UpsertOutcome { id, created: existing.is_none() });
            }
            tx.commit().await?;
        });
        Ok(out)
    }

    /// A patent by publication number (any spelling [`PublicationNumber::parse`] accepts, CN by default).
    pub async fn patent(&self, publication_number: &str) -> StoreResult<StoredPatent> {
        let pn = PublicationNumber::parse(publication_number, "CN").map_err(|_| StoreError::NotFound)?.to_string();
        let row = with_db!(self, pool => sqlx::query_as::<_, Row>(&format!("{SELECT} WHERE publication_number = $1"))
            .bind(pn).fetch_optional(pool).await?);
        row.ok_or(StoreError::NotFound)?.into_stored()
    }

    /// A patent by row id.
    pub async fn patent_by_id(&self, id: i64) -> StoreResult<StoredPatent> {
        let row = with_db!(self, pool => sqlx::query_as::<_, Row>(&format!("{SELECT} WHERE id = $1"))
            .bind(id).fetch_optional(pool).await?);
        row.ok_or(StoreError::NotFound)?.into_stored()
    }

    /// Patents by publication numbers (canonical form), in the order asked; unknown numbers are left out.
    pub async fn patents_by_numbers(&self, numbers: &[String]) -> StoreResult<Vec<StoredPatent>> {
        let mut out = Vec::with_capacity(numbers.len());
        for chunk in numbers.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("{SELECT} WHERE publication_number IN ({})", placeholders.join(", "));
            let rows = with_db!(self, pool => {
                let mut q = sqlx::query_as::<_, Row>(&sql);
                for n in chunk {
                    q = q.bind(n);
                }
                q.fetch_all(pool).await?
            });
            let mut by_pn = std::collections::HashMap::new();
            for r in rows {
                let s = r.into_stored()?;
                by_pn.insert(s.patent.key(), s);
            }
            out.extend(chunk.iter().filter_map(|n| by_pn.remove(n)));
        }
        Ok(out)
    }

    /// Patents by row ids, in the order asked; unknown ids are left out.
    pub async fn patents_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<StoredPatent>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!("{SELECT} WHERE id IN ({})", placeholders.join(", "));
            let rows = with_db!(self, pool => {
                let mut q = sqlx::query_as::<_, Row>(&sql);
                for n in chunk {
                    q = q.bind(n);
                }
                q.fetch_all(pool).await?
            });
            let mut by_id = std::collections::HashMap::new();
            for r in rows {
                let s = r.into_stored()?;
                by_id.insert(s.id, s);
            }
            out.extend(chunk.iter().filter_map(|n| by_id.remove(n)));
        }
        Ok(out)
    }

    /// The next `limit` patents with id greater than `after_id`, in id order — iterate the whole table with bounded
    /// memory (reindexing): start at 0 and continue from the last id returned until the page is empty.
    pub async fn patents_after(&self, after_id: i64, limit: i64) -> StoreResult<Vec<StoredPatent>> {
        let rows = with_db!(self, pool => sqlx::query_as::<_, Row>(&format!("{SELECT} WHERE id > $1 ORDER BY id LIMIT $2"))
            .bind(after_id).bind(limit.clamp(1, 10_000)).fetch_all(pool).await?);
        rows.into_iter().map(Row::into_stored).collect()
    }

    /// The legal-status history of a patent (法律状态变更记录), oldest first.
    pub async fn legal_status_history(&self, patent_id: i64) -> StoreResult<Vec<LegalStatusChange>> {
        Ok(with_db!(self, pool => sqlx::query_as::<_, LegalStatusChange>(
            "SELECT id, seen_at, old_status, new_status, source_file FROM patent_legal_status_history \
             WHERE patent_id = $1 ORDER BY id")
            .bind(patent_id).fetch_all(pool).await?))
    }

    /// Row ids of every stored patent, in id order (reindexing drops index documents of deleted rows).
    pub async fn patent_ids(&self) -> StoreResult<Vec<i64>> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>("SELECT id FROM patents ORDER BY id")
            .fetch_all(pool).await?))
    }

    /// Number of stored patents.
    pub async fn patent_count(&self) -> StoreResult<i64> {
        Ok(with_db!(self, pool => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM patents").fetch_one(pool).await?))
    }

    /// Delete a patent by publication number (canonical form); its party / class / inventor rows go with it.
    pub async fn delete_patent(&self, publication_number: &str) -> StoreResult<()> {
        let n = with_db!(self, pool => sqlx::query("DELETE FROM patents WHERE publication_number = $1")
            .bind(publication_number).execute(pool).await?.rows_affected());
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
