//! Talos versions as the factory writes them (`v1.10.9`, `v1.14.0-rc.1`), ordered by semver
//! precedence, and the two kinds of version gate the factory uses: *strict* (full semver
//! comparison, `1.12.0-alpha.1 < 1.12.0-alpha.2 < 1.12.0`) and *quirk* (the pre-release suffix
//! is dropped first, so `1.10.0-alpha.0` counts as `1.10.0`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// One pre-release identifier: numeric identifiers sort numerically and before alphanumeric ones.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PreId {
    Numeric(u64),
    Alpha(String),
}

impl Ord for PreId {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (PreId::Numeric(a), PreId::Numeric(b)) => a.cmp(b),
            (PreId::Numeric(_), PreId::Alpha(_)) => Ordering::Less,
            (PreId::Alpha(_), PreId::Numeric(_)) => Ordering::Greater,
            (PreId::Alpha(a), PreId::Alpha(b)) => a.cmp(b),
        }
    }
}

impl PartialOrd for PreId {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

// Data, not prose: the identifier as the factory writes it.
impl fmt::Display for PreId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PreId::Numeric(n) => write!(f, "{n}"),
            PreId::Alpha(s) => f.write_str(s),
        }
    }
}

/// A strict semver Talos version. `Display` writes the factory's form with the leading `v`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TalosVersion {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    /// Pre-release identifiers (`["rc", 1]` for `-rc.1`); empty for a release.
    pub pre: Vec<PreId>,
}

/// Why a version string was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionError {
    pub input: String,
    pub reason: VersionProblem,
}

/// What is wrong with a version string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionProblem {
    /// `+…` build metadata.
    BuildMetadata,
    /// Not three dot-separated parts.
    Shape,
    /// A part that is not a decimal number, or has a leading zero.
    Number,
    /// An empty pre-release identifier or one with other characters than `[0-9A-Za-z-]`.
    PreRelease,
    /// A numeric pre-release identifier with a leading zero.
    PreReleaseLeadingZero,
}

impl VersionError {
    /// What the page says about it.
    pub fn text(&self) -> crate::i18n::Text {
        use crate::i18n::Text;
        let problem = match self.reason {
            VersionProblem::BuildMetadata => Text::version_error_metadata(),
            VersionProblem::Shape => Text::version_error_shape(),
            VersionProblem::Number => Text::version_error_number(),
            VersionProblem::PreRelease => Text::version_error_prerelease(),
            VersionProblem::PreReleaseLeadingZero => Text::version_error_leading_zero(),
        };
        Text::version_error(&self.input, problem)
    }
}

fn parse_number(part: &str) -> Option<u64> {
    if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if part.len() > 1 && part.starts_with('0') {
        return None;
    }
    part.parse().ok()
}

impl FromStr for TalosVersion {
    type Err = VersionError;

    /// Parses `X.Y.Z[-pre]` with or without a leading `v` (strict semver, like Go's
    /// `semver.Parse` after the factory strips the `v`). Build metadata (`+…`) is rejected.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let error = |reason| VersionError {
            input: input.to_string(),
            reason,
        };
        let text = input.strip_prefix('v').unwrap_or(input);
        if text.contains('+') {
            return Err(error(VersionProblem::BuildMetadata));
        }
        let (core, pre_text) = match text.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (text, None),
        };
        let mut parts = core.split('.');
        let (Some(major), Some(minor), Some(patch), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(error(VersionProblem::Shape));
        };
        let (Some(major), Some(minor), Some(patch)) = (
            parse_number(major),
            parse_number(minor),
            parse_number(patch),
        ) else {
            return Err(error(VersionProblem::Number));
        };
        let mut pre = Vec::new();
        if let Some(pre_text) = pre_text {
            for identifier in pre_text.split('.') {
                if identifier.is_empty()
                    || !identifier
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    return Err(error(VersionProblem::PreRelease));
                }
                if identifier.bytes().all(|b| b.is_ascii_digit()) {
                    let Some(number) = parse_number(identifier) else {
                        return Err(error(VersionProblem::PreReleaseLeadingZero));
                    };
                    pre.push(PreId::Numeric(number));
                } else {
                    pre.push(PreId::Alpha(identifier.to_string()));
                }
            }
        }
        Ok(TalosVersion {
            major,
            minor,
            patch,
            pre,
        })
    }
}

