//! Rendering a data-scope [`Filter`] into SQL.
//!
//! Ids are integers, so they are written into the SQL text directly (no injection is possible from an `i64`),
//! which keeps the fragment identical for both backends and independent of placeholder numbering.

use zhibao_domain::scope::Filter;

/// A boolean SQL expression true for rows the filter allows. `dept_col` is the row's department column,
/// `owner_col` the column holding the owning user's id (`None` when the table has no owner).
pub fn sql(filter: &Filter, dept_col: &str, owner_col: Option<&str>) -> String {
    match filter {
        Filter::All => "1=1".to_string(),
        Filter::Restricted { depts, subtrees, own_user } => {
            let mut ors: Vec<String> = Vec::new();
            if !depts.is_empty() {
                let ids: Vec<String> = depts.iter().map(i64::to_string).collect();
                ors.push(format!("{dept_col} IN ({})", ids.join(",")));
            }
            for root in subtrees {
                ors.push(format!(
                    "{dept_col} IN (SELECT sd.id FROM depts sd WHERE sd.id = {root} OR (',' || sd.ancestors || ',') LIKE '%,{root},%')"
                ));
            }
            if let (Some(u), Some(col)) = (own_user, owner_col) {
                ors.push(format!("{col} = {u}"));
            }
            if ors.is_empty() {
                "1=0".to_string()
            } else {
                format!("({})", ors.join(" OR "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn renders() {
        assert_eq!(sql(&Filter::All, "u.dept_id", None), "1=1");
        let f = Filter::Restricted { depts: BTreeSet::from([3, 4]), subtrees: BTreeSet::new(), own_user: Some(9) };
        assert_eq!(sql(&f, "u.dept_id", Some("u.id")), "(u.dept_id IN (3,4) OR u.id = 9)");
        let none = Filter::Restricted { depts: BTreeSet::new(), subtrees: BTreeSet::new(), own_user: Some(9) };
        assert_eq!(sql(&none, "d.id", None), "1=0");
    }
}
