//! Batch intake (成批登记): a batch of new matters written in one transaction — receipt numbers, the least-loaded
//! officer where none was chosen, every row of each matter, and the duplicate check (类案) against open matters,
//! including the earlier filings of the same batch, which puts each filing into its closest candidate's group.
//!
//! Everything a filing needs from the database happens here, inside the writer's transaction, so the request path
//! reads nothing and a filing is acknowledged once, after the commit that holds all of it — including, for a public
//! filing, its operation-log entry ([`crate::logs::Audit`]).
//!
//! Three executors make the same decisions ([`pick_duplicate`], [`grouping`]):
//! - PostgreSQL: one statement per kind of row per batch ([`super::intake_pg`]);
//! - SQLite databases that live only in memory: sqlx, the statements of [`sql`] per filing, in one transaction;
//! - SQLite files: one dedicated thread owning a `rusqlite` connection to the same file ([`fast`]). sqlx's SQLite
//!   driver runs each statement on a per-connection worker thread and hands it over through a channel; an intake
//!   runs ~20 statements, and those hand-offs (futex wake-ups), not SQLite, were the cost that kept intake far below
//!   the disk's durable insert rate (docs/benchmarks.md, ADR 0011). No crate offers "sqlx but synchronous on one
//!   thread", so this path is written here, on rusqlite, with cached prepared statements.

use chrono::NaiveDate;
use zhibao_domain::case::similar::{normalize_name, Fingerprint, MatterSketch, Probe, Similarity};

use super::matters::{NewEvent, NewMatter};
use crate::{StoreError, StoreResult, Ts};

/// How many open matters sharing a key the duplicate check compares (the most recent ones).
pub const DUPLICATE_CANDIDATES: usize = 20;

/// What the store did with one filing of a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Intaken {
    /// The new matter's id.
    pub id: i64,
    /// Its receipt number.
    pub receipt_no: String,
    /// The officer it went to (chosen here when the filing named none).
    pub officer_id: Option<i64>,
    /// The similar-matter group (类案) it joined, if any.
    pub group: Option<Grouped>,
}

/// A filing put into a similar-matter group at intake.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouped {
    /// The group id (the id of the group's first matter).
    pub group_id: i64,
    /// The closest duplicate candidate.
    pub with_id: i64,
    /// Its receipt number.
    pub with_receipt_no: String,
    /// The comparison score.
    pub score: f64,
}

/// The statements of batch intake, written once for both backends (`$n` placeholders: PostgreSQL's, and SQLite
/// reads `$1`… as parameters numbered in order of first appearance, which these statements keep).
pub(crate) mod sql {
    pub const NEXT_RECEIPT: &str = "INSERT INTO receipt_sequences (prefix, next) VALUES ($1, 2) \
         ON CONFLICT (prefix) DO UPDATE SET next = receipt_sequences.next + 1 RETURNING next - 1";
    /// Reserve a block of `$2` receipt numbers of a prefix; returns the first.
    pub const NEXT_RECEIPTS: &str = "INSERT INTO receipt_sequences (prefix, next) VALUES ($1, $2 + 1) \
         ON CONFLICT (prefix) DO UPDATE SET next = receipt_sequences.next + $2 RETURNING next - $2";
    pub const INSERT_MATTER: &str = "INSERT INTO matters (receipt_no, query_code, matter_type, state, track, channel, \
         title, description, amount_cents, area_code, cell_code, dept_id, officer_id, cross_region, foreign_party, \
         real_name, received_on, created_by, created_at, updated_at, closed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20) RETURNING id";
    pub const INSERT_PARTY: &str = "INSERT INTO matter_parties (matter_id, role, kind, name, name_key, id_number, \
         credit_code, phone, address, area_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
    pub const INSERT_RIGHT: &str = "INSERT INTO matter_rights (matter_id, kind, number, title) VALUES ($1, $2, $3, $4)";
    pub const INSERT_URL: &str = "INSERT INTO matter_urls (matter_id, url, normalized) VALUES ($1, $2, $3)";
    pub const INSERT_EVENT: &str =
        "INSERT INTO matter_events (matter_id, kind, event, from_state, to_state, actor_id, \
         actor_name, note, public, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
    pub const UPSERT_CLOCK: &str = "INSERT INTO matter_clocks (matter_id, clock_key, state, due_on, body, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (matter_id, clock_key) DO UPDATE SET state = excluded.state, \
         due_on = excluded.due_on, body = excluded.body, updated_at = excluded.updated_at";
    pub const SET_GROUP: &str = "UPDATE matters SET group_id = $1, updated_at = $2 WHERE id = $3";
    /// The least-loaded active officer of a department (fewest open matters, then lowest id); the counts are kept
    /// by triggers in `officer_load` (migration 0012).
    pub const PICK_OFFICER: &str =
        "SELECT u.id FROM users u WHERE u.dept_id = $1 AND u.status = 'active' AND EXISTS ( \
         SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id \
         WHERE ur.user_id = u.id AND rp.permission = 'case:matter:list') \
         ORDER BY COALESCE((SELECT l.open_count FROM officer_load l WHERE l.user_id = u.id), 0), u.id LIMIT 1";
    /// Active officers who may take matters in the departments `{ids}`, with their open-matter counts — the rows
    /// [`PICK_OFFICER`] orders, read once per batch (see [`super::assign_officers`]).
    pub const OFFICER_LOADS: &str = "SELECT u.id, u.dept_id, COALESCE(l.open_count, 0) FROM users u \
         LEFT JOIN officer_load l ON l.user_id = u.id \
         WHERE u.dept_id IN ({ids}) AND u.status = 'active' AND EXISTS ( \
         SELECT 1 FROM user_roles ur JOIN role_permissions rp ON rp.role_id = ur.role_id \
         WHERE ur.user_id = u.id AND rp.permission = 'case:matter:list')";
    /// A candidate's receipt number and text, for its fingerprint (its group is read separately: [`GROUP_OF`]).
    pub const CANDIDATE: &str = "SELECT receipt_no, title, description FROM matters WHERE id = $1";
    /// A matter's similar-matter group.
    pub const GROUP_OF: &str = "SELECT group_id FROM matters WHERE id = $1";
    /// A candidate's respondent names, right numbers and URLs, each read from its per-matter index alone
    /// (migration 0015), in index order: the comparison treats them as sets.
    pub const CANDIDATE_RESPONDENTS: &str =
        "SELECT name FROM matter_parties WHERE matter_id = $1 AND role = 'respondent'";
    /// See [`CANDIDATE_RESPONDENTS`].
    pub const CANDIDATE_NUMBERS: &str = "SELECT number FROM matter_rights WHERE matter_id = $1 AND number IS NOT NULL";
    /// See [`CANDIDATE_RESPONDENTS`].
    pub const CANDIDATE_URLS: &str = "SELECT url FROM matter_urls WHERE matter_id = $1";
    /// The same four for many candidates at once (`{ids}`: a list of integers), for the sqlx executors (PostgreSQL,
    /// in-memory SQLite).
    pub const CANDIDATES: &str = "SELECT id, receipt_no, title, description, group_id FROM matters WHERE id IN ({ids})";
    pub const CANDIDATES_RESPONDENTS: &str =
        "SELECT matter_id, name FROM matter_parties WHERE matter_id IN ({ids}) AND role = 'respondent' ORDER BY id";
    pub const CANDIDATES_NUMBERS: &str =
        "SELECT matter_id, number FROM matter_rights WHERE matter_id IN ({ids}) AND number IS NOT NULL ORDER BY id";
    pub const CANDIDATES_URLS: &str = "SELECT matter_id, url FROM matter_urls WHERE matter_id IN ({ids}) ORDER BY id";

