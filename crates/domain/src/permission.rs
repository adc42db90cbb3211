//! Permission strings (权限标识) in the RuoYi style, `module:resource:action`, and the catalogue of menus and
//! buttons they unlock.
//!
//! A granted string matches a required one segment by segment; `*` in a granted segment matches anything, so the
//! administrator's `*:*:*` matches every permission. Menus and buttons in the console are shown from the same
//! strings that every endpoint checks on the server.

/// The administrator's permission: matches everything.
pub const ALL: &str = "*:*:*";

/// True when `granted` allows `required`.
pub fn matches(granted: &str, required: &str) -> bool {
    let g: Vec<&str> = granted.split(':').collect();
    let r: Vec<&str> = required.split(':').collect();
    if g.len() != r.len() {
        return false;
    }
    g.iter().zip(r.iter()).all(|(g, r)| *g == "*" || g == r)
}

/// True when any of `granted` allows `required`.
pub fn any_matches<'a>(granted: impl IntoIterator<Item = &'a str>, required: &str) -> bool {
    granted.into_iter().any(|g| matches(g, required))
}

/// Whether a catalogue entry is a menu (page) or a button (action on a page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A page in the sidebar.
    Menu,
    /// An action on a page.
    Button,
}

/// One entry of the permission catalogue.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The permission string.
    pub key: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Menu or button.
    pub kind: Kind,
    /// The menu a button belongs to.
    pub parent: Option<&'static str>,
}

const fn menu(key: &'static str, name_zh: &'static str, name_en: &'static str) -> Entry {
    Entry { key, name_zh, name_en, kind: Kind::Menu, parent: None }
}
const fn button(parent: &'static str, key: &'static str, name_zh: &'static str, name_en: &'static str) -> Entry {
    Entry { key, name_zh, name_en, kind: Kind::Button, parent: Some(parent) }
}

/// Every permission the platform knows, in display order.
pub const CATALOGUE: &[Entry] = &[
    menu("system:dept:list", "部门管理", "Departments"),
    button("system:dept:list", "system:dept:add", "新增部门", "Add department"),
    button("system:dept:list", "system:dept:edit", "修改部门", "Edit department"),
    button("system:dept:list", "system:dept:remove", "删除部门", "Delete department"),
    button("system:dept:list", "system:dept:export", "导出部门", "Export departments"),
    button("system:dept:list", "system:dept:import", "导入部门", "Import departments"),
    menu("system:user:list", "用户管理", "Users"),
    button("system:user:list", "system:user:query", "查看用户", "View user"),
    button("system:user:list", "system:user:add", "新增用户", "Add user"),
    button("system:user:list", "system:user:edit", "修改用户", "Edit user"),
    button("system:user:list", "system:user:remove", "删除用户", "Delete user"),
    button("system:user:list", "system:user:resetPwd", "重置密码", "Reset password"),
    button("system:user:list", "system:user:export", "导出用户", "Export users"),
    button("system:user:list", "system:user:import", "导入用户", "Import users"),
    menu("system:role:list", "角色管理", "Roles"),
    button("system:role:list", "system:role:add", "新增角色", "Add role"),
    button("system:role:list", "system:role:edit", "修改角色", "Edit role"),
    button("system:role:list", "system:role:remove", "删除角色", "Delete role"),
    menu("system:dict:list", "字典管理", "Dictionaries"),
    button("system:dict:list", "system:dict:add", "新增字典", "Add dictionary"),
    button("system:dict:list", "system:dict:edit", "修改字典", "Edit dictionary"),
    button("system:dict:list", "system:dict:remove", "删除字典", "Delete dictionary"),
    menu("monitor:operlog:list", "操作日志", "Operation log"),
    menu("monitor:logininfor:list", "登录日志", "Login log"),
    menu("geo:map:view", "组织地图", "Organisation map"),
    menu("case:matter:list", "事项管理", "Matters"),
    button("case:matter:list", "case:matter:add", "登记事项", "Register a matter"),
    button("case:matter:list", "case:matter:export", "导出事项", "Export matters"),
    button("case:matter:list", "case:matter:import", "导入事项", "Import matters"),
    button("case:matter:list", "case:matter:assign", "分拨/转办", "Assign / transfer"),
    button("case:matter:list", "case:matter:group", "类案归并", "Group similar matters"),
    button("case:matter:list", "case:matter:refer", "移送（行刑衔接等）", "Refer out"),
    button("case:matter:list", "case:matter:note", "添加备注", "Add notes"),
    button("case:matter:list", "case:reporter:view", "查看举报人身份", "See reporters' identity"),
    button("case:matter:list", "case:clock:suspend", "中止/恢复计时", "Suspend / resume clocks"),
    button("case:matter:list", "case:clock:extend", "批准延长期限", "Approve extensions"),
    menu("case:task:list", "我的待办", "My deadlines"),
    menu("case:overdue:list", "超期督办", "Overdue board"),
    menu("case:dispatch:list", "分拨规则", "Dispatch rules"),
    button("case:dispatch:list", "case:dispatch:edit", "维护分拨规则", "Edit dispatch rules"),
    menu("case:calendar:list", "工作日历", "Working-day calendar"),
    button("case:calendar:list", "case:calendar:edit", "维护年度放假安排", "Edit year tables"),
    button("case:matter:list", "evidence:item:view", "查看证据、下载证据包", "View evidence, download packages"),
    button("case:matter:list", "evidence:item:add", "固定证据（上传存证）", "Add evidence"),
    menu("evidence:ledger:view", "存证账本", "Evidence ledger"),
    button("evidence:ledger:view", "evidence:ledger:verify", "校验账本", "Verify the ledger"),
    button("evidence:ledger:view", "evidence:ledger:peers", "维护互认地区", "Manage peer regions"),
    // Grid registry (网格监管: 市场主体, 网格管理, 风险热力图) — helper A, issue 6.
    menu("grid:entity:list", "市场主体", "Market entities"),
    button("grid:entity:list", "grid:entity:add", "新增市场主体", "Add entity"),
    button("grid:entity:list", "grid:entity:edit", "修改市场主体", "Edit entity"),
    button("grid:entity:list", "grid:entity:remove", "删除市场主体", "Delete entity"),
    button("grid:entity:list", "grid:entity:import", "导入市场主体", "Import entities"),
    button("grid:entity:list", "grid:entity:export", "导出市场主体", "Export entities"),
    menu("grid:geo:list", "网格管理", "Grid administration"),
    button("grid:geo:list", "grid:geo:import", "导入区域与网格", "Import areas and cells"),
    button("grid:geo:list", "grid:geo:generate", "生成六边形网格", "Generate hexagon cells"),
    button("grid:geo:list", "grid:geo:station", "维护工作站", "Edit stations"),
    button("grid:geo:list", "grid:geo:assign", "指派网格员", "Assign grid inspectors"),
    menu("grid:heatmap:view", "风险热力图", "Risk heat map"),
    // Grid draws, inspection tasks, closed loop, joint enforcement (双随机一公开 …) — helper B, issue 6.
    menu("grid:draw:list", "双随机抽查", "Random inspections"),
    button("grid:draw:list", "grid:draw:item", "维护检查事项清单", "Edit the inspection-item list"),
    button("grid:draw:list", "grid:draw:inspector", "维护执法检查人员名录", "Edit the inspector pool"),
    button("grid:draw:list", "grid:draw:plan", "制定抽查计划", "Plan draws"),
    button("grid:draw:list", "grid:draw:run", "承诺与抽取", "Commit and draw"),
    button("grid:draw:list", "grid:draw:publish", "公示抽查结果", "Publish results"),
    menu("grid:task:list", "检查任务", "Inspection tasks"),
    button("grid:task:list", "grid:task:add", "新建检查任务", "Add ad-hoc tasks"),
    button("grid:task:list", "grid:task:edit", "填报检查结果", "Record results"),
    button("grid:task:list", "grid:task:matter", "发现问题转立案", "Open a matter from a finding"),
    menu("grid:event:list", "网格事件", "Grid events"),
    button("grid:event:list", "grid:event:add", "上报网格事件", "Report events"),
    button("grid:event:list", "grid:event:step", "办理闭环环节", "Take loop steps"),
    menu("grid:joint:list", "联合执法", "Joint enforcement"),
    button("grid:joint:list", "grid:joint:edit", "维护联合执法行动", "Edit joint actions"),
    // patents (issue 5, patents core)
    menu("patent:search:list", "专利检索", "Patent search"),
    button("patent:search:list", "patent:search:export", "导出检索结果", "Export results"),
    menu("patent:import:add", "专利导入", "Patent import"),
    // Patent analytics and watch lists (专利分析/预警, issue 5 items 5–9).
    menu("patent:analysis:view", "专利分析", "Patent analytics"),
    button("patent:analysis:view", "patent:analysis:settings", "高价值口径与人口设置", "High-value settings and populations"),
    button("patent:analysis:view", "patent:analysis:import", "导入产业参照关系表", "Import industry concordance tables"),
    menu("patent:watch:list", "专利预警", "Patent watch"),
    button("patent:watch:list", "patent:watch:edit", "维护预警清单", "Edit watch lists"),
];

