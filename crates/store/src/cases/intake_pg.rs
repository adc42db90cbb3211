//! Batch intake on PostgreSQL (成批登记): the same decisions as the per-filing executors of [`super::intake`], with
//! one statement per kind of row per batch.
//!
//! Over a network connection every statement is a round trip. The per-filing path runs ~20 of them for each filing
//! inside the batch transaction, so intake ran at the speed of sequential round trips (~360 filings/s here) while
//! both the server and PostgreSQL sat mostly idle (docs/benchmarks.md). Here a batch of any size costs about a dozen
//! round trips: matter ids and receipt numbers are reserved first; the officers' loads and the duplicate candidates
//! of every filing are read once; the decisions — least-loaded officer, closest candidate, 类案 group, counting the
//! earlier filings of the same batch exactly as the per-filing path sees them after their inserts — are made in
//! Rust in filing order; then each table gets one multi-row `INSERT … SELECT FROM unnest(…)`.
//!
//! The conformance test `batch_intake` (crates/store/tests/cases.rs) runs the same batches through this executor
//! and the SQLite one and expects the same receipts, officers, groups and timelines.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use zhibao_domain::case::similar::MatterSketch;

use super::intake::{
    assign_officers, event_detail, grouping, keys, officer_depts, pick_duplicate, receipt_blocks, receipt_numbers,
    sketch_of, sql, Candidate, DUPLICATE_CANDIDATES,
};
use super::intake::{Grouped, Intaken};
use super::matters::{NewEvent, NewMatter};
use crate::{StoreResult, Ts};

/// The PostgreSQL-only statements (arrays and `unnest`; SQLite has neither).
mod pg {
    /// `n` new matter ids, in sequence order.
    pub const RESERVE_IDS: &str =
        "SELECT nextval(pg_get_serial_sequence('matters', 'id')) FROM generate_series(1, $1) ORDER BY 1";
    /// For each filing (`i`), the newest `$4` open matters sharing one of its keys (`kind` 0 respondent name key,
    /// 1 right number, 2 normalised URL) — [`super::sql::OPEN_BY_NAME_KEY`] and its siblings, for a whole batch.
    pub const CANDIDATES: &str = "WITH k AS (SELECT * FROM unnest($1::int4[], $2::int4[], $3::text[]) AS k(i, kind, v)), \
         hits AS ( \
           SELECT k.i, p.matter_id FROM k JOIN matter_parties p ON k.kind = 0 AND p.role = 'respondent' AND p.name_key = k.v \
           UNION SELECT k.i, r.matter_id FROM k JOIN matter_rights r ON k.kind = 1 AND r.number = k.v \
           UNION SELECT k.i, u.matter_id FROM k JOIN matter_urls u ON k.kind = 2 AND u.normalized = k.v) \
         SELECT i, id FROM ( \
           SELECT h.i, m.id, row_number() OVER (PARTITION BY h.i ORDER BY m.id DESC) AS rn \
           FROM hits h JOIN matters m ON m.id = h.matter_id WHERE m.closed_at IS NULL) t \
         WHERE rn <= $4 ORDER BY i, id DESC";
    pub const INSERT_MATTERS: &str = "INSERT INTO matters (id, receipt_no, query_code, matter_type, state, track, \
         channel, title, description, amount_cents, area_code, cell_code, dept_id, officer_id, group_id, cross_region, \
         foreign_party, real_name, received_on, created_by, closed_at, created_at, updated_at) \
         SELECT u.*, $22, $22 FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], \
         $7::text[], $8::text[], $9::text[], $10::int8[], $11::text[], $12::text[], $13::int8[], $14::int8[], \
         $15::int8[], $16::bool[], $17::bool[], $18::bool[], $19::date[], $20::int8[], $21::timestamptz[]) AS u";
    pub const INSERT_PARTIES: &str = "INSERT INTO matter_parties (matter_id, role, kind, name, name_key, id_number, \
         credit_code, phone, address, area_code) SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], \
         $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])";
    pub const INSERT_RIGHTS: &str = "INSERT INTO matter_rights (matter_id, kind, number, title) \
         SELECT * FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[])";
    pub const INSERT_URLS: &str = "INSERT INTO matter_urls (matter_id, url, normalized) \
         SELECT * FROM unnest($1::int8[], $2::text[], $3::text[])";
    /// Earlier matters joining a group formed by this batch.
    pub const SET_GROUPS: &str = "UPDATE matters m SET group_id = u.g, updated_at = $3 \
         FROM unnest($1::int8[], $2::int8[]) AS u(id, g) WHERE m.id = u.id";
    /// Timeline entries, in array order (ids follow it, and the timeline is ordered by id).
    pub const INSERT_EVENTS: &str =
        "INSERT INTO matter_events (matter_id, kind, event, from_state, to_state, actor_id, \
         actor_name, note, public, detail, created_at) SELECT u.*, $11 FROM unnest($1::int8[], $2::text[], $3::text[], \
         $4::text[], $5::text[], $6::int8[], $7::text[], $8::text[], $9::bool[], $10::text[]) AS u";
    pub const UPSERT_CLOCKS: &str =
        "INSERT INTO matter_clocks (matter_id, clock_key, state, due_on, body, updated_at) \
         SELECT u.*, $6 FROM unnest($1::int8[], $2::text[], $3::text[], $4::date[], $5::text[]) AS u \
         ON CONFLICT (matter_id, clock_key) DO UPDATE SET state = excluded.state, due_on = excluded.due_on, \
         body = excluded.body, updated_at = excluded.updated_at";
}

