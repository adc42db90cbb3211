//! Watch lists and alerts (专利预警).
//!
//! A watch list is a saved set of conditions owned by a user or a department: an examiner query (run by the
//! search index, which hands back the ids it matched), applicant names, IPC ranges, title/abstract keywords, a
//! region and patent types. After every import the newly imported or updated patents are checked against every
//! active watch list; each patent that matches and was never alerted for that list raises one alert. The alert is
//! shown in-app (the bell) to the owner — or the department's members — and, when the list has a webhook, posted
//! to it as JSON.
//!
//! Matching: every condition that is set must hold (AND); within one condition any value may match (OR). A list
//! with no condition at all is refused by [`WatchDraft::check`].

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::ipc::IpcPattern;
use super::normalize::applicant_key;
use super::{PatentFacts, PatentKind};
use crate::validate::FieldErrors;

/// Who owns a watch list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Owner {
    /// A user (only they see it and its alerts).
    User(i64),
    /// A department (its members see it, subject to data scope).
    Dept(i64),
}

/// The conditions of a watch list, as entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct WatchDraft {
    /// Name shown in lists.
    pub name: String,
    /// Examiner query (e.g. `TI=(锂电池 OR 电池) AND IPC=H01M*`), run by the search index; empty for none.
    #[serde(default)]
    pub query: String,
    /// Applicants (any of them; compared after name normalisation).
    #[serde(default)]
    pub applicants: Vec<String>,
    /// IPC ranges (any of them).
    #[serde(default)]
    pub ipc: Vec<String>,
    /// Keywords that must appear in the title or abstract (any of them; case-insensitive).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Province, city, district of the first applicant (each optional).
    #[serde(default)]
    pub province: Option<String>,
    /// City.
    #[serde(default)]
    pub city: Option<String>,
    /// District.
    #[serde(default)]
    pub district: Option<String>,
    /// Patent types (any of them); empty for all.
    #[serde(default)]
    pub kinds: Vec<PatentKind>,
    /// Optional webhook URL (http or https) to POST alerts to.
    #[serde(default)]
    pub webhook_url: Option<String>,
    /// Whether the list raises alerts.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// A checked watch rule, ready to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchRule {
    /// Whether the examiner query is set (its hits come from the index).
    pub has_query: bool,
    applicant_keys: BTreeSet<String>,
    ipc: Vec<IpcPattern>,
    keywords: Vec<String>,
    province: Option<String>,
    city: Option<String>,
    district: Option<String>,
    kinds: Vec<PatentKind>,
}

fn clean(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Check a webhook URL: `http://` or `https://`, a host, at most 500 characters, no whitespace.
pub fn check_webhook_url(raw: &str) -> Result<(), &'static str> {
    let url = raw.trim();
    if url.len() > 500 {
        return Err("at most 500 characters");
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("must start with http:// or https://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || url.chars().any(char::is_whitespace) {
        return Err("not a valid URL");
    }
    Ok(())
}

impl WatchDraft {
    /// Check every field; field names are those of the JSON body (`ipc[2]` for the third IPC range).
    pub fn check(&self) -> Result<WatchRule, FieldErrors> {
        let mut e = FieldErrors::new();
        let name = self.name.trim();
        if name.is_empty() {
            e.add("name", "required");
        } else if name.chars().count() > 100 {
            e.add("name", "at most 100 characters");
        }
        if self.query.chars().count() > 2000 {
            e.add("query", "at most 2000 characters");
        }
        let mut ipc = Vec::new();
        for (i, raw) in self.ipc.iter().enumerate() {
            match IpcPattern::parse(raw) {
                Ok(p) => ipc.push(p),
                Err(err) => e.add(format!("ipc[{i}]"), err.to_string()),
            }
        }
        let applicant_keys: BTreeSet<String> =
            self.applicants.iter().map(|a| applicant_key(a)).filter(|k| !k.is_empty()).collect();
        let keywords: Vec<String> =
            self.keywords.iter().map(|k| k.trim().to_lowercase()).filter(|k| !k.is_empty()).collect();
        if self.applicants.len() > 200 {
            e.add("applicants", "at most 200 names");
        }
        if self.keywords.len() > 50 {
            e.add("keywords", "at most 50 keywords");
        }
        if let Some(url) = clean(&self.webhook_url) {
            if let Err(m) = check_webhook_url(&url) {
                e.add("webhook_url", m);
            }
        }
        let rule = WatchRule {
            has_query: !self.query.trim().is_empty(),
            applicant_keys,
            ipc,
            keywords,
            province: clean(&self.province),
            city: clean(&self.city),
            district: clean(&self.district),
            kinds: self.kinds.clone(),
        };
        if !rule.has_query
            && rule.applicant_keys.is_empty()
            && rule.ipc.is_empty()
            && rule.keywords.is_empty()
            && rule.province.is_none()
            && rule.city.is_none()
            && rule.district.is_none()
            && self.ipc.is_empty()
        {
            e.add("query", "set a query or at least one condition");
        }
        e.into_result().map(|()| rule)
    }
}

/// Why a patent matched (shown on the alert).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Reason {
    /// The examiner query matched.
    Query,
    /// This applicant (as written on the patent) matched.
    Applicant(String),
    /// This IPC symbol matched a range.
    Ipc(String),
    /// This keyword was found.
    Keyword(String),
    /// The region matched.
    Region(String),
}

