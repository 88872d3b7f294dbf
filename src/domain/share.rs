//! Where a sign-up came from: the words a shared link carries in `?src=`, and the links that carry
//! them. The campaign page reads the word back and the sign-up keeps it, so the dashboard can tell
//! a QR poster from a Weibo post.

use serde::{Deserialize, Serialize};

/// A closed set: the only values the `src` query word may take. Anything else is "direct".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ShareSource {
    /// The QR code printed on the page (and on posters made from it).
    Qr,
    /// A link passed on inside WeChat.
    Wechat,
    Weibo,
    Qq,
    /// The link copied from the page's text field.
    Copy,
}

impl ShareSource {
    pub const ALL: [ShareSource; 5] =
        [ShareSource::Qr, ShareSource::Wechat, ShareSource::Weibo, ShareSource::Qq, ShareSource::Copy];

    /// The word in the URL and in the database column.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qr => "qr",
            Self::Wechat => "wechat",
            Self::Weibo => "weibo",
            Self::Qq => "qq",
            Self::Copy => "copy",
        }
    }

    /// Reads the word exactly as `as_str` writes it; anything else (other case, padding, a script,
    /// a megabyte) is `None`: an unknown source is simply no source, never a refusal.
    pub fn parse(word: &str) -> Option<ShareSource> {
        Self::ALL.into_iter().find(|s| s.as_str() == word)
    }
}

/// `url` with `src=<source>` added to its query (before any `#fragment`).
pub fn with_source(url: &str, source: ShareSource) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (url, None),
    };
    let joint = match base.contains('?') {
        true if base.ends_with('?') || base.ends_with('&') => "",
        true => "&",
        false => "?",
    };
    let mut out = format!("{base}{joint}src={}", source.as_str());
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Percent-encodes text for a query value (RFC 3986: everything but letters, digits and `-._~`),
/// UTF-8 byte by byte, as the share services expect their `url=` and `title=`.
pub fn encode_query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_source_reads_back_from_its_own_word() {
        for source in ShareSource::ALL {
            assert_eq!(ShareSource::parse(source.as_str()), Some(source));
        }
    }

    #[test]
    fn other_words_are_no_source() {
        for word in ["", "QR", " qr", "qr ", "<script>", "weibo&src=qq", "direct", "微信"] {
            assert_eq!(ShareSource::parse(word), None, "{word:?}");
        }
        assert_eq!(ShareSource::parse(&"qr".repeat(100_000)), None);
    }

    #[test]
    fn the_source_goes_into_the_query_before_the_fragment() {
        let page = "https://v.example.cn/campaigns/expo";
        assert_eq!(with_source(page, ShareSource::Qr), "https://v.example.cn/campaigns/expo?src=qr");
        assert_eq!(with_source(&format!("{page}?a=1"), ShareSource::Qq), format!("{page}?a=1&src=qq"));
        assert_eq!(
            with_source(&format!("{page}#signup"), ShareSource::Copy),
            format!("{page}?src=copy#signup")
        );
    }

    #[test]
    fn query_values_are_percent_encoded_as_utf8() {
        assert_eq!(encode_query_value("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode_query_value("守"), "%E5%AE%88");
        assert_eq!(encode_query_value("safe-._~AZ09"), "safe-._~AZ09");
    }

    proptest! {
        #[test]
        fn parsing_any_text_never_panics_and_only_known_words_parse(word in any::<String>()) {
            match ShareSource::parse(&word) {
                Some(source) => prop_assert_eq!(source.as_str(), word.as_str()),
                None => prop_assert!(ShareSource::ALL.iter().all(|s| s.as_str() != word)),
            }
        }

        #[test]
        fn a_tagged_url_carries_exactly_one_source_that_reads_back(
            path in "[a-z0-9/-]{0,20}",
            index in 0usize..5,
        ) {
            let source = ShareSource::ALL[index];
            let url = with_source(&format!("https://x.cn/{path}"), source);
            let (_, query) = url.split_once('?').expect("a query");
            let words: Vec<_> = query.split('&').filter_map(|p| p.strip_prefix("src=")).collect();
            prop_assert_eq!(words.len(), 1);
            prop_assert_eq!(ShareSource::parse(words[0]), Some(source));
        }

        #[test]
        fn encoded_values_hold_only_safe_characters(text in any::<String>()) {
            let encoded = encode_query_value(&text);
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        }
    }
}
