//! Which language a request asks for (server side): the `lang` cookie set by the language
//! switch wins, then `Accept-Language`, then Chinese.

use http::header::{ACCEPT_LANGUAGE, COOKIE};
use http::HeaderMap;
use leptos::prelude::{provide_context, use_context};

use super::Locale;

/// The cookie the language switch sets.
pub const LANG_COOKIE: &str = "lang";

/// The language of a request, from its headers.
pub fn locale_from_headers(headers: &HeaderMap) -> Locale {
    from_cookie(headers).or_else(|| from_accept_language(headers)).unwrap_or_default()
}

fn from_cookie(headers: &HeaderMap) -> Option<Locale> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| Locale::from_tag(value))
}

/// The supported language with the highest weight (`en-GB;q=0.8, zh;q=0.9` → Chinese).
fn from_accept_language(headers: &HeaderMap) -> Option<Locale> {
    let mut best: Option<(f32, Locale)> = None;
    for entry in
        headers.get_all(ACCEPT_LANGUAGE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(','))
    {
        let mut parts = entry.split(';');
        let Some(locale) = parts.next().and_then(Locale::from_tag) else { continue };
        let weight = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        // The first of equal weights wins: the browser lists them in the person's order.
        if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, locale));
        }
    }
    best.map(|(_, locale)| locale)
}

/// Puts the request's language into the Leptos context (the request's `Parts` must be there,
/// as leptos_axum provides them before the additional context).
pub fn provide_request_locale() {
    let locale =
        use_context::<http::request::Parts>().map(|p| locale_from_headers(&p.headers)).unwrap_or_default();
    provide_context(locale);
}

/// Where the language switch may send the browser back to: a path on this site only (no
/// scheme, no host, no `//host` or `/\host`, no control characters), else nothing.
pub fn safe_return_path(back: &str) -> Option<&str> {
    let ok = back.starts_with('/')
        && !back.starts_with("//")
        && !back.starts_with("/\\")
        && back.len() <= 2048
        && !back.chars().any(|c| c.is_control() || c == '\\');
    ok.then_some(back)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn without_a_preference_the_portal_speaks_chinese() {
        assert_eq!(locale_from_headers(&headers(&[])), Locale::Zh);
        assert_eq!(locale_from_headers(&headers(&[("accept-language", "fr-FR, de;q=0.5")])), Locale::Zh);
    }

    #[test]
    fn accept_language_picks_the_heaviest_supported_language() {
        assert_eq!(locale_from_headers(&headers(&[("accept-language", "en")])), Locale::En);
        assert_eq!(
            locale_from_headers(&headers(&[("accept-language", "fr, en-GB;q=0.8, zh;q=0.9")])),
            Locale::Zh
        );
        assert_eq!(locale_from_headers(&headers(&[("accept-language", "zh;q=0, en;q=0.1")])), Locale::En);
        assert_eq!(
            locale_from_headers(&headers(&[("accept-language", "en-US,en;q=0.9,zh-CN;q=0.8")])),
            Locale::En
        );
    }

    #[test]
    fn the_switch_cookie_wins_over_the_browser_setting() {
        let h = headers(&[("accept-language", "en"), ("cookie", "a=b; lang=zh-CN")]);
        assert_eq!(locale_from_headers(&h), Locale::Zh);
        let h = headers(&[("cookie", "lang=en")]);
        assert_eq!(locale_from_headers(&h), Locale::En);
        let h = headers(&[("accept-language", "en"), ("cookie", "lang=klingon")]);
        assert_eq!(locale_from_headers(&h), Locale::En);
    }

    #[test]
    fn only_paths_on_this_site_are_return_targets() {
        for good in ["/", "/campaigns/volunteers-guard-expo?x=1#signup", "/status"] {
            assert_eq!(safe_return_path(good), Some(good));
        }
        for bad in
            ["https://evil.example/", "//evil.example/", "/\\evil.example", "evil", "", "/a\r\nSet-Cookie: x"]
        {
            assert_eq!(safe_return_path(bad), None, "{bad:?}");
        }
    }
}