    /// One of the `CANDIDATES*` statements for a list of ids.
    pub fn in_list(template: &str, ids: &str) -> String {
        template.replace("{ids}", ids)
    }

    /// Open matters sharing one key with a filing, newest first, at most [`super::DUPLICATE_CANDIDATES`] — one
    /// statement per kind of key (SQLite's form, `INDEXED BY`). Each walks the key's index entries (which carry the
    /// matter id, migration 0015) from the newest matter down and asks the small index of open matters whether
    /// each one is open, so no table row is read; at 1M matters, where nine in ten matters sharing a key are
    /// closed, reading each matter's row to learn that was most of intake's cost (docs/benchmarks.md, seventh
    /// pass). The lists of a filing's keys are merged by [`merge_candidates`]. (PostgreSQL looks up a whole batch
    /// at once: `intake_pg`.)
    pub const OPEN_BY_NAME_KEY: &str = "SELECT p.matter_id FROM matter_parties p \
         WHERE p.role = 'respondent' AND p.name_key = $1 AND EXISTS (SELECT 1 FROM matters o INDEXED BY matters_open \
         WHERE o.id = p.matter_id AND o.closed_at IS NULL) ORDER BY p.matter_id DESC LIMIT 20";
    /// See [`OPEN_BY_NAME_KEY`].
    pub const OPEN_BY_NUMBER: &str = "SELECT r.matter_id FROM matter_rights r \
         WHERE r.number = $1 AND EXISTS (SELECT 1 FROM matters o INDEXED BY matters_open \
         WHERE o.id = r.matter_id AND o.closed_at IS NULL) ORDER BY r.matter_id DESC LIMIT 20";
    /// See [`OPEN_BY_NAME_KEY`].
    pub const OPEN_BY_URL: &str = "SELECT u.matter_id FROM matter_urls u \
         WHERE u.normalized = $1 AND EXISTS (SELECT 1 FROM matters o INDEXED BY matters_open \
         WHERE o.id = u.matter_id AND o.closed_at IS NULL) ORDER BY u.matter_id DESC LIMIT 20";

    /// The statement for each key of a filing (from [`super::keys`]), in order.
    pub fn open_by_key(names: usize, numbers: usize, urls: usize) -> impl Iterator<Item = &'static str> {
        std::iter::repeat_n(OPEN_BY_NAME_KEY, names)
            .chain(std::iter::repeat_n(OPEN_BY_NUMBER, numbers))
            .chain(std::iter::repeat_n(OPEN_BY_URL, urls))
    }
}

/// The duplicate check's key lookups on SQLite (respondent name key, right number, normalised URL), for tests
/// that check their plans read indexes only.
pub const DUPLICATE_LOOKUPS: [&str; 3] = [sql::OPEN_BY_NAME_KEY, sql::OPEN_BY_NUMBER, sql::OPEN_BY_URL];

/// The duplicate candidates of a filing from the lists of its keys ([`sql::OPEN_BY_NAME_KEY`]…): the newest
/// [`DUPLICATE_CANDIDATES`] distinct matters of all lists. Each list holds its key's newest open matters, so the
/// newest of the union are among them.
pub(crate) fn merge_candidates(lists: impl IntoIterator<Item = Vec<i64>>) -> Vec<i64> {
    let mut ids: Vec<i64> = lists.into_iter().flatten().collect();
    ids.sort_unstable_by(|a, b| b.cmp(a));
    ids.dedup();
    ids.truncate(DUPLICATE_CANDIDATES);
    ids
}

