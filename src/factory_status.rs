//! What the factory's error statuses mean, for messages that say more than a number. Pure, so
//! it is tested natively; the network module appends it to every HTTP error it reports.
//!
//! Factories answer some requests differently across releases: one that checks requests
//! against its API description (siderolabs/image-factory `api/openapi.yaml`, enforced by
//! `withContractValidation` in `internal/frontend/http/http.go`, siderolabs/image-factory#532)
//! answers 400 for a request it finds invalid and 405 for a method a route does not take,
//! where older releases answered 404 or 500 (a version the handler cannot parse).

/// What an HTTP error status from the factory means, when the number alone does not say.
pub fn status_meaning(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => {
            "the factory found the request invalid (a version, schematic ID or body it does not accept)"
        }
        401 | 403 => {
            "the factory asks for credentials (an Enterprise or private factory); this page only talks to factories that answer anonymous requests"
        }
        404 => "the factory has nothing at this address",
        405 => {
            "the factory does not take this method at this address: it may be a newer or older factory release than this page expects"
        }
        408 | 504 => "the factory, or a proxy in front of it, gave up waiting; try again",
        429 => "the factory is limiting requests from this network; wait a minute and try again",
        500 => {
            "the factory failed on this request (older factory releases also answer 500 for a version they cannot parse)"
        }
        502 | 503 => "the factory, or a proxy in front of it, is unavailable; try again later",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::status_meaning;

    #[test]
    fn validation_answers_of_newer_factories_are_explained() {
        assert!(status_meaning(400).unwrap().contains("invalid"));
        assert!(status_meaning(405).unwrap().contains("method"));
        // The answers older factories gave for the same requests say so too.
        assert!(
            status_meaning(500)
                .unwrap()
                .contains("older factory releases")
        );
        assert!(status_meaning(404).is_some());
    }

    #[test]
    fn statuses_without_a_known_meaning_add_nothing() {
        for status in [200, 201, 302, 418, 499, 501, 599] {
            assert_eq!(status_meaning(status), None, "{status}");
        }
    }
}
