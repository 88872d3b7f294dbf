//! Resident identity card numbers (公民身份号码, GB 11643-1999).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Weights of the ISO 7064 MOD 11-2 check for positions 1..=17.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each remainder 0..=10.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/// The 31 province-level codes that may open a resident ID number.
const PROVINCES_CSV: &str = include_str!("provinces.csv");

/// What is wrong with a typed ID number; each maps to one message for the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResidentIdError {
    Length,
    Characters,
    Province,
    BirthDate,
    FutureBirthDate,
    Checksum,
}

impl ResidentIdError {
    /// A stable code, used as the validator error code and as the key of the message.
    pub fn code(self) -> &'static str {
        match self {
            Self::Length => "id_length",
            Self::Characters => "id_characters",
            Self::Province => "id_province",
            Self::BirthDate => "id_birth_date",
            Self::FutureBirthDate => "id_future_birth_date",
            Self::Checksum => "id_checksum",
        }
    }
}

/// A resident ID number that passed every check: 18 characters, a known province, a real birth date
/// not after today, and the right check character. The only way to get one is [`ResidentId::parse`].
#[derive(Clone, PartialEq, Eq)]
pub struct ResidentId {
    digits: String,
    birth_date: NaiveDate,
}

impl std::fmt::Debug for ResidentId {
    // Never print the number itself, not even in a debug log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ResidentId({})", super::mask_id_number(&self.digits))
    }
}

/// Computes the check character for the first 17 digits.
pub fn check_char(first17: &[u8]) -> Option<char> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (byte, weight) in first17.iter().zip(WEIGHTS) {
        let digit = (*byte as char).to_digit(10)?;
        sum += digit * weight;
    }
    Some(CHECK_CHARS[(sum % 11) as usize])
}

fn is_province(code: &str) -> bool {
    PROVINCES_CSV.lines().skip(1).filter_map(|line| line.split(',').next()).any(|c| c.trim() == code)
}