impl WatchRule {
    /// Match one patent. `query_hit` says whether the index found it for the rule's query (ignored when the rule
    /// has none). Returns the reasons, or `None` when some condition fails.
    pub fn matches(&self, p: &PatentFacts, query_hit: bool) -> Option<Vec<Reason>> {
        let mut reasons = Vec::new();
        if self.has_query {
            if !query_hit {
                return None;
            }
            reasons.push(Reason::Query);
        }
        if !self.kinds.is_empty() && !self.kinds.contains(&p.kind) {
            return None;
        }
        if !self.applicant_keys.is_empty() {
            let hit = p.applicants.iter().find(|a| self.applicant_keys.contains(&applicant_key(a)))?;
            reasons.push(Reason::Applicant(hit.clone()));
        }
        if !self.ipc.is_empty() {
            let hit = p.ipc.iter().find(|s| self.ipc.iter().any(|pat| pat.covers_symbol(s)))?;
            reasons.push(Reason::Ipc(hit.clone()));
        }
        if !self.keywords.is_empty() {
            let text = format!("{}\n{}", p.title, p.abstract_text).to_lowercase();
            let hit = self.keywords.iter().find(|k| text.contains(k.as_str()))?;
            reasons.push(Reason::Keyword(hit.clone()));
        }
        let region = [(&self.province, &p.province), (&self.city, &p.city), (&self.district, &p.district)];
        if region.iter().any(|(want, _)| want.is_some()) {
            for (want, got) in region {
                if let Some(w) = want {
                    if got.as_deref().map(str::trim) != Some(w.as_str()) {
                        return None;
                    }
                }
            }
            let shown: Vec<&str> = region.iter().filter_map(|(w, _)| w.as_deref()).collect();
            reasons.push(Reason::Region(shown.join(" / ")));
        }
        Some(reasons)
    }
}

/// An alert to raise: this watch list, this patent, these reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAlert {
    /// Watch list id.
    pub watch_id: i64,
    /// Patent id.
    pub patent_id: i64,
    /// Reasons.
    pub reasons: Vec<Reason>,
}

/// The alerts one watch list raises over a batch of newly imported patents: those that match and have not been
/// alerted for this list before (`already`), in the batch's order, each patent once.
pub fn new_alerts(
    watch_id: i64,
    rule: &WatchRule,
    batch: &[PatentFacts],
    query_hits: &BTreeSet<i64>,
    already: &BTreeSet<i64>,
) -> Vec<NewAlert> {
    let mut seen = BTreeSet::new();
    batch
        .iter()
        .filter(|p| !already.contains(&p.id) && seen.insert(p.id))
        .filter_map(|p| {
            rule.matches(p, query_hits.contains(&p.id)).map(|reasons| NewAlert { watch_id, patent_id: p.id, reasons })
        })
        .collect()
}

/// The state of a webhook delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not attempted (no webhook, or not yet).
    Pending,
    /// The endpoint answered 2xx.
    Delivered,
    /// Network error, timeout or a non-2xx answer (the message is recorded).
    Failed,
}

impl DeliveryStatus {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    /// The status after an HTTP answer with this status code (`None` for no answer).
    pub fn from_http(status: Option<u16>) -> Self {
        match status {
            Some(200..=299) => Self::Delivered,
            _ => Self::Failed,
        }
    }
}

/// One patent in a webhook payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayloadItem {
    /// Patent id in zhibao.
    pub patent_id: i64,
    /// Application number.
    pub application_no: String,
    /// Title.
    pub title: String,
    /// Why it matched.
    pub reasons: Vec<Reason>,
}

