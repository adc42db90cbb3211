//! The department tree (部门) and its ancestors path.
//!
//! Each department stores `ancestors`, the comma-separated ids from the root marker `0` down to its parent
//! (RuoYi's convention: the root's is `"0"`, its child's `"0,100"`). Subtree queries become one string match,
//! and moving a department rewrites the prefix of every descendant.

use thiserror::Error;

/// Why a department may not be placed where asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TreeError {
    /// The new parent is the department itself or one of its descendants.
    #[error("上级部门不能是本部门或其下级部门")]
    Cycle,
}

/// The ancestors path of a child of `parent` (whose own path is `parent_ancestors`).
pub fn child_ancestors(parent_id: i64, parent_ancestors: &str) -> String {
    format!("{parent_ancestors},{parent_id}")
}

/// Parse an ancestors path into ids (ignoring the root marker `0`).
pub fn parse_ancestors(path: &str) -> Vec<i64> {
    path.split(',').filter_map(|p| p.trim().parse::<i64>().ok()).filter(|id| *id != 0).collect()
}

/// Check that moving department `id` under `new_parent` (with path `new_parent_ancestors`) keeps a tree.
pub fn check_move(id: i64, new_parent: i64, new_parent_ancestors: &str) -> Result<(), TreeError> {
    if new_parent == id || parse_ancestors(new_parent_ancestors).contains(&id) {
        return Err(TreeError::Cycle);
    }
    Ok(())
}

/// Rewrite a descendant's path after its ancestor moved: replace the `old_prefix` it starts with by `new_prefix`.
pub fn rebase(path: &str, old_prefix: &str, new_prefix: &str) -> String {
    match path.strip_prefix(old_prefix) {
        Some(rest) => format!("{new_prefix}{rest}"),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(child_ancestors(100, "0"), "0,100");
        assert_eq!(parse_ancestors("0,100,101"), vec![100, 101]);
        assert_eq!(check_move(101, 101, "0,100"), Err(TreeError::Cycle));
        assert_eq!(check_move(100, 102, "0,100,101"), Err(TreeError::Cycle));
        assert_eq!(check_move(103, 102, "0,100,101"), Ok(()));
        assert_eq!(rebase("0,100,101,105", "0,100,101", "0,200"), "0,200,105");
    }
}
