//! The users facade: login (QR image, QR text, phone code), logout,
//! profile, status text.

use crate::harness::{Case, assert_invalid as invalid, assert_request, case};
use base64::Engine as _;
use serde_json::json;
use whapi::mock::MockResponse;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

pub fn cases() -> Vec<Case> {
    vec![
        case(
            "client.users().login_qr().send()",
            &["loginUser"],
            |ctx| async move {
                invalid(ctx.client.users().login_qr().size(0).send().await, "size");
                invalid(
                    ctx.client.users().login_qr().color_dark("red").send().await,
                    "color_dark",
                );
                ctx.assert_no_request();
                let image = base64::engine::general_purpose::STANDARD.encode(PNG);
                ctx.server.on("loginUser").respond(MockResponse::json(
                    200,
                    json!({"status": "OK", "base64": image, "expire": 20}),
                ));
                let qr = ctx
                    .client
                    .users()
                    .login_qr()
                    .wakeup(false)
                    .size(400)
                    .color_dark("#122e31")
                    .send()
                    .await
                    .expect("a QR");
                assert_eq!(qr.png().expect("an image"), PNG);
                assert_eq!(qr.expire, Some(20.0));
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/users/login",
                    &[
                        ("wakeup", "false"),
                        ("size", "400"),
                        ("color_dark", "#122e31"),
                    ],
                    None,
                );
            },
        ),
        case(
            "client.users().login_qr().send_png()",
            &["loginUserImage"],
            |ctx| async move {
                invalid(
                    ctx.client.users().login_qr().height(0).send_png().await,
                    "height",
                );
                ctx.assert_no_request();
                ctx.server.on("loginUserImage").respond(
                    MockResponse::raw(200, PNG.to_vec()).header("content-type", "image/png"),
                );
                let png = ctx
                    .client
                    .users()
                    .login_qr()
                    .width(300)
                    .color_light("#ffffff")
                    .send_png()
                    .await
                    .expect("an image");
                assert_eq!(png, PNG);
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/users/login/image",
                    &[("width", "300"), ("color_light", "#ffffff")],
                    None,
                );
            },
        ),
        case(
            "client.users().login_qr_text()",
            &["loginUserRowData"],
            |ctx| async move {
                ctx.server
                    .on("loginUserRowData")
                    .respond(MockResponse::json(
                        200,
                        json!({"status": "OK", "rowdata": "2@abc,def"}),
                    ));
                let qr = ctx.client.users().login_qr_text().await.expect("a QR");
                assert_eq!(qr.rowdata.as_deref(), Some("2@abc,def"));
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/users/login/rowdata",
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.users().login_code(phone)",
            &["loginUserViaAuthCode"],
            |ctx| async move {
                invalid(ctx.client.users().login_code("555").await, "phone");
                ctx.assert_no_request();
                ctx.server
                    .on("loginUserViaAuthCode")
                    .respond(MockResponse::json(200, json!({"code": "ABC-123"})));
                let code = ctx
                    .client
                    .users()
                    .login_code("+1 555 123-4567")
                    .await
                    .expect("a code");
                assert_eq!(code.code.as_deref(), Some("ABC-123"));
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/users/login/15551234567",
                    &[],
                    None,
                );
            },
        ),
        case(
            "client.users().logout()",
            &["logoutUser"],
            |ctx| async move {
                ctx.server
                    .on("logoutUser")
                    .respond(MockResponse::json(200, json!({"success": false})));
                let answer = ctx.client.users().logout().await.expect("logged out");
                assert_eq!(answer.success, Some(false));
                assert_request(&ctx.only_request(), "POST", "/users/logout", &[], None);
            },
        ),
        case(
            "client.users().profile()",
            &["getUserProfile"],
            |ctx| async move {
                ctx.server.on("getUserProfile").respond(MockResponse::json(
                200,
                json!({"name": "Acme", "about": "Support", "icon": "https://example.com/i.png"}),
            ));
                let me = ctx.client.users().profile().await.expect("a profile");
                assert_eq!(me.name.as_deref(), Some("Acme"));
                assert_eq!(me.icon.as_deref(), Some("https://example.com/i.png"));
                assert_request(&ctx.only_request(), "GET", "/users/profile", &[], None);
            },
        ),
        case(
            "client.users().update_profile().name(..).about(..).send()",
            &["updateUserProfile"],
            |ctx| async move {
                invalid(
                    ctx.client.users().update_profile().send().await,
                    "update_profile",
                );
                invalid(
                    ctx.client.users().update_profile().name("Al").send().await,
                    "name",
                );
                let long = "x".repeat(140);
                invalid(
                    ctx.client.users().update_profile().about(long).send().await,
                    "about",
                );
                ctx.assert_no_request();
                ctx.server
                    .on("updateUserProfile")
                    .respond(MockResponse::json(200, json!({"success": false})));
                let answer = ctx
                    .client
                    .users()
                    .update_profile()
                    .name("Acme support")
                    .about("9 to 5")
                    .send()
                    .await
                    .expect("updated");
                assert_eq!(answer.success, Some(false));
                assert_request(
                    &ctx.only_request(),
                    "PATCH",
                    "/users/profile",
                    &[],
                    Some(json!({"name": "Acme support", "about": "9 to 5"})),
                );
            },
        ),
        case(
            "client.users().set_status(text)",
            &["changeStatus"],
            |ctx| async move {
                ctx.server
                    .on("changeStatus")
                    .respond(MockResponse::json(200, json!({"success": false})));
                let answer = ctx
                    .client
                    .users()
                    .set_status("Back on Monday")
                    .await
                    .expect("set");
                assert_eq!(answer.success, Some(false));
                assert_request(
                    &ctx.only_request(),
                    "PUT",
                    "/status",
                    &[],
                    Some(json!({"status": "Back on Monday"})),
                );
            },
        ),
    ]
}
