//! Per-client rate limits, keyed on the real client address.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::HeaderMap;

pub struct RateLimits {
    status: DefaultKeyedRateLimiter<IpAddr>,
}

impl RateLimits {
    pub fn new(status_per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(status_per_minute.max(1)).expect("at least one");
        Self { status: RateLimiter::keyed(Quota::per_minute(per_minute)) }
    }

    /// True while this client may still look up a status.
    pub fn allow_status_lookup(&self, client: IpAddr) -> bool {
        self.status.check_key(&client).is_ok()
    }

    /// Forgets clients that have not been seen for a while (keeps memory flat).
    pub fn prune(&self) {
        self.status.retain_recent();
        self.status.shrink_to_fit();
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
