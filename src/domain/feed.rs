//! The live feed of sign-ups ("2 分钟前 136****8028 已报名"): when, and a masked mobile number —
//! never a name, never a full number. The types make anything more impossible to hold.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::MobileNumber;
use crate::i18n::Locale;

/// Whose sign-ups a feed shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FeedTopic {
    Campaign(i32),
    Activity(i64),
}

impl FeedTopic {
    /// The Server-Sent Events route of this feed.
    pub fn url(self) -> String {
        match self {
            Self::Campaign(id) => format!("/feed/campaign/{id}"),
            Self::Activity(id) => format!("/feed/activity/{id}"),
        }
    }
}

/// A mobile number of which only the first three and the last four digits exist: `136****8028`.
/// Built from a whole `MobileNumber` or from those seven digits, so a full number, a name or any
/// other text can never be stored in one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaskedMobile {
    head: [u8; 3],
    tail: [u8; 4],
}

impl MaskedMobile {
    pub fn of(mobile: &MobileNumber) -> Self {
        let digits = mobile.expose().as_bytes();
        let mut masked = Self { head: [0; 3], tail: [0; 4] };
        masked.head.copy_from_slice(&digits[..3]);
        masked.tail.copy_from_slice(&digits[7..]);
        masked
    }

    /// From the first three and the last four digits, e.g. `("136", "8028")`; anything else is refused.
    pub fn from_parts(head: &str, tail: &str) -> Option<Self> {
        let head: [u8; 3] = head.as_bytes().try_into().ok()?;
        let tail: [u8; 4] = tail.as_bytes().try_into().ok()?;
        head.iter().chain(tail.iter()).all(u8::is_ascii_digit).then_some(Self { head, tail })
    }

    pub fn as_text(&self) -> String {
        let digits = |bytes: &[u8]| bytes.iter().map(|b| char::from(*b)).collect::<String>();
        format!("{}****{}", digits(&self.head), digits(&self.tail))
    }
}

/// One sign-up as the feed shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedEntry {
    pub at: DateTime<Utc>,
    pub masked: MaskedMobile,
}

/// How long ago, in the unit a reader wants: 刚刚, N 分钟前, N 小时前, N 天前.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ago {
    JustNow,
    Minutes(i64),
    Hours(i64),
    Days(i64),
}

impl Ago {
    /// A moment in the future (clocks of two servers) reads as "just now".
    pub fn between(at: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        let seconds = (now - at).num_seconds().max(0);
        match seconds {
            0..60 => Self::JustNow,
            60..3600 => Self::Minutes(seconds / 60),
            3600..86_400 => Self::Hours(seconds / 3600),
            _ => Self::Days(seconds / 86_400),
        }
    }
}

/// The feed's line for one sign-up: "2 分钟前 136****8028 已报名" / "2 minutes ago 136****8028 signed up".
pub fn line(entry: &FeedEntry, now: DateTime<Utc>, locale: Locale) -> String {
    crate::i18n::feed_line(Ago::between(entry.at, now), &entry.masked.as_text(), locale)
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    use super::*;

    fn entry(mobile: &str, at: DateTime<Utc>) -> FeedEntry {
        FeedEntry { at, masked: MaskedMobile::of(&MobileNumber::parse(mobile).unwrap()) }
    }

    #[test]
    fn a_sign_up_two_minutes_ago_reads_as_in_the_news_site_box() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap();
        let e = entry("13612348028", now - Duration::seconds(150));
        assert_eq!(line(&e, now, Locale::Zh), "2 分钟前 136****8028 已报名");
        assert_eq!(line(&e, now, Locale::En), "2 minutes ago 136****8028 signed up");
    }

    #[test]
    fn the_unit_grows_from_just_now_to_days() {
        let now = Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap();
        let ago = |s: i64| line(&entry("13612348028", now - Duration::seconds(s)), now, Locale::Zh);
        assert_eq!(ago(5), "刚刚 136****8028 已报名");
        assert_eq!(ago(-30), "刚刚 136****8028 已报名", "a clock a little ahead");
        assert_eq!(ago(3 * 3600 + 5), "3 小时前 136****8028 已报名");
        assert_eq!(ago(2 * 86_400), "2 天前 136****8028 已报名");
        let en = |s: i64| line(&entry("13612348028", now - Duration::seconds(s)), now, Locale::En);
        assert_eq!(en(5), "just now 136****8028 signed up");
        assert_eq!(en(61), "1 minute ago 136****8028 signed up");
        assert_eq!(en(3600), "1 hour ago 136****8028 signed up");
        assert_eq!(en(86_400 * 3), "3 days ago 136****8028 signed up");
    }

    #[test]
    fn only_three_and_four_digits_make_a_masked_mobile() {
        assert_eq!(MaskedMobile::from_parts("136", "8028").unwrap().as_text(), "136****8028");
        assert!(MaskedMobile::from_parts("1361234", "8028").is_none(), "a longer head");
        assert!(MaskedMobile::from_parts("张三丰", "8028").is_none(), "a name");
        assert!(MaskedMobile::from_parts("136", "80a8").is_none());
        assert!(MaskedMobile::from_parts("136", "18028").is_none());
    }

    proptest! {
        #[test]
        fn a_line_never_shows_the_whole_number_nor_its_middle_digits(
            rest in "[3-9][0-9]{9}",
            seconds_ago in -100_000i64..100_000_000,
            english in any::<bool>(),
        ) {
            let mobile = format!("1{rest}");
            let now = Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap();
            let locale = if english { Locale::En } else { Locale::Zh };
            let shown = line(&entry(&mobile, now - Duration::seconds(seconds_ago)), now, locale);
            prop_assert!(!shown.contains(&mobile), "{}", shown);
            prop_assert!(!shown.contains(&mobile[..7]), "prefix and middle four: {}", shown);
            prop_assert!(!shown.contains(&mobile[3..]), "middle four and the rest: {}", shown);
            let masked = format!("{}****{}", &mobile[..3], &mobile[7..]);
            prop_assert!(shown.contains(&masked), "{}", shown);
        }
    }
}
