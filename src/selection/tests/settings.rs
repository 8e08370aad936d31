use crate::selection::{
    DEFAULT_FACTORY_URL, DEFAULT_PXE_URL, DEFAULT_REGISTRY_HOST, Settings, SettingsError,
    validate_base_url, validate_registry_host,
};

#[test]
fn defaults_follow_the_public_factory() {
    let settings = Settings::default();
    assert!(settings.is_default());
    assert_eq!(settings.factory_url(), DEFAULT_FACTORY_URL);
    assert_eq!(settings.registry_host(), DEFAULT_REGISTRY_HOST);
    assert_eq!(settings.pxe_url(), DEFAULT_PXE_URL);
}

#[test]
fn a_custom_factory_url_drives_registry_and_pxe() {
    let settings = Settings {
        factory_url: Some("https://factory.example.com:8443/base".into()),
        ..Settings::default()
    };
    assert_eq!(settings.registry_host(), "factory.example.com:8443");
    assert_eq!(settings.pxe_url(), "https://factory.example.com:8443/base");
    let explicit = Settings {
        registry_host: Some("registry.example.com".into()),
        pxe_url: Some("https://pxe.example.com".into()),
        ..settings
    };
    assert_eq!(explicit.registry_host(), "registry.example.com");
    assert_eq!(explicit.pxe_url(), "https://pxe.example.com");
    let pxe_only = Settings {
        pxe_url: Some("https://pxe.example.com".into()),
        ..Settings::default()
    };
    assert_eq!(pxe_only.factory_url(), DEFAULT_FACTORY_URL);
    assert_eq!(pxe_only.registry_host(), DEFAULT_REGISTRY_HOST);
}

#[test]
fn base_urls_must_be_https_except_for_localhost() {
    for (input, expected) in [
        ("https://factory.talos.dev", "https://factory.talos.dev"),
        ("  https://factory.talos.dev/ ", "https://factory.talos.dev"),
        (
            "HTTPS://Factory.example.com/x/",
            "HTTPS://Factory.example.com/x",
        ),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("https://[2001:db8::1]", "https://[2001:db8::1]"),
    ] {
        assert_eq!(validate_base_url(input).as_deref(), Ok(expected), "{input}");
    }
    assert_eq!(validate_base_url(" "), Err(SettingsError::Empty));
    assert_eq!(
        validate_base_url("http://factory.example.com"),
        Err(SettingsError::InsecureHost("factory.example.com".into()))
    );
    // The page's Content-Security-Policy cannot allow http to an IPv6 literal.
    assert_eq!(
        validate_base_url("http://[::1]:8080"),
        Err(SettingsError::InsecureHost("[::1]".into()))
    );
    assert!(matches!(
        validate_base_url("factory.talos.dev"),
        Err(SettingsError::Scheme(_))
    ));
    assert!(matches!(
        validate_base_url("ftp://x"),
        Err(SettingsError::Scheme(_))
    ));
    for bad in [
        "https://",
        "https://a b",
        "https://x?y=1",
        "https://x#top",
        "https://user@x",
        "https://x:port",
        "https://x:",
        "https://ex ample.com",
        "https://<script>",
    ] {
        assert!(
            matches!(validate_base_url(bad), Err(SettingsError::Malformed { .. })),
            "{bad}"
        );
    }
    let message = crate::i18n::Messages::english()
        .render(&validate_base_url("http://example.com").unwrap_err().text());
    assert!(message.contains("only allowed for localhost"), "{message}");
}

#[test]
fn registry_hosts_have_no_scheme_or_path() {
    assert_eq!(
        validate_registry_host("factory.talos.dev").as_deref(),
        Ok("factory.talos.dev")
    );
    assert_eq!(
        validate_registry_host(" r.example.com:5000 ").as_deref(),
        Ok("r.example.com:5000")
    );
    for bad in [
        "https://r.example.com",
        "r.example.com/path",
        "r example",
        ":5000",
        "r:x",
    ] {
        assert!(validate_registry_host(bad).is_err(), "{bad}");
    }
    assert_eq!(validate_registry_host(""), Err(SettingsError::Empty));
}