/// The keys a filing is looked up by: respondent name keys, right numbers, normalised URLs (empties dropped), as
/// bind values in the order of [`sql::open_by_key`].
pub(crate) fn keys(m: &NewMatter) -> (usize, usize, usize, Vec<String>) {
    let names: Vec<String> = m
        .parties
        .iter()
        .filter(|p| p.role == "respondent")
        .map(|p| normalize_name(&p.name))
        .filter(|k| !k.is_empty())
        .collect();
    let numbers: Vec<String> = m.rights.iter().filter_map(|r| r.number.clone()).filter(|n| !n.is_empty()).collect();
    let urls: Vec<String> = m.urls.iter().map(|(_, n)| n.clone()).filter(|u| !u.is_empty()).collect();
    let (a, b, c) = (names.len(), numbers.len(), urls.len());
    (a, b, c, names.into_iter().chain(numbers).chain(urls).collect())
}

/// How many receipt numbers each prefix of a batch needs, in order of first appearance.
pub(crate) fn receipt_blocks(ms: &[NewMatter]) -> Vec<(&str, i64)> {
    let mut out: Vec<(&str, i64)> = Vec::new();
    for m in ms {
        match out.iter_mut().find(|(p, _)| *p == m.receipt_prefix) {
            Some(b) => b.1 += 1,
            None => out.push((&m.receipt_prefix, 1)),
        }
    }
    out
}

/// Each filing's receipt number, given the first number reserved for each prefix ([`sql::NEXT_RECEIPTS`]).
pub(crate) fn receipt_numbers(ms: &[NewMatter], mut firsts: Vec<(&str, i64)>) -> StoreResult<Vec<String>> {
    ms.iter()
        .map(|m| match firsts.iter_mut().find(|(p, _)| *p == m.receipt_prefix) {
            Some(b) => {
                b.1 += 1;
                Ok(format!("{}-{:06}", m.receipt_prefix, b.1 - 1))
            }
            None => Err(StoreError::Rule(format!("no receipt numbers reserved for {}", m.receipt_prefix))),
        })
        .collect()
}

/// The departments (as a literal id list for [`sql::OFFICER_LOADS`]) where a filing needs an officer chosen.
pub(crate) fn officer_depts(ms: &[NewMatter]) -> Option<String> {
    let mut depts: Vec<i64> = ms.iter().filter(|m| m.officer_id.is_none()).map(|m| m.dept_id).collect();
    depts.sort_unstable();
    depts.dedup();
    (!depts.is_empty()).then(|| depts.iter().map(i64::to_string).collect::<Vec<_>>().join(","))
}

/// The least-loaded officer for each filing that names none, in filing order, each assignment (and each filing
/// that names its officer) adding one to that officer's open count — what [`sql::PICK_OFFICER`] answers when run
/// before each insert, with the counts read once per batch. `loads`: (officer, department, open matters).
pub(crate) fn assign_officers(ms: &[NewMatter], mut loads: Vec<(i64, i64, i64)>) -> Vec<Option<i64>> {
    ms.iter()
        .map(|m| {
            let officer = m
                .officer_id
                .or_else(|| loads.iter().filter(|l| l.1 == m.dept_id).min_by_key(|l| (l.2, l.0)).map(|l| l.0));
            if let (Some(o), None) = (officer, m.closed_at) {
                loads.iter_mut().filter(|l| l.0 == o).for_each(|l| l.2 += 1);
            }
            officer
        })
        .collect()
}

/// What the duplicate check compares of a filing.
pub(crate) fn sketch_of(id: i64, m: &NewMatter) -> MatterSketch {
    MatterSketch {
        id,
        respondent_names: m.parties.iter().filter(|p| p.role == "respondent").map(|p| p.name.clone()).collect(),
        right_numbers: m.rights.iter().filter_map(|r| r.number.clone()).collect(),
        urls: m.urls.iter().map(|(u, _)| u.clone()).collect(),
        text: format!("{} {}", m.title, m.description),
    }
}

/// A candidate as read back for comparison.
#[derive(Clone)]
pub(crate) struct Candidate {
    pub sketch: MatterSketch,
    pub receipt_no: String,
    pub group_id: Option<i64>,
}

/// The closest duplicate candidate among fingerprints listed newest first: its position and the similarity
/// (highest score; on a tie the newest).
pub(crate) fn closest<'a>(probe: &Probe, fps: impl IntoIterator<Item = &'a Fingerprint>) -> Option<(usize, Similarity)> {
    let mut best: Option<(usize, Similarity)> = None;
    for (i, fp) in fps.into_iter().enumerate() {
        let sim = probe.compare_fingerprint(fp);
        if sim.is_duplicate_candidate() && best.as_ref().is_none_or(|(_, b)| sim.score > b.score) {
            best = Some((i, sim));
        }
    }
    best
}

/// The closest duplicate candidate of `me` among `candidates` (newest first), see [`closest`].
pub(crate) fn pick_duplicate(me: &MatterSketch, candidates: Vec<Candidate>) -> Option<(Candidate, Similarity)> {
    let mut cands: Vec<Candidate> = candidates.into_iter().filter(|c| c.sketch.id != me.id).collect();
    let fps: Vec<Fingerprint> = cands.iter().map(|c| Fingerprint::of(&c.sketch)).collect();
    let (i, sim) = closest(&Probe::new(me), &fps)?;
    Some((cands.swap_remove(i), sim))
}

