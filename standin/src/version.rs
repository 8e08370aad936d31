//! The stand-in's own Talos version type: strict semver as the factory parses it
//! (`github.com/blang/semver/v4` `Parse` after the `v` is stripped; image-factory
//! `internal/frontend/http/meta.go` and `image.go`), ordered by semver precedence, with the two
//! gates the factory uses: strict (`>=`) and quirk (`pkg/machinery/quirks` in siderolabs/talos:
//! the pre-release part is dropped before comparing).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// One pre-release identifier (numeric ones sort numerically and before alphanumeric ones).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum PreId {
    Numeric(u64),
    Alpha(String),
}

/// `MAJOR.MINOR.PATCH[-pre]`; `Display` writes it with the leading `v`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalosVersion {
    major: u64,
    minor: u64,
    patch: u64,
    pre: Vec<PreId>,
}

/// A decimal number without a leading zero.
fn number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if text.len() > 1 && text.starts_with('0') {
        return None;
    }
    text.parse().ok()
}

impl FromStr for TalosVersion {
    type Err = String;

    /// Strict semver with an optional leading `v`; build metadata is refused.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("{input:?} is not a strict semver version");
        let text = input.strip_prefix('v').unwrap_or(input);
        let (core, pre_text) = match text.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (text, None),
        };
        let parts: Vec<&str> = core.split('.').collect();
        let [major, minor, patch] = parts.as_slice() else {
            return Err(invalid());
        };
        let (Some(major), Some(minor), Some(patch)) = (number(major), number(minor), number(patch))
        else {
            return Err(invalid());
        };
        let mut pre = Vec::new();
        for identifier in pre_text.map(|text| text.split('.')).into_iter().flatten() {
            if identifier.is_empty()
                || !identifier
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return Err(invalid());
            }
            if identifier.bytes().all(|b| b.is_ascii_digit()) {
                pre.push(PreId::Numeric(number(identifier).ok_or_else(invalid)?));
            } else {
                pre.push(PreId::Alpha(identifier.to_string()));
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
    /// A release version.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Self {
        TalosVersion {
            major,
            minor,
            patch,
            pre: Vec::new(),
        }
    }

    /// Parses a literal the tests write; panics on bad input, so never for request text.
    #[cfg(test)]
    pub fn lit(text: &str) -> Self {
        text.parse().unwrap_or_else(|error| panic!("{error}"))
    }

    /// Strict gate: full semver precedence.
    pub fn at_least(&self, min: &TalosVersion) -> bool {
        self >= min
    }

    /// Quirk gate: both pre-release parts dropped first (`1.11.0-alpha.0` counts as `1.11.0`).
    pub fn quirk_at_least(&self, min: &TalosVersion) -> bool {
        (self.major, self.minor, self.patch) >= (min.major, min.minor, min.patch)
    }

    /// Without the leading `v` (`1.10.9`), as the factory's error texts write it.
    pub fn bare(&self) -> String {
        let mut text = format!("{}.{}.{}", self.major, self.minor, self.patch);
        for (index, id) in self.pre.iter().enumerate() {
            text.push(if index == 0 { '-' } else { '.' });
            match id {
                PreId::Numeric(n) => text.push_str(&n.to_string()),
                PreId::Alpha(s) => text.push_str(s),
            }
        }
        text
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

impl fmt::Display for TalosVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.bare())
    }
}

#[cfg(test)]
mod tests {
    use super::TalosVersion;

    fn v(text: &str) -> TalosVersion {
        text.parse().unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn parses_and_orders_like_semver() {
        assert_eq!(v("1.14.0-rc.1").to_string(), "v1.14.0-rc.1");
        assert_eq!(v("v1.10.9").bare(), "1.10.9");
        assert!(v("1.12.0-alpha.1") < v("1.12.0-alpha.2"));
        assert!(v("1.12.0-alpha.2") < v("1.12.0-beta"));
        assert!(v("1.12.0-rc.9") < v("1.12.0"));
        assert!(v("1.9.9") < v("1.10.0"));
        for bad in [
            "",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.3+meta",
            "1.2.3-",
            "1.2.3-01",
            "vv1.2.3",
        ] {
            assert!(bad.parse::<TalosVersion>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn quirk_gate_drops_the_prerelease() {
        let min = TalosVersion::new(1, 11, 0);
        assert!(v("1.11.0-alpha.0").quirk_at_least(&min));
        assert!(!v("1.11.0-alpha.0").at_least(&min));
        assert!(!v("1.10.9").quirk_at_least(&min));
    }
}
