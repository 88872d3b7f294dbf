use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;

fn rule(id: i32, kind: QuestionKind) -> QuestionRule {
    QuestionRule { id, kind, required: false, options: vec![], min: None, max: None, when: None }
}

fn shirt() -> QuestionRule {
    QuestionRule {
        required: true,
        options: vec!["s".into(), "m".into(), "l".into()],
        ..rule(1, QuestionKind::SingleChoice)
    }
}

fn posted(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn a_required_choice_left_empty_is_refused_under_its_own_field() {
    let errors = parse_answers(&[shirt()], "patrol", &posted(&[])).unwrap_err();
    assert_eq!(errors.get("q1").map(String::as_str), Some("required"));
}

#[test]
fn a_choice_outside_the_options_is_refused() {
    let errors = parse_answers(&[shirt()], "patrol", &posted(&[("q1", "xxl")])).unwrap_err();
    assert_eq!(errors.get("q1").map(String::as_str), Some("answer_choice"));
}

#[test]
fn a_question_for_one_role_is_asked_only_of_that_role() {
    let licence = QuestionRule {
        required: true,
        when: Some(Condition::Role("crossing".into())),
        ..rule(2, QuestionKind::ShortText)
    };
    let rules = [shirt(), licence];
    // another role: not asked, and a stray answer is dropped
    let answers = parse_answers(&rules, "patrol", &posted(&[("q1", "m"), ("q2", "B1")])).unwrap();
    assert_eq!(answers, vec![(1, Answer::Choice("m".into()))]);
    // the role it is for: asked and required
    let errors = parse_answers(&rules, "crossing", &posted(&[("q1", "m")])).unwrap_err();
    assert_eq!(errors.get("q2").map(String::as_str), Some("required"));
}

#[test]
fn a_question_that_follows_another_answer_is_asked_only_after_that_answer() {
    let driver = rule(3, QuestionKind::YesNo);
    let licence = QuestionRule {
        required: true,
        when: Some(Condition::Answer { question: 3, value: YES.into() }),
        ..rule(4, QuestionKind::ShortText)
    };
    let rules = [driver, licence];
    assert!(parse_answers(&rules, "", &posted(&[("q3", "no")])).is_ok());
    let errors = parse_answers(&rules, "", &posted(&[("q3", "yes")])).unwrap_err();
    assert_eq!(errors.get("q4").map(String::as_str), Some("required"));
    let answers = parse_answers(&rules, "", &posted(&[("q3", "yes"), ("q4", " C1 ")])).unwrap();
    assert_eq!(answers, vec![(3, Answer::YesNo(true)), (4, Answer::Text("C1".into()))]);
}

#[test]
fn conditions_in_a_loop_ask_neither_question() {
    let a = QuestionRule {
        required: true,
        when: Some(Condition::Answer { question: 6, value: YES.into() }),
        ..rule(5, QuestionKind::YesNo)
    };
    let b = QuestionRule {
        required: true,
        when: Some(Condition::Answer { question: 5, value: YES.into() }),
        ..rule(6, QuestionKind::YesNo)
    };
    assert_eq!(parse_answers(&[a, b], "", &posted(&[("q5", "yes"), ("q6", "yes")])).unwrap(), vec![]);
}

#[test]
fn a_multiple_choice_keeps_the_organizers_order_and_refuses_unknown_boxes() {
    let langs = QuestionRule {
        options: vec!["zh".into(), "en".into(), "ja".into()],
        ..rule(7, QuestionKind::MultiChoice)
    };
    let answers =
        parse_answers(std::slice::from_ref(&langs), "", &posted(&[("q7.ja", "on"), ("q7.zh", "on")]))
            .unwrap();
    assert_eq!(answers, vec![(7, Answer::Choices(vec!["zh".into(), "ja".into()]))]);
    let errors = parse_answers(&[langs], "", &posted(&[("q7.fr", "on")])).unwrap_err();
    assert_eq!(errors.get("q7").map(String::as_str), Some("answer_choice"));
}

#[test]
fn numbers_must_be_whole_and_in_range() {
    let years = QuestionRule { min: Some(0), max: Some(60), ..rule(8, QuestionKind::Number) };
    let code = |value: &str| {
        parse_answers(std::slice::from_ref(&years), "", &posted(&[("q8", value)]))
            .err()
            .and_then(|e| e.get("q8").cloned())
    };
    assert_eq!(code("12"), None);
    assert_eq!(code("61").as_deref(), Some("answer_range"));
    assert_eq!(code("-1").as_deref(), Some("answer_range"));
    assert_eq!(code("2.5").as_deref(), Some("answer_number"));
    assert_eq!(code("99999999999999999999").as_deref(), Some("answer_number"));
    assert_eq!(code("1e3").as_deref(), Some("answer_number"));
}

#[test]
fn dates_are_iso_days_within_reason() {
    let day = rule(9, QuestionKind::Date);
    let code = |value: &str| {
        parse_answers(std::slice::from_ref(&day), "", &posted(&[("q9", value)]))
            .err()
            .and_then(|e| e.get("q9").cloned())
    };
    assert_eq!(code("2010-05-01"), None);
    assert_eq!(code("2010-02-30").as_deref(), Some("answer_date"));
    assert_eq!(code("0001-01-01").as_deref(), Some("answer_date"));
    assert_eq!(code("tomorrow").as_deref(), Some("answer_date"));
}

#[test]
fn text_answers_are_bounded_and_free_of_control_characters() {
    let short = rule(10, QuestionKind::ShortText);
    let long = "字".repeat(201);
    let errors = parse_answers(std::slice::from_ref(&short), "", &posted(&[("q10", &long)])).unwrap_err();
    assert_eq!(errors.get("q10").map(String::as_str), Some("too_long"));
    let errors = parse_answers(&[short], "", &posted(&[("q10", "a\u{0}b")])).unwrap_err();
    assert_eq!(errors.get("q10").map(String::as_str), Some("invalid"));
}

#[test]
fn conditions_read_back_what_they_write() {
    for text in ["role=crossing", "q12=o3", "q4=yes"] {
        assert_eq!(Condition::parse(text).map(|c| c.as_text()).as_deref(), Some(text));
    }
    for bad in ["", "role=", "q0=yes", "q-1=yes", "qx=yes", "role=A B", "role=<b>", "size=m"] {
        assert_eq!(Condition::parse(bad), None, "{bad}");
    }
}

proptest! {
    /// Whatever is posted, reading the answers never panics, and every answer kept is one the
    /// rule would keep again from its own stored form.
    #[test]
    fn any_posted_answers_are_read_without_panicking(
        pairs in proptest::collection::vec(("[0-9.a-z]{0,6}", "\\PC{0,30}"), 0..12),
        role in "[a-z]{0,8}",
    ) {
        let rules = vec![
            shirt(),
            QuestionRule { min: Some(-5), max: Some(5), ..rule(2, QuestionKind::Number) },
            QuestionRule { when: Some(Condition::Role("a".into())), ..rule(3, QuestionKind::Date) },
            QuestionRule { options: vec!["x".into(), "y".into()], ..rule(4, QuestionKind::MultiChoice) },
            rule(5, QuestionKind::LongText),
        ];
        let raw: BTreeMap<String, String> = pairs.into_iter().collect();
        if let Ok(answers) = parse_answers(&rules, &role, &raw) {
            for (id, answer) in answers {
                prop_assert!(rules.iter().any(|r| r.id == id));
                prop_assert!(!answer.stored().is_empty());
            }
        }
    }
}
