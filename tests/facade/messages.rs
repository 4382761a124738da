//! The messages facade: every send kind and every message action.

use crate::harness::{Case, assert_request, case};
use serde_json::json;

const PHONE: &str = "15551234567";

pub fn cases() -> Vec<Case> {
    vec![case(
        "client.messages().text(to, body)",
        &["sendMessageText"],
        |ctx| async move {
            let empty = ctx.client.messages().text(PHONE, "  ").send().await;
            assert!(
                matches!(empty, Err(whapi::Error::InvalidInput { .. })),
                "{empty:?}"
            );
            ctx.assert_no_request();
            let sent = ctx
                .client
                .messages()
                .text(PHONE, "Hello")
                .typing_time(2.0)
                .no_link_preview(true)
                .send()
                .await
                .expect("the mock accepts a text");
            assert!(sent.sent);
            assert_eq!(
                sent.message_id().expect("an id").as_str(),
                "MOCK0000000001-whapi"
            );
            assert_request(
                &ctx.only_request(),
                "POST",
                "/messages/text",
                &[],
                Some(
                    json!({"to": PHONE, "body": "Hello", "typing_time": 2.0, "no_link_preview": true}),
                ),
            );
        },
    )]
}
