//! The byte formats that are hashed, and the keys of the draw. `docs/draw.md` states the same in prose, and
//! `scripts/draw_verify.py` implements it again; change all three together (and the algorithm version).

use super::{Commitment, Conflict, DrawParams, Entity, EntityId, Inspector, LoadCap, SampleSize, Seed};
use sha2::{Digest, Sha256};

/// Between fields (U+001F, unit separator).
const US: u8 = 0x1f;
/// Between the items of a list field (U+001E, record separator).
const RS: u8 = 0x1e;

/// Where canonical bytes go: a buffer or straight into a hasher.
trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

fn hex_digest(hasher: Sha256) -> String {
    hex::encode(hasher.finalize())
}

fn join_sorted(line: &mut Vec<u8>, items: &[String]) {
    if items.len() <= 1 || items.is_sorted() {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                line.push(RS);
            }
            line.extend_from_slice(item.as_bytes());
        }
        return;
    }
    let mut sorted: Vec<&String> = items.iter().collect();
    sorted.sort_unstable();
    for (i, item) in sorted.iter().enumerate() {
        if i > 0 {
            line.push(RS);
        }
        line.extend_from_slice(item.as_bytes());
    }
}

/// Append `n` in decimal.
fn put_int(line: &mut Vec<u8>, n: i64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let negative = n < 0;
    let mut v = n.unsigned_abs();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if negative {
        line.push(b'-');
    }
    line.extend_from_slice(&digits[i..]);
}

/// Lines are gathered into chunks of about this many bytes before they are hashed.
const CHUNK: usize = 1 << 16;

/// The text of a declared conflict in the byte format: `entity:<id>` or `credit_code:<code>`.
pub(super) fn conflict_token(c: &Conflict) -> String {
    match c {
        Conflict::Entity(id) => format!("entity:{id}"),
        Conflict::CreditCode(code) => format!("credit_code:{}", code.as_str()),
    }
}

fn write_entities(out: &mut impl Sink, entities: &[Entity]) {
    let mut sorted: Vec<&Entity> = entities.iter().collect();
    if !entities.windows(2).all(|w| w[0].id <= w[1].id) {
        sorted.sort_by_key(|e| e.id);
    }
    out.put(b"zhibao.draw.entities.v1\n");
    let mut line = Vec::with_capacity(CHUNK + 1024);
    for e in sorted {
        put_int(&mut line, e.id.0);
        for field in [e.credit_code.as_str(), &e.name, &e.cell_code, &e.industry_code] {
            line.push(US);
            line.extend_from_slice(field.as_bytes());
        }
        line.push(US);
        join_sorted(&mut line, &e.tags);
        line.push(b'\n');
        if line.len() >= CHUNK {
            out.put(&line);
            line.clear();
        }
    }
    out.put(&line);
}

fn write_inspectors(out: &mut impl Sink, inspectors: &[Inspector]) {
    let mut sorted: Vec<&Inspector> = inspectors.iter().collect();
    sorted.sort_by_key(|i| i.id);
    out.put(b"zhibao.draw.inspectors.v1\n");
    let mut line = Vec::with_capacity(256);
    for i in sorted {
        line.clear();
        line.extend_from_slice(i.id.0.to_string().as_bytes());
        line.push(US);
        line.extend_from_slice(i.name.as_bytes());
        line.push(US);
        line.extend_from_slice(i.dept_id.to_string().as_bytes());
        line.push(US);
        line.push(if i.certified { b'1' } else { b'0' });
        line.push(US);
        join_sorted(&mut line, &i.cells);
        line.push(US);
        let conflicts: Vec<String> = i.conflicts.iter().map(conflict_token).collect();
        join_sorted(&mut line, &conflicts);
        line.push(US);
        let mut relations: Vec<EntityId> = i.relations.clone();
        relations.sort_unstable();
        let relations: Vec<String> = relations.iter().map(|r| r.0.to_string()).collect();
        for (n, r) in relations.iter().enumerate() {
            if n > 0 {
                line.push(RS);
            }
            line.extend_from_slice(r.as_bytes());
        }
        line.push(b'\n');
        out.put(&line);
    }
}

