//! A person's name as typed on the form.

pub const MAX_NAME_CHARS: usize = 40;

/// Why a name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong,
    Characters,
}

/// A trimmed name of 1–40 characters made of letters (any script), spaces and the separators used
/// in Chinese, minority and foreign names (`·`, `-`, `.`, `'`). Markup cannot get through.
/// On the server the name is also NFC-normalised, so that `é` typed as one character or as `e` +
/// a combining accent is stored (and found) as the same name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, NameError> {
        // an ideographic space inside a name (欧阳　娜娜) is a space
        let narrowed: String = input.chars().map(|c| if c == '\u{3000}' { ' ' } else { c }).collect();
        let name = normalized(narrowed.trim());
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(NameError::TooLong);
        }
        // combining accents are allowed in both places: the browser keeps them as typed, the
        // server composes them (NFC), and both must accept the same names
        let allowed = |c: char| {
            c.is_alphabetic() || matches!(c, ' ' | '·' | '•' | '-' | '.' | '\'' | '\u{0300}'..='\u{036F}')
        };
        if !name.chars().all(allowed) {
            return Err(NameError::Characters);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// NFC on the server. The browser leaves the name as typed: the normalisation tables would add
/// tens of KB to the island, and the server normalises what it stores and searches anyway.
#[cfg(feature = "ssr")]
pub fn normalized(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

#[cfg(not(feature = "ssr"))]
pub fn normalized(text: &str) -> String {
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_minority_and_latin_names_are_accepted() {
        for name in ["张三", "阿依古丽·买买提", "Anna-Lena O'Brien", "欧阳 娜娜"] {
            assert!(PersonName::parse(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn markup_digits_and_empty_names_are_refused() {
        assert_eq!(PersonName::parse("<script>alert(1)</script>"), Err(NameError::Characters));
        assert_eq!(PersonName::parse("张三1"), Err(NameError::Characters));
        assert_eq!(PersonName::parse("   "), Err(NameError::Empty));
        assert_eq!(PersonName::parse(&"名".repeat(10_000)), Err(NameError::TooLong));
    }

    #[test]
    fn an_ideographic_space_inside_a_name_is_a_space() {
        assert_eq!(PersonName::parse("\u{3000}欧阳\u{3000}娜娜\u{3000}").unwrap().as_str(), "欧阳 娜娜");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn a_composed_and_a_decomposed_accent_are_the_same_name_on_the_server() {
        let composed = PersonName::parse("Zoë Ngô").unwrap();
        let decomposed = PersonName::parse("Zoe\u{0308} Ngo\u{0302}").unwrap();
        assert_eq!(composed, decomposed);
        assert_eq!(decomposed.as_str(), "Zo\u{00EB} Ng\u{00F4}");
    }

    proptest::proptest! {
        /// NFC does not change whether a name is accepted, so the browser (which does not
        /// normalise) and the server always agree.
        #[test]
        fn normalising_never_changes_whether_a_name_is_accepted(name in "[a-zA-Zé张·\u{0300}-\u{036F} ]{0,12}") {
            let before = name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '·' | '\u{0300}'..='\u{036F}'));
            let after = normalized(&name).chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '·' | '\u{0300}'..='\u{036F}'));
            proptest::prop_assert_eq!(before, after);
        }
    }
}
