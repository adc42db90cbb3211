//! The closed loop of grid events (网格事件闭环, GB/T 30428 / CJJ/T 106 pattern, procedure.md §8):
//! 信息收集 → 案卷建立 → 任务派遣 → 任务处理 → 处理反馈 → 核查结案 → 综合评价.
//!
//! An explicit state machine: [`Stage`] is where an event stands, [`Step`] what may happen to it, [`transition`]
//! the only way to move; a step not allowed in a stage is refused with the allowed ones ([`StepError`]). A step
//! back from 核查 to 处理 ([`Step::Rework`]) is a rework (返工), counted by the evaluation ([`evaluate`]).
//!
//! Note (procedure.md §8): GB/T 30428 is a city-management standard; for an IP office it is a design pattern, not
//! a legal obligation. The evaluation indicators (按期处置率, 返工率) follow GB/T 30428.4 [R] as named there.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a grid event stands (the step last completed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 信息收集: reported (by an inspector or the public), not yet filed.
    Collected,
    /// 案卷建立: filed as a case file (立案), to be dispatched.
    Filed,
    /// 任务派遣: dispatched to a department with a due date, not yet taken up.
    Dispatched,
    /// 任务处理: the department is handling it.
    Handling,
    /// 处理反馈: the department reported back; awaiting verification.
    FedBack,
    /// 核查结案: verified on site and closed.
    Closed,
    /// 综合评价: evaluated (final).
    Evaluated,
    /// 不予立案: not a matter for the grid (final).
    Dismissed,
}

/// The stages in loop order (for boards and statistics).
pub const STAGES: &[Stage] = &[
    Stage::Collected,
    Stage::Filed,
    Stage::Dispatched,
    Stage::Handling,
    Stage::FedBack,
    Stage::Closed,
    Stage::Evaluated,
    Stage::Dismissed,
];

impl Stage {
    /// The code (`collected`, `filed`, …).
    pub fn code(self) -> &'static str {
        match self {
            Stage::Collected => "collected",
            Stage::Filed => "filed",
            Stage::Dispatched => "dispatched",
            Stage::Handling => "handling",
            Stage::FedBack => "fed_back",
            Stage::Closed => "closed",
            Stage::Evaluated => "evaluated",
            Stage::Dismissed => "dismissed",
        }
    }
    /// Parse a code.
    pub fn parse(code: &str) -> Option<Stage> {
        STAGES.iter().copied().find(|s| s.code() == code)
    }
    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Stage::Collected => "信息收集",
            Stage::Filed => "案卷建立",
            Stage::Dispatched => "任务派遣",
            Stage::Handling => "任务处理",
            Stage::FedBack => "处理反馈",
            Stage::Closed => "核查结案",
            Stage::Evaluated => "综合评价",
            Stage::Dismissed => "不予立案",
        }
    }
    /// Final stages take no step.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Evaluated | Stage::Dismissed)
    }
    /// Stages in which the event is still open (before 核查结案).
    pub fn is_open(self) -> bool {
        !matches!(self, Stage::Closed | Stage::Evaluated | Stage::Dismissed)
    }
}

/// The post (岗位) that takes a step (GB/T 30428.4 岗位评价: 监督员, 受理员/值班长, 派遣员, 处置部门, 核查员, 评价).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Post {
    /// 监督员 / 网格员 (or the public) — reports.
    Supervisor,
    /// 受理员 — files or dismisses.
    Registrar,
    /// 派遣员 — dispatches.
    Dispatcher,
    /// 处置部门 — handles and reports back.
    Handler,
    /// 核查员 — verifies and closes, or sends back.
    Verifier,
    /// 评价 (监督中心) — evaluates.
    Evaluator,
}

impl Post {
    /// Code.
    pub fn code(self) -> &'static str {
        match self {
            Post::Supervisor => "supervisor",
            Post::Registrar => "registrar",
            Post::Dispatcher => "dispatcher",
            Post::Handler => "handler",
            Post::Verifier => "verifier",
            Post::Evaluator => "evaluator",
        }
    }
    /// Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Post::Supervisor => "监督员",
            Post::Registrar => "受理员",
            Post::Dispatcher => "派遣员",
            Post::Handler => "处置部门",
            Post::Verifier => "核查员",
            Post::Evaluator => "评价员",
        }
    }
}

/// A step of the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// 立案: collected → filed.
    File,
    /// 不予立案: collected → dismissed (reason required).
    Dismiss,
    /// 派遣: filed → dispatched (department and due date required).
    Dispatch,
    /// 退回派遣: dispatched → filed (wrong department; reason required).
    Return,
    /// 接收处理: dispatched → handling.
    Accept,
    /// 处理反馈: handling → fed back (result required).
    Feedback,
    /// 核查通过、结案: fed back → closed.
    Close,
    /// 核查不通过、返工: fed back → handling (reason required). Counted as a rework.
    Rework,
    /// 综合评价: closed → evaluated (score 1–5 required).
    Evaluate,
}

