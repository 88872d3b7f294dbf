//! China Standard Time and the age rules counted in it. The portal serves one country, so every
//! date a person reads or types is a China date; the database keeps UTC.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// UTC+8, the only clock people using the portal read.
pub const CHINA_OFFSET: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// Today's date in China, the calendar every age rule is counted in.
pub fn today_in_china() -> NaiveDate {
    Utc::now().with_timezone(&CHINA_OFFSET).date_naive()
}

/// An instant written in China time, e.g. `in_china(at, "%Y-%m-%d %H:%M")`.
pub fn in_china(at: DateTime<Utc>, format: &str) -> String {
    at.with_timezone(&CHINA_OFFSET).format(format).to_string()
}

/// A wall-clock time read in China, as an instant.
pub fn from_china(local: NaiveDateTime) -> DateTime<Utc> {
    // a fixed offset has no gaps or folds, so the mapping is always single
    CHINA_OFFSET.from_utc_datetime(&(local - CHINA_OFFSET)).with_timezone(&Utc)
}

/// Midnight at the start of a China date, as an instant.
pub fn china_midnight(date: NaiveDate) -> DateTime<Utc> {
    from_china(date.and_time(chrono::NaiveTime::MIN))
}

/// Full years of age on `today` (0 for a birth date in the future).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    today.years_since(birth).unwrap_or(0)
}

/// The date `years` before `today` (29 February becomes 28 February): someone born on or before
/// it is at least `years` old today.
pub fn years_before(today: NaiveDate, years: u32) -> NaiveDate {
    let year = today.year() - years as i32;
    NaiveDate::from_ymd_opt(year, today.month(), today.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, today.month(), 28))
        .unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn age_counts_whole_years() {
        let birth = date(2000, 6, 15);
        assert_eq!(age_on(birth, date(2026, 6, 14)), 25);
        assert_eq!(age_on(birth, date(2026, 6, 15)), 26);
        assert_eq!(age_on(birth, date(1999, 1, 1)), 0, "not born yet");
    }

    #[test]
    fn a_leap_day_minus_years_lands_on_the_28th() {
        assert_eq!(years_before(date(2024, 2, 29), 1), date(2023, 2, 28));
    }

    #[test]
    fn midnight_in_china_is_four_in_the_afternoon_utc_the_day_before() {
        let at = china_midnight(date(2026, 11, 29));
        assert_eq!(at.to_rfc3339(), "2026-11-28T16:00:00+00:00");
        assert_eq!(in_china(at, "%Y-%m-%d %H:%M"), "2026-11-29 00:00");
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (1900i32..2100, 1u32..=366).prop_map(|(y, d)| {
            NaiveDate::from_yo_opt(y, d).unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).unwrap())
        })
    }

    proptest! {
        /// The queue's age filter (born on or before `years_before(today, n)`) and the age shown
        /// in each row (`age_on`) always agree.
        #[test]
        fn the_age_filter_and_the_age_shown_agree(birth in any_date(), today in any_date(), n in 0u32..120) {
            prop_assume!(birth <= today);
            let old_enough = birth <= years_before(today, n);
            prop_assert_eq!(old_enough, age_on(birth, today) >= n);
        }

        #[test]
        fn a_china_time_reads_back_as_written(secs in 0i64..4_000_000_000) {
            let at = DateTime::from_timestamp(secs, 0).unwrap();
            let local = at.with_timezone(&CHINA_OFFSET).naive_local();
            prop_assert_eq!(from_china(local), at);
        }
    }
}
