//! A small unified-style line diff (longest common subsequence), for the report.

/// `--- expected` / `+++ served` and every line prefixed with ` `, `-` or `+`. Bodies are
/// small (schematics), so the quadratic table is fine; past `MAX_LINES` lines on either side
/// the diff is replaced by a note.
pub fn unified(expected: &str, actual: &str) -> Vec<String> {
    const MAX_LINES: usize = 2_000;
    let old: Vec<&str> = expected.split_inclusive('\n').collect();
    let new: Vec<&str> = actual.split_inclusive('\n').collect();
    let mut out = vec!["--- expected".to_string(), "+++ served".to_string()];
    if old.len() > MAX_LINES || new.len() > MAX_LINES {
        out.push(format!(
            "(not diffed: {} and {} lines)",
            old.len(),
            new.len()
        ));
        return out;
    }
    // lcs[i][j] = length of the longest common subsequence of old[i..] and new[j..].
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            out.push(format!(" {}", show(old[i])));
            i += 1;
            j += 1;
        } else if i < old.len() && (j == new.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("-{}", show(old[i])));
            i += 1;
        } else {
            out.push(format!("+{}", show(new[j])));
            j += 1;
        }
    }
    out
}

/// A line without its newline; a missing final newline is said, as diff(1) does.
fn show(line: &str) -> String {
    match line.strip_suffix('\n') {
        Some(text) => text.trim_end_matches('\r').to_string(),
        None => format!("{line}  \\ no newline at end"),
    }
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn changed_lines_are_marked() {
        let diff = unified("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(diff, ["--- expected", "+++ served", " a", "-b", "+B", " c"]);
    }

    #[test]
    fn a_missing_final_newline_is_said() {
        let diff = unified("a\n", "a");
        assert_eq!(
            diff,
            [
                "--- expected",
                "+++ served",
                "-a",
                "+a  \\ no newline at end"
            ]
        );
    }
}
