//! Per-client rate limits, keyed on the real client address.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::HeaderMap;

pub struct RateLimits {
    status: DefaultKeyedRateLimiter<IpAddr>,
    signup: DefaultKeyedRateLimiter<IpAddr>,
    partner: DefaultKeyedRateLimiter<i32>,
}

/// Requests per minute one partner token may make to `/api/v1/` (per instance).
pub const PARTNER_REQUESTS_PER_MINUTE: u32 = 1200;

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"))
}

impl RateLimits {
    pub fn new(status_per_minute: u32, signups_per_minute: u32) -> Self {
        Self {
            status: RateLimiter::keyed(per_minute(status_per_minute)),
            signup: RateLimiter::keyed(per_minute(signups_per_minute)),
            partner: RateLimiter::keyed(per_minute(PARTNER_REQUESTS_PER_MINUTE)),
        }
    }

    /// True while this client may still post a sign-up.
    pub fn allow_signup(&self, client: IpAddr) -> bool {
        self.signup.check_key(&rate_key(client)).is_ok()
    }

    /// True while this client may still look up a status.
    pub fn allow_status_lookup(&self, client: IpAddr) -> bool {
        self.status.check_key(&rate_key(client)).is_ok()
    }

    /// True while this partner token may still make a request.
    pub fn allow_partner(&self, token_id: i32) -> bool {
        self.partner.check_key(&token_id).is_ok()
    }

    /// Forgets clients that have not been seen for a while (keeps memory flat).
    pub fn prune(&self) {
        for limiter in [&self.status, &self.signup] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
        self.partner.retain_recent();
        self.partner.shrink_to_fit();
    }
}

