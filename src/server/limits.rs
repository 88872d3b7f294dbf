//! Per-client rate limits, keyed on the real client address.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::HeaderMap;

pub struct RateLimits {
    status: DefaultKeyedRateLimiter<IpAddr>,
    signup: DefaultKeyedRateLimiter<IpAddr>,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).expect("at least one"))
}

impl RateLimits {
    pub fn new(status_per_minute: u32, signups_per_minute: u32) -> Self {
        Self {
            status: RateLimiter::keyed(per_minute(status_per_minute)),
            signup: RateLimiter::keyed(per_minute(signups_per_minute)),
        }
    }

    /// True while this client may still post a sign-up.
    pub fn allow_signup(&self, client: IpAddr) -> bool {
        self.signup.check_key(&client).is_ok()
    }

    /// True while this client may still look up a status.
    pub fn allow_status_lookup(&self, client: IpAddr) -> bool {
        self.status.check_key(&client).is_ok()
    }

    /// Forgets clients that have not been seen for a while (keeps memory flat).
    pub fn prune(&self) {
        for limiter in [&self.status, &self.signup] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// The client's address: the peer, or — when the peer is a trusted reverse proxy — the last
/// address that proxy appended to `X-Forwarded-For`.
pub fn client_ip(peer: Option<SocketAddr>, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    let peer_ip = peer.map(|p| p.ip()).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    if !trusted_proxies.contains(&peer_ip) {
        return peer_ip;
    }
    headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|ip| ip.trim().parse().ok())
        .unwrap_or(peer_ip)
}
