//! Pure parts of the generated crate's runtime (`spec/src`), which has no
//! unit tests of its own (a unit-test build would compile the generated
//! code a second time): retry backoff and data URLs.

use std::time::Duration;
use whapi::RetryPolicy;
use whapi_api::data_url;

#[test]
fn backoff_grows_and_is_capped() {
    let p = RetryPolicy::default()
        .initial_delay(Duration::from_millis(100))
        .max_delay(Duration::from_millis(500));
    for _ in 0..50 {
        let first = p.backoff(1);
        assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
        let third = p.backoff(3);
        assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
        assert!(p.backoff(20) <= Duration::from_millis(500));
    }
}

#[test]
fn none_means_one_attempt() {
    assert_eq!(RetryPolicy::none().max_attempts_value(), 1);
    assert_eq!(
        RetryPolicy::default().max_attempts(0).max_attempts_value(),
        1
    );
}

#[test]
fn data_urls_split_and_plain_base64_passes() {
    assert_eq!(
        data_url::split("data:image/png;base64,AAAA"),
        Some(("image/png", "AAAA"))
    );
    assert_eq!(data_url::mime("data:;base64,AAAA"), None);
    assert_eq!(data_url::payload("data:image/png;base64,AAAA"), "AAAA");
    assert_eq!(data_url::payload("AAAA"), "AAAA");
    assert_eq!(data_url::split("AAAA;base64,BBBB"), None);
}
