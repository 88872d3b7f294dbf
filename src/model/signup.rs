//! The sign-up form: one struct, checked by the same code in the browser and on the server.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use super::RegionTree;
use crate::domain::questions::{self, Answer, QuestionRule};
use crate::domain::{options, person_name::NameError, MobileNumber, PersonName, ResidentId, ShareSource};

/// Field name → error code (see `i18n::field_message`).
pub type FieldErrors = BTreeMap<String, String>;

/// Longest text any single field may carry; longer input is refused before any parsing.
pub const MAX_FIELD_CHARS: usize = 200;

/// The form as posted. Every field defaults to empty so a missing field is a field message,
/// never a failure to read the request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Validate)]
#[serde(default)]
pub struct SignupForm {
    pub campaign: String,
    #[validate(custom(function = "check_name"))]
    pub name: String,
    #[validate(custom(function = "check_mobile"))]
    pub mobile: String,
    #[validate(custom(function = "check_id_format"))]
    pub id_number: String,
    #[validate(length(max = 20, code = "too_long"))]
    pub county: String,
    #[validate(length(max = 20, code = "too_long"))]
    pub street: String,
    #[validate(length(max = 20, code = "too_long"))]
    pub community: String,
    #[validate(length(max = 40, code = "too_long"))]
    pub role: String,
    #[validate(custom(function = "check_skills"))]
    pub skills: BTreeMap<String, String>,
    #[validate(custom(function = "check_availability"))]
    pub availability: BTreeMap<String, String>,
    #[validate(custom(function = "check_email"))]
    pub email: String,
    #[validate(custom(function = "check_consent"))]
    pub consent: String,
    /// The shared link the person came by (`?src=` of the campaign page, a `ShareSource` word).
    /// Never checked: an unknown word is kept as no source, not refused.
    pub source: String,
    /// Answers to the campaign's own questions: `q{id}` → value, or `q{id}.{option}` → `on` for a
    /// multiple choice. Checked against the questions by `parse`.
    pub answers: BTreeMap<String, String>,
}

/// Most answer entries a rejected form keeps for showing it again.
const KEPT_ANSWERS: usize = 64;

/// What a campaign asks of a sign-up, beyond the form itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignupRules {
    pub min_age: u32,
    pub max_age: u32,
    pub roles: Vec<String>,
    /// Region code prefixes the campaign recruits in; empty means anywhere in the tree.
    pub allowed_regions: Vec<String>,
    /// The campaign's own questions, in their order (retired ones are not asked).
    pub questions: Vec<QuestionRule>,
}

/// A sign-up that passed every check, made of parsed values only.
#[derive(Clone, Debug)]
pub struct ValidSignup {
    pub campaign: String,
    pub name: PersonName,
    pub mobile: MobileNumber,
    pub id: ResidentId,
    pub community: String,
    pub role: String,
    pub skills: Vec<String>,
    pub availability: Vec<String>,
    pub email: Option<String>,
    pub source: Option<ShareSource>,
    /// Answers to the questions asked, by question id.
    pub answers: Vec<(i32, Answer)>,
}

/// What the reference code page and the confirmation mail show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub reference: String,
    pub campaign_title: String,
    pub masked_mobile: String,
    pub email_sent: bool,
}

/// The answer to a sign-up: a person's mistakes are an outcome, not an error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SignupOutcome {
    Accepted(Receipt),
    Rejected { errors: FieldErrors, message: Option<String> },
}

fn err(code: &'static str) -> ValidationError {
    ValidationError::new(code)
}

fn too_long(value: &str) -> bool {
    value.chars().count() > MAX_FIELD_CHARS
}

fn check_name(value: &str) -> Result<(), ValidationError> {
    PersonName::parse(value).map(|_| ()).map_err(|e| match e {
        NameError::Empty => err("name_empty"),
        NameError::TooLong => err("name_too_long"),
        NameError::Characters => err("name_characters"),
    })
}

fn check_mobile(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(err("required"));
    }
    if too_long(value) {
        return Err(err("mobile_format"));
    }
    MobileNumber::parse(value).map(|_| ()).ok_or_else(|| err("mobile_format"))
}