/// The canonical bytes of the entity pool: the line `zhibao.draw.entities.v1`, then one line per entity in
/// ascending id order: `id ␟ credit_code ␟ name ␟ cell_code ␟ industry_code ␟ tags`, the tags sorted and joined
/// by `␞`.
pub fn entity_pool_bytes(entities: &[Entity]) -> Vec<u8> {
    let mut out = Vec::new();
    write_entities(&mut out, entities);
    out
}

/// SHA-256 of [`entity_pool_bytes`], hex (computed without building the bytes).
pub fn entity_pool_sha256(entities: &[Entity]) -> String {
    let mut h = Sha256::new();
    write_entities(&mut h, entities);
    hex_digest(h)
}

/// The canonical bytes of the inspector pool: the line `zhibao.draw.inspectors.v1`, then one line per inspector in
/// ascending id order: `id ␟ name ␟ dept_id ␟ certified (1|0) ␟ cells ␟ conflicts ␟ relations`; cells and
/// conflict tokens ([`Conflict`] as `entity:<id>` / `credit_code:<code>`) sorted as text, relations sorted as
/// numbers, each list joined by `␞`.
pub fn inspector_pool_bytes(inspectors: &[Inspector]) -> Vec<u8> {
    let mut out = Vec::new();
    write_inspectors(&mut out, inspectors);
    out
}

/// SHA-256 of [`inspector_pool_bytes`], hex.
pub fn inspector_pool_sha256(inspectors: &[Inspector]) -> String {
    let mut h = Sha256::new();
    write_inspectors(&mut h, inspectors);
    hex_digest(h)
}

fn sample_text(sample: SampleSize) -> String {
    match sample {
        SampleSize::Count(k) => format!("count:{k}"),
        SampleSize::Ratio { basis_points, rounding } => format!("ratio:{basis_points}:{}", rounding.as_str()),
    }
}

fn load_cap_text(cap: LoadCap) -> String {
    match cap {
        LoadCap::Auto => "auto".into(),
        LoadCap::Fixed(c) => format!("fixed:{c}"),
        LoadCap::Unlimited => "unlimited".into(),
    }
}

fn sorted_list(items: &[String]) -> String {
    let mut line = Vec::new();
    join_sorted(&mut line, items);
    String::from_utf8_lossy(&line).into_owned()
}

/// The canonical bytes of the parameters: the line `zhibao.draw.params.v1`, then `name=value` lines in this order:
/// `draw_id`, `year`, `item_code`, `item_name`, `item_citation`, `filter_industry_prefixes`, `filter_cell_prefixes`,
/// `filter_exclude_tags` (lists sorted, joined by `␞`), `sample` (`count:<k>` or `ratio:<bp>:<floor|ceil|half_up>`),
/// `inspectors_per_task`, `load_cap` (`auto`, `fixed:<c>`, `unlimited`), `beacon_source` (empty when none).
pub fn params_bytes(p: &DrawParams) -> Vec<u8> {
    let lines = [
        ("draw_id", p.draw_id.clone()),
        ("year", p.year.to_string()),
        ("item_code", p.item.code.clone()),
        ("item_name", p.item.name.clone()),
        ("item_citation", p.item.citation.clone()),
        ("filter_industry_prefixes", sorted_list(&p.filter.industry_prefixes)),
        ("filter_cell_prefixes", sorted_list(&p.filter.cell_prefixes)),
        ("filter_exclude_tags", sorted_list(&p.filter.exclude_tags)),
        ("sample", sample_text(p.sample)),
        ("inspectors_per_task", p.inspectors_per_task.to_string()),
        ("load_cap", load_cap_text(p.load_cap)),
        ("beacon_source", p.beacon_source.clone().unwrap_or_default()),
    ];
    let mut out = b"zhibao.draw.params.v1\n".to_vec();
    for (name, value) in lines {
        out.extend_from_slice(name.as_bytes());
        out.push(b'=');
        out.extend_from_slice(value.as_bytes());
        out.push(b'\n');
    }
    out
}

