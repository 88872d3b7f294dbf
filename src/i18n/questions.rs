//! 自定义问题用语 — organizers' own questions: what the public form says about them (both
//! languages) and the back office's question page (Chinese, like the rest of the back office).

use super::Locale;
use crate::domain::questions::QuestionKind;
use crate::model::QuestionProblem;

/// Messages for the answers' field codes (`domain::questions`).
pub fn field_message(locale: Locale, code: &str) -> Option<&'static str> {
    Some(match (locale, code) {
        (Locale::Zh, "answer_choice") => "请从所列选项中选择。",
        (Locale::Zh, "answer_number") => "请填写一个整数。",
        (Locale::Zh, "answer_range") => "这个数字不在允许的范围内。",
        (Locale::Zh, "answer_date") => "请填写有效日期，例如 2010-05-01。",
        (Locale::En, "answer_choice") => "Please choose one of the listed options.",
        (Locale::En, "answer_number") => "Please enter a whole number.",
        (Locale::En, "answer_range") => "This number is outside the allowed range.",
        (Locale::En, "answer_date") => "Please enter a valid date, e.g. 2010-05-01.",
        _ => return None,
    })
}

/// The public form's words around the questions.
pub struct AnswerWords {
    pub yes: &'static str,
    pub no: &'static str,
    pub choose: &'static str,
}

pub fn answer_words(locale: Locale) -> &'static AnswerWords {
    match locale {
        Locale::Zh => &AnswerWords { yes: "是", no: "否", choose: "请选择" },
        Locale::En => &AnswerWords { yes: "Yes", no: "No", choose: "Please choose" },
    }
}

/// The hint under a question asked only sometimes: `what` is the role or the answer, in words.
pub fn asked_only_if(locale: Locale, subject: &str, what: &str) -> String {
    match locale {
        Locale::Zh => format!("仅当{subject}为“{what}”时填写。"),
        Locale::En => format!("Only if {subject} is “{what}”."),
    }
}

/// The subject of a condition on the role.
pub fn role_subject(locale: Locale) -> &'static str {
    match locale {
        Locale::Zh => "报名岗位",
        Locale::En => "the role",
    }
}

/// The hint under a number question with a range.
pub fn number_range(locale: Locale, min: Option<i64>, max: Option<i64>) -> Option<String> {
    Some(match (locale, min, max) {
        (_, None, None) => return None,
        (Locale::Zh, Some(min), Some(max)) => format!("{min}–{max} 之间的整数。"),
        (Locale::Zh, Some(min), None) => format!("不小于 {min} 的整数。"),
        (Locale::Zh, None, Some(max)) => format!("不大于 {max} 的整数。"),
        (Locale::En, Some(min), Some(max)) => format!("A whole number from {min} to {max}."),
        (Locale::En, Some(min), None) => format!("A whole number of at least {min}."),
        (Locale::En, None, Some(max)) => format!("A whole number of at most {max}."),
    })
}

/// The kinds in the back office's words.
pub fn kind_label(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::ShortText => "单行文字",
        QuestionKind::LongText => "多行文字",
        QuestionKind::SingleChoice => "单选",
        QuestionKind::MultiChoice => "多选",
        QuestionKind::Number => "数字（可设范围）",
        QuestionKind::Date => "日期",
        QuestionKind::YesNo => "是 / 否",
    }
}

/// The back office's question page.
pub struct QuestionWords {
    pub link: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub empty: &'static str,
    pub col_position: &'static str,
    pub col_question: &'static str,
    pub col_kind: &'static str,
    pub col_condition: &'static str,
    pub col_answers: &'static str,
    pub col_actions: &'static str,
    pub required: &'static str,
    pub optional: &'static str,
    pub always: &'static str,
    pub retired: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub edit: &'static str,
    pub retire: &'static str,
    pub restore: &'static str,
    pub new_question: &'static str,
    pub edit_question: &'static str,
    pub field_kind: &'static str,
    pub field_label: &'static str,
    pub field_help: &'static str,
    pub field_required: &'static str,
    pub field_options: &'static str,
    pub field_options_hint: &'static str,
    pub field_min: &'static str,
    pub field_max: &'static str,
    pub field_range_hint: &'static str,
    pub field_condition: &'static str,
    pub field_condition_hint: &'static str,
    pub condition_none: &'static str,
    pub condition_role: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub saved: &'static str,
    pub moved: &'static str,
    pub retired_notice: &'static str,
    pub restored_notice: &'static str,
    pub back: &'static str,
    pub retired_mark: &'static str,
    pub filter: &'static str,
}

pub const QUESTIONS: QuestionWords = QuestionWords {
    link: "报名表问题",
    title: "报名表的自定义问题",
    intro: "在固定栏目之外，可为本次活动增加问题（如服装尺码、会讲的语言、驾驶证）。问题改写措辞、调整顺序后，已收到的回答仍归属原问题；停用的问题不再出现在报名表上，其回答仍可查看和导出。请勿询问身份证号、病史等敏感信息。",
    empty: "还没有自定义问题。",
    col_position: "顺序",
    col_question: "问题",
    col_kind: "类型",
    col_condition: "何时询问",
    col_answers: "回答数",
    col_actions: "操作",
    required: "必答",
    optional: "选答",
    always: "总是",
    retired: "已停用",
    move_up: "上移",
    move_down: "下移",
    edit: "修改",
    retire: "停用",
    restore: "恢复",
    new_question: "新增问题",
    edit_question: "修改问题",
    field_kind: "类型",
    field_label: "问题",
    field_help: "说明（可不填）",
    field_required: "必答",
    field_options: "选项（每行一个）",
    field_options_hint: "仅用于单选和多选。修改时可改写或在末尾增加选项，不能删除已有选项（已有回答指向它们）。",
    field_min: "最小值",
    field_max: "最大值",
    field_range_hint: "仅用于数字，可不填。",
    field_condition: "何时询问",
    field_condition_hint: "可只在选择某个岗位、或前面某个问题选择某项时询问。",
    condition_none: "总是询问",
    condition_role: "岗位为",
    save: "保存问题",
    cancel: "取消",
    saved: "问题已保存。",
    moved: "顺序已调整。",
    retired_notice: "问题已停用，已有回答仍保留。",
    restored_notice: "问题已恢复。",
    back: "返回活动设置",
    retired_mark: "（已停用）",
    filter: "按回答筛选",
};

/// Why a question cannot be saved, moved or retired.
pub fn question_problem(problem: QuestionProblem) -> &'static str {
    match problem {
        QuestionProblem::IdInvalid => "找不到这个问题。",
        QuestionProblem::KindUnknown => "请选择问题类型。",
        QuestionProblem::LabelInvalid => "请填写问题（1–200 个字符，不含控制字符）。",
        QuestionProblem::HelpInvalid => "说明不能超过 500 个字符，且不含控制字符。",
        QuestionProblem::OptionsInvalid => "单选和多选须有 2–30 个不重复的选项，每个不超过 100 个字符。",
        QuestionProblem::OptionRemoved => "已有选项不能删除（已有回答指向它们），只能改写或在末尾增加。",
        QuestionProblem::RangeInvalid => "最小值和最大值须为整数，且最小值不大于最大值。",
        QuestionProblem::ConditionInvalid => "询问条件须为本活动的岗位，或本活动另一个选择题的选项。",
        QuestionProblem::TooMany => "每个活动最多 30 个问题。",
        QuestionProblem::CannotMove => "已在最前或最后，无法再移动。",
        QuestionProblem::FilterUnknown => "筛选的回答不是本活动选择题的选项。",
    }
}
