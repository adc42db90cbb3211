//! Shared by the draw tests (`#[path = "draw_support.rs"] mod support;`): the golden fixture, generated credit
//! codes, a small deterministic PRNG for random pools, and a minimal JSON writer for serde (the domain crate has no
//! JSON dependency; the record's JSON shape is whatever serde derives, written here as `serde_json` would).
#![allow(dead_code)]

use serde::ser::{self, Serialize};
use std::fmt::{self, Write as _};
use zhibao_domain::case::ids::CreditCode;
use zhibao_domain::grid::draw::{
    Conflict, DrawParams, Entity, EntityId, InspectionItem, Inspector, InspectorId, LoadCap, PoolFilter, Pools,
    SampleSize, Seed,
};

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------

pub fn cc(s: &str) -> CreditCode {
    CreditCode::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// A valid credit code `91120116` + the 8 digits of `n` + the GB 11714 and GB 32100 check characters.
pub fn credit_code(n: u32) -> CreditCode {
    const ALPHA: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    const CW: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const OW: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let body = format!("{:08}", n % 100_000_000);
    let sum: u32 = body.chars().zip(OW).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    let org = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        v => char::from_digit(v, 10).unwrap_or('0'),
    };
    let first17 = format!("91120116{body}{org}");
    let value = |c: char| ALPHA.iter().position(|&a| a as char == c).unwrap_or(0) as u32;
    let sum: u32 = first17.chars().zip(CW).map(|(c, w)| value(c) * w).sum();
    let check = ALPHA[((31 - sum % 31) % 31) as usize] as char;
    cc(&format!("{first17}{check}"))
}

pub fn entity(id: i64, code: &str, name: &str, cell: &str, industry: &str, tags: &[&str]) -> Entity {
    Entity {
        id: EntityId(id),
        name: name.into(),
        credit_code: cc(code),
        cell_code: cell.into(),
        industry_code: industry.into(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
    }
}

pub fn inspector(id: i64, name: &str, dept: i64, certified: bool) -> Inspector {
    Inspector {
        id: InspectorId(id),
        name: name.into(),
        dept_id: dept,
        certified,
        cells: Vec::new(),
        conflicts: Vec::new(),
        relations: Vec::new(),
    }
}

pub fn golden_seed() -> Seed {
    let mut bytes = [0u8; 32];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = i as u8;
    }
    Seed::from_bytes(bytes)
}

pub fn golden_params() -> DrawParams {
    DrawParams {
        draw_id: "SJ-2026-001".into(),
        year: 2026,
        item: InspectionItem {
            code: "ZSCQ-001".into(),
            name: "商标使用行为检查".into(),
            citation: "商标法 第六十二条".into(),
        },
        filter: PoolFilter::default(),
        sample: SampleSize::Count(3),
        inspectors_per_task: 2,
        load_cap: LoadCap::Auto,
        beacon_source: None,
    }
}

/// Five entities and six inspectors; the recusal data is chosen so that the golden draw meets three reasons.
pub fn golden_pools() -> Pools {
    let entities = vec![
        entity(101, "91120116100000016W", "滨海甲公司", "12011600100101", "C2710", &["重点监管"]),
        entity(102, "91120116100000024P", "滨海乙公司", "12011600100102", "F5137", &[]),
        entity(103, "91120116100000032J", "滨海丙公司", "12011600100101", "C3911", &["重点监管", "示范企业"]),
        entity(104, "91120116100000040D", "滨海丁公司", "12011600100103", "I6510", &[]),
        entity(105, "91120116100000059A", "滨海戊公司", "12011600100102", "C2710", &["知识产权示范"]),
    ];
    let mut zhang = inspector(1, "张三", 10, true);
    zhang.cells = vec!["12011600100101".into()];
    let mut li = inspector(2, "李四", 10, true);
    li.conflicts = vec![Conflict::CreditCode(cc("91120116100000024P"))];
    let mut wang = inspector(3, "王五", 11, true);
    wang.conflicts = vec![Conflict::Entity(EntityId(104))];
    wang.relations = vec![EntityId(105)];
    let zhao = inspector(4, "赵六", 11, false);
    let mut qian = inspector(5, "钱七", 12, true);
    qian.cells = vec!["12011600100102".into()];
    let sun = inspector(6, "孙八", 12, true);
    // Deliberately not in id order: the canonical form sorts.
    Pools::new(entities.into_iter().rev().collect(), vec![sun, zhang, li, wang, zhao, qian])
}

// ---------------------------------------------------------------------------------------------------------------
// Random pools
// ---------------------------------------------------------------------------------------------------------------

/// SplitMix64.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn seed(&mut self) -> Seed {
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_mut(8) {
            chunk.copy_from_slice(&self.next_u64().to_be_bytes());
        }
        Seed::from_bytes(bytes)
    }
}