fn check_id_format(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(err("required"));
    }
    if too_long(value) {
        return Err(err("id_length"));
    }
    // The date check needs "today", which `SignupForm::parse` supplies; here only the shape.
    ResidentId::parse(value, NaiveDate::MAX).map(|_| ()).map_err(|e| err(e.code()))
}

fn check_keys(map: &BTreeMap<String, String>, known: fn(&str) -> bool) -> Result<(), ValidationError> {
    if map.len() > 16 || !map.keys().all(|k| known(k)) {
        return Err(err("option_unknown"));
    }
    Ok(())
}

fn check_skills(value: &BTreeMap<String, String>) -> Result<(), ValidationError> {
    check_keys(value, options::is_skill)
}

fn check_availability(value: &BTreeMap<String, String>) -> Result<(), ValidationError> {
    check_keys(value, options::is_availability)
}

/// A plain, conservative e-mail check that needs no regex (the browser bundle stays small);
/// the server parses the address again with lettre before it queues a mail.
pub fn is_plausible_email(value: &str) -> bool {
    let value = value.trim();
    if value.len() > 254
        || value.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c))
    {
        return false;
    }
    let Some((local, domain)) = value.split_once('@') else { return false };
    !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

fn check_email(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() || is_plausible_email(value) {
        Ok(())
    } else {
        Err(err("email_format"))
    }
}

fn check_consent(value: &str) -> Result<(), ValidationError> {
    match value {
        "on" | "true" | "yes" => Ok(()),
        _ => Err(err("consent_required")),
    }
}

/// Every field message code a sign-up can come back with: the browser's own check gives all but
/// `duplicate`, which only the server can know. The page hands the browser their words.
pub const FIELD_CODES: &[&str] = &[
    "required",
    "name_empty",
    "name_too_long",
    "name_characters",
    "mobile_format",
    "id_length",
    "id_characters",
    "id_province",
    "id_birth_date",
    "id_future_birth_date",
    "id_checksum",
    "age_too_young",
    "age_too_old",
    "region_unknown",
    "region_mismatch",
    "region_not_allowed",
    "role_unknown",
    "option_unknown",
    "email_format",
    "consent_required",
    "too_long",
    "answer_choice",
    "answer_number",
    "answer_range",
    "answer_date",
    "duplicate",
    "invalid",
];

