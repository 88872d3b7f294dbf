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

    proptest! {
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
