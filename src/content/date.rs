//! Publication dates as authors write them: `20/02/2021` (day first), `2021-02-20`, or RFC 3339.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};

/// A page date: a calendar day, or a moment with its UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PageDate {
    /// `20/02/2021` or `2021-02-20`.
    Day(NaiveDate),
    /// `2021-02-20T10:30:00+01:00`, or without offset (taken as UTC).
    Moment(DateTime<FixedOffset>),
}

impl PageDate {
    /// Parse a date as written in front matter; the error says which forms are accepted.
    pub fn parse(text: &str) -> Result<PageDate, String> {
        let text = text.trim();
        if text.contains('/') {
            return NaiveDate::parse_from_str(text, "%d/%m/%Y")
                .map(PageDate::Day)
                .map_err(|err| {
                    format!("`{text}` is not a valid day-first date (DD/MM/YYYY): {err}")
                });
        }
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(PageDate::Day(day));
        }
        if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
            return Ok(PageDate::Moment(moment));
        }
        for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
            if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(PageDate::Moment(naive.and_utc().fixed_offset()));
            }
        }
        Err(format!(
            "`{text}` is not a valid date (use DD/MM/YYYY, YYYY-MM-DD or RFC 3339)"
        ))
    }

    /// ISO 8601 text, as templates and feeds want it.
    pub fn iso(&self) -> String {
        match self {
            PageDate::Day(day) => day.format("%Y-%m-%d").to_string(),
            PageDate::Moment(moment) => moment.to_rfc3339(),
        }
    }

    /// RFC 3339 with a time (a day is its midnight, UTC), as Atom feeds and OpenGraph want it.
    pub fn rfc3339(&self) -> String {
        match self {
            PageDate::Day(day) => format!("{}T00:00:00+00:00", day.format("%Y-%m-%d")),
            PageDate::Moment(moment) => moment.to_rfc3339(),
        }
    }

    /// RFC 2822, as RSS wants it.
    pub fn rfc2822(&self) -> String {
        match self {
            PageDate::Day(day) => day
                .and_hms_opt(0, 0, 0)
                .map_or_else(String::new, |midnight| midnight.and_utc().to_rfc2822()),
            PageDate::Moment(moment) => moment.to_rfc2822(),
        }
    }

    /// A value that orders dates in time (a day counts as its midnight, UTC).
    pub fn sort_key(&self) -> i64 {
        match self {
            PageDate::Day(day) => day
                .and_hms_opt(0, 0, 0)
                .map_or(0, |midnight| midnight.and_utc().timestamp()),
            PageDate::Moment(moment) => moment.timestamp(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_first_iso_and_rfc3339_are_accepted() {
        assert_eq!(PageDate::parse("20/02/2021").unwrap().iso(), "2021-02-20");
        assert_eq!(PageDate::parse("2021-02-20").unwrap().iso(), "2021-02-20");
        assert_eq!(
            PageDate::parse("2021-02-20T10:30:00+01:00").unwrap().iso(),
            "2021-02-20T10:30:00+01:00"
        );
    }

    #[test]
    fn impossible_days_are_errors_not_rollovers() {
        assert!(PageDate::parse("31/02/2021").is_err());
        assert!(PageDate::parse("02/20/2021").is_err());
        assert!(PageDate::parse("2021-13-01").is_err());
    }
}