impl ResidentId {
    /// Parses a typed number. Spaces are ignored, a lower-case `x` is accepted, and full-width
    /// digits, `Ｘ` and spaces (as Chinese input methods type them) are read as half-width.
    /// `today` bounds the birth date: nobody is born in the future.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, ResidentIdError> {
        let digits: String = input
            .chars()
            .map(super::width::narrow_char)
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if digits.chars().count() != 18 {
            return Err(ResidentIdError::Length);
        }
        let bytes = digits.as_bytes();
        let body_ok = bytes[..17].iter().all(u8::is_ascii_digit);
        let last_ok = bytes[17].is_ascii_digit() || bytes[17] == b'X';
        if !body_ok || !last_ok {
            return Err(ResidentIdError::Characters);
        }
        if !is_province(&digits[..2]) {
            return Err(ResidentIdError::Province);
        }
        let year: i32 = digits[6..10].parse().map_err(|_| ResidentIdError::BirthDate)?;
        let month: u32 = digits[10..12].parse().map_err(|_| ResidentIdError::BirthDate)?;
        let day: u32 = digits[12..14].parse().map_err(|_| ResidentIdError::BirthDate)?;
        let birth_date = NaiveDate::from_ymd_opt(year, month, day)
            .filter(|d| d.year() >= 1900)
            .ok_or(ResidentIdError::BirthDate)?;
        if birth_date > today {
            return Err(ResidentIdError::FutureBirthDate);
        }
        if check_char(&bytes[..17]) != Some(bytes[17] as char) {
            return Err(ResidentIdError::Checksum);
        }
        Ok(Self { digits, birth_date })
    }

    /// The normalised 18 characters (upper-case `X`). Handle with care: this is personal data.
    pub fn expose(&self) -> &str {
        &self.digits
    }

    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// Full years of age on `today`.
    pub fn age_on(&self, today: NaiveDate) -> u32 {
        super::age_on(self.birth_date, today)
    }

    /// The masked form shown everywhere: `330402********1234`.
    pub fn masked(&self) -> String {
        super::mask_id_number(&self.digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::width::widen_char;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()).unwrap())
    }

    #[test]
    fn the_standard_example_number_is_accepted() {
        // The worked example of GB 11643-1999.
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31).unwrap());
        assert_eq!(id.masked(), "110105********002X");
    }

    #[test]
    fn a_lower_case_x_and_spaces_are_normalised() {
        let id = ResidentId::parse(" 110105 19491231 002x ", today()).unwrap();
        assert_eq!(id.expose(), "11010519491231002X");
    }

    #[test]
    fn a_wrong_check_character_is_refused() {
        assert_eq!(ResidentId::parse("110105194912310021", today()), Err(ResidentIdError::Checksum));
    }

    #[test]
    fn an_impossible_date_is_refused() {
        let id = with_check("33040219990231123");
        assert_eq!(ResidentId::parse(&id, today()), Err(ResidentIdError::BirthDate));
    }

    #[test]
    fn a_birth_date_in_the_future_is_refused() {
        let id = with_check("33040220300101123");
        assert_eq!(ResidentId::parse(&id, today()), Err(ResidentIdError::FutureBirthDate));
    }

    #[test]
    fn an_unknown_province_is_refused() {
        let id = with_check("99040219900101123");
        assert_eq!(ResidentId::parse(&id, today()), Err(ResidentIdError::Province));
    }

    #[test]
    fn wrong_lengths_and_letters_are_refused() {
        assert_eq!(ResidentId::parse("3304021990", today()), Err(ResidentIdError::Length));
        assert_eq!(ResidentId::parse("33040219900101123A", today()), Err(ResidentIdError::Characters));
        assert_eq!(ResidentId::parse("33040219900101123Ａ", today()), Err(ResidentIdError::Characters));
    }

    #[test]
    fn full_width_digits_x_and_spaces_from_a_chinese_input_method_are_read() {
        let id = ResidentId::parse("１１０１０５\u{3000}１９４９１２３１\u{3000}００２ｘ", today()).unwrap();
        assert_eq!(id.expose(), "11010519491231002X");
        let id = ResidentId::parse("１１０１０５１９４９１２３１００２Ｘ", today()).unwrap();
        assert_eq!(id.expose(), "11010519491231002X");
    }

    #[test]
    fn age_counts_full_years() {
        let id = ResidentId::parse(&with_check("33040220081129123"), today()).unwrap();
        assert_eq!(id.age_on(today()), 18);
        let id = ResidentId::parse(&with_check("33040220081130123"), today()).unwrap();
        assert_eq!(id.age_on(today()), 17);
    }

    #[test]
    fn debug_output_never_shows_the_number() {
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert!(!format!("{id:?}").contains("19491231"));
    }

    fn valid_first17() -> impl Strategy<Value = String> {
        let provinces: Vec<String> =
            PROVINCES_CSV.lines().skip(1).filter_map(|l| l.split(',').next().map(str::to_string)).collect();
        (proptest::sample::select(provinces), 0u32..10000, 0i64..(365 * 120), 0u32..1000).prop_map(
            |(province, area, days_back, seq)| {
                let birth = today() - chrono::Duration::days(days_back);
                format!("{province}{area:04}{}{seq:03}", birth.format("%Y%m%d"))
            },
        )
    }

    proptest! {
        #[test]
        fn every_generated_valid_number_passes(first17 in valid_first17()) {
            let id = with_check(&first17);
            prop_assert!(ResidentId::parse(&id, today()).is_ok(), "{id}");
        }

        /// Any mix of full-width and half-width characters reads as the same number.
        #[test]
        fn full_width_and_half_width_numbers_parse_to_the_same_value(
            first17 in valid_first17(),
            wide in proptest::collection::vec(any::<bool>(), 18),
        ) {
            let id = with_check(&first17);
            let typed: String =
                id.chars().zip(wide).map(|(c, w)| if w { widen_char(c) } else { c }).collect();
            prop_assert_eq!(ResidentId::parse(&typed, today()), ResidentId::parse(&id, today()));
        }

        #[test]
        fn changing_any_one_character_fails(first17 in valid_first17(), pos in 0usize..18, delta in 1u8..11) {
            let id = with_check(&first17);
            let alphabet = b"0123456789X";
            let mut bytes = id.clone().into_bytes();
            let current = alphabet.iter().position(|c| *c == bytes[pos]).unwrap();
            bytes[pos] = alphabet[(current + delta as usize) % 11];
            let changed = String::from_utf8(bytes).unwrap();
            prop_assert_ne!(&changed, &id);
            prop_assert!(ResidentId::parse(&changed, today()).is_err(), "{} -> {}", id, changed);
        }
    }
}
