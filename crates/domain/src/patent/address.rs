//! Chinese addresses split into province (省级), city (地级) and district (县级), the way applicant addresses
//! appear in CNIPA exports (`天津市滨海新区海洋高新区…`, `广东省深圳市南山区…`).

use serde::{Deserialize, Serialize};

/// An address with the administrative levels that analytics group by. Empty strings mean "not known".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    /// Country code (`CN`, `US`, …) when known.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub country: String,
    /// 省 / 自治区 / 直辖市, e.g. `天津市`, `广东省`; for foreign addresses the state.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub province: String,
    /// 地级市 / 州 / 盟 (for a municipality the municipality itself), e.g. `天津市`, `深圳市`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub city: String,
    /// 区 / 县 / 县级市 / 旗, e.g. `滨海新区`, `南山区`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub district: String,
    /// The address as written.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub text: String,
}

const MUNICIPALITIES: [&str; 4] = ["北京", "天津", "上海", "重庆"];
const REGIONS: [(&str, &str); 5] = [
    ("内蒙古", "内蒙古自治区"),
    ("广西", "广西壮族自治区"),
    ("西藏", "西藏自治区"),
    ("宁夏", "宁夏回族自治区"),
    ("新疆", "新疆维吾尔自治区"),
];
const PROVINCES: [&str; 23] = [
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
];

impl Address {
    /// Split a Chinese address. Recognises the 4 municipalities (with or without 市), 23 provinces (with or
    /// without 省), 5 autonomous regions (short or full name), Hong Kong and Macao; then a city ending in 市 / 州 /
    /// 盟 / 地区, then a district ending in 区 / 县 / 市 / 旗. A leading postcode (`300457 天津市…`) is skipped. Levels
    /// that cannot be recognised stay empty; the text is always kept.
    pub fn parse_cn(text: &str) -> Address {
        let mut a = Address { text: text.trim().to_string(), ..Default::default() };
        let mut rest: &str = a.text.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == ';');
        rest = rest.trim_start_matches("中国").trim_start();
        let take = |rest: &mut &str, prefix: &str| -> bool {
            if let Some(r) = rest.strip_prefix(prefix) {
                *rest = r;
                true
            } else {
                false
            }
        };
        let mut found = false;
        for m in MUNICIPALITIES {
            if take(&mut rest, m) {
                take(&mut rest, "市");
                a.province = format!("{m}市");
                a.city = a.province.clone();
                found = true;
                break;
            }
        }
        if !found {
            for (short, full) in REGIONS {
                if take(&mut rest, full) || take(&mut rest, short) {
                    a.province = full.to_string();
                    found = true;
                    break;
                }
            }
        }
        if !found {
            for p in PROVINCES {
                if take(&mut rest, p) {
                    take(&mut rest, "省");
                    a.province = if p == "台湾" { "台湾省".into() } else { format!("{p}省") };
                    found = true;
                    break;
                }
            }
        }
        if !found {
            for (short, full) in [("香港", "香港特别行政区"), ("澳门", "澳门特别行政区")] {
                if take(&mut rest, full) || take(&mut rest, short) {
                    a.province = full.to_string();
                    a.city = full.to_string();
                    return a;
                }
            }
        }
        if a.province.is_empty() {
            return a;
        }
        if a.city.is_empty() {
            let i = first_suffix(rest, &["市"], 6).or_else(|| first_suffix(rest, &["自治州", "地区", "州", "盟"], 12));
            if let Some(i) = i {
                a.city = rest[..i].to_string();
                rest = &rest[i..];
            }
        }
        if let Some(i) = first_suffix(rest, &["新区", "区", "县", "市", "旗"], 12) {
            a.district = rest[..i].to_string();
        }
        a
    }
}

/// Byte index just after the first suffix of `suffixes` found within the first `max_chars` characters (at least
/// two characters in, so that `市` alone is never a name).
fn first_suffix(s: &str, suffixes: &[&str], max_chars: usize) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (ci, (bi, _)) in s.char_indices().enumerate() {
        if ci >= max_chars {
            break;
        }
        if ci < 1 {
            continue;
        }
        for suf in suffixes {
            if s[bi..].starts_with(suf) {
                let end = bi + suf.len();
                best = Some(end);
                break;
            }
        }
        if best.is_some() {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> (String, String, String) {
        let a = Address::parse_cn(s);
        (a.province, a.city, a.district)
    }

    #[test]
    fn tianjin_and_provinces() {
        let t = |p: &str, c: &str, d: &str| (p.to_string(), c.to_string(), d.to_string());
        assert_eq!(split("天津市滨海新区海洋高新区黄海路249号"), t("天津市", "天津市", "滨海新区"));
        assert_eq!(split("300384 天津市西青区华苑产业区海泰西路18号"), t("天津市", "天津市", "西青区"));
        assert_eq!(split("天津南开区卫津路94号"), t("天津市", "天津市", "南开区"));
        assert_eq!(split("广东省深圳市南山区科技园"), t("广东省", "深圳市", "南山区"));
        assert_eq!(split("江苏苏州工业园区星湖街328号"), t("江苏省", "苏州", "工业园区"));
        assert_eq!(split("新疆维吾尔自治区乌鲁木齐市天山区"), t("新疆维吾尔自治区", "乌鲁木齐市", "天山区"));
        assert_eq!(split("浙江省杭州市余杭区"), t("浙江省", "杭州市", "余杭区"));
        assert_eq!(split("河北省廊坊市三河市燕郊"), t("河北省", "廊坊市", "三河市"));
        assert_eq!(split("Tokyo, Japan"), t("", "", ""));
        assert_eq!(Address::parse_cn(" 天津市和平区 ").text, "天津市和平区");
    }
}