/// Every step: (step, code, Chinese name, from, to, post).
pub const STEPS: &[(Step, &str, &str, Stage, Stage, Post)] = &[
    (Step::File, "file", "立案", Stage::Collected, Stage::Filed, Post::Registrar),
    (Step::Dismiss, "dismiss", "不予立案", Stage::Collected, Stage::Dismissed, Post::Registrar),
    (Step::Dispatch, "dispatch", "派遣", Stage::Filed, Stage::Dispatched, Post::Dispatcher),
    (Step::Return, "return", "退回派遣", Stage::Dispatched, Stage::Filed, Post::Handler),
    (Step::Accept, "accept", "接收处理", Stage::Dispatched, Stage::Handling, Post::Handler),
    (Step::Feedback, "feedback", "处理反馈", Stage::Handling, Stage::FedBack, Post::Handler),
    (Step::Close, "close", "核查结案", Stage::FedBack, Stage::Closed, Post::Verifier),
    (Step::Rework, "rework", "核查不通过、返工", Stage::FedBack, Stage::Handling, Post::Verifier),
    (Step::Evaluate, "evaluate", "综合评价", Stage::Closed, Stage::Evaluated, Post::Evaluator),
];

impl Step {
    fn row(self) -> &'static (Step, &'static str, &'static str, Stage, Stage, Post) {
        STEPS.iter().find(|r| r.0 == self).unwrap_or(&STEPS[0])
    }
    /// Code (`file`, `dispatch`, …).
    pub fn code(self) -> &'static str {
        self.row().1
    }
    /// Chinese name.
    pub fn zh(self) -> &'static str {
        self.row().2
    }
    /// The post taking it.
    pub fn post(self) -> Post {
        self.row().5
    }
    /// Parse a code.
    pub fn parse(code: &str) -> Option<Step> {
        STEPS.iter().find(|r| r.1 == code).map(|r| r.0)
    }
    /// Whether the step needs a reason or result text.
    pub fn needs_text(self) -> bool {
        matches!(self, Step::Dismiss | Step::Return | Step::Feedback | Step::Rework)
    }
}

/// The steps allowed in a stage.
pub fn allowed(stage: Stage) -> Vec<Step> {
    STEPS.iter().filter(|r| r.3 == stage).map(|r| r.0).collect()
}

/// A step refused in a stage; names the allowed ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{step} 不能在「{stage_zh}」阶段执行；允许：{allowed_list} / step {step} is not allowed in stage {stage}; allowed: {allowed_list}", stage_zh = stage.zh(), stage = stage.code(), allowed_list = if allowed.is_empty() { "—".to_string() } else { allowed.join(", ") })]
pub struct StepError {
    /// The step asked for.
    pub step: String,
    /// The event's stage.
    pub stage: Stage,
    /// The codes allowed there.
    pub allowed: Vec<&'static str>,
}

/// Move an event from `stage` by `step`; the new stage or the refusal.
pub fn transition(stage: Stage, step: Step) -> Result<Stage, StepError> {
    STEPS.iter().find(|r| r.0 == step && r.3 == stage).map(|r| r.4).ok_or_else(|| StepError {
        step: step.code().into(),
        stage,
        allowed: allowed(stage).into_iter().map(Step::code).collect(),
    })
}

/// What the evaluation needs to know about one event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventFacts {
    /// Area code (区域).
    pub area: String,
    /// The department it was dispatched to (部门), if any.
    pub dept: Option<String>,
    /// Its stage.
    pub stage: Option<Stage>,
    /// Whether it was fed back at least once (handled).
    pub handled: bool,
    /// Whether the (last) feedback came by the due date; `None` when not fed back or no due date.
    pub handled_on_time: Option<bool>,
    /// Reworks (核查 → 处理).
    pub reworks: u32,
    /// The steps taken, by post, each with whether it was on time (`None` = no time limit).
    pub steps: Vec<(Post, Option<bool>)>,
}

/// Counts and rates of one group.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Indicators {
    /// Events (for a post: steps taken).
    pub count: u64,
    /// Handled (fed back at least once); for a post: steps with a time limit.
    pub handled: u64,
    /// Handled by the due date (按期处置数).
    pub on_time: u64,
    /// Closed or evaluated (结案数).
    pub closed: u64,
    /// Events sent back at least once (返工数).
    pub reworked: u64,
    /// on_time / handled (按期处置率), `None` when nothing handled.
    pub on_time_rate: Option<f64>,
    /// reworked / handled (返工率), `None` when nothing handled.
    pub rework_rate: Option<f64>,
}

