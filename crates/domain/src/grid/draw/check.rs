//! Field-level validation of the parameters and pools of a draw. Keys are field paths: `draw_id`, `item.name`,
//! `sample`, `entities`, `entities[3].cell_code` (index in the order given), `inspectors[0].conflicts` …

use super::{DrawParams, Entity, Inspector, LoadCap, Pools, SampleSize};
use crate::validate::FieldErrors;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A fast non-cryptographic hasher (FxHash's multiply-rotate) for the duplicate checks over large pools: the keys
/// are ids and credit codes of the office's own data, so collision flooding is not a concern, and SipHash made
/// validating 100 000 entries several times slower.
#[derive(Default)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_i64(&mut self, n: i64) {
        self.write_u64(n as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Free text: 1–`max` characters, no control characters, no leading or trailing blanks. Works on the UTF-8 bytes
/// (this runs for every entry of pools of 100 000): characters are the bytes that do not continue a sequence, and
/// the control characters (Unicode Cc) are the bytes below 0x20, 0x7F, and U+0080–U+009F = `C2 80`–`C2 9F`.
fn text(s: &str, max: usize) -> Result<(), String> {
    let bytes = s.as_bytes();
    let n = bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
    if n == 0 {
        return Err("不能为空".into());
    }
    if n > max {
        return Err(format!("长度应为 1–{max} 个字符"));
    }
    let control = bytes.iter().enumerate().any(|(i, &b)| {
        b < 0x20 || b == 0x7F || (b == 0xC2 && bytes.get(i + 1).is_some_and(|&c| (0x80..=0x9F).contains(&c)))
    });
    if control {
        return Err("不能包含控制字符".into());
    }
    if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        return Err("首尾不能有空白".into());
    }
    Ok(())
}

/// A code: 1–`max` of ASCII letters, digits, `_ - .`.
fn code(s: &str, max: usize) -> Result<(), String> {
    if s.is_empty() {
        return Err("不能为空".into());
    }
    if s.len() > max || !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        return Err(format!("应为 1–{max} 位字母、数字、下划线、连字符或点"));
    }
    Ok(())
}

fn industry(s: &str) -> Result<(), String> {
    if s.is_empty() || s.len() > 8 || !s.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("国民经济行业分类代码应为 1–8 位字母或数字".into());
    }
    Ok(())
}

fn put(errors: &mut FieldErrors, field: impl FnOnce() -> String, result: Result<(), String>) {
    if let Err(message) = result {
        errors.add(field(), message);
    }
}

fn no_duplicates<T: Eq + Hash>(items: &[T]) -> Result<(), String> {
    let unique = if items.len() <= 16 {
        items.iter().enumerate().all(|(i, a)| !items[..i].contains(a))
    } else {
        let mut seen = HashSet::with_capacity(items.len());
        items.iter().all(|i| seen.insert(i))
    };
    if unique {
        Ok(())
    } else {
        Err("有重复项".into())
    }
}

/// Check each item of a list field and that none repeats; `field` names the list (built only on error).
fn check_list(
    errors: &mut FieldErrors,
    field: impl Fn() -> String,
    items: &[String],
    each: impl Fn(&str) -> Result<(), String>,
) {
    for (i, item) in items.iter().enumerate() {
        put(errors, || format!("{}[{i}]", field()), each(item));
    }
    put(errors, field, no_duplicates(items));
}

fn check_params(errors: &mut FieldErrors, p: &DrawParams) {
    let draw_id_ok = p.draw_id.len() >= 2 && p.draw_id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    put(errors, || "draw_id".into(), code(&p.draw_id, 64));
    if !draw_id_ok {
        errors.add("draw_id", "应为 2–64 位，以字母或数字开头");
    }
    if !(2000..=2100).contains(&p.year) {
        errors.add("year", "年度应在 2000–2100 之间");
    }
    put(errors, || "item.code".into(), code(&p.item.code, 64));
    put(errors, || "item.name".into(), text(&p.item.name, 100));
    put(errors, || "item.citation".into(), text(&p.item.citation, 500));
    check_list(errors, || "filter.industry_prefixes".into(), &p.filter.industry_prefixes, industry);
    check_list(errors, || "filter.cell_prefixes".into(), &p.filter.cell_prefixes, |s| code(s, 32));
    check_list(errors, || "filter.exclude_tags".into(), &p.filter.exclude_tags, |s| text(s, 20));
    match p.sample {
        SampleSize::Count(0) => errors.add("sample", "抽取数量至少为 1"),
        SampleSize::Ratio { basis_points, .. } if !(1..=10_000).contains(&basis_points) => {
            errors.add("sample", "抽取比例应为 1–10000 个基点（0.01%–100%）")
        }
        _ => {}
    }
    if p.inspectors_per_task < 2 {
        errors.add("inspectors_per_task", "每组执法检查人员不得少于 2 人（行政处罚法 第四十二条）");
    }
    if p.load_cap == LoadCap::Fixed(0) {
        errors.add("load_cap", "每人任务上限至少为 1");
    }
    if let Some(b) = &p.beacon_source {
        put(errors, || "beacon_source".into(), text(b, 200));
    }
}

fn check_entity(errors: &mut FieldErrors, i: usize, e: &Entity, p: &DrawParams) {
    if e.id.0 < 1 {
        errors.add(format!("entities[{i}].id"), "ID 应为正整数");
    }
    put(errors, || format!("entities[{i}].name"), text(&e.name, 200));
    put(errors, || format!("entities[{i}].cell_code"), code(&e.cell_code, 32));
    put(errors, || format!("entities[{i}].industry_code"), industry(&e.industry_code));
    check_list(errors, || format!("entities[{i}].tags"), &e.tags, |s| text(s, 20));
    if !p.filter.matches(e) {
        errors.add(format!("entities[{i}]"), "不在本次抽查范围内（行业、网格或排除标签不符）");
    }
}

