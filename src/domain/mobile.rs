//! Mainland mobile numbers.

/// An 11-digit mainland mobile number: `1`, then 3–9, then nine digits. Spaces, dashes and a
/// leading `+86` are tolerated on input and dropped; full-width digits, `＋`, `－` and spaces (as
/// Chinese input methods type them) are read as half-width.
#[derive(Clone, PartialEq, Eq)]
pub struct MobileNumber(String);

impl std::fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MobileNumber({})", self.masked())
    }
}

impl MobileNumber {
    pub fn parse(input: &str) -> Option<Self> {
        let mut digits: String =
            input.chars().map(super::width::narrow_char).filter(|c| !matches!(c, ' ' | '-')).collect();
        if let Some(rest) = digits.strip_prefix("+86") {
            digits = rest.to_string();
        }
        let bytes = digits.as_bytes();
        let ok = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        ok.then_some(Self(digits))
    }

    /// The full number. Personal data: store it encrypted, show it masked.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn last_four(&self) -> &str {
        &self.0[7..]
    }

    pub fn masked(&self) -> String {
        super::mask_phone(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::width::widen_char;
    use proptest::prelude::*;

    #[test]
    fn an_eleven_digit_mobile_number_is_accepted() {
        assert_eq!(MobileNumber::parse("13612348028").unwrap().expose(), "13612348028");
        assert_eq!(MobileNumber::parse("+86 136-1234-8028").unwrap().expose(), "13612348028");
    }

    #[test]
    fn ten_digits_a_landline_and_letters_are_refused() {
        assert!(MobileNumber::parse("1361234802").is_none());
        assert!(MobileNumber::parse("05738288866").is_none());
        assert!(MobileNumber::parse("1361234802a").is_none());
        assert!(MobileNumber::parse("12612348028").is_none());
    }

    #[test]
    fn full_width_digits_and_spaces_from_a_chinese_input_method_are_read() {
        assert_eq!(MobileNumber::parse("１３６１２３４８０２８").unwrap().expose(), "13612348028");
        assert_eq!(
            MobileNumber::parse("＋８６\u{3000}１３６－１２３４－８０２８").unwrap().expose(),
            "13612348028"
        );
        assert!(MobileNumber::parse("１３６１２３４８０２").is_none());
    }

    proptest! {
        #[test]
        fn every_well_formed_number_parses(rest in "[3-9][0-9]{9}") {
            let number = format!("1{rest}");
            prop_assert!(MobileNumber::parse(&number).is_some());
        }

        /// Any mix of full-width and half-width digits reads as the same number.
        #[test]
        fn full_width_and_half_width_numbers_parse_to_the_same_value(
            rest in "[3-9][0-9]{9}",
            wide in proptest::collection::vec(any::<bool>(), 11),
        ) {
            let number = format!("1{rest}");
            let typed: String =
                number.chars().zip(wide).map(|(c, w)| if w { widen_char(c) } else { c }).collect();
            prop_assert_eq!(MobileNumber::parse(&typed), MobileNumber::parse(&number));
        }

        #[test]
        fn anything_but_eleven_digits_is_refused(s in "[0-9]{0,10}|[0-9]{12,20}") {
            prop_assert!(MobileNumber::parse(&s).is_none());
        }
    }
}
