//! Response decoding on arbitrary bytes: every type decodes or errors, never
//! panics, and whatever decodes re-encodes to itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use whapi::types::{Message, MessagesList, Qr, ResponseError, SentMessage};

fn check<T: DeserializeOwned + Serialize + PartialEq + Debug>(data: &[u8]) {
    if let Ok(t) = serde_json::from_slice::<T>(data) {
        let encoded = serde_json::to_value(&t).expect("a decoded value encodes");
        let back: T = serde_json::from_value(encoded).expect("an encoded value decodes");
        assert_eq!(back, t, "round trip");
    }
}

fuzz_target!(|data: &[u8]| {
    check::<MessagesList>(data);
    check::<SentMessage>(data);
    check::<Qr>(data);
    check::<ResponseError>(data);
    check::<Message>(data);
});