/// The grouping decision for matter `me` and its closest candidate `with` (its receipt number and its group, if
/// any): the group id, which matters join it (the candidate too when it had no group), and the timeline entry each
/// of them gets.
pub(crate) fn grouping(
    me: i64,
    with: i64,
    with_receipt_no: &str,
    with_group: Option<i64>,
    sim: &Similarity,
) -> (Grouped, Vec<i64>, NewEvent) {
    let group_id = with_group.unwrap_or(with);
    let ids = if with_group.is_some() { vec![me] } else { vec![with, me] };
    let e = NewEvent {
        kind: "group".into(),
        note: Some(format!("疑似类案：与 {} 相似（{}）", with_receipt_no, sim.reasons.join("、"))),
        detail: serde_json::json!({"group_id": group_id, "with": with, "score": sim.score}).to_string(),
        ..Default::default()
    };
    let g = Grouped { group_id, with_id: with, with_receipt_no: with_receipt_no.to_string(), score: sim.score };
    (g, ids, e)
}

pub(crate) fn event_detail(e: &NewEvent) -> String {
    if e.detail.is_empty() {
        "{}".to_string()
    } else {
        e.detail.clone()
    }
}

impl crate::Store {
    /// Intake a batch in one transaction (all or none): see the module documentation. Returns one [`Intaken`] per
    /// filing, in order.
    pub async fn intake_matters(&self, ms: &[NewMatter], now: Ts) -> StoreResult<Vec<Intaken>> {
        if ms.is_empty() {
            return Ok(Vec::new());
        }
        if let Some(w) = self.fast_writer()? {
            return w.intake(ms.to_vec(), now).await;
        }
        if let crate::Pool::Postgres(pool) = &self.pool {
            return super::intake_pg::intake(pool, ms, now).await;
        }
        let mut out = Vec::with_capacity(ms.len());
        crate::with_db!(self, pool => {
            let mut tx = pool.begin_write().await?;
            for m in ms {
                let seq: i64 = sqlx::query_scalar(sql::NEXT_RECEIPT).bind(&m.receipt_prefix).fetch_one(&mut *tx).await?;
                let receipt = format!("{}-{:06}", m.receipt_prefix, seq);
                let officer_id = match m.officer_id {
                    Some(o) => Some(o),
                    None => sqlx::query_scalar::<_, i64>(sql::PICK_OFFICER).bind(m.dept_id).fetch_optional(&mut *tx).await?,
                };
                // Candidates first (the new matter is not among them yet).
                let (a, b, c, args) = keys(m);
                let mut cands = Vec::new();
                let mut lists = Vec::with_capacity(args.len());
                for (q, key) in sql::open_by_key(a, b, c).zip(&args) {
                    lists.push(sqlx::query_scalar::<_, i64>(q).bind(key).fetch_all(&mut *tx).await?);
                }
                let ids = merge_candidates(lists);
                if !ids.is_empty() {
                    // Four queries for all candidates (ids are integers, listed literally).
                    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                    let rows: Vec<(i64, String, String, String, Option<i64>)> =
                        sqlx::query_as(&sql::in_list(sql::CANDIDATES, &list)).fetch_all(&mut *tx).await?;
                    let names: Vec<(i64, String)> = sqlx::query_as(&sql::in_list(sql::CANDIDATES_RESPONDENTS, &list)).fetch_all(&mut *tx).await?;
                    let numbers: Vec<(i64, String)> = sqlx::query_as(&sql::in_list(sql::CANDIDATES_NUMBERS, &list)).fetch_all(&mut *tx).await?;
                    let urls: Vec<(i64, String)> = sqlx::query_as(&sql::in_list(sql::CANDIDATES_URLS, &list)).fetch_all(&mut *tx).await?;
                    let of = |v: &[(i64, String)], id: i64| v.iter().filter(|(m, _)| *m == id).map(|(_, x)| x.clone()).collect();
                    for id in ids {
                        let Some((_, receipt_no, title, description, group_id)) = rows.iter().find(|r| r.0 == id).cloned() else { continue };
                        cands.push(Candidate {
                            sketch: MatterSketch { id, respondent_names: of(&names, id), right_numbers: of(&numbers, id), urls: of(&urls, id), text: format!("{title} {description}") },
                            receipt_no,
                            group_id,
                        });
                    }
                }
                let id: i64 = sqlx::query_scalar(sql::INSERT_MATTER)
                    .bind(&receipt).bind(&m.query_code).bind(&m.matter_type).bind(&m.state).bind(&m.track).bind(&m.channel)
                    .bind(&m.title).bind(&m.description).bind(m.amount_cents).bind(&m.area_code).bind(&m.cell_code)
                    .bind(m.dept_id).bind(officer_id).bind(m.cross_region).bind(m.foreign_party).bind(m.real_name)
                    .bind(m.received_on).bind(m.created_by).bind(now).bind(m.closed_at)
                    .fetch_one(&mut *tx).await?;
                for p in &m.parties {
                    sqlx::query(sql::INSERT_PARTY)
                        .bind(id).bind(&p.role).bind(&p.kind).bind(&p.name).bind(&p.name_key).bind(&p.id_number)
                        .bind(&p.credit_code).bind(&p.phone).bind(&p.address).bind(&p.area_code)
                        .execute(&mut *tx).await?;
                }
                for r in &m.rights {
                    sqlx::query(sql::INSERT_RIGHT).bind(id).bind(&r.kind).bind(&r.number).bind(&r.title).execute(&mut *tx).await?;
                }
                for (url, norm) in &m.urls {
                    sqlx::query(sql::INSERT_URL).bind(id).bind(url).bind(norm).execute(&mut *tx).await?;
                }
                let mut events: Vec<(i64, NewEvent)> = m.events.iter().map(|e| (id, e.clone())).collect();
                let group = match pick_duplicate(&sketch_of(id, m), cands) {
                    Some((c, sim)) => {
                        let (g, ids, e) = grouping(id, c.sketch.id, &c.receipt_no, c.group_id, &sim);
                        for gid in ids {
                            sqlx::query(sql::SET_GROUP).bind(g.group_id).bind(now).bind(gid).execute(&mut *tx).await?;
                            events.push((gid, e.clone()));
                        }
                        Some(g)
                    }
                    None => None,
                };
                for (mid, e) in &events {
                    sqlx::query(sql::INSERT_EVENT)
                        .bind(*mid).bind(&e.kind).bind(&e.event).bind(&e.from_state).bind(&e.to_state).bind(e.actor_id)
                        .bind(&e.actor_name).bind(&e.note).bind(e.public).bind(event_detail(e)).bind(now)
                        .execute(&mut *tx).await?;
                }
                for (key, state, due, body) in &m.clocks {
                    sqlx::query(sql::UPSERT_CLOCK).bind(id).bind(key).bind(state).bind(*due).bind(body).bind(now)
                        .execute(&mut *tx).await?;
                }
                out.push(Intaken { id, receipt_no: receipt, officer_id, group });
            }
            insert_audits!(tx, ms, now);
            tx.commit().await?;
        });
        Ok(out)
    }
}

