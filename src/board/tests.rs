//! Tests of the board's planning and paper rules (item numbers, references).

use super::*;

#[test]
fn item_numbers_order_numerically() {
    assert!(item_key("7").unwrap() < item_key("7.1").unwrap());
    assert!(item_key("7.1").unwrap() < item_key("7.2").unwrap());
    assert!(item_key("7.10").unwrap() > item_key("7.9").unwrap());
    assert!(item_key("10").unwrap() > item_key("9.9").unwrap());
    assert_eq!(item_key("7a"), None);
}