impl TalosVersion {
    /// A release version (no pre-release part).
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        TalosVersion {
            major,
            minor,
            patch,
            pre: Vec::new(),
        }
    }

    /// Parses a version the code itself writes (tables, tests). Panics on bad input, so it
    /// must never see user or network text.
    #[allow(clippy::expect_used)]
    pub fn lit(text: &str) -> Self {
        text.parse().expect("version literal")
    }

    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }

    /// The version without its pre-release part (what the factory's quirks compare).
    pub fn release(&self) -> TalosVersion {
        TalosVersion::new(self.major, self.minor, self.patch)
    }

    /// Strict gate: `self >= min` by full semver precedence.
    pub fn at_least(&self, min: &TalosVersion) -> bool {
        self >= min
    }

    /// Quirk gate: `self >= min` after dropping the pre-release parts of both.
    pub fn quirk_at_least(&self, min: &TalosVersion) -> bool {
        self.release() >= min.release()
    }

    /// The version without the leading `v` (`1.10.9`), the form of the factory UI's URL.
    pub fn bare(&self) -> String {
        let mut text = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            text.push('-');
            let ids: Vec<String> = self.pre.iter().map(ToString::to_string).collect();
            text.push_str(&ids.join("."));
        }
        text
    }

    /// `major.minor` (`1.10`), as in documentation URLs.
    pub fn short(&self) -> String {
        format!("{}.{}", self.major, self.minor)
    }
}

impl Ord for TalosVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(other.major, other.minor, other.patch))
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => self.pre.cmp(&other.pre),
            })
    }
}

impl PartialOrd for TalosVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

// Data, not prose: the version as the factory writes it (`v1.10.9`).
impl fmt::Display for TalosVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.bare())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> TalosVersion {
        TalosVersion::lit(text)
    }

    #[test]
    fn parses_with_and_without_v() {
        assert_eq!(v("v1.10.9"), v("1.10.9"));
        assert_eq!(v("1.14.0-rc.1").to_string(), "v1.14.0-rc.1");
        assert_eq!(v("v1.14.0-rc.1").bare(), "1.14.0-rc.1");
        assert_eq!(v("v1.14.0-rc.1").short(), "1.14");
    }

    #[test]
    fn rejects_what_strict_semver_rejects() {
        for bad in [
            "",
            "v",
            "1.9",
            "latest",
            "1.9.x",
            "01.2.3",
            "1.2.3-",
            "1.2.3-rc..1",
            "1.2.3+b",
            "1.2.3.4",
            "1.2.3-rc.01",
            "v1.2.3 ",
        ] {
            assert!(bad.parse::<TalosVersion>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn orders_by_semver_precedence() {
        let ordered = [
            "1.9.6",
            "1.10.0-alpha.0",
            "1.10.0-alpha.1",
            "1.10.0-beta.0",
            "1.10.0-rc.1",
            "1.10.0",
            "1.10.1",
            "1.12.9",
            "1.12.10",
        ];
        for pair in ordered.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn strict_and_quirk_gates_differ_on_prereleases() {
        let gate = v("1.10.0");
        assert!(!v("1.10.0-alpha.0").at_least(&gate));
        assert!(v("1.10.0-alpha.0").quirk_at_least(&gate));
        assert!(v("1.12.0-alpha.2").at_least(&v("1.12.0-alpha.2")));
        assert!(!v("1.12.0-alpha.1").at_least(&v("1.12.0-alpha.2")));
        assert!(v("1.11.0-alpha.0").quirk_at_least(&v("1.11.0-alpha.3")));
    }
}
