//! What the factory's error statuses mean, for messages that say more than a number. Pure, so
//! it is tested natively; the network module appends it to every HTTP error it reports.
//!
//! Factories answer some requests differently across releases: one that checks requests
//! against its API description (siderolabs/image-factory `api/openapi.yaml`, enforced by
//! `withContractValidation` in `internal/frontend/http/http.go`, siderolabs/image-factory#532)
//! answers 400 for a request it finds invalid and 405 for a method a route does not take,
//! where older releases answered 404 or 500 (a version the handler cannot parse).

use crate::i18n::Text;

/// What an HTTP error status from the factory means, when the number alone does not say.
pub fn status_meaning(status: u16) -> Option<Text> {
    Some(match status {
        400 => Text::factory_status_400(),
        401 | 403 => Text::factory_status_401(),
        404 => Text::factory_status_404(),
        405 => Text::factory_status_405(),
        408 | 504 => Text::factory_status_408(),
        429 => Text::factory_status_429(),
        500 => Text::factory_status_500(),
        502 | 503 => Text::factory_status_502(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::status_meaning;
    use crate::i18n::Messages;

    fn meaning(status: u16) -> Option<String> {
        status_meaning(status).map(|text| Messages::english().render(&text))
    }

    #[test]
    fn validation_answers_of_newer_factories_are_explained() {
        assert!(meaning(400).unwrap().contains("invalid"));
        assert!(meaning(405).unwrap().contains("method"));
        // The answers older factories gave for the same requests say so too.
        assert!(meaning(500).unwrap().contains("older factory releases"));
        assert!(meaning(404).is_some());
        assert_eq!(status_meaning(403), status_meaning(401));
    }

    #[test]
    fn statuses_without_a_known_meaning_add_nothing() {
        for status in [200, 201, 302, 418, 499, 501, 599] {
            assert_eq!(status_meaning(status), None, "{status}");
        }
    }
}