/// The JSON body posted to a webhook: one POST per watch list per import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookPayload {
    /// Always `zhibao.patent_watch.alerts`.
    pub event: String,
    /// Watch list id.
    pub watch_id: i64,
    /// Watch list name.
    pub watch_name: String,
    /// When the alerts were raised (RFC 3339 UTC).
    pub raised_at: String,
    /// The patents.
    pub alerts: Vec<PayloadItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patent(id: i64) -> PatentFacts {
        let mut p = PatentFacts::blank(id, "一种锂离子电池的负极材料");
        p.abstract_text = "本发明涉及 Lithium battery anodes.".into();
        p.applicants = vec!["天津某某科技有限责任公司".into(), "天津大学".into()];
        p.ipc = vec!["H01M 4/13".into(), "H01M 10/0525".into()];
        p.province = Some("天津市".into());
        p.city = Some("天津市".into());
        p.district = Some("滨海新区".into());
        p
    }

    fn draft() -> WatchDraft {
        WatchDraft { name: "电池".into(), active: true, ..WatchDraft::default() }
    }

    #[test]
    fn conditions_and_reasons() {
        let p = patent(1);
        let cases: Vec<(&str, WatchDraft, bool, Option<Vec<Reason>>)> = vec![
            (
                "applicant variant",
                WatchDraft { applicants: vec!["天津某某科技有限公司".into()], ..draft() },
                false,
                Some(vec![Reason::Applicant("天津某某科技有限责任公司".into())]),
            ),
            ("applicant absent", WatchDraft { applicants: vec!["南开大学".into()], ..draft() }, false, None),
            (
                "ipc range",
                WatchDraft { ipc: vec!["G06N".into(), "H01M10".into()], ..draft() },
                false,
                Some(vec![Reason::Ipc("H01M 10/0525".into())]),
            ),
            ("ipc miss", WatchDraft { ipc: vec!["G06N".into()], ..draft() }, false, None),
            (
                "keyword in English abstract, any case",
                WatchDraft { keywords: vec!["LITHIUM".into()], ..draft() },
                false,
                Some(vec![Reason::Keyword("lithium".into())]),
            ),
            (
                "region",
                WatchDraft { district: Some("滨海新区".into()), ..draft() },
                false,
                Some(vec![Reason::Region("滨海新区".into())]),
            ),
            ("region miss", WatchDraft { district: Some("南开区".into()), ..draft() }, false, None),
            ("query needs a hit", WatchDraft { query: "TI=电池".into(), ..draft() }, false, None),
            ("query hit", WatchDraft { query: "TI=电池".into(), ..draft() }, true, Some(vec![Reason::Query])),
            (
                "all must hold",
                WatchDraft {
                    query: "TI=电池".into(),
                    ipc: vec!["H01M".into()],
                    keywords: vec!["石墨".into()],
                    ..draft()
                },
                true,
                None,
            ),
            (
                "kind filter",
                WatchDraft { ipc: vec!["H01M".into()], kinds: vec![PatentKind::Design], ..draft() },
                false,
                None,
            ),
        ];
        for (name, d, hit, want) in cases {
            let rule = d.check().unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(rule.matches(&p, hit), want, "{name}");
        }
    }

    #[test]
    fn drafts_are_checked_field_by_field() {
        let bad = WatchDraft {
            name: " ".into(),
            ipc: vec!["H01M".into(), "X99".into()],
            webhook_url: Some("ftp://example.org/hook".into()),
            ..WatchDraft::default()
        };
        let errors = bad.check().expect_err("bad");
        let fields: Vec<&str> = errors.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(fields, vec!["ipc[1]", "name", "webhook_url"]);
        let empty = draft().check().expect_err("no condition");
        assert_eq!(empty.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(), vec!["query"]);
    }

    #[test]
    fn webhook_urls() {
        assert!(check_webhook_url("https://hooks.example.org/x?y=1").is_ok());
        assert!(check_webhook_url("http://127.0.0.1:9000/hook").is_ok());
        for bad in ["", "hooks.example.org", "https://", "https:///x", "https://a b", "javascript:alert(1)"] {
            assert!(check_webhook_url(bad).is_err(), "{bad}");
        }
        assert!(check_webhook_url(&format!("https://a/{}", "x".repeat(600))).is_err());
    }

    #[test]
    fn new_alerts_skip_what_was_already_alerted_and_duplicates() {
        let rule = WatchDraft { ipc: vec!["H01M".into()], ..draft() }.check().expect("ok");
        let mut other = patent(3);
        other.ipc = vec!["G06N 3/08".into()];
        let batch = vec![patent(1), patent(2), patent(2), other];
        let got = new_alerts(7, &rule, &batch, &BTreeSet::new(), &BTreeSet::from([1]));
        assert_eq!(got.iter().map(|a| (a.watch_id, a.patent_id)).collect::<Vec<_>>(), vec![(7, 2)]);
    }

    #[test]
    fn delivery_status_from_http() {
        assert_eq!(DeliveryStatus::from_http(Some(204)), DeliveryStatus::Delivered);
        assert_eq!(DeliveryStatus::from_http(Some(500)), DeliveryStatus::Failed);
        assert_eq!(DeliveryStatus::from_http(Some(302)), DeliveryStatus::Failed);
        assert_eq!(DeliveryStatus::from_http(None), DeliveryStatus::Failed);
    }
}
