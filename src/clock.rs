//! The one clock. Every check that compares with today reads a [`Now`] handed down from the command line
//! (`--now DATE`, `MCPTRUST_NOW`), defaulting to the system clock, so that a test fixes the date and a result
//! never depends on the day it was computed.

use std::fmt;

use anyhow::{Result, bail};

const SECONDS_PER_DAY: i64 = 86_400;

/// A moment, in whole seconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Now(i64);

impl Now {
    /// The system clock.
    pub fn system() -> Now {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        Now(secs)
    }

    pub fn from_unix(seconds: i64) -> Now {
        Now(seconds)
    }

    /// `YYYY-MM-DD` (midnight UTC), or an RFC 3339 date-time (`2026-12-01T10:00:00Z`, `...+02:00`).
    pub fn parse(text: &str) -> Result<Now> {
        let text = text.trim();
        let (date, time) = match text.find(['T', 't', ' ']) {
            Some(i) => (&text[..i], Some(&text[i + 1..])),
            None => (text, None),
        };
        let bad = || anyhow::anyhow!("`{text}` is not a date (YYYY-MM-DD) or an RFC 3339 time (YYYY-MM-DDTHH:MM:SSZ)");
        let day = Date::parse(date).map_err(|e| if time.is_some() { bad() } else { e })?;
        let mut seconds = day.days_since_epoch() * SECONDS_PER_DAY;
        if let Some(time) = time {
            seconds += parse_time_of_day(time).ok_or_else(bad)?;
        }
        Ok(Now(seconds))
    }

    pub fn unix(self) -> i64 {
        self.0
    }

    /// Today's date (UTC).
    pub fn today(self) -> Date {
        Date::from_days_since_epoch(self.0.div_euclid(SECONDS_PER_DAY))
    }

    /// Whole days from `unix_seconds` until now (negative when it is still to come), rounded toward the past.
    pub fn days_since(self, unix_seconds: i64) -> i64 {
        (i128::from(self.0) - i128::from(unix_seconds)).div_euclid(i128::from(SECONDS_PER_DAY)) as i64
    }

    /// Whole days from now until `unix_seconds` (negative when it is past), rounded toward the past.
    pub fn days_until(self, unix_seconds: i64) -> i64 {
        (i128::from(unix_seconds) - i128::from(self.0)).div_euclid(i128::from(SECONDS_PER_DAY)) as i64
    }
}

impl fmt::Display for Now {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.rem_euclid(SECONDS_PER_DAY);
        write!(f, "{}T{:02}:{:02}:{:02}Z", self.today(), secs / 3600, secs / 60 % 60, secs % 60)
    }
}

/// `HH:MM[:SS[.frac]](Z|±HH:MM)` as seconds from midnight UTC.
fn parse_time_of_day(text: &str) -> Option<i64> {
    let (clock, offset) = if let Some(rest) = text.strip_suffix(['Z', 'z']) {
        (rest, 0)
    } else {
        let i = text.rfind(['+', '-'])?;
        let (h, m) = text[i + 1..].split_once(':')?;
        let (h, m) = (h.parse::<i64>().ok()?, m.parse::<i64>().ok()?);
        if !(0..24).contains(&h) || !(0..60).contains(&m) {
            return None;
        }
        let minutes = h * 60 + m;
        (&text[..i], if text.as_bytes()[i] == b'+' { -minutes * 60 } else { minutes * 60 })
    };
    let clock = clock.split('.').next()?;
    let mut parts = clock.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (parts.next()??, parts.next()??, parts.next().unwrap_or(Some(0))?);
    if parts.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    Some(h * 3600 + m * 60 + s + offset)
}

/// A calendar date (proleptic Gregorian, UTC), as policy files and `--now` write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date> {
        let bad = || anyhow::anyhow!("`{text}` is not a date (YYYY-MM-DD)");
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            bail!(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        let day: u8 = d.parse().map_err(|_| bad())?;
        Date::new(year, month, day).ok_or_else(|| anyhow::anyhow!("`{text}`: no such day"))
    }

    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month).contains(&day).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::days_since_epoch`] (`civil_from_days`).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    pub fn days_to(self, other: Date) -> i64 {
        other.days_since_epoch() - self.days_since_epoch()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_days() {
        for days in [-800_000, -1, 0, 1, 59, 60, 365, 10_957, 20_788, 2_932_896] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().days_since_epoch(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().days_since_epoch(), 11_017);
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2026-13-01").is_err());
        assert!(Date::parse("26-12-01").is_err());
        assert!(Date::parse("tomorrow").is_err());
    }

    #[test]
    fn now_parses_dates_and_rfc3339_times() {
        assert_eq!(Now::parse("1970-01-02").unwrap().unix(), 86_400);
        assert_eq!(Now::parse("1970-01-01T01:00:00Z").unwrap().unix(), 3_600);
        assert_eq!(Now::parse("1970-01-01T03:00:00+02:00").unwrap().unix(), 3_600);
        assert_eq!(Now::parse("1970-01-01T00:00:00.5-01:00").unwrap().unix(), 3_600);
        assert_eq!(Now::parse("2026-12-01T10:20:30Z").unwrap().to_string(), "2026-12-01T10:20:30Z");
        assert!(Now::parse("2026-12-01T25:00:00Z").is_err());
        assert!(Now::parse("2026-12-01Tnoon").is_err());
        assert!(Now::parse("2026-12-01T00:00:00+9223372036854775807:00").is_err());
    }

    #[test]
    fn days_until_rounds_toward_the_past_and_never_overflows() {
        let now = Now::parse("2026-12-01").unwrap();
        assert_eq!(now.days_until(now.unix() + 86_399), 0);
        assert_eq!(now.days_until(now.unix() - 1), -1);
        assert_eq!(now.days_until(now.unix() + 3 * 86_400), 3);
        assert!(now.days_until(i64::MIN) < 0);
        assert!(now.days_until(i64::MAX) > 0);
        assert!(Now::from_unix(i64::MIN).days_until(i64::MAX) > 0);
    }
}
