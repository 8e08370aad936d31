//! Factory behaviours newer than the imitated release (image-factory v1.5.0), off by default
//! and switchable like faults: in [`crate::Options`], in code
//! ([`crate::StandIn::set_behaviour`]) or over HTTP (`POST /__standin/behaviour`).

use std::fmt;
use std::str::FromStr;

/// A behaviour of a later factory release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Behaviour {
    /// Requests are checked against the OpenAPI contract before the handlers run, as
    /// image-factory PR #532 (`withContractValidation`) does: a malformed version or schematic
    /// ID in the path is a 400 instead of the handler's 500 or 404. Unknown routes stay 404 and
    /// a wrong method stays 405.
    ContractValidation,
    /// `GET /openapi.yaml` serves the stand-in's OpenAPI document (image-factory PR #532).
    OpenApiDocument,
}

impl Behaviour {
    /// Every behaviour, in declaration order.
    pub const ALL: [Behaviour; 2] = [Behaviour::ContractValidation, Behaviour::OpenApiDocument];

    /// The name used by the control endpoint and the command line.
    pub fn name(self) -> &'static str {
        match self {
            Behaviour::ContractValidation => "contract-validation",
            Behaviour::OpenApiDocument => "openapi-document",
        }
    }
}

impl fmt::Display for Behaviour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Behaviour {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Behaviour::ALL
            .into_iter()
            .find(|behaviour| behaviour.name() == text)
            .ok_or_else(|| format!("unknown behaviour {text:?}"))
    }
}

/// The version pattern of the contract: `^v?[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?$`.
pub fn is_contract_version(text: &str) -> bool {
    let text = text.strip_prefix('v').unwrap_or(text);
    let (core, pre) = match text.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (text, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        && pre.is_none_or(|pre| {
            !pre.is_empty()
                && pre
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        })
}

/// The 400 of a path parameter that breaks the contract, worded as the factory wraps
/// kin-openapi's request errors (`validate OpenAPI request: …`).
pub fn parameter_error(name: &str, pattern: &str) -> String {
    format!(
        "validate OpenAPI request: parameter {name:?} in path has an error: string doesn't match the regular expression {pattern:?}"
    )
}

/// The patterns, as written in `openapi.yaml`.
pub const VERSION_PATTERN: &str = r"^v?[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?$";
pub const SCHEMATIC_PATTERN: &str = "^[0-9a-f]{64}$";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for behaviour in Behaviour::ALL {
            assert_eq!(behaviour.name().parse::<Behaviour>(), Ok(behaviour));
        }
        assert!("nope".parse::<Behaviour>().is_err());
    }

    #[test]
    fn version_pattern() {
        for good in [
            "v1.10.9",
            "1.10.9",
            "v1.14.0-rc.1",
            "01.2.3",
            "v1.2.3-a-b.c",
        ] {
            assert!(is_contract_version(good), "{good}");
        }
        for bad in [
            "", "v1.2", "1.2.3.4", "vv1.2.3", "1.2.3-", "1.2.3+b", "x1.2.3", "1.2.3-é",
        ] {
            assert!(!is_contract_version(bad), "{bad}");
        }
    }

    #[test]
    fn the_document_names_the_patterns() {
        let document = include_str!("openapi.yaml");
        assert!(document.contains(&VERSION_PATTERN.replace('\\', "\\\\")));
        assert!(document.contains(SCHEMATIC_PATTERN));
    }
}