/// The whole catalogue: [`CATALOGUE`] plus one button per procedure step permission (`case:<type>:<action>`,
/// under 事项管理), taken from the procedure tables so a new procedure's permissions appear by themselves.
pub fn catalogue() -> Vec<Entry> {
    let mut out: Vec<Entry> = CATALOGUE.to_vec();
    for p in crate::case::procedure::registry() {
        for t in p.transitions {
            if !out.iter().any(|e| e.key == t.permission) {
                out.push(button("case:matter:list", t.permission, t.name_zh, t.event));
            }
        }
    }
    out
}

/// True when `key` is in the catalogue (or is the administrator's wildcard).
pub fn is_known(key: &str) -> bool {
    key == ALL || catalogue().iter().any(|e| e.key == key)
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_key_has_three_parts_so_the_admin_wildcard_covers_it() {
        for e in catalogue() {
            assert_eq!(e.key.split(':').count(), 3, "{} must be module:entity:action", e.key);
            assert!(matches(ALL, e.key), "{} is not covered by {ALL}", e.key);
        }
    }

    use super::*;

    #[test]
    fn wildcard_and_exact() {
        assert!(matches(ALL, "system:user:add"));
        assert!(matches("system:user:*", "system:user:add"));
        assert!(!matches("system:user:*", "system:role:add"));
        assert!(matches("system:user:add", "system:user:add"));
        assert!(!matches("system:user:add", "system:user:edit"));
        assert!(!matches("system:user", "system:user:add"));
        assert!(any_matches(["a:b:c", "system:dept:list"], "system:dept:list"));
    }

    #[test]
    fn catalogue_is_consistent() {
        for e in CATALOGUE {
            if let Some(p) = e.parent {
                assert!(CATALOGUE.iter().any(|m| m.key == p && m.kind == Kind::Menu), "{}", e.key);
            }
            assert_eq!(e.key.split(':').count(), 3, "{}", e.key);
        }
        assert!(is_known("system:user:add"));
        assert!(is_known("case:complaint:accept"), "procedure permissions are in the catalogue");
        assert!(!is_known("system:user:fly"));
    }
}
