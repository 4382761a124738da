//! The contacts facade: check phones, list (pages and stream), get,
//! profile, exists, add, rename, delete, LIDs.

use crate::harness::{Case, assert_invalid as invalid, assert_request, case};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use whapi::mock::MockResponse;

const PHONE: &str = "+1 (555) 123-4567";
const DIGITS: &str = "15551234567";

fn contact(id: &str, name: &str) -> Value {
    json!({"id": id, "name": name, "pushname": format!("{name}!"), "saved": true})
}

pub fn cases() -> Vec<Case> {
    vec![
        case(
            "client.contacts().check(phones).send()",
            &["checkPhones"],
            |ctx| async move {
                invalid(
                    ctx.client
                        .contacts()
                        .check(["15551234567", "12"])
                        .send()
                        .await,
                    "phones",
                );
                invalid(
                    ctx.client
                        .contacts()
                        .check(Vec::<String>::new())
                        .send()
                        .await,
                    "phones",
                );
                ctx.assert_no_request();
                ctx.server.on("checkPhones").respond(MockResponse::json(
                    200,
                    json!({"contacts": [
                        {"input": "15551234567", "status": "valid", "wa_id": "15551234567"},
                        {"input": "15557654321", "status": "invalid"},
                    ]}),
                ));
                let checked = ctx
                    .client
                    .contacts()
                    .check([PHONE, "15557654321@s.whatsapp.net"])
                    .force_check(true)
                    .send()
                    .await
                    .expect("checked");
                let valid: Vec<bool> = checked.contacts.iter().map(|c| c.is_valid()).collect();
                assert_eq!(valid, [true, false]);
                assert_eq!(checked.contacts[0].wa_id.as_deref(), Some(DIGITS));
                assert_eq!(checked.contacts[1].wa_id, None);
                assert_request(
                    &ctx.only_request(),
                    "POST",
                    "/contacts",
                    &[],
                    Some(json!({"contacts": [DIGITS, "15557654321"], "force_check": true})),
                );
            },
        ),
        case(
            "client.contacts().list().count(n).send()",
            &["getContacts"],
            |ctx| async move {
                invalid(ctx.client.contacts().list().count(0).send().await, "count");
                ctx.assert_no_request();
                ctx.server.on("getContacts").respond(MockResponse::json(
                    200,
                    json!({"contacts": [contact(DIGITS, "Ada")], "count": 1, "offset": 0, "total": 1}),
                ));
                let page = ctx
                    .client
                    .contacts()
                    .list()
                    .count(10)
                    .send()
                    .await
                    .expect("a page");
                let contacts = page.contacts.expect("contacts").0;
                assert_eq!(contacts[0].name, "Ada");
                assert_eq!(contacts[0].pushname.as_deref(), Some("Ada!"));
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/contacts",
                    &[("count", "10")],
                    None,
                );
            },
        ),
        case(
            "client.contacts().list().into_stream()",
            &["getContacts"],
            |ctx| async move {
                ctx.server
                    .on("getContacts")
                    .respond_once(MockResponse::json(
                        200,
                        json!({"contacts": [contact("1111111", "a"), contact("2222222", "b")]}),
                    ));
                ctx.server
                    .on("getContacts")
                    .respond_once(MockResponse::json(
                        200,
                        json!({"contacts": [contact("3333333", "c")]}),
                    ));
                ctx.server
                    .on("getContacts")
                    .respond_once(MockResponse::json(200, json!({"contacts": []})));
                // No total: the stream ends at the empty page.
                let stream = ctx
                    .client
                    .contacts()
                    .list()
                    .offset(4)
                    .count(2)
                    .into_stream();
                let names: Vec<String> =
                    tokio::spawn(async move { stream.map_ok(|c| c.name).try_collect().await })
                        .await
                        .expect("the task ends")
                        .expect("every page");
                assert_eq!(names, ["a", "b", "c"]);
                let offsets: Vec<Option<String>> = ctx
                    .server
                    .requests()
                    .iter()
                    .map(|r| r.query_param("offset").map(str::to_owned))
                    .collect();
                assert_eq!(
                    offsets,
                    [Some("4".into()), Some("6".into()), Some("7".into())]
                );
                for r in ctx.server.requests() {
                    assert_eq!(r.query_param("count"), Some("2"));
                }
            },
        ),
        case(
            "client.contacts().get(contact)",
            &["getContact"],
            |ctx| async move {
                invalid(ctx.client.contacts().get("abc").await, "contact");
                ctx.assert_no_request();
                ctx.server
                    .on("getContact")
                    .respond(MockResponse::json(200, contact(DIGITS, "Grace")));
                let got = ctx.client.contacts().get(PHONE).await.expect("a contact");
                assert_eq!(got.name, "Grace");
                assert_eq!(got.saved, Some(true));
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/contacts/15551234567",
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.contacts().profile(contact)",
            &["getContactProfile"],
            |ctx| async move {
                invalid(
                    ctx.client.contacts().profile("1234567890123456").await,
                    "contact",
                );
                ctx.assert_no_request();
                ctx.server
                    .on("getContactProfile")
                    .respond(MockResponse::json(
                        200,
                        json!({"name": "Grace", "about": "Compilers"}),
                    ));
                let profile = ctx
                    .client
                    .contacts()
                    .profile(DIGITS)
                    .await
                    .expect("a profile");
                assert_eq!(profile.about.as_deref(), Some("Compilers"));
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/contacts/15551234567/profile",
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.contacts().exists(contact)",
            &["checkExist"],
            |ctx| async move {
                invalid(ctx.client.contacts().exists("").await, "contact");
                ctx.assert_no_request();
                assert!(
                    ctx.client
                        .contacts()
                        .exists(PHONE)
                        .await
                        .expect("an answer")
                );
                assert_request(
                    &ctx.only_request(),
                    "HEAD",
                    "/contacts/15551234567",
                    &[],
                    None,
                );
                ctx.server.clear_requests();
                // Whapi's 404: not registered, an answer rather than an error.
                ctx.server
                    .on("checkExist")
                    .respond_once(MockResponse::status(404));
                assert!(
                    !ctx.client
                        .contacts()
                        .exists(DIGITS)
                        .await
                        .expect("an answer")
                );
                // Any other error status is an API error with that status.
                ctx.server
                    .on("checkExist")
                    .respond_once(MockResponse::status(402));
                let err = ctx.client.contacts().exists(DIGITS).await.expect_err("402");
                assert_eq!(err.status(), Some(402), "{err:?}");
            },
        ),
        case(
            "client.contacts().add(phone, name)",
            &["addContact"],
            |ctx| async move {
                invalid(ctx.client.contacts().add("12", "Ada").await, "phone");
                invalid(ctx.client.contacts().add(DIGITS, " ").await, "name");
                ctx.assert_no_request();
                ctx.server
                    .on("addContact")
                    .respond(MockResponse::json(200, contact(DIGITS, "Ada")));
                let added = ctx
                    .client
                    .contacts()
                    .add(PHONE, "Ada")
                    .await
                    .expect("added");
                assert_eq!(added.id, DIGITS);
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    "/contacts",
                    &[],
                    Some(json!({"phone": DIGITS, "name": "Ada"})),
                );
            },
        ),
        case(
            "client.contacts().rename(contact, name)",
            &["editContact"],
            |ctx| async move {
                invalid(ctx.client.contacts().rename("x", "Ada").await, "contact");
                invalid(ctx.client.contacts().rename(DIGITS, "").await, "name");
                ctx.assert_no_request();
                ctx.server
                    .on("editContact")
                    .respond(MockResponse::json(200, contact(DIGITS, "Ada L.")));
                let renamed = ctx
                    .client
                    .contacts()
                    .rename(PHONE, "Ada L.")
                    .await
                    .expect("renamed");
                assert_eq!(renamed.name, "Ada L.");
                assert_request(
                    &ctx.only_request(),
                    "PATCH",
                    "/contacts/15551234567",
                    &[],
                    Some(json!({"name": "Ada L."})),
                );
            },
        ),
        case(
            "client.contacts().delete(contact)",
            &["deleteContact"],
            |ctx| async move {
                invalid(ctx.client.contacts().delete("+1").await, "contact");
                ctx.assert_no_request();
                ctx.server
                    .on("deleteContact")
                    .respond(MockResponse::json(200, json!({"success": false})));
                let answer = ctx.client.contacts().delete(PHONE).await.expect("deleted");
                assert_eq!(answer.success, Some(false));
                assert_request(
                    &ctx.only_request(),
                    "DELETE",
                    "/contacts/15551234567",
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.contacts().lid(contact)",
            &["getLidById"],
            |ctx| async move {
                invalid(ctx.client.contacts().lid("lid").await, "contact");
                ctx.assert_no_request();
                ctx.server
                    .on("getLidById")
                    .respond(MockResponse::json(200, json!({"lid": "123456789@lid"})));
                let lid = ctx.client.contacts().lid(PHONE).await.expect("a lid");
                assert_eq!(lid.lid, "123456789@lid");
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/contacts/lids/15551234567",
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.contacts().lids(contacts)",
            &["getLidByIds"],
            |ctx| async move {
                invalid(
                    ctx.client.contacts().lids(Vec::<&str>::new()).await,
                    "contacts",
                );
                invalid(ctx.client.contacts().lids([DIGITS, "1"]).await, "contacts");
                ctx.assert_no_request();
                ctx.server.on("getLidByIds").respond(MockResponse::json(
                    200,
                    json!({DIGITS: {"lid": "1@lid"}, "15557654321": {"lid": "2@lid"}}),
                ));
                let lids = ctx
                    .client
                    .contacts()
                    .lids([PHONE, "15557654321"])
                    .await
                    .expect("lids");
                assert_eq!(lids.0[DIGITS].lid, "1@lid");
                assert_eq!(lids.0.len(), 2);
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/contacts/lids",
                    &[("ContactIDList", DIGITS), ("ContactIDList", "15557654321")],
                    None,
                );
            },
        ),
    ]
}