/// Whether the earlier filing `other` would be found by the candidate lookup of `keys` (the comparisons of
/// [`sql::OPEN_BY_NAME_KEY`] and its siblings: stored name key, right number, normalised URL).
fn shares_key(other: &NewMatter, keys: &(usize, usize, usize, Vec<String>)) -> bool {
    let (a, b, _, args) = keys;
    let (names, rest) = args.split_at(*a);
    let (numbers, urls) = rest.split_at(*b);
    other.parties.iter().any(|p| p.role == "respondent" && names.contains(&p.name_key))
        || other.rights.iter().any(|r| r.number.as_ref().is_some_and(|n| numbers.contains(n)))
        || other.urls.iter().any(|(_, n)| urls.contains(n))
}

/// Candidate rows read back from the database, by id.
async fn candidate_details(tx: &mut sqlx::PgConnection, ids: &[i64]) -> StoreResult<HashMap<i64, Candidate>> {
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    // `= ANY($1)`: one prepared statement each, whatever the ids (literal lists would be parsed, planned and
    // prepared anew for every batch).
    let any = |q: &str| sql::in_list(q, "SELECT unnest($1::int8[])");
    let rows: Vec<(i64, String, String, String, Option<i64>)> =
        sqlx::query_as(&any(sql::CANDIDATES)).bind(ids).fetch_all(&mut *tx).await?;
    let names: Vec<(i64, String)> =
        sqlx::query_as(&any(sql::CANDIDATES_RESPONDENTS)).bind(ids).fetch_all(&mut *tx).await?;
    let numbers: Vec<(i64, String)> =
        sqlx::query_as(&any(sql::CANDIDATES_NUMBERS)).bind(ids).fetch_all(&mut *tx).await?;
    let urls: Vec<(i64, String)> = sqlx::query_as(&any(sql::CANDIDATES_URLS)).bind(ids).fetch_all(&mut *tx).await?;
    for (id, receipt_no, title, description, group_id) in rows {
        out.insert(
            id,
            Candidate {
                sketch: MatterSketch { id, text: format!("{title} {description}"), ..Default::default() },
                receipt_no,
                group_id,
            },
        );
    }
    for (target, v) in [(0, names), (1, numbers), (2, urls)] {
        for (id, x) in v {
            if let Some(c) = out.get_mut(&id) {
                match target {
                    0 => c.sketch.respondent_names.push(x),
                    1 => c.sketch.right_numbers.push(x),
                    _ => c.sketch.urls.push(x),
                }
            }
        }
    }
    Ok(out)
}

