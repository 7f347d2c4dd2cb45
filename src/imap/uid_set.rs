//! Compact IMAP sequence sets: [1,2,3,7,9,10] -> "1:3,7,9:10".

pub fn format(uids: &[u32]) -> String {
    let mut sorted: Vec<u32> = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = String::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        if !out.is_empty() {
            out.push(',');
        }
        if start == end {
            out.push_str(&start.to_string());
        } else {
            out.push_str(&format!("{start}:{end}"));
        }
        i += 1;
    }
    out
}

/// `uids` as compact sets of at most `max_len` characters each, in ascending order: a sparse
/// selection still makes lines servers accept (RFC 7162 asks for at most 8192 octets), and a
/// contiguous one of any size is a single `first:last`.
pub fn split(uids: &[u32], max_len: usize) -> Vec<String> {
    let mut sorted: Vec<u32> = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = Vec::new();
    let mut set = String::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        while i + 1 < sorted.len() && sorted[i + 1] == sorted[i] + 1 {
            i += 1;
        }
        let run = if start == sorted[i] {
            start.to_string()
        } else {
            format!("{start}:{}", sorted[i])
        };
        if !set.is_empty() && set.len() + 1 + run.len() > max_len {
            out.push(std::mem::take(&mut set));
        }
        if !set.is_empty() {
            set.push(',');
        }
        set.push_str(&run);
        i += 1;
    }
    if !set.is_empty() {
        out.push(set);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn ranges() {
        assert_eq!(super::format(&[9, 1, 2, 3, 7, 10]), "1:3,7,9:10");
        assert_eq!(super::format(&[5]), "5");
        assert_eq!(super::format(&[]), "");
    }

    #[test]
    fn split_keeps_sets_short_and_ranges_whole() {
        let all: Vec<u32> = (1..=10_000).collect();
        assert_eq!(super::split(&all, 20), ["1:10000"]);
        let odd: Vec<u32> = (1..=2_000).filter(|u| u % 2 == 1).collect();
        let sets = super::split(&odd, 100);
        assert!(sets.iter().all(|s| s.len() <= 100), "{sets:?}");
        let back: Vec<u32> = sets
            .iter()
            .flat_map(|s| s.split(',').map(|u| u.parse::<u32>().unwrap()))
            .collect();
        assert_eq!(back, odd);
        assert_eq!(super::split(&[9, 1, 2, 3, 7, 10], 5), ["1:3,7", "9:10"]);
        assert!(super::split(&[], 100).is_empty());
    }
}
