//! Department data scope (数据权限).
//!
//! Each role carries one of five scopes (RuoYi's `data_scope`): all data, custom departments, own department,
//! own department and below, or only the user's own records. A user with several roles sees the union of what
//! each role allows. [`effective`] folds a user's roles into one [`Filter`], which the store renders into the
//! `WHERE` clause of every list and read — the UI never decides what a user may see.

use crate::validate::ValidationError;
use std::collections::BTreeSet;

/// One role's data scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataScope {
    /// 全部数据权限
    All,
    /// 自定数据权限: the departments listed on the role.
    Custom,
    /// 本部门数据权限
    Dept,
    /// 本部门及以下数据权限
    DeptAndBelow,
    /// 仅本人数据权限
    SelfOnly,
}

impl DataScope {
    /// Parse the stored code.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        Ok(match raw.trim() {
            "all" => Self::All,
            "custom" => Self::Custom,
            "dept" => Self::Dept,
            "dept_and_below" => Self::DeptAndBelow,
            "self" => Self::SelfOnly,
            _ => return Err(ValidationError::OneOf("all, custom, dept, dept_and_below, self".into())),
        })
    }
    /// The stored code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Custom => "custom",
            Self::Dept => "dept",
            Self::DeptAndBelow => "dept_and_below",
            Self::SelfOnly => "self",
        }
    }
}

/// A role's scope with its custom departments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleScope {
    /// The scope.
    pub scope: DataScope,
    /// Departments of a `Custom` scope.
    pub custom_depts: Vec<i64>,
}

/// What a user may see, after folding every role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Everything.
    All,
    /// Only records matching at least one of these.
    Restricted {
        /// Departments seen exactly.
        depts: BTreeSet<i64>,
        /// Departments seen with all their descendants.
        subtrees: BTreeSet<i64>,
        /// The user's own records (`created_by` / the user row itself).
        own_user: Option<i64>,
    },
}

impl Filter {
    /// True when nothing at all is visible (a user without roles).
    pub fn is_empty(&self) -> bool {
        matches!(self, Filter::Restricted { depts, subtrees, own_user: None } if depts.is_empty() && subtrees.is_empty())
    }
}

/// Fold the scopes of a user's active roles. A user without roles sees nothing.
pub fn effective(roles: &[RoleScope], user_id: i64, user_dept: i64) -> Filter {
    let mut depts = BTreeSet::new();
    let mut subtrees = BTreeSet::new();
    let mut own_user = None;
    for r in roles {
        match r.scope {
            DataScope::All => return Filter::All,
            DataScope::Custom => depts.extend(r.custom_depts.iter().copied()),
            DataScope::Dept => {
                depts.insert(user_dept);
            }
            DataScope::DeptAndBelow => {
                subtrees.insert(user_dept);
            }
            DataScope::SelfOnly => own_user = Some(user_id),
        }
    }
    Filter::Restricted { depts, subtrees, own_user }
}

/// Decide in memory whether a record owned by `owner` in department `dept` (whose ancestors path is
/// `ancestors`, see [`crate::dept`]) is visible. The store applies the same rule in SQL; this is used for writes
/// and in tests as the reference.
pub fn allows(filter: &Filter, dept: i64, ancestors: &[i64], owner: Option<i64>) -> bool {
    match filter {
        Filter::All => true,
        Filter::Restricted { depts, subtrees, own_user } => {
            depts.contains(&dept)
                || subtrees.contains(&dept)
                || ancestors.iter().any(|a| subtrees.contains(a))
                || (own_user.is_some() && owner == *own_user)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(scope: DataScope, custom: &[i64]) -> RoleScope {
        RoleScope { scope, custom_depts: custom.to_vec() }
    }

    #[test]
    fn all_wins() {
        assert_eq!(effective(&[rs(DataScope::SelfOnly, &[]), rs(DataScope::All, &[])], 1, 10), Filter::All);
    }

    #[test]
    fn union_of_scopes() {
        let f = effective(&[rs(DataScope::Dept, &[]), rs(DataScope::Custom, &[7, 8])], 1, 10);
        assert!(allows(&f, 10, &[0, 1], None));
        assert!(allows(&f, 7, &[0, 1], None));
        assert!(!allows(&f, 11, &[0, 1, 10], None), "dept scope does not reach children");
    }

    #[test]
    fn dept_and_below_reaches_descendants() {
        let f = effective(&[rs(DataScope::DeptAndBelow, &[])], 1, 10);
        assert!(allows(&f, 10, &[0, 1], None));
        assert!(allows(&f, 12, &[0, 1, 10, 11], None));
        assert!(!allows(&f, 1, &[0], None));
    }

    #[test]
    fn self_only_and_no_roles() {
        let f = effective(&[rs(DataScope::SelfOnly, &[])], 5, 10);
        assert!(allows(&f, 10, &[], Some(5)));
        assert!(!allows(&f, 10, &[], Some(6)));
        assert!(effective(&[], 5, 10).is_empty());
    }

    #[test]
    fn codes_round_trip() {
        for s in ["all", "custom", "dept", "dept_and_below", "self"] {
            assert_eq!(DataScope::parse(s).map(DataScope::as_str), Ok(s));
        }
        assert!(DataScope::parse("everything").is_err());
    }
}