fn check_inspector(errors: &mut FieldErrors, i: usize, ins: &Inspector) {
    if ins.id.0 < 1 {
        errors.add(format!("inspectors[{i}].id"), "ID 应为正整数");
    }
    put(errors, || format!("inspectors[{i}].name"), text(&ins.name, 50));
    if ins.dept_id < 1 {
        errors.add(format!("inspectors[{i}].dept_id"), "部门 ID 应为正整数");
    }
    check_list(errors, || format!("inspectors[{i}].cells"), &ins.cells, |s| code(s, 32));
    put(errors, || format!("inspectors[{i}].conflicts"), no_duplicates(&ins.conflicts));
    for (j, c) in ins.conflicts.iter().enumerate() {
        if matches!(c, super::Conflict::Entity(id) if id.0 < 1) {
            errors.add(format!("inspectors[{i}].conflicts[{j}]"), "ID 应为正整数");
        }
    }
    put(errors, || format!("inspectors[{i}].relations"), no_duplicates(&ins.relations));
    for (j, r) in ins.relations.iter().enumerate() {
        if r.0 < 1 {
            errors.add(format!("inspectors[{i}].relations[{j}]"), "ID 应为正整数");
        }
    }
}

/// Check the parameters against the pools: every field, the pools not empty, ids and credit codes unique, every
/// entity inside the filter, `1 ≤ k ≤` pool size, at least `inspectors_per_task` certified inspectors, and a fixed
/// load cap large enough for `k × inspectors_per_task` assignments.
pub fn check(params: &DrawParams, pools: &Pools) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    check_params(&mut errors, params);

    if pools.entities.is_empty() {
        errors.add("entities", "检查对象名录库为空");
    }
    // Pools in canonical order (ids strictly increasing) need no map to find repeated ids.
    let ids_increasing = pools.entities.windows(2).all(|w| w[0].id < w[1].id);
    let mut ids =
        FastMap::with_capacity_and_hasher(if ids_increasing { 0 } else { pools.entities.len() }, Default::default());
    let mut codes = FastMap::with_capacity_and_hasher(pools.entities.len(), Default::default());
    for (i, e) in pools.entities.iter().enumerate() {
        check_entity(&mut errors, i, e, params);
        if !ids_increasing {
            if let Some(first) = ids.insert(e.id, i) {
                errors.add(format!("entities[{i}].id"), format!("ID {} 与第 {first} 项重复", e.id));
            }
        }
        // 18 ASCII characters, 7 bits each: the number is the code.
        let code = e.credit_code.as_str().bytes().fold(0u128, |acc, b| (acc << 7) | u128::from(b));
        if let Some(first) = codes.insert(code, i) {
            errors.add(format!("entities[{i}].credit_code"), format!("统一社会信用代码与第 {first} 项重复"));
        }
    }

    if pools.inspectors.is_empty() {
        errors.add("inspectors", "执法检查人员名录库为空");
    }
    let mut inspector_ids = FastMap::with_capacity_and_hasher(pools.inspectors.len(), Default::default());
    for (i, ins) in pools.inspectors.iter().enumerate() {
        check_inspector(&mut errors, i, ins);
        if let Some(first) = inspector_ids.insert(ins.id, i) {
            errors.add(format!("inspectors[{i}].id"), format!("ID {} 与第 {first} 项重复", ins.id));
        }
    }

    let n = pools.entities.len();
    let k = params.sample.resolve(n);
    if n > 0 {
        match params.sample {
            SampleSize::Count(c) if c > 0 && u64::from(c) > n as u64 => {
                errors.add("sample", format!("抽取数量 {c} 超过检查对象名录库的 {n} 户"))
            }
            SampleSize::Ratio { basis_points, .. } if (1..=10_000).contains(&basis_points) && k == 0 => {
                errors.add("sample", format!("按比例从 {n} 户中抽取的数量为 0，请提高比例或改用向上取整"))
            }
            _ => {}
        }
    }
    let certified = pools.inspectors.iter().filter(|i| i.certified).count();
    let m = params.inspectors_per_task;
    if !pools.inspectors.is_empty() && m >= 2 && (certified as u64) < u64::from(m) {
        errors.add("inspectors", format!("持证执法人员只有 {certified} 人，少于每组人数 {m}"));
    }
    if let LoadCap::Fixed(c) = params.load_cap {
        if c > 0 && k > 0 && u64::from(c) * (certified as u64) < k * u64::from(m) {
            errors.add(
                "load_cap",
                format!("每人上限 {c} × 持证 {certified} 人 少于所需 {k} 户 × {m} 人，必有任务无法配齐"),
            );
        }
    }
    errors.into_result()
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn text_counts_characters_and_finds_controls_on_bytes() {
        assert!(text("知识产权", 4).is_ok());
        assert!(text("知识产权", 3).is_err());
        assert!(text("", 3).is_err());
        for bad in ["a\nb", "a\u{1f}b", "a\u{7f}", "a\u{85}b", "a\u{9f}"] {
            assert_eq!(text(bad, 10), Err("不能包含控制字符".into()), "{bad:?}");
        }
        // U+00A0 (C2 A0) is not a control character, but it is a blank at the end.
        assert_eq!(text("a\u{a0}", 10), Err("首尾不能有空白".into()));
        assert!(text("a\u{a0}b", 10).is_ok());
        for c in ['\u{0}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}', '\u{a0}', '知'] {
            let s = format!("a{c}b");
            assert_eq!(text(&s, 10).is_err(), c.is_control(), "{c:?}");
        }
    }
}
