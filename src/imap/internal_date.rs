//! A FETCH's INTERNALDATE (`"17-Jul-1996 02:44:25 -0700"`, RFC 3501 `date-time`) as seconds
//! since the epoch.
//!
//! Every envelope of a sync carries one. chrono's `parse_from_str` reads its format string again
//! for every call (4 % of the instructions of the thread that receives a first sync's
//! envelopes), so the fixed layout servers send is read here directly; anything else goes to
//! chrono with the format async-imap uses, so the answer is always chrono's.

/// The format async-imap reads INTERNALDATE with (`Fetch::internal_date`).
const FORMAT: &str = "%d-%b-%Y %H:%M:%S %z";

/// Seconds since the epoch, or None when the text is not a date chrono would read.
pub fn seconds(raw: &str) -> Option<i64> {
    fixed_layout(raw.as_bytes()).or_else(|| {
        chrono::DateTime::parse_from_str(raw, FORMAT)
            .ok()
            .map(|d| d.timestamp())
    })
}

/// `DD-Mon-YYYY HH:MM:SS +HHMM` (the day may be one digit after a space), every field in its
/// range; None for anything else (left to chrono).
fn fixed_layout(b: &[u8]) -> Option<i64> {
    if b.len() != 26
        || b[2] != b'-'
        || b[6] != b'-'
        || b[11] != b' '
        || b[14] != b':'
        || b[17] != b':'
        || b[20] != b' '
    {
        return None;
    }
    let digits = |at: usize, n: usize| -> Option<i64> {
        b[at..at + n].iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let day = if b[0] == b' ' {
        digits(1, 1)?
    } else {
        digits(0, 2)?
    };
    let month = month_number(&b[3..6])?;
    let year = digits(7, 4)?;
    let (hour, minute, second) = (digits(12, 2)?, digits(15, 2)?, digits(18, 2)?);
    let sign = match b[21] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (zone_hours, zone_minutes) = (digits(22, 2)?, digits(24, 2)?);
    if hour > 23 || minute > 59 || second > 59 || zone_hours > 23 || zone_minutes > 59 {
        return None;
    }
    // chrono's calendar, without its format parser (an impossible day gives None).
    let day = chrono::NaiveDate::from_ymd_opt(year as i32, month as u32, day as u32)?;
    let utc = day
        .and_hms_opt(hour as u32, minute as u32, second as u32)?
        .and_utc()
        .timestamp();
    Some(utc - sign * (zone_hours * 3600 + zone_minutes * 60))
}

fn month_number(name: &[u8]) -> Option<i64> {
    const NAMES: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let lower = [
        name[0].to_ascii_lowercase(),
        name[1].to_ascii_lowercase(),
        name[2].to_ascii_lowercase(),
    ];
    NAMES
        .iter()
        .position(|n| **n == lower)
        .map(|i| i as i64 + 1)
}

#[cfg(test)]
mod tests {
    use super::{seconds, FORMAT};

    fn chrono_seconds(raw: &str) -> Option<i64> {
        chrono::DateTime::parse_from_str(raw, FORMAT)
            .ok()
            .map(|d| d.timestamp())
    }

    #[test]
    fn a_server_date_is_read_as_chrono_reads_it() {
        assert_eq!(seconds("17-Jul-1996 02:44:25 -0700"), Some(837_596_665));
        assert_eq!(seconds(" 1-Jan-1970 00:00:00 +0000"), Some(0));
        assert_eq!(
            seconds("29-Feb-2024 23:59:59 +0900"),
            chrono_seconds("29-Feb-2024 23:59:59 +0900")
        );
        for odd in [
            "29-Feb-2023 10:00:00 +0000", // no such day
            "31-Apr-2024 10:00:00 +0000",
            "17-Jul-1996 24:00:00 +0000",
            "17-Jul-1996 02:44:60 +0000", // a leap second: chrono's answer, whatever it is
            "17-jul-1996 02:44:25 -0700",
            "17-JUL-1996 02:44:25 -0700",
            "7-Jul-1996 02:44:25 -0700",
            "17-Jly-1996 02:44:25 -0700",
            "17-Jul-1996 02:44:25",
            "17-Jul-1996 02:44:25 +2400",
            "",
            "garbage",
        ] {
            assert_eq!(seconds(odd), chrono_seconds(odd), "{odd:?}");
        }
    }

    /// Random dates, well-formed and not, in the layout and next to it: always chrono's answer.
    #[test]
    fn random_dates_get_chrono_s_answer() {
        let seed = fastrand::u64(..);
        let mut rng = fastrand::Rng::with_seed(seed);
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            "jan", "DEC", "Foo",
        ];
        let mut fast = 0;
        for _ in 0..50_000 {
            let day = rng.u32(0..33);
            let day = match rng.u8(0..3) {
                0 => format!("{day:02}"),
                1 => format!("{day:>2}"),
                _ => format!("{day}"),
            };
            let raw = format!(
                "{day}-{}-{:04} {:02}:{:02}:{:02} {}{:02}{:02}",
                months[rng.usize(..months.len())],
                rng.i32(1..10_000),
                rng.u32(0..26),
                rng.u32(0..62),
                rng.u32(0..62),
                ["+", "-", " "][rng.usize(..3)],
                rng.u32(0..26),
                rng.u32(0..62),
            );
            assert_eq!(seconds(&raw), chrono_seconds(&raw), "seed {seed}: {raw:?}");
            fast += usize::from(super::fixed_layout(raw.as_bytes()).is_some());
        }
        // The direct reading is what ran, not only the fallback.
        assert!(fast > 2_000, "seed {seed}: only {fast} read directly");
    }
}