/// The SQLite executor: one thread, one rusqlite connection, cached statements (see the module documentation).
pub(crate) mod fast {
    use std::path::PathBuf;
    use std::sync::mpsc;

    use std::collections::{BTreeMap, HashMap};
    use std::rc::Rc;

    use rusqlite::{params, Connection, TransactionBehavior};

    use super::*;

    /// The writer's automatic checkpoint interval, in WAL pages (see `FastWriter::open`).
    pub(crate) const WAL_AUTOCHECKPOINT_PAGES: i64 = 2_000;

    /// How many matters' fingerprints the writer keeps (the newest ones; ~1 KiB each with the map, so ~50 MiB).
    pub(crate) const KNOWN_MATTERS: usize = 50_000;

    /// A matter as the duplicate check compares it: its receipt number (for the timeline note) and fingerprint.
    /// Neither changes after intake — no statement updates a matter's receipt number, title or description, or
    /// its parties, rights or links — so they can be kept; a matter's group can change, and is read when needed.
    #[derive(Debug)]
    pub(crate) struct Fingerprinted {
        pub receipt_no: String,
        pub fingerprint: Fingerprint,
    }

    /// The fingerprints of the newest matters this writer has committed or compared, at most `cap` (the oldest
    /// go first). Candidates are the newest open matters sharing a key, so at 1M matters nearly every candidate
    /// is found here instead of being read (four index lookups) and normalised again for every filing that
    /// meets it (docs/benchmarks.md, eighth pass). Entries are added only after their batch commits (a rolled-back
    /// batch's ids are given out again) and matters are never deleted, so an id here always names the matter it
    /// was read from.
    pub(crate) struct Known {
        by_id: BTreeMap<i64, Rc<Fingerprinted>>,
        cap: usize,
    }

    impl Known {
        pub(crate) fn new(cap: usize) -> Known {
            Known { by_id: BTreeMap::new(), cap }
        }

        pub(crate) fn get(&self, id: i64) -> Option<Rc<Fingerprinted>> {
            self.by_id.get(&id).cloned()
        }

        /// Keep a committed batch's fingerprints, then drop the oldest beyond the cap.
        pub(crate) fn extend(&mut self, batch: HashMap<i64, Rc<Fingerprinted>>) {
            self.by_id.extend(batch);
            while self.by_id.len() > self.cap {
                self.by_id.pop_first();
            }
        }

        #[cfg(test)]
        pub(crate) fn len(&self) -> usize {
            self.by_id.len()
        }
    }

    type Reply = tokio::sync::oneshot::Sender<StoreResult<Vec<Intaken>>>;

    /// Work for the writer thread.
    enum Job {
        Intake(Vec<NewMatter>, Ts, Reply),
        /// Operation-log rows (`Store::log_ops` on a SQLite file). Written on this connection rather than the pool's
        /// so that the two busiest writers of a desk neither wait on each other's write lock nor, committing in
        /// turn from two connections, make each other drop their page caches (WAL: a connection discards its cache
        /// when another one has committed) — docs/benchmarks.md, case desk sixth look.
        OpLog(Vec<crate::logs::NewOpLog>, tokio::sync::oneshot::Sender<StoreResult<()>>),
    }

    /// A handle on the writer thread; the thread ends when the last handle is dropped.
    #[derive(Debug)]
    pub struct FastWriter {
        queue: mpsc::Sender<Job>,
    }

