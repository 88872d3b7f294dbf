//! The fixed choices of the sign-up form. Keys travel on the wire; labels live in `i18n`.

/// Skills a volunteer can offer (keys).
pub const SKILLS: [&str; 8] =
    ["first_aid", "mediation", "leadership", "language", "driving", "medical", "law", "it"];

/// Weekly availability slots (keys).
pub const AVAILABILITY: [&str; 4] = ["weekday_day", "weekday_evening", "weekend_day", "weekend_evening"];

pub fn is_skill(key: &str) -> bool {
    SKILLS.contains(&key)
}

pub fn is_availability(key: &str) -> bool {
    AVAILABILITY.contains(&key)
}