impl SignupForm {
    /// Reads the form from its posted name/value pairs (`form[name]`, `form[skills][first_aid]` …)
    /// as the server's form decoder does. The browser uses this instead of a query-string crate,
    /// which would weigh more than the rest of the form code; unknown names are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> SignupForm {
        let mut form = SignupForm::default();
        for (name, value) in pairs {
            let Some(inner) = name.strip_prefix("form[") else { continue };
            let (field, key) = match inner.split_once("][") {
                Some((field, rest)) => (field, rest.strip_suffix(']')),
                None => (inner.strip_suffix(']').unwrap_or_default(), None),
            };
            let value = value.to_string();
            match (field, key) {
                ("skills", Some(key)) => drop(form.skills.insert(key.to_string(), value)),
                ("availability", Some(key)) => drop(form.availability.insert(key.to_string(), value)),
                ("answers", Some(key)) => drop(form.answers.insert(key.to_string(), value)),
                (_, Some(_)) => {}
                ("campaign", None) => form.campaign = value,
                ("name", None) => form.name = value,
                ("mobile", None) => form.mobile = value,
                ("id_number", None) => form.id_number = value,
                ("county", None) => form.county = value,
                ("street", None) => form.street = value,
                ("community", None) => form.community = value,
                ("role", None) => form.role = value,
                ("email", None) => form.email = value,
                ("consent", None) => form.consent = value,
                ("source", None) => form.source = value,
                _ => {}
            }
        }
        form
    }

    /// What a rejected form keeps for showing it again: every field cut at its limit, only the
    /// known options, no consent (it must be given again). A 120 KB post keeps a few hundred bytes.
    pub fn kept_for_redisplay(&self) -> SignupForm {
        let cut = |value: &str, limit: usize| value.chars().take(limit).collect::<String>();
        let known = |map: &BTreeMap<String, String>, is_known: fn(&str) -> bool| {
            map.keys().filter(|k| is_known(k)).map(|k| (k.clone(), "on".to_string())).collect()
        };
        SignupForm {
            campaign: cut(&self.campaign, 64),
            name: cut(&self.name, MAX_FIELD_CHARS),
            mobile: cut(&self.mobile, MAX_FIELD_CHARS),
            id_number: cut(&self.id_number, MAX_FIELD_CHARS),
            county: cut(&self.county, 20),
            street: cut(&self.street, 20),
            community: cut(&self.community, 20),
            role: cut(&self.role, 40),
            skills: known(&self.skills, options::is_skill),
            availability: known(&self.availability, options::is_availability),
            email: cut(&self.email, MAX_FIELD_CHARS),
            consent: String::new(),
            source: ShareSource::parse(&self.source).map(|s| s.as_str().to_string()).unwrap_or_default(),
            answers: self
                .answers
                .iter()
                .filter(|(key, _)| key.len() <= 24)
                .take(KEPT_ANSWERS)
                .map(|(key, value)| (key.clone(), cut(value, 2000)))
                .collect(),
        }
    }

    /// Checks everything and returns parsed values, or one error code per wrong field.
    pub fn parse(
        &self,
        rules: &SignupRules,
        regions: &RegionTree,
        today: NaiveDate,
    ) -> Result<ValidSignup, FieldErrors> {
        let mut errors = FieldErrors::new();
        if let Err(found) = self.validate() {
            for (field, list) in found.field_errors() {
                if let Some(first) = list.first() {
                    errors.insert(field.to_string(), first.code.to_string());
                }
            }
        }

        let id = match ResidentId::parse(&self.id_number, today) {
            Ok(id) => Some(id),
            Err(e) => {
                errors.entry("id_number".into()).or_insert_with(|| e.code().into());
                None
            }
        };
        if let Some(id) = &id {
            let age = id.age_on(today);
            if age < rules.min_age {
                errors.insert("id_number".into(), "age_too_young".into());
            } else if age > rules.max_age {
                errors.insert("id_number".into(), "age_too_old".into());
            }
        }

        if !rules.roles.iter().any(|r| r == &self.role) {
            errors.insert("role".into(), "role_unknown".into());
        }

        let answers =
            questions::parse_answers(&rules.questions, &self.role, &self.answers).unwrap_or_else(|found| {
                errors.extend(found);
                Vec::new()
            });

        match regions.locate(&self.community) {
            None => {
                errors.insert("community".into(), "region_unknown".into());
            }
            Some(path) => {
                let county_ok = self.county.is_empty() || self.county == path.county.code;
                let street_ok = self.street.is_empty() || self.street == path.street.code;
                if !county_ok || !street_ok {
                    errors.insert("community".into(), "region_mismatch".into());
                } else if !rules.allowed_regions.is_empty()
                    && !rules.allowed_regions.iter().any(|p| self.community.starts_with(p.as_str()))
                {
                    errors.insert("community".into(), "region_not_allowed".into());
                }
            }
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        // Every field was checked above; the parses below cannot fail, but stay total.
        let fail = |field: &str| FieldErrors::from([(field.to_string(), "invalid".to_string())]);
        Ok(ValidSignup {
            campaign: self.campaign.clone(),
            name: PersonName::parse(&self.name).map_err(|_| fail("name"))?,
            mobile: MobileNumber::parse(&self.mobile).ok_or_else(|| fail("mobile"))?,
            id: id.ok_or_else(|| fail("id_number"))?,
            community: self.community.clone(),
            role: self.role.clone(),
            skills: self.skills.keys().cloned().collect(),
            availability: self.availability.keys().cloned().collect(),
            email: Some(self.email.trim().to_string()).filter(|e| !e.is_empty()),
            source: ShareSource::parse(&self.source),
            answers,
        })
    }

    /// The form as it goes back to the page after an error: everything the person typed.
    pub fn has_skill(&self, key: &str) -> bool {
        self.skills.contains_key(key)
    }

    pub fn has_availability(&self, key: &str) -> bool {
        self.availability.contains_key(key)
    }

    /// What was typed or chosen for an answer key (`q{id}` or `q{id}.{option}`).
    pub fn answer(&self, key: &str) -> &str {
        self.answers.get(key).map(String::as_str).unwrap_or_default()
    }
}

#[cfg(test)]
#[path = "signup_tests.rs"]
mod tests;