    impl FastWriter {
        /// Open a connection to `path` (already migrated by the pool) with the pool's durability settings and
        /// start the thread.
        pub fn open(path: PathBuf, busy_timeout: std::time::Duration) -> StoreResult<Self> {
            let conn = Connection::open(&path).map_err(driver)?;
            conn.busy_timeout(busy_timeout).map_err(driver)?;
            // The same settings as the sqlx pool: WAL, and a commit is on disk when it returns.
            conn.pragma_update(None, "journal_mode", "WAL").map_err(driver)?;
            conn.pragma_update(None, "synchronous", "FULL").map_err(driver)?;
            conn.pragma_update(None, "foreign_keys", "ON").map_err(driver)?;
            // Sorting and de-duplication use in-memory temporary B-trees, not temporary files.
            conn.pragma_update(None, "temp_store", "MEMORY").map_err(driver)?;
            // Checkpoint every 2,000 WAL pages (8 MiB) instead of SQLite's 1,000. The tails of the append-only
            // indexes are rewritten by every batch; a checkpoint copies each page once however often it changed, so
            // checkpointing half as often writes fewer pages to the database file. On a copy of a 1M database,
            // alternating runs: 1,909–1,965 → 2,005–2,044 filings/s, p99 27–34 → 27–31 ms; 4,000 pages gave about
            // the same rate with p99 39–45 ms (docs/benchmarks.md, eighth pass).
            conn.pragma_update(None, "wal_autocheckpoint", WAL_AUTOCHECKPOINT_PAGES).map_err(driver)?;
            // Plans that do not depend on bound values (the query planner stability guarantee). SQLite is built with
            // STAT4 here (libsqlite3-sys' bundled build), and once ANALYZE has written sqlite_stat4 the planner
            // weighs each bound key against its samples — which makes SQLite re-prepare a cached statement on
            // every new binding. The duplicate lookups bind a new key each time, so at 1M matters a fifth of the
            // writer's time went to re-parsing and re-planning them (docs/benchmarks.md, eighth pass). Their plans
            // are fixed anyway (`INDEXED BY`, checked by `duplicate_lookups_read_indexes_only_sqlite`).
            conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(driver)?;
            conn.set_prepared_statement_cache_capacity(64);
            let (queue, rx) = mpsc::channel::<Job>();
            std::thread::Builder::new()
                .name("zhibao-intake".into())
                .spawn(move || {
                    let mut conn = conn;
                    let mut known = Known::new(KNOWN_MATTERS);
                    while let Ok(job) = rx.recv() {
                        match job {
                            Job::Intake(ms, now, reply) => {
                                let _ = reply.send(write(&mut conn, &mut known, &ms, now));
                            }
                            Job::OpLog(es, reply) => {
                                let _ = reply.send(write_ops(&mut conn, &es));
                            }
                        }
                    }
                })
                .map_err(|e| StoreError::Config(format!("cannot start the intake thread: {e}")))?;
            Ok(FastWriter { queue })
        }

        /// Write a batch on the thread; answered after the commit.
        pub async fn intake(&self, ms: Vec<NewMatter>, now: Ts) -> StoreResult<Vec<Intaken>> {
            let (reply, answer) = tokio::sync::oneshot::channel();
            self.queue.send(Job::Intake(ms, now, reply)).map_err(|_| StoreError::Rule("the intake thread has stopped".into()))?;
            answer.await.map_err(|_| StoreError::Rule("the intake thread dropped a batch".into()))?
        }

        /// Write operation-log rows on the thread, in one transaction; answered after the commit.
        pub async fn log_ops(&self, es: Vec<crate::logs::NewOpLog>) -> StoreResult<()> {
            let (reply, answer) = tokio::sync::oneshot::channel();
            self.queue.send(Job::OpLog(es, reply)).map_err(|_| StoreError::Rule("the intake thread has stopped".into()))?;
            answer.await.map_err(|_| StoreError::Rule("the intake thread dropped a log batch".into()))?
        }
    }

