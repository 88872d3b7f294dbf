//! The cookie that keeps a volunteer's own page (`/me`) open: the random token, never the
//! reference code. `HttpOnly` (no script reads it), `SameSite=Lax` (sent when the person follows
//! a link to the portal, e.g. from a mail, but not with another site's form post), `Path=/`,
//! `Secure` when the portal is served over https, and gone when the page's lifetime ends.

use http::HeaderMap;

use crate::server::services::my_page::LIFETIME;

pub const COOKIE: &str = "sw_me";

/// The `Set-Cookie` value that opens the page in this browser.
pub fn opened(token: &str, public_url: &str) -> String {
    let max_age = LIFETIME.num_seconds();
    format!("{COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{}", secure(public_url))
}

/// The `Set-Cookie` value that removes it.
pub fn cleared(public_url: &str) -> String {
    format!("{COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0{}", secure(public_url))
}

/// The token this browser sent, if any.
pub fn token(headers: &HeaderMap) -> Option<String> {
    crate::server::guard::cookie_value(headers, COOKIE)
}

fn secure(public_url: &str) -> &'static str {
    if public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_cookie_is_http_only_lax_for_the_whole_site_and_secure_over_https() {
        let cookie = opened("abc", "https://volunteer.example.cn");
        for part in ["sw_me=abc", "HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
            assert!(cookie.contains(part), "{part} in {cookie}");
        }
        assert!(cookie.ends_with("; Secure"));
        assert!(!opened("abc", "http://127.0.0.1:3000").contains("Secure"));
        assert!(cleared("https://x.cn").contains("Max-Age=0"));
    }

    #[test]
    fn the_token_is_read_among_other_cookies_and_not_from_the_admin_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert("cookie", "sw_admin=1; sw_me=beef; lang=en".parse().unwrap());
        assert_eq!(token(&headers).as_deref(), Some("beef"));
        headers.insert("cookie", "sw_admin=1; sw_me_x=2".parse().unwrap());
        assert_eq!(token(&headers), None);
    }
}
