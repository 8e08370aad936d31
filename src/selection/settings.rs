//! Where the builder points: the factory URL, the registry host of installer images and the
//! PXE base URL. Each is optional and follows the defaults: with only the factory URL set,
//! the registry host is its host and the PXE URL is the factory URL itself.

use crate::i18n::Text;

/// The public factory.
pub const DEFAULT_FACTORY_URL: &str = "https://factory.talos.dev";

/// The public factory's installer registry host.
pub const DEFAULT_REGISTRY_HOST: &str = "factory.talos.dev";

/// The public PXE host (Talos documentation's choice; the factory's docs say
/// `https://pxe.talos.dev`).
pub const DEFAULT_PXE_URL: &str = "https://pxe.factory.talos.dev";

/// Overrides of the factory endpoints; `None` follows the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    /// Base URL without trailing slash (`https://factory.example.com`).
    pub factory_url: Option<String>,
    /// Host (and port) of installer image references (`factory.example.com:5000`).
    pub registry_host: Option<String>,
    /// Base URL of PXE scripts.
    pub pxe_url: Option<String>,
}

impl Settings {
    /// The factory URL in effect.
    pub fn factory_url(&self) -> &str {
        self.factory_url.as_deref().unwrap_or(DEFAULT_FACTORY_URL)
    }

    /// The registry host in effect: explicit, else the factory URL's host, else the default.
    pub fn registry_host(&self) -> String {
        if let Some(host) = &self.registry_host {
            return host.clone();
        }
        match &self.factory_url {
            Some(url) => url_authority(url).to_string(),
            None => DEFAULT_REGISTRY_HOST.to_string(),
        }
    }

    /// The PXE URL in effect: explicit, else the factory URL when set, else the default.
    pub fn pxe_url(&self) -> &str {
        self.pxe_url
            .as_deref()
            .or(self.factory_url.as_deref())
            .unwrap_or(DEFAULT_PXE_URL)
    }

    /// Whether every value follows the defaults.
    pub fn is_default(&self) -> bool {
        self == &Settings::default()
    }
}

/// A settings value that was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    Empty,
    /// Not `http://` or `https://`.
    Scheme(String),
    /// `http://` to a host other than localhost.
    InsecureHost(String),
    /// A URL with a query or fragment, or a host with forbidden characters.
    Malformed {
        value: String,
        reason: Malformed,
    },
}

/// What is wrong with a malformed settings value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    NoHost,
    HostCharacters,
    Port,
    AfterHost,
    QueryOrFragment,
    Spaces,
    Credentials,
    RegistryPath,
}

impl SettingsError {
    /// What the page says about it.
    pub fn text(&self) -> Text {
        match self {
            SettingsError::Empty => Text::setting_empty(),
            SettingsError::Scheme(value) => Text::setting_scheme(value),
            SettingsError::InsecureHost(host) => Text::setting_insecure_host(host),
            SettingsError::Malformed { value, reason } => {
                let reason = match reason {
                    Malformed::NoHost => Text::setting_no_host(),
                    Malformed::HostCharacters => Text::setting_host_characters(),
                    Malformed::Port => Text::setting_port(),
                    Malformed::AfterHost => Text::setting_after_host(),
                    Malformed::QueryOrFragment => Text::setting_query(),
                    Malformed::Spaces => Text::setting_spaces(),
                    Malformed::Credentials => Text::setting_credentials(),
                    Malformed::RegistryPath => Text::setting_registry_path(),
                };
                Text::setting_malformed(reason, value)
            }
        }
    }
}

/// `host[:port]` of an absolute URL (the text between `//` and the next `/`).
fn url_authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// The host of an authority, without port (`[::1]` keeps its brackets).
fn authority_host(authority: &str) -> &str {
    if authority.starts_with('[') {
        return authority
            .split_once(']')
            .map_or(authority, |(host, _)| &authority[..=host.len()]);
    }
    authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host)
}

fn is_localhost(host: &str) -> bool {
    matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1"
    )
}

/// Checks an authority (`host[:port]`): a non-empty host of letters, digits, `.`, `-`, `_`
/// (or a bracketed IPv6 address) and an optional numeric port.
fn check_authority(authority: &str, value: &str) -> Result<(), SettingsError> {
    let malformed = |reason| SettingsError::Malformed {
        value: value.to_string(),
        reason,
    };
    let host = authority_host(authority);
    let port = &authority[host.len()..];
    if host.is_empty() {
        return Err(malformed(Malformed::NoHost));
    }
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
    } else {
        host.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    };
    if !host_ok {
        return Err(malformed(Malformed::HostCharacters));
    }
    if let Some(digits) = port.strip_prefix(':') {
        if digits.is_empty() || digits.len() > 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(malformed(Malformed::Port));
        }
    } else if !port.is_empty() {
        return Err(malformed(Malformed::AfterHost));
    }
    Ok(())
}

/// Validates and normalises a factory or PXE base URL: `https://host[:port][/path]`, or
/// `http://` for localhost and 127.0.0.1 (the page's Content-Security-Policy allows plain http
/// only to those; CSP host sources cannot name IPv6 addresses); no query or fragment; trailing `/` removed.
pub fn validate_base_url(text: &str) -> Result<String, SettingsError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(SettingsError::Empty);
    }
    let lowered = trimmed.to_ascii_lowercase();
    let secure = if lowered.starts_with("https://") {
        true
    } else if lowered.starts_with("http://") {
        false
    } else {
        return Err(SettingsError::Scheme(trimmed.to_string()));
    };
    if trimmed.contains(['?', '#']) {
        return Err(SettingsError::Malformed {
            value: trimmed.to_string(),
            reason: Malformed::QueryOrFragment,
        });
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(SettingsError::Malformed {
            value: trimmed.to_string(),
            reason: Malformed::Spaces,
        });
    }
    let authority = url_authority(trimmed);
    if authority.contains('@') {
        return Err(SettingsError::Malformed {
            value: trimmed.to_string(),
            reason: Malformed::Credentials,
        });
    }
    check_authority(authority, trimmed)?;
    if !secure && !is_localhost(authority_host(authority)) {
        return Err(SettingsError::InsecureHost(
            authority_host(authority).to_string(),
        ));
    }
    Ok(trimmed.trim_end_matches('/').to_string())
}

/// Validates a registry host: `host[:port]`, no scheme and no path.
pub fn validate_registry_host(text: &str) -> Result<String, SettingsError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(SettingsError::Empty);
    }
    if trimmed.contains("://") || trimmed.contains('/') {
        return Err(SettingsError::Malformed {
            value: trimmed.to_string(),
            reason: Malformed::RegistryPath,
        });
    }
    check_authority(trimmed, trimmed)?;
    Ok(trimmed.to_string())
}
