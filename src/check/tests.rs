//! Tests of dossier check's findings, rules and locations.

use super::*;

#[test]
fn schemes_without_slashes_are_not_site_paths() {
    assert!(has_scheme("mailto:jobs@example.org"));
    assert!(has_scheme("tel:01614960000"));
    assert!(has_scheme("data:image/png;base64,xx"));
    assert!(!has_scheme("/roles/x/"));
    assert!(!has_scheme("x/y?a=b:c"));
    assert!(!has_scheme("page#a:b"));
}
