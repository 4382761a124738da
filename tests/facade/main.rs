//! Every facade call against the embedded mock: the exact request it sends
//! (method, path, query, body, headers), how the answer maps onto the typed
//! value, and invalid inputs rejected with no request at all.
//!
//! One case per facade call, grouped by API area; `facade_operations` runs
//! them all and prints `facade: N/N operations` (distinct operations reached
//! by cases that passed / by all cases). `readme_operation_table` keeps the
//! README's table of all operations in step with these cases.
#![cfg(feature = "mock")]

mod harness;
mod readme;

mod channel;
mod chats;
mod contacts;
mod groups;
mod media;
mod messages;
mod presences;
mod users;

use harness::Case;

/// Every case, area by area.
fn all_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    cases.extend(messages::cases());
    cases.extend(media::cases());
    cases.extend(chats::cases());
    cases.extend(contacts::cases());
    cases.extend(presences::cases());
    cases.extend(groups::cases());
    cases.extend(channel::cases());
    cases.extend(users::cases());
    cases
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn facade_operations() {
    harness::run_all(all_cases()).await;
}

#[test]
fn readme_operation_table() {
    readme::check(&all_cases());
}
