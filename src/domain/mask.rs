//! How personal data is shown: never more than a person needs to recognise their own entry.

/// `13612348028` → `136****8028`. Anything that is not an 11-character number is masked whole.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() != 11 {
        return "*".repeat(chars.len().min(11));
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[7..].iter().collect();
    format!("{head}****{tail}")
}

/// `330402199001011234` → `330402********1234` (area code and the last four stay).
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 {
        return "*".repeat(chars.len().min(18));
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[14..].iter().collect();
    format!("{head}********{tail}")
}

/// The back office's mask for everyone but city admins: `330402199001011234` →
/// `330402**********34` — the area (shown as the county anyway) and the last two characters.
/// Shown next to an age, nothing adds up to the number: the birth date (about 365 days in the
/// year the age allows) and two of the three sequence digits stay hidden, some 3,000 numbers
/// even after the check character is used. (`mask_id_number` keeps the last four, which with a
/// birth date on the same page gave all 18 characters away.)
pub fn mask_id_number_for_staff(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 {
        return "*".repeat(chars.len().min(18));
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[16..].iter().collect();
    format!("{head}**********{tail}")
}

/// `张三丰` → `张**`: the family name stays, the rest is hidden.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count().max(1))),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_phone_keeps_three_and_four_digits() {
        assert_eq!(mask_phone("13612348028"), "136****8028");
    }

    #[test]
    fn an_id_keeps_its_area_and_last_four() {
        assert_eq!(mask_id_number("330402199001011234"), "330402********1234");
    }

    #[test]
    fn a_name_keeps_only_its_first_character() {
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name("李"), "李*");
    }

    #[test]
    fn the_staff_mask_keeps_the_area_and_two_characters() {
        assert_eq!(mask_id_number_for_staff("330402199001011234"), "330402**********34");
        assert_eq!(mask_id_number_for_staff("12345"), "*****");
    }

    proptest! {
        #[test]
        fn the_staff_mask_never_shows_a_birth_date_or_sequence_digit(
            area in "[1-6][0-9]{5}", birth in "(19[5-9][0-9]|200[0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])",
            seq in "[0-9]{3}", check in "[0-9X]",
        ) {
            let id = format!("{area}{birth}{seq}{check}");
            let masked = mask_id_number_for_staff(&id);
            prop_assert_eq!(&masked[..6], area.as_str());
            prop_assert!(masked[6..16].chars().all(|c| c == '*'), "{}", masked);
            prop_assert_eq!(&masked[16..], &id[16..]);
            // two people born on different days with the same area and last two look the same
            let other = format!("{area}19700101{}{}", &seq[..2], &id[16..]);
            prop_assert_eq!(mask_id_number_for_staff(&other), masked);
        }

        #[test]
        fn masking_never_reveals_more_than_seven_digits_of_a_phone(phone in "[^*\\p{C}]{0,20}") {
            let masked = mask_phone(&phone);
            let shown = masked.chars().filter(|c| *c != '*').count();
            prop_assert!(shown <= 7, "{phone} -> {masked}");
            // and what it shows is at most the first three and the last four
            if shown > 0 {
                let chars: Vec<char> = phone.chars().collect();
                let expected: String = chars[..3].iter().chain(chars[7..].iter()).collect();
                let actual: String = masked.chars().filter(|c| *c != '*').collect();
                prop_assert_eq!(actual, expected);
            }
        }

        #[test]
        fn masking_a_real_mobile_number_always_hides_the_middle_four(rest in "[3-9][0-9]{9}") {
            let phone = format!("1{rest}");
            let masked = mask_phone(&phone);
            prop_assert_eq!(&masked[3..7], "****");
            prop_assert_eq!(masked.len(), 11);
        }
    }
}
