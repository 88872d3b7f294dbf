//! Who a family registration brings along, and the rules for them: at most five companions;
//! a child gives a name and an age, and one under 14 comes only with the guardian's explicit
//! consent; an adult companion gives a name and a mobile number. Pure: the page and the server
//! reach the same answer.

use std::collections::BTreeMap;

use super::{Audience, MobileNumber, PersonName};

/// Companions a guardian may bring (everyone counts against the places).
pub const MAX_COMPANIONS: usize = 5;
/// Under this age a child needs the guardian's explicit consent (PIPL: a minor's data).
pub const CONSENT_AGE: u8 = 14;
/// A child is under 18.
pub const ADULT_AGE: u8 = 18;

/// One companion, parsed: only what the activity needs of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Companion {
    Child { name: PersonName, age: u8, consent: bool },
    Adult { name: PersonName, mobile: MobileNumber },
}

impl Companion {
    pub fn name(&self) -> &str {
        match self {
            Self::Child { name, .. } | Self::Adult { name, .. } => name.as_str(),
        }
    }
}

/// What an activity allows of children: whom it is for, and their age range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChildRule {
    pub audience: Audience,
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
}

/// The form's companion fields, `c{n}_kind`, `c{n}_name`, `c{n}_age`, `c{n}_mobile` and
/// `c{n}_consent` for n = 1…5; a row whose kind is empty is no one. Field name → error code.
pub fn companions(
    fields: &BTreeMap<String, String>,
    rule: ChildRule,
) -> Result<Vec<Companion>, BTreeMap<String, String>> {
    let mut found = Vec::new();
    let mut errors = BTreeMap::new();
    let get = |n: usize, key: &str| fields.get(&format!("c{n}_{key}")).map(|v| v.trim()).unwrap_or("");
    for n in 1..=MAX_COMPANIONS {
        let kind = get(n, "kind");
        let name_text = get(n, "name");
        if kind.is_empty() && name_text.is_empty() {
            continue;
        }
        let field = |key: &str| format!("c{n}_{key}");
        let name = match PersonName::parse(name_text) {
            Ok(name) => Some(name),
            Err(e) => {
                errors.insert(field("name"), name_code(e).to_string());
                None
            }
        };
        let companion = match kind {
            "child" => child(get(n, "age"), !get(n, "consent").is_empty(), rule),
            "adult" => {
                MobileNumber::parse(get(n, "mobile")).map(Unnamed::Adult).ok_or(("mobile", "mobile_format"))
            }
            _ => Err(("kind", "companion_kind")),
        };
        match (name, companion) {
            (Some(name), Ok(parsed)) => found.push(parsed.named(name)),
            (_, Err((key, code))) => {
                errors.insert(field(key), code.to_string());
            }
            (None, Ok(_)) => {}
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// A companion parsed but for the name.
enum Unnamed {
    Child { age: u8, consent: bool },
    Adult(MobileNumber),
}

impl Unnamed {
    fn named(self, name: PersonName) -> Companion {
        match self {
            Self::Child { age, consent } => Companion::Child { name, age, consent },
            Self::Adult(mobile) => Companion::Adult { name, mobile },
        }
    }
}

/// A child's age and consent against the activity's rule; `(field, code)` when refused.
fn child(age: &str, consent: bool, rule: ChildRule) -> Result<Unnamed, (&'static str, &'static str)> {
    if rule.audience == Audience::Adults {
        return Err(("kind", "children_not_admitted"));
    }
    let age: u8 = age.parse().ok().filter(|a| *a < ADULT_AGE).ok_or(("age", "child_age"))?;
    if rule.min_age.is_some_and(|min| age < min) || rule.max_age.is_some_and(|max| age > max) {
        return Err(("age", "child_age_range"));
    }
    if age < CONSENT_AGE && !consent {
        return Err(("consent", "child_consent"));
    }
    Ok(Unnamed::Child { age, consent })
}

/// The error code of a refused name (the same codes the sign-up form uses).
pub fn name_code(e: super::person_name::NameError) -> &'static str {
    use super::person_name::NameError;
    match e {
        NameError::Empty => "name_empty",
        NameError::TooLong => "name_too_long",
        NameError::Characters => "name_characters",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const FAMILIES: ChildRule = ChildRule { audience: Audience::Families, min_age: None, max_age: None };

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn two_children_with_consent_and_an_adult_are_three_companions() {
        let fields = form(&[
            ("c1_kind", "child"),
            ("c1_name", "王小明"),
            ("c1_age", "8"),
            ("c1_consent", "on"),
            ("c2_kind", "child"),
            ("c2_name", "王小红"),
            ("c2_age", "15"),
            ("c4_kind", "adult"),
            ("c4_name", "李华"),
            ("c4_mobile", "13612348028"),
        ]);
        let found = companions(&fields, FAMILIES).unwrap();
        assert_eq!(found.len(), 3);
        assert!(matches!(&found[1], Companion::Child { age: 15, consent: false, .. }));
        assert_eq!(found[2].name(), "李华");
    }

    #[test]
    fn a_child_under_fourteen_without_consent_marks_the_consent_field() {
        let fields = form(&[("c2_kind", "child"), ("c2_name", "王小明"), ("c2_age", "9")]);
        let errors = companions(&fields, FAMILIES).unwrap_err();
        assert_eq!(errors.get("c2_consent").map(String::as_str), Some("child_consent"));
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn ages_outside_the_range_and_children_at_an_adults_activity_are_refused() {
        let fields =
            form(&[("c1_kind", "child"), ("c1_name", "王小明"), ("c1_age", "5"), ("c1_consent", "on")]);
        let ranged = ChildRule { audience: Audience::Families, min_age: Some(6), max_age: Some(12) };
        assert_eq!(companions(&fields, ranged).unwrap_err()["c1_age"], "child_age_range");
        let adults = ChildRule { audience: Audience::Adults, ..FAMILIES };
        assert_eq!(companions(&fields, adults).unwrap_err()["c1_kind"], "children_not_admitted");
        let old = form(&[("c1_kind", "child"), ("c1_name", "王小明"), ("c1_age", "18")]);
        assert_eq!(companions(&old, FAMILIES).unwrap_err()["c1_age"], "child_age");
    }

    #[test]
    fn nonsense_rows_are_field_messages_and_empty_rows_are_no_one() {
        let fields = form(&[
            ("c1_kind", "robot"),
            ("c1_name", "<script>"),
            ("c3_kind", "adult"),
            ("c3_name", "李华"),
            ("c3_mobile", "12"),
            ("c5_kind", ""),
            ("c5_name", ""),
            ("c9_kind", "child"),
        ]);
        let errors = companions(&fields, FAMILIES).unwrap_err();
        assert_eq!(errors["c1_kind"], "companion_kind");
        assert_eq!(errors["c1_name"], "name_characters");
        assert_eq!(errors["c3_mobile"], "mobile_format");
        assert_eq!(errors.len(), 3, "row 9 does not exist and row 5 is empty");
        assert_eq!(companions(&BTreeMap::new(), FAMILIES).unwrap(), vec![]);
    }

    proptest! {
        #[test]
        fn any_form_gives_at_most_five_companions_and_never_an_unconsented_young_child(
            fields in proptest::collection::btree_map("c[0-9]_(kind|name|age|mobile|consent)", "(child|adult|on|[0-9]{1,3}|王小明|.{0,8})", 0..30)
        ) {
            if let Ok(found) = companions(&fields, FAMILIES) {
                prop_assert!(found.len() <= MAX_COMPANIONS);
                for c in found {
                    if let Companion::Child { age, consent, .. } = c {
                        prop_assert!(age < ADULT_AGE);
                        prop_assert!(age >= CONSENT_AGE || consent);
                    }
                }
            }
        }
    }
}