impl Indicators {
    fn add(&mut self, f: &EventFacts) {
        self.count += 1;
        if f.handled {
            self.handled += 1;
            if f.handled_on_time == Some(true) {
                self.on_time += 1;
            }
            if f.reworks > 0 {
                self.reworked += 1;
            }
        }
        if matches!(f.stage, Some(Stage::Closed | Stage::Evaluated)) {
            self.closed += 1;
        }
    }
    fn finish(&mut self) {
        let rate = |n: u64, d: u64| if d == 0 { None } else { Some(n as f64 / d as f64) };
        self.on_time_rate = rate(self.on_time, self.handled);
        self.rework_rate = rate(self.reworked, self.handled);
    }
}

/// Evaluation (综合评价) per area, department and post (GB/T 30428.4 区域/部门/岗位评价).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Evaluation {
    /// All events.
    pub total: Indicators,
    /// Per area code.
    pub by_area: BTreeMap<String, Indicators>,
    /// Per department (events dispatched to it).
    pub by_dept: BTreeMap<String, Indicators>,
    /// Per post: count = steps taken, handled = steps with a time limit, on_time = of those on time,
    /// reworked = (handler only) reworks received.
    pub by_post: BTreeMap<String, Indicators>,
}

/// Compute the evaluation.
pub fn evaluate(events: &[EventFacts]) -> Evaluation {
    let mut ev = Evaluation::default();
    for f in events {
        ev.total.add(f);
        ev.by_area.entry(f.area.clone()).or_default().add(f);
        if let Some(d) = &f.dept {
            ev.by_dept.entry(d.clone()).or_default().add(f);
        }
        for (post, on_time) in &f.steps {
            let i = ev.by_post.entry(post.code().to_string()).or_default();
            i.count += 1;
            if let Some(t) = on_time {
                i.handled += 1;
                if *t {
                    i.on_time += 1;
                }
            }
        }
        if f.reworks > 0 {
            ev.by_post.entry(Post::Handler.code().to_string()).or_default().reworked += 1;
        }
    }
    ev.total.finish();
    ev.by_area.values_mut().for_each(Indicators::finish);
    ev.by_dept.values_mut().for_each(Indicators::finish);
    ev.by_post.values_mut().for_each(Indicators::finish);
    ev
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_loop_runs_in_order_and_refuses_skips() {
        let mut s = Stage::Collected;
        for step in [Step::File, Step::Dispatch, Step::Accept, Step::Feedback, Step::Rework, Step::Feedback, Step::Close, Step::Evaluate] {
            s = transition(s, step).unwrap();
        }
        assert_eq!(s, Stage::Evaluated);
        let e = transition(Stage::Collected, Step::Close).unwrap_err();
        assert_eq!(e.allowed, vec!["file", "dismiss"]);
        assert!(e.to_string().contains("file, dismiss"));
        assert!(transition(Stage::Evaluated, Step::File).unwrap_err().allowed.is_empty());
        assert_eq!(transition(Stage::Dispatched, Step::Return), Ok(Stage::Filed));
        for st in STAGES {
            assert_eq!(Stage::parse(st.code()), Some(*st));
            assert_eq!(allowed(*st).is_empty(), st.is_final() || *st == Stage::Dismissed);
        }
        for r in STEPS {
            assert_eq!(Step::parse(r.1), Some(r.0));
        }
    }

    #[test]
    fn rates_per_area_dept_and_post() {
        let f = |area: &str, dept: &str, on_time: bool, reworks: u32, stage: Stage| EventFacts {
            area: area.into(),
            dept: Some(dept.into()),
            stage: Some(stage),
            handled: true,
            handled_on_time: Some(on_time),
            reworks,
            steps: vec![(Post::Handler, Some(on_time)), (Post::Verifier, None)],
        };
        let ev = evaluate(&[
            f("A", "d1", true, 0, Stage::Closed),
            f("A", "d1", false, 1, Stage::Evaluated),
            f("B", "d2", true, 0, Stage::FedBack),
            EventFacts { area: "B".into(), stage: Some(Stage::Collected), ..Default::default() },
        ]);
        assert_eq!(ev.total.count, 4);
        assert_eq!(ev.total.handled, 3);
        assert_eq!(ev.total.on_time_rate, Some(2.0 / 3.0));
        assert_eq!(ev.total.rework_rate, Some(1.0 / 3.0));
        assert_eq!(ev.total.closed, 2);
        assert_eq!(ev.by_area["A"].rework_rate, Some(0.5));
        assert_eq!(ev.by_area["B"].count, 2);
        assert_eq!(ev.by_dept["d2"].on_time_rate, Some(1.0));
        assert_eq!(ev.by_post["handler"].count, 3);
        assert_eq!(ev.by_post["handler"].reworked, 1);
        assert_eq!(ev.by_post["verifier"].handled, 0);
        assert_eq!(ev.by_post["verifier"].on_time_rate, None);
    }
}