    /// rusqlite errors classified like sqlx's (see `StoreError`'s `From<sqlx::Error>`).
    pub(crate) fn driver(e: rusqlite::Error) -> StoreError {
        if let rusqlite::Error::SqliteFailure(f, msg) = &e {
            let msg = msg.clone().unwrap_or_default();
            match f.extended_code {
                rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                    return StoreError::Conflict {
                        constraint: msg.rsplit(": ").next().unwrap_or("unique").to_string(),
                    };
                }
                rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY => return StoreError::Reference("foreign key".into()),
                _ => {}
            }
        }
        StoreError::Driver(e.to_string())
    }

    fn date(d: NaiveDate) -> String {
        d.format("%Y-%m-%d").to_string()
    }

    fn write_ops(conn: &mut Connection, es: &[crate::logs::NewOpLog]) -> StoreResult<()> {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(driver)?;
        insert_ops(&tx, es)?;
        tx.commit().map_err(driver)
    }

    /// Operation-log rows, in the caller's transaction: one cached single-row statement, executed per row (a
    /// multi-row statement would be parsed and planned anew for every batch size).
    fn insert_ops(tx: &rusqlite::Transaction<'_>, es: &[crate::logs::NewOpLog]) -> StoreResult<()> {
        if es.is_empty() {
            return Ok(());
        }
        let mut stmt = tx.prepare_cached(&crate::logs::op_log_insert(1)).map_err(driver)?;
        for e in es {
            stmt.execute(params![
                e.user_id,
                e.username,
                e.dept_id,
                e.method,
                e.path,
                e.module,
                e.action,
                e.target,
                e.ip,
                e.status_code,
                e.result(),
                e.duration_ms,
                e.at.to_text()
            ])
            .map_err(driver)?;
        }
        Ok(())
    }

    fn write(conn: &mut Connection, known: &mut Known, ms: &[NewMatter], now: Ts) -> StoreResult<Vec<Intaken>> {
        let now_s = now.to_text();
        // Fingerprints met or made in this batch; kept only once the batch has committed (a rolled-back batch's
        // ids are given out again).
        let mut batch: HashMap<i64, Rc<Fingerprinted>> = HashMap::new();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(driver)?;
        let mut out = Vec::with_capacity(ms.len());
        // Receipt numbers: one block per prefix; officers: the loads read once (see `assign_officers`).
        let mut blocks = receipt_blocks(ms);
        for (prefix, count) in blocks.iter_mut() {
            *count = tx
                .prepare_cached(sql::NEXT_RECEIPTS)
                .and_then(|mut s| s.query_row(params![*prefix, *count], |r| r.get(0)))
                .map_err(driver)?;
        }
        let receipts = receipt_numbers(ms, blocks)?;
        let loads: Vec<(i64, i64, i64)> = match officer_depts(ms) {
            // Cached by its text: a desk's batches name the same few departments.
            Some(list) => tx
                .prepare_cached(&sql::in_list(sql::OFFICER_LOADS, &list))
                .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>())
                .map_err(driver)?,
            None => Vec::new(),
        };
        let officers = assign_officers(ms, loads);
        for ((m, receipt), officer_id) in ms.iter().zip(receipts).zip(officers) {
            // The duplicate check: the ids of the newest open matters sharing a key, then their fingerprints — kept
            // by this thread for the newest matters, read and normalised once for the others.
            let (a, b, c, args) = keys(m);
            let lists = sql::open_by_key(a, b, c)
                .zip(&args)
                .map(|(q, key)| {
                    tx.prepare_cached(q)
                        .and_then(|mut s| s.query_map(params![key], |r| r.get(0))?.collect::<Result<Vec<i64>, _>>())
                        .map_err(driver)
                })
                .collect::<StoreResult<Vec<_>>>()?;
            let mut cands: Vec<(i64, Rc<Fingerprinted>)> = Vec::new();
            for id in merge_candidates(lists) {
                let f = match known.get(id).or_else(|| batch.get(&id).cloned()) {
                    Some(f) => f,
                    None => {
                        let f = Rc::new(read_fingerprint(&tx, id)?);
                        batch.insert(id, f.clone());
                        f
                    }
                };
                cands.push((id, f));
            }
            let probe = Probe::new(&sketch_of(0, m));
            let closest = closest(&probe, cands.iter().map(|(_, f)| &f.fingerprint));
            let id: i64 = tx
                .prepare_cached(sql::INSERT_MATTER)
                .and_then(|mut s| {
                    s.query_row(
                        params![
                            receipt,
                            m.query_code,
                            m.matter_type,
                            m.state,
                            m.track,
                            m.channel,
                            m.title,
                            m.description,
                            m.amount_cents,
                            m.area_code,
                            m.cell_code,
                            m.dept_id,
                            officer_id,
                            m.cross_region,
                            m.foreign_party,
                            m.real_name,
                            date(m.received_on),
                            m.created_by,
                            now_s,
                            m.closed_at.map(|t| t.to_text()),
                        ],
                        |r| r.get(0),
                    )
                })
                .map_err(driver)?;
            {
                let mut s = tx.prepare_cached(sql::INSERT_PARTY).map_err(driver)?;
                for p in &m.parties {
                    s.execute(params![
                        id,
                        p.role,
                        p.kind,
                        p.name,
                        p.name_key,
                        p.id_number,
                        p.credit_code,
                        p.phone,
                        p.address,
                        p.area_code
                    ])
                    .map_err(driver)?;
                }
                let mut s = tx.prepare_cached(sql::INSERT_RIGHT).map_err(driver)?;
                for r in &m.rights {
                    s.execute(params![id, r.kind, r.number, r.title]).map_err(driver)?;
                }
                let mut s = tx.prepare_cached(sql::INSERT_URL).map_err(driver)?;
                for (url, norm) in &m.urls {
                    s.execute(params![id, url, norm]).map_err(driver)?;
                }
            }
            let mut events: Vec<(i64, NewEvent)> = m.events.iter().map(|e| (id, e.clone())).collect();
            let group = match closest {
                Some((i, sim)) => {
                    let (with, f) = &cands[i];
                    // A group can change after intake (bulk grouping), so it is read now, for this one candidate.
                    let with_group: Option<i64> = tx
                        .prepare_cached(sql::GROUP_OF)
                        .and_then(|mut s| s.query_row(params![with], |r| r.get(0)))
                        .map_err(driver)?;
                    let (g, ids, e) = grouping(id, *with, &f.receipt_no, with_group, &sim);
                    let mut s = tx.prepare_cached(sql::SET_GROUP).map_err(driver)?;
                    for gid in ids {
                        s.execute(params![g.group_id, now_s, gid]).map_err(driver)?;
                        events.push((gid, e.clone()));
                    }
                    Some(g)
                }
                None => None,
            };
            if m.closed_at.is_none() {
                let f = Fingerprinted { receipt_no: receipt.clone(), fingerprint: probe.fingerprint().clone() };
                batch.insert(id, Rc::new(f));
            }
            let mut s = tx.prepare_cached(sql::INSERT_EVENT).map_err(driver)?;
            for (mid, e) in &events {
                s.execute(params![
                    mid,
                    e.kind,
                    e.event,
                    e.from_state,
                    e.to_state,
                    e.actor_id,
                    e.actor_name,
                    e.note,
                    e.public,
                    event_detail(e),
                    now_s
                ])
                .map_err(driver)?;
            }
            let mut s = tx.prepare_cached(sql::UPSERT_CLOCK).map_err(driver)?;
            for (key, state, due, body) in &m.clocks {
                s.execute(params![id, key, state, due.map(date), body, now_s]).map_err(driver)?;
            }
            out.push(Intaken { id, receipt_no: receipt, officer_id, group });
        }
        // The filings' operation-log entries, in the same commit (see `logs::Audit`).
        let audits: Vec<crate::logs::NewOpLog> = ms.iter().filter_map(|m| m.audit.as_ref()).map(|a| a.finish(now)).collect();
        insert_ops(&tx, &audits)?;
        tx.commit().map_err(driver)?;
        known.extend(batch);
        Ok(out)
    }

    /// A candidate's receipt number and fingerprint, read from the database.
    fn read_fingerprint(tx: &rusqlite::Transaction<'_>, id: i64) -> StoreResult<Fingerprinted> {
        let (receipt_no, title, description): (String, String, String) = tx
            .prepare_cached(sql::CANDIDATE)
            .and_then(|mut s| s.query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
            .map_err(driver)?;
        let list = |q: &str| -> StoreResult<Vec<String>> {
            tx.prepare_cached(q)
                .and_then(|mut s| s.query_map(params![id], |r| r.get(0))?.collect::<Result<_, _>>())
                .map_err(driver)
        };
        let sketch = MatterSketch {
            id,
            respondent_names: list(sql::CANDIDATE_RESPONDENTS)?,
            right_numbers: list(sql::CANDIDATE_NUMBERS)?,
            urls: list(sql::CANDIDATE_URLS)?,
            text: format!("{title} {description}"),
        };
        Ok(Fingerprinted { receipt_no, fingerprint: Fingerprint::of(&sketch) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filing(prefix: &str, dept_id: i64, officer_id: Option<i64>) -> NewMatter {
        NewMatter {
            receipt_prefix: prefix.into(),
            query_code: String::new(),
            matter_type: "complaint".into(),
            state: "received".into(),
            track: "simple".into(),
            channel: "web".into(),
            title: String::new(),
            description: String::new(),
            amount_cents: None,
            area_code: None,
            cell_code: None,
            dept_id,
            officer_id,
            cross_region: false,
            foreign_party: false,
            real_name: true,
            received_on: NaiveDate::default(),
            created_by: None,
            parties: vec![],
            rights: vec![],
            urls: vec![],
            events: vec![],
            clocks: vec![],
            closed_at: None,
            audit: None,
        }
    }

    /// The batch's officer choice equals asking PICK_OFFICER before each insert: fewest open matters, then lowest
    /// id; a named officer counts too; a filing that is already closed adds nothing.
    #[test]
    fn officers_are_assigned_as_one_by_one() {
        let loads = vec![(7, 1, 2), (5, 1, 1), (9, 2, 0)];
        let mut closed = filing("P", 1, None);
        closed.closed_at = Some(Ts::new(chrono::Utc::now()));
        let ms = [
            filing("P", 1, None),
            filing("P", 1, None),
            filing("P", 1, Some(7)),
            closed,
            filing("P", 1, None),
            filing("P", 3, None),
        ];
        // 5:1 7:2 → 5 (5:2) → tie, lower id 5 (5:3) → named 7 (7:3) → closed: 5 chosen, not counted → 5 (tie 3:3,
        // lower id) → department 3 has nobody.
        assert_eq!(assign_officers(&ms, loads), vec![Some(5), Some(5), Some(7), Some(5), Some(5), None]);
        assert_eq!(officer_depts(&ms).as_deref(), Some("1,3"));
    }

    /// The candidates of a filing are the newest distinct matters over all its keys' lists, at most
    /// DUPLICATE_CANDIDATES; each per-key statement asks for exactly that many.
    #[test]
    fn candidates_merge_the_newest_of_every_key() {
        let names: Vec<i64> = (100..120).rev().collect();
        let numbers = vec![130, 119, 50];
        let urls = vec![125, 118];
        let got = merge_candidates([names, numbers, urls]);
        let mut want: Vec<i64> = vec![130, 125];
        want.extend((100..120).rev());
        want.truncate(DUPLICATE_CANDIDATES);
        assert_eq!(got, want);
        assert_eq!(merge_candidates([vec![3, 1], vec![2, 3]]), vec![3, 2, 1]);
        assert!(merge_candidates(Vec::<Vec<i64>>::new()).is_empty());
        for q in sql::open_by_key(1, 1, 1) {
            assert!(q.ends_with(&format!("LIMIT {DUPLICATE_CANDIDATES}")), "{q}");
        }
        let kinds: Vec<&str> = sql::open_by_key(2, 0, 1).collect();
        assert_eq!(kinds, vec![sql::OPEN_BY_NAME_KEY, sql::OPEN_BY_NAME_KEY, sql::OPEN_BY_URL]);
    }

    /// The writer keeps the newest fingerprints up to its cap, whatever order batches arrive in.
    #[test]
    fn known_fingerprints_keep_the_newest() {
        let f = |i: i64| {
            let fp = Fingerprint::of(&MatterSketch { id: i, text: format!("第{i}件"), ..Default::default() });
            (i, std::rc::Rc::new(fast::Fingerprinted { receipt_no: format!("R{i}"), fingerprint: fp }))
        };
        let mut known = fast::Known::new(3);
        known.extend((1..=2).map(f).collect());
        known.extend([f(10), f(5)].into_iter().collect());
        assert_eq!(known.len(), 3);
        assert!(known.get(1).is_none(), "the oldest went first");
        for id in [2, 5, 10] {
            assert_eq!(known.get(id).map(|k| k.receipt_no.clone()), Some(format!("R{id}")));
        }
        // An older matter read later is kept only while it is among the newest.
        known.extend([f(3)].into_iter().collect());
        assert!(known.get(2).is_none() && known.get(3).is_some());
        known.extend([f(1)].into_iter().collect());
        assert!(known.get(1).is_none());
    }

    /// Receipt numbers continue each prefix's block in filing order, prefixes interleaved.
    #[test]
    fn receipts_follow_their_prefix_blocks() {
        let ms = [filing("A", 1, None), filing("B", 1, None), filing("A", 1, None)];
        let blocks = receipt_blocks(&ms);
        assert_eq!(blocks, vec![("A", 2), ("B", 1)]);
        let got = receipt_numbers(&ms, vec![("A", 41), ("B", 1)]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got, vec!["A-000041", "B-000001", "A-000042"]);
        assert!(receipt_numbers(&ms, vec![("A", 1)]).is_err());
    }
}