/// SHA-256 of [`params_bytes`], hex.
pub fn params_sha256(p: &DrawParams) -> String {
    hex::encode(Sha256::digest(params_bytes(p)))
}

/// SHA-256 of the 32 seed bytes, hex.
pub fn seed_sha256(seed: &Seed) -> String {
    hex::encode(Sha256::digest(seed.as_bytes()))
}

/// The canonical bytes of a commitment: the line `zhibao.draw.commitment.v1`, then `name=value` lines:
/// `algorithm`, `params_sha256`, `seed_sha256`, `entity_pool_sha256`, `entity_count`, `inspector_pool_sha256`,
/// `inspector_count` (its own `commitment_sha256` is not part of it).
pub fn commitment_bytes(c: &Commitment) -> Vec<u8> {
    let lines = [
        ("algorithm", c.algorithm.clone()),
        ("params_sha256", c.params_sha256.clone()),
        ("seed_sha256", c.seed_sha256.clone()),
        ("entity_pool_sha256", c.entity_pool_sha256.clone()),
        ("entity_count", c.entity_count.to_string()),
        ("inspector_pool_sha256", c.inspector_pool_sha256.clone()),
        ("inspector_count", c.inspector_count.to_string()),
    ];
    let mut out = b"zhibao.draw.commitment.v1\n".to_vec();
    for (name, value) in lines {
        out.extend_from_slice(name.as_bytes());
        out.push(b'=');
        out.extend_from_slice(value.as_bytes());
        out.push(b'\n');
    }
    out
}

/// The draw key `K`: the seed itself, or with a beacon `SHA-256("zhibao.draw.beacon.v1" ␟ seed ␟ beacon)` (the
/// seed as its 32 raw bytes, the beacon as UTF-8).
pub fn draw_key(seed: &Seed, beacon: Option<&str>) -> [u8; 32] {
    match beacon {
        None => *seed.as_bytes(),
        Some(b) => {
            let mut h = Sha256::new();
            h.update(b"zhibao.draw.beacon.v1");
            h.update([US]);
            h.update(seed.as_bytes());
            h.update([US]);
            h.update(b.as_bytes());
            h.finalize().into()
        }
    }
}

/// An entity's key: `SHA-256(K ‖ "entity" ␟ id)`.
pub fn entity_key(key: &[u8; 32], id: EntityId) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(key);
    h.update(b"entity\x1f");
    h.update(id.0.to_string().as_bytes());
    h.finalize().into()
}

/// Block `b` of the inspector stream of an entity: `SHA-256(K ‖ "inspector" ␟ entity id ␟ b)`.
pub fn inspector_block(key: &[u8; 32], entity: EntityId, block: u64) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(key);
    h.update(b"inspector\x1f");
    h.update(entity.0.to_string().as_bytes());
    h.update([US]);
    h.update(block.to_string().as_bytes());
    h.finalize().into()
}

/// The stream of `u64` values of one entity: four per block, big-endian, in order.
pub(super) struct InspectorStream<'a> {
    key: &'a [u8; 32],
    entity: EntityId,
    block: [u8; 32],
    next: u64,
}

impl<'a> InspectorStream<'a> {
    pub(super) fn new(key: &'a [u8; 32], entity: EntityId) -> Self {
        Self { key, entity, block: [0; 32], next: 0 }
    }

    pub(super) fn next_u64(&mut self) -> u64 {
        let word = (self.next % 4) as usize;
        if word == 0 {
            self.block = inspector_block(self.key, self.entity, self.next / 4);
        }
        self.next += 1;
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&self.block[word * 8..word * 8 + 8]);
        u64::from_be_bytes(bytes)
    }
}
