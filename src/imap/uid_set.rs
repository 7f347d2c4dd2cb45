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

#[cfg(test)]
mod tests {
    #[test]
    fn ranges() {
        assert_eq!(super::format(&[9, 1, 2, 3, 7, 10]), "1:3,7,9:10");
        assert_eq!(super::format(&[5]), "5");
        assert_eq!(super::format(&[]), "");
    }
}
