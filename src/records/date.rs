use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A record's date: a day, or only a month or a year when the source is no
/// more precise. Kept as its parts so that `2020-02` never pretends to be
/// `2020-02-01`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl RecordDate {
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(
            RecordDate {
                year,
                month: Some(month),
                day: Some(day),
            },
        )
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let mut parts = s.split(['-', '/', '.']);
        let year: i32 = parts.next()?.parse().ok()?;
        if !(1900..=2200).contains(&year) {
            return None;
        }
        let month = match parts.next() {
            None => {
                return Some(RecordDate {
                    year,
                    month: None,
                    day: None,
                });
            }
            Some(m) => m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?,
        };
        let day = match parts.next() {
            None => {
                return Some(RecordDate {
                    year,
                    month: Some(month),
                    day: None,
                });
            }
            Some(d) => d.parse::<u8>().ok()?,
        };
        if parts.next().is_some() {
            return None;
        }
        RecordDate::ymd(year, month, day)
    }

    /// Days since 1970-01-01 of the first day the date covers; the time axis
    /// of every chart is in these units.
    pub fn day_number(&self) -> i64 {
        days_from_civil(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The date `n` days from 1970-01-01.
    pub fn from_day_number(n: i64) -> Self {
        let (y, m, d) = civil_from_days(n);
        RecordDate {
            year: y,
            month: Some(m),
            day: Some(d),
        }
    }

    pub fn add_days(&self, n: i64) -> Self {
        RecordDate::from_day_number(self.day_number() + n)
    }
}

impl std::fmt::Display for RecordDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => write!(f, "{:04}-{:02}", self.year, m),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

impl Serialize for RecordDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RecordDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RecordDate::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("date {s:?} is not YYYY-MM-DD, YYYY-MM or YYYY"))
        })
    }
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian
// calendar, no table, no dependency.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = if m <= 2 { y - 1 } else { y } as i64;
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_all_precisions() {
        for s in ["2020-02-20", "2021-08", "2022"] {
            assert_eq!(RecordDate::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(
            RecordDate::parse("2020/2/3").unwrap().to_string(),
            "2020-02-03"
        );
        assert!(RecordDate::parse("2021-02-29").is_none());
        assert!(RecordDate::parse("2020-13").is_none());
        assert!(RecordDate::parse("twenty").is_none());
    }

    #[test]
    fn day_numbers_round_trip() {
        let d = RecordDate::parse("2020-02-29").unwrap();
        assert_eq!(RecordDate::from_day_number(d.day_number()), d);
        assert_eq!(RecordDate::parse("1970-01-01").unwrap().day_number(), 0);
        assert_eq!(d.add_days(1).to_string(), "2020-03-01");
    }
}