/// Random pools: `entities` entities in `cells` cells, `inspectors` inspectors with random cells, conflicts (by id
/// or credit code) and relations; ids sparse and shuffled.
pub fn random_pools(rng: &mut Rng, entities: usize, inspectors: usize, cells: u64) -> Pools {
    let cell = |n: u64| format!("1201160010{:04}", n);
    let mut es: Vec<Entity> = (0..entities)
        .map(|i| {
            let id = (i as i64) * 7 + 1 + rng.below(7) as i64;
            let mut tags = Vec::new();
            if rng.chance(20) {
                tags.push("重点监管".to_string());
            }
            if rng.chance(10) {
                tags.push("示范企业".to_string());
            }
            Entity {
                id: EntityId(id),
                name: format!("企业{id}"),
                credit_code: credit_code(10_000_000 + id as u32),
                cell_code: cell(rng.below(cells)),
                industry_code: ["C2710", "F5137", "I6510", "C3911"][rng.below(4) as usize].to_string(),
                tags,
            }
        })
        .collect();
    let ids: Vec<EntityId> = es.iter().map(|e| e.id).collect();
    let mut is: Vec<Inspector> = (0..inspectors)
        .map(|i| {
            let id = (i as i64) * 3 + 1 + rng.below(3) as i64;
            let mut ins = inspector(id, &format!("执法员{id}"), 1 + rng.below(4) as i64, rng.chance(85));
            for c in 0..cells {
                if rng.chance(15) {
                    ins.cells.push(cell(c));
                }
            }
            for e in &es {
                if rng.chance(4) {
                    ins.conflicts.push(if rng.chance(50) {
                        Conflict::Entity(e.id)
                    } else {
                        Conflict::CreditCode(e.credit_code.clone())
                    });
                }
            }
            if rng.chance(10) {
                ins.conflicts.push(Conflict::CreditCode(credit_code(99_000_000 + id as u32)));
            }
            for id in &ids {
                if rng.chance(3) && !ins.relations.contains(id) {
                    ins.relations.push(*id);
                }
            }
            ins
        })
        .collect();
    // Shuffle both.
    for i in (1..es.len()).rev() {
        es.swap(i, rng.below(i as u64 + 1) as usize);
    }
    for i in (1..is.len()).rev() {
        is.swap(i, rng.below(i as u64 + 1) as usize);
    }
    Pools::new(es, is)
}

// ---------------------------------------------------------------------------------------------------------------
// A minimal JSON writer for serde
// ---------------------------------------------------------------------------------------------------------------

#[derive(Debug)]
pub struct JsonError(String);

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JsonError {}

impl ser::Error for JsonError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        JsonError(msg.to_string())
    }
}

/// Serialise `value` to compact JSON.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut out = String::new();
    value.serialize(Json { out: &mut out }).unwrap_or_else(|e| panic!("json: {e}"));
    out
}

pub struct Json<'a> {
    out: &'a mut String,
}

fn escape(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub struct Compound<'a> {
    out: &'a mut String,
    first: bool,
    close: &'static str,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }
    fn key(&mut self, key: &str) {
        self.comma();
        escape(self.out, key);
        self.out.push(':');
    }
}

impl<'a> ser::Serializer for Json<'a> {
    type Ok = ();
    type Error = JsonError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), JsonError> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), JsonError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), JsonError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), JsonError> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), JsonError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), JsonError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), JsonError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), JsonError> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), JsonError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), JsonError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), JsonError> {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), JsonError> {
        escape(self.out, &v.to_string());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), JsonError> {
        escape(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), JsonError> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), JsonError> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), JsonError> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), JsonError> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), JsonError> {
        escape(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> Result<(), JsonError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), JsonError> {
        self.out.push('{');
        escape(self.out, variant);
        self.out.push(':');
        value.serialize(Json { out: &mut *self.out })?;
        self.out.push('}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, JsonError> {
        self.out.push('[');
        Ok(Compound { out: self.out, first: true, close: "]" })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, JsonError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, JsonError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, JsonError> {
        self.out.push('{');
        escape(self.out, variant);
        self.out.push_str(":[");
        Ok(Compound { out: self.out, first: true, close: "]}" })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, JsonError> {
        self.out.push('{');
        Ok(Compound { out: self.out, first: true, close: "}" })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, JsonError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, JsonError> {
        self.out.push('{');
        escape(self.out, variant);
        self.out.push_str(":{");
        Ok(Compound { out: self.out, first: true, close: "}}" })
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        self.comma();
        value.serialize(Json { out: &mut *self.out })
    }
    fn end(self) -> Result<(), JsonError> {
        self.out.push_str(self.close);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), JsonError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), JsonError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), JsonError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), JsonError> {
        self.comma();
        key.serialize(Json { out: &mut *self.out })?;
        self.out.push(':');
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), JsonError> {
        value.serialize(Json { out: &mut *self.out })
    }
    fn end(self) -> Result<(), JsonError> {
        self.out.push_str(self.close);
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), JsonError> {
        self.key(key);
        value.serialize(Json { out: &mut *self.out })
    }
    fn end(self) -> Result<(), JsonError> {
        self.out.push_str(self.close);
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = JsonError;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), JsonError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<(), JsonError> {
        self.out.push_str(self.close);
        Ok(())
    }
}
