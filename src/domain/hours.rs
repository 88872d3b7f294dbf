//! Hours served at a training session. The rule, stated once: the minutes between arrival and
//! departure, counted only inside the session's own window, rounded DOWN to the quarter hour —
//! never negative, never more than the session lasts.

use chrono::{DateTime, Utc};

/// The unit hours are counted in.
pub const QUARTER: i64 = 15;

/// Minutes served by someone who arrived at `arrived` and left at `left`, at a session running
/// from `starts` to `ends`: clipped to the session, rounded down to a quarter hour, never negative.
pub fn minutes_served(
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
    arrived: DateTime<Utc>,
    left: DateTime<Utc>,
) -> u32 {
    let from = arrived.max(starts);
    let to = left.min(ends);
    let minutes = (to - from).num_minutes().max(0);
    let rounded = minutes - minutes % QUARTER;
    u32::try_from(rounded).unwrap_or(u32::MAX)
}

/// `195` → `"3:15"`: hours and minutes, as the roster and the volunteer's record show them.
pub fn as_hours(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 12, h, m, 0).single().unwrap()
    }

    #[test]
    fn time_inside_the_session_is_rounded_down_to_the_quarter_hour() {
        assert_eq!(minutes_served(at(1, 0), at(5, 0), at(1, 2), at(3, 16)), 120);
        assert_eq!(minutes_served(at(1, 0), at(5, 0), at(1, 0), at(3, 15)), 135);
        assert_eq!(minutes_served(at(1, 0), at(5, 0), at(1, 0), at(1, 14)), 0);
    }

    #[test]
    fn arriving_early_or_staying_late_does_not_count() {
        assert_eq!(minutes_served(at(1, 0), at(3, 0), at(0, 10), at(4, 30)), 120);
        assert_eq!(minutes_served(at(1, 0), at(3, 0), at(0, 10), at(0, 50)), 0);
    }

    #[test]
    fn a_session_of_odd_length_is_never_exceeded() {
        // 1 h 50 min session, present throughout: 1 h 45 min
        assert_eq!(minutes_served(at(1, 0), at(2, 50), at(0, 0), at(3, 0)), 105);
    }

    #[test]
    fn leaving_before_arriving_counts_nothing() {
        assert_eq!(minutes_served(at(1, 0), at(5, 0), at(3, 0), at(2, 0)), 0);
    }

    #[test]
    fn hours_read_as_hours_and_minutes() {
        assert_eq!(as_hours(195), "3:15");
        assert_eq!(as_hours(0), "0:00");
    }

    fn instant(minute: i64) -> DateTime<Utc> {
        at(0, 0) + Duration::minutes(minute)
    }

    proptest! {
        #[test]
        fn never_negative_never_above_the_session_and_always_whole_quarters(
            start in 0i64..2_000, length in 0i64..1_000, arrive in -500i64..3_500, stay in -500i64..3_500,
        ) {
            let served = minutes_served(instant(start), instant(start + length), instant(arrive), instant(arrive + stay));
            prop_assert!(i64::from(served) <= length);
            prop_assert_eq!(i64::from(served) % QUARTER, 0);
        }

        #[test]
        fn leaving_later_never_counts_less(
            start in 0i64..2_000, length in 0i64..1_000, arrive in -500i64..3_500,
            left in -500i64..4_000, later in 0i64..1_000,
        ) {
            let (starts, ends) = (instant(start), instant(start + length));
            let earlier = minutes_served(starts, ends, instant(arrive), instant(left));
            let after = minutes_served(starts, ends, instant(arrive), instant(left + later));
            prop_assert!(after >= earlier);
        }

        #[test]
        fn arriving_earlier_never_counts_less(
            start in 0i64..2_000, length in 0i64..1_000, arrive in -500i64..3_500,
            left in -500i64..4_000, sooner in 0i64..1_000,
        ) {
            let (starts, ends) = (instant(start), instant(start + length));
            let late = minutes_served(starts, ends, instant(arrive), instant(left));
            let early = minutes_served(starts, ends, instant(arrive - sooner), instant(left));
            prop_assert!(early >= late);
        }
    }
}
