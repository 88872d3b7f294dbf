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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(NameError::TooLong);
        }
        let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '·' | '•' | '-' | '.' | '\'');
        if !name.chars().all(allowed) {
            return Err(NameError::Characters);
        }
        Ok(Self(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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
}