/// The sign-up limit, checked before the body is even read: a refused post costs no parsing and
/// leaves nothing behind. A browser without JavaScript is sent to a plain "slow down" page.
pub async fn limit_signups(
    axum::extract::State(state): axum::extract::State<crate::server::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::{header, StatusCode};

    let peer = request.extensions().get::<axum::extract::ConnectInfo<SocketAddr>>().map(|c| c.0);
    let client = client_ip(peer, request.headers(), &state.settings.trusted_proxies);
    // a family's registration shares the sign-up budget: both write personal data
    let limited = matches!(request.uri().path(), "/api/signup" | "/api/activity_signup");
    if !limited || state.limits.allow_signup(client) {
        return next.run(request).await;
    }
    let plain_form = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    discard(request.into_body()).await;
    if plain_form {
        return (StatusCode::FOUND, [(header::LOCATION, "/slow-down")]).into_response();
    }
    let body = serde_json::to_vec(&crate::error::AppError::RateLimited).unwrap_or_default();
    (StatusCode::TOO_MANY_REQUESTS, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Reads and drops what a refused client is still uploading (the body limit layer outside caps
/// it), keeping nothing: answering mid-upload makes the server close the connection, and the
/// browser then shows a reset connection instead of our answer.
async fn discard(mut body: axum::body::Body) {
    use http_body_util::BodyExt;
    while let Some(Ok(_)) = body.frame().await {}
}

/// The client's address: the peer, or — when the peer is a trusted reverse proxy — the
/// right-most address in `X-Forwarded-For` (all lines, in order) that is not itself a trusted
/// proxy. Everything left of that is whatever the client chose to send, so it is never read.
pub fn client_ip(peer: Option<SocketAddr>, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    let mut client = peer.map(|p| p.ip().to_canonical()).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    if !trusted_proxies.contains(&client) {
        return client;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(','))
        .collect();
    for hop in hops.iter().rev() {
        // Garbage means we cannot know who is further left: the last hop we could read stands.
        let Ok(ip) = hop.trim().parse::<IpAddr>() else { break };
        client = ip.to_canonical();
        if !trusted_proxies.contains(&client) {
            break;
        }
    }
    client
}

/// The key a client is counted under: its IPv4 address, or the /64 network of its IPv6
/// address — one subscriber usually gets a whole /64 and could otherwise rotate through it.
pub fn rate_key(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => IpAddr::V6(std::net::Ipv6Addr::from(u128::from(v6) & !((1u128 << 64) - 1))),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn forwarded(lines: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append("x-forwarded-for", line.parse().unwrap());
        }
        headers
    }

    fn peer(ip: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(ip.parse().unwrap(), 40000))
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_line_the_proxy_appends_after_the_clients_own_line_is_the_one_believed() {
        let trusted = [ip("10.0.0.1")];
        // The client sent its own `X-Forwarded-For: 1.2.3.4`; the proxy added a second line.
        let headers = forwarded(&["1.2.3.4", "198.51.100.7"]);
        assert_eq!(client_ip(peer("10.0.0.1"), &headers, &trusted), ip("198.51.100.7"));
    }

    #[test]
    fn the_right_most_address_that_is_not_a_trusted_proxy_is_the_client() {
        let trusted = [ip("10.0.0.1"), ip("10.0.0.2")];
        let headers = forwarded(&["6.6.6.6, 198.51.100.7", "10.0.0.2"]);
        assert_eq!(client_ip(peer("10.0.0.1"), &headers, &trusted), ip("198.51.100.7"));
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let headers = forwarded(&["198.51.100.7"]);
        assert_eq!(client_ip(peer("203.0.113.5"), &headers, &[ip("10.0.0.1")]), ip("203.0.113.5"));
    }

    #[test]
    fn garbage_in_the_header_falls_back_to_the_last_trusted_hop() {
        let trusted = [ip("10.0.0.1")];
        assert_eq!(client_ip(peer("10.0.0.1"), &forwarded(&["nonsense"]), &trusted), ip("10.0.0.1"));
        assert_eq!(client_ip(peer("10.0.0.1"), &HeaderMap::new(), &trusted), ip("10.0.0.1"));
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_bit_prefix() {
        assert_eq!(rate_key(ip("2001:db8:1:2:aaaa::1")), rate_key(ip("2001:db8:1:2:bbbb::9")));
        assert_ne!(rate_key(ip("2001:db8:1:2::1")), rate_key(ip("2001:db8:1:3::1")));
        assert_eq!(rate_key(ip("198.51.100.7")), ip("198.51.100.7"));
        assert_eq!(rate_key(ip("::ffff:198.51.100.7")), ip("198.51.100.7"), "IPv4 in IPv6 clothing");
    }

    #[test]
    fn rotating_inside_a_64_does_not_escape_the_limit() {
        let limits = RateLimits::new(2, 2);
        assert!(limits.allow_signup(ip("2001:db8::1")));
        assert!(limits.allow_signup(ip("2001:db8::2")));
        assert!(!limits.allow_signup(ip("2001:db8::3")));
        assert!(limits.allow_signup(ip("2001:db8:0:1::1")), "another /64 is another client");
    }

    proptest! {
        #[test]
        fn whatever_the_client_prepends_it_cannot_choose_its_address(
            spoofed in proptest::collection::vec(any::<[u8; 4]>(), 0..5),
            real in any::<[u8; 4]>(),
            split in any::<bool>(),
        ) {
            let trusted = [ip("10.0.0.1")];
            let real = IpAddr::from(real);
            prop_assume!(!trusted.contains(&real));
            let spoofed: Vec<String> = spoofed.into_iter().map(|b| IpAddr::from(b).to_string()).collect();
            let mut headers = HeaderMap::new();
            if split {
                for s in &spoofed {
                    headers.append("x-forwarded-for", s.parse().unwrap());
                }
                headers.append("x-forwarded-for", real.to_string().parse().unwrap());
            } else {
                let mut line = spoofed.clone();
                line.push(real.to_string());
                headers.append("x-forwarded-for", line.join(", ").parse().unwrap());
            }
            prop_assert_eq!(client_ip(peer("10.0.0.1"), &headers, &trusted), real);
        }

        #[test]
        fn every_address_of_a_64_shares_one_key(prefix in any::<u64>(), a in any::<u64>(), b in any::<u64>()) {
            let addr = |host: u64| IpAddr::from(std::net::Ipv6Addr::from(((prefix as u128) << 64) | host as u128));
            prop_assume!(addr(a).to_canonical().is_ipv6());
            prop_assert_eq!(rate_key(addr(a)), rate_key(addr(b)));
        }
    }
}