/// Intake a batch on PostgreSQL in one transaction (all or none). See the module documentation.
pub(crate) async fn intake(pool: &PgPool, ms: &[NewMatter], now: Ts) -> StoreResult<Vec<Intaken>> {
    let n = ms.len();
    let mut tx = pool.begin().await?;

    // Ids (a sequence is not transactional: a failed batch leaves a gap, as any failed insert does) and receipt
    // numbers (one block per prefix; transactional, so a failed batch uses no number).
    let ids: Vec<i64> = sqlx::query_scalar(pg::RESERVE_IDS).bind(n as i64).fetch_all(&mut *tx).await?;
    let mut blocks = receipt_blocks(ms);
    for (prefix, count) in blocks.iter_mut() {
        *count = sqlx::query_scalar(sql::NEXT_RECEIPTS).bind(*prefix).bind(*count).fetch_one(&mut *tx).await?;
    }
    let receipts = receipt_numbers(ms, blocks)?;
    let loads: Vec<(i64, i64, i64)> = match officer_depts(ms) {
        // The department list is the same for every batch of one desk: one prepared statement.
        Some(list) => sqlx::query_as(&sql::in_list(sql::OFFICER_LOADS, &list)).fetch_all(&mut *tx).await?,
        None => Vec::new(),
    };
    let officers = assign_officers(ms, loads);

    // Duplicate candidates already stored, for every filing at once.
    let keyed: Vec<_> = ms.iter().map(keys).collect();
    let (mut fi, mut kind, mut val) = (Vec::<i32>::new(), Vec::<i32>::new(), Vec::<String>::new());
    for (i, (a, b, _, args)) in keyed.iter().enumerate() {
        for (j, v) in args.iter().enumerate() {
            fi.push(i as i32);
            kind.push(if j < *a {
                0
            } else if j < a + b {
                1
            } else {
                2
            });
            val.push(v.clone());
        }
    }
    let stored: Vec<(i32, i64)> = if val.is_empty() {
        Vec::new()
    } else {
        sqlx::query_as(pg::CANDIDATES)
            .bind(&fi)
            .bind(&kind)
            .bind(&val)
            .bind(DUPLICATE_CANDIDATES as i64)
            .fetch_all(&mut *tx)
            .await?
    };
    let mut stored_ids: Vec<i64> = stored.iter().map(|s| s.1).collect();
    stored_ids.sort_unstable();
    stored_ids.dedup();
    let details = candidate_details(&mut tx, &stored_ids).await?;

    // The decisions, in filing order.
    let mut groups: Vec<Option<i64>> = vec![None; n];
    let mut regrouped: HashMap<i64, i64> = HashMap::new();
    let mut set_groups: (Vec<i64>, Vec<i64>) = (Vec::new(), Vec::new());
    let mut events: Vec<(i64, NewEvent)> = Vec::new();
    let mut out = Vec::with_capacity(n);
    for (j, m) in ms.iter().enumerate() {
        let id = ids[j];
        // Earlier filings of this batch (newer than anything stored), newest first, then stored ones.
        let mut cands: Vec<Candidate> = (0..j)
            .rev()
            .filter(|&i| ms[i].closed_at.is_none() && shares_key(&ms[i], &keyed[j]))
            .map(|i| Candidate {
                sketch: sketch_of(ids[i], &ms[i]),
                receipt_no: receipts[i].clone(),
                group_id: groups[i],
            })
            .collect();
        for (_, cid) in stored.iter().filter(|s| s.0 as usize == j) {
            if let Some(c) = details.get(cid) {
                let mut c = c.clone();
                if let Some(g) = regrouped.get(cid) {
                    c.group_id = Some(*g);
                }
                cands.push(c);
            }
        }
        cands.truncate(DUPLICATE_CANDIDATES);
        events.extend(m.events.iter().map(|e| (id, e.clone())));
        let group: Option<Grouped> = match pick_duplicate(&sketch_of(id, m), cands) {
            Some((c, sim)) => {
                let (g, members, e) = grouping(id, c.sketch.id, &c.receipt_no, c.group_id, &sim);
                for gid in members {
                    match ids[..=j].iter().position(|x| *x == gid) {
                        Some(i) => groups[i] = Some(g.group_id),
                        None => {
                            regrouped.insert(gid, g.group_id);
                            set_groups.0.push(gid);
                            set_groups.1.push(g.group_id);
                        }
                    }
                    events.push((gid, e.clone()));
                }
                Some(g)
            }
            None => None,
        };
        out.push(Intaken { id, receipt_no: receipts[j].clone(), officer_id: officers[j], group });
    }

    // The rows.
    let col = |f: &dyn Fn(&NewMatter) -> String| ms.iter().map(f).collect::<Vec<_>>();
    let opt = |f: &dyn Fn(&NewMatter) -> Option<String>| ms.iter().map(f).collect::<Vec<_>>();
    let flag = |f: &dyn Fn(&NewMatter) -> bool| ms.iter().map(f).collect::<Vec<_>>();
    sqlx::query(pg::INSERT_MATTERS)
        .bind(&ids)
        .bind(&receipts)
        .bind(col(&|m| m.query_code.clone()))
        .bind(col(&|m| m.matter_type.clone()))
        .bind(col(&|m| m.state.clone()))
        .bind(col(&|m| m.track.clone()))
        .bind(col(&|m| m.channel.clone()))
        .bind(col(&|m| m.title.clone()))
        .bind(col(&|m| m.description.clone()))
        .bind(ms.iter().map(|m| m.amount_cents).collect::<Vec<_>>())
        .bind(opt(&|m| m.area_code.clone()))
        .bind(opt(&|m| m.cell_code.clone()))
        .bind(ms.iter().map(|m| m.dept_id).collect::<Vec<_>>())
        .bind(&officers)
        .bind(&groups)
        .bind(flag(&|m| m.cross_region))
        .bind(flag(&|m| m.foreign_party))
        .bind(flag(&|m| m.real_name))
        .bind(ms.iter().map(|m| m.received_on).collect::<Vec<NaiveDate>>())
        .bind(ms.iter().map(|m| m.created_by).collect::<Vec<_>>())
        .bind(ms.iter().map(|m| m.closed_at.map(|t| t.0)).collect::<Vec<Option<DateTime<Utc>>>>())
        .bind(now)
        .execute(&mut *tx)
        .await?;

    let parties: Vec<_> = ms.iter().zip(&ids).flat_map(|(m, id)| m.parties.iter().map(move |p| (*id, p))).collect();
    if !parties.is_empty() {
        let s = |f: &dyn Fn(&super::matters::NewParty) -> String| parties.iter().map(|(_, p)| f(p)).collect::<Vec<_>>();
        let o = |f: &dyn Fn(&super::matters::NewParty) -> Option<String>| {
            parties.iter().map(|(_, p)| f(p)).collect::<Vec<_>>()
        };
        sqlx::query(pg::INSERT_PARTIES)
            .bind(parties.iter().map(|(id, _)| *id).collect::<Vec<_>>())
            .bind(s(&|p| p.role.clone()))
            .bind(s(&|p| p.kind.clone()))
            .bind(s(&|p| p.name.clone()))
            .bind(s(&|p| p.name_key.clone()))
            .bind(o(&|p| p.id_number.clone()))
            .bind(o(&|p| p.credit_code.clone()))
            .bind(o(&|p| p.phone.clone()))
            .bind(o(&|p| p.address.clone()))
            .bind(o(&|p| p.area_code.clone()))
            .execute(&mut *tx)
            .await?;
    }
    let rights: Vec<_> = ms.iter().zip(&ids).flat_map(|(m, id)| m.rights.iter().map(move |r| (*id, r))).collect();
    if !rights.is_empty() {
        sqlx::query(pg::INSERT_RIGHTS)
            .bind(rights.iter().map(|(id, _)| *id).collect::<Vec<_>>())
            .bind(rights.iter().map(|(_, r)| r.kind.clone()).collect::<Vec<_>>())
            .bind(rights.iter().map(|(_, r)| r.number.clone()).collect::<Vec<_>>())
            .bind(rights.iter().map(|(_, r)| r.title.clone()).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
    }
    let urls: Vec<_> = ms.iter().zip(&ids).flat_map(|(m, id)| m.urls.iter().map(move |u| (*id, u))).collect();
    if !urls.is_empty() {
        sqlx::query(pg::INSERT_URLS)
            .bind(urls.iter().map(|(id, _)| *id).collect::<Vec<_>>())
            .bind(urls.iter().map(|(_, u)| u.0.clone()).collect::<Vec<_>>())
            .bind(urls.iter().map(|(_, u)| u.1.clone()).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
    }
    if !set_groups.0.is_empty() {
        sqlx::query(pg::SET_GROUPS).bind(&set_groups.0).bind(&set_groups.1).bind(now).execute(&mut *tx).await?;
    }
    if !events.is_empty() {
        let s = |f: &dyn Fn(&NewEvent) -> Option<String>| events.iter().map(|(_, e)| f(e)).collect::<Vec<_>>();
        sqlx::query(pg::INSERT_EVENTS)
            .bind(events.iter().map(|(id, _)| *id).collect::<Vec<_>>())
            .bind(events.iter().map(|(_, e)| e.kind.clone()).collect::<Vec<_>>())
            .bind(s(&|e| e.event.clone()))
            .bind(s(&|e| e.from_state.clone()))
            .bind(s(&|e| e.to_state.clone()))
            .bind(events.iter().map(|(_, e)| e.actor_id).collect::<Vec<_>>())
            .bind(s(&|e| e.actor_name.clone()))
            .bind(s(&|e| e.note.clone()))
            .bind(events.iter().map(|(_, e)| e.public).collect::<Vec<_>>())
            .bind(events.iter().map(|(_, e)| event_detail(e)).collect::<Vec<_>>())
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    // Clocks: one row per (matter, key), the last one given winning as with one upsert after another (a single
    // INSERT … ON CONFLICT may not touch a row twice).
    let mut clocks: Vec<(i64, &String, &String, Option<NaiveDate>, &String)> = Vec::new();
    for (m, id) in ms.iter().zip(&ids) {
        for (key, state, due, body) in &m.clocks {
            match clocks.iter_mut().find(|c| c.0 == *id && c.1 == key) {
                Some(c) => *c = (*id, key, state, *due, body),
                None => clocks.push((*id, key, state, *due, body)),
            }
        }
    }
    if !clocks.is_empty() {
        sqlx::query(pg::UPSERT_CLOCKS)
            .bind(clocks.iter().map(|c| c.0).collect::<Vec<_>>())
            .bind(clocks.iter().map(|c| c.1.clone()).collect::<Vec<_>>())
            .bind(clocks.iter().map(|c| c.2.clone()).collect::<Vec<_>>())
            .bind(clocks.iter().map(|c| c.3).collect::<Vec<_>>())
            .bind(clocks.iter().map(|c| c.4.clone()).collect::<Vec<_>>())
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    // The filings' operation-log entries, in the same commit (see `logs::Audit`).
    insert_audits!(tx, ms, now);
    tx.commit().await?;
    Ok(out)
}
