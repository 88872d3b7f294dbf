//! Full-width characters as Chinese input methods type them. A person who types `１３６１２３４８０２８`
//! or `３３０４０２……１２３Ｘ` means the plain digits; the ID, the mobile number, the reference code and
//! the back-office search read them as such before parsing (and so before hashing).
//!
//! A plain character mapping, no Unicode tables: it runs in the browser too, and the island must
//! stay small. (Names are NFC-normalised on the server only, see `PersonName::parse`.)

/// The half-width form of a full-width ASCII character (U+FF01..U+FF5E → U+0021..U+007E) and of
/// the ideographic space (U+3000 → space); any other character as it is.
pub fn narrow_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// `input` with every full-width ASCII character and ideographic space made half-width.
pub fn narrow(input: &str) -> String {
    input.chars().map(narrow_char).collect()
}

/// The full-width form of a printable ASCII character (space: the ideographic space), as an
/// input method types it — for tests.
#[cfg(test)]
pub(crate) fn widen_char(c: char) -> char {
    match c {
        ' ' => '\u{3000}',
        '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[cfg(test)]
pub(crate) fn widen(input: &str) -> String {
    input.chars().map(widen_char).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn full_width_digits_letters_and_the_ideographic_space_become_half_width() {
        assert_eq!(narrow("１３６\u{3000}１２３４－８０２８"), "136 1234-8028");
        assert_eq!(narrow("３３０４０２ｘＸ＋８６"), "330402xX+86");
        assert_eq!(narrow("王芳·Ｏ'Ｂ"), "王芳·O'B");
    }

    proptest! {
        #[test]
        fn narrowing_undoes_widening_and_leaves_half_width_text_alone(text in "[ -~]{0,30}") {
            prop_assert_eq!(narrow(&widen(&text)), text.clone());
            prop_assert_eq!(narrow(&text), text);
        }
    }
}
