//! The media facade: upload, download, list, delete.

use crate::harness::{Case, Ctx, assert_client_headers, assert_request, case};
use crate::messages::{PNG, TempFile, assert_invalid};
use futures_util::TryStreamExt;
use serde_json::json;
use whapi::Media;
use whapi::mock::{MockRequest, MockResponse};

const MEDIA_ID: &str = "png-4f2a0e1b-3c5d";

/// The latest request the mock saw (earlier ones are kept: the harness
/// checks every operation a case reached).
fn last(ctx: &Ctx) -> MockRequest {
    ctx.server.requests().pop().expect("a request")
}

pub fn cases() -> Vec<Case> {
    vec![
        case(
            "client.media().upload(media).send()?.media_id()",
            // The id it returns is then sent as an image.
            &["uploadMedia", "sendMessageImage"],
            |ctx| async move {
                let media = ctx.client.media();
                assert_invalid(media.upload(Media::id(MEDIA_ID)).send().await, "media");
                assert_invalid(media.upload(Media::bytes(Vec::new())).send().await, "media");
                assert_invalid(
                    media.upload(Media::url("file:///etc/passwd")).send().await,
                    "media",
                );
                let missing = media
                    .upload(Media::path("/nonexistent/whapi.png"))
                    .send()
                    .await;
                assert!(
                    matches!(missing, Err(whapi::Error::Io { .. })),
                    "{missing:?}"
                );
                ctx.assert_no_request();
                // The mock's synthesized answer has no file in it.
                ctx.server.on("uploadMedia").respond(MockResponse::json(
                    200,
                    json!({"media": [{"id": MEDIA_ID}]}),
                ));

                // A path, streamed: larger than one read chunk, it arrives whole.
                let mut contents = PNG.to_vec();
                contents.extend((0..150_000u32).map(|i| (i % 253) as u8));
                let file = TempFile::new("upload", "photo.png", &contents);
                let uploaded = media
                    .upload(Media::path(&file.path))
                    .send()
                    .await
                    .expect("uploaded");
                assert_eq!(uploaded.media_id().expect("an id"), MEDIA_ID);
                let r = ctx.only_request();
                assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/media"));
                assert!(r.query.is_empty());
                assert_eq!(r.header("content-type"), Some("image/png"));
                assert!(r.body[..] == contents[..], "the body is the file itself");
                assert_client_headers(&r);

                // Bytes: their MIME type detected.
                media
                    .upload(Media::bytes(b"%PDF-1.7".to_vec()))
                    .send()
                    .await
                    .expect("uploaded");
                let r = last(&ctx);
                assert_eq!(r.header("content-type"), Some("application/pdf"));
                assert_eq!(&r.body[..], b"%PDF-1.7");

                // A URL: a JSON body naming it.
                media
                    .upload(Media::url("https://example.com/a.jpg"))
                    .send()
                    .await
                    .expect("uploaded");
                assert_request(
                    &last(&ctx),
                    "POST",
                    "/media",
                    &[],
                    Some(json!({"media": "https://example.com/a.jpg"})),
                );

                // The id plugs into any send.
                ctx.client
                    .messages()
                    .image(
                        "15551234567",
                        Media::id(uploaded.media_id().expect("an id")),
                    )
                    .send()
                    .await
                    .expect("sent");
                assert_eq!(last(&ctx).json().expect("json")["media"], json!(MEDIA_ID));
            },
        ),
        case(
            "client.media().download(id).bytes()",
            &["getMedia"],
            |ctx| async move {
                let media = ctx.client.media();
                assert_invalid(media.download("photo.png").bytes().await, "media_id");
                ctx.assert_no_request();
                let got = media.download(MEDIA_ID).bytes().await.expect("downloaded");
                assert!(!got.bytes.is_empty());
                assert_eq!(got.content_type.as_deref(), Some("image/png"));
                assert_eq!(
                    &got.bytes[..8],
                    &PNG[..8],
                    "the mock serves a PNG for images"
                );
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    &format!("/media/{MEDIA_ID}"),
                    &[],
                    None,
                );
                // An error answer is the API's error, not a file.
                ctx.server.clear_requests();
                ctx.server
                    .on("getMedia")
                    .respond_once(MockResponse::status(404));
                let missing = media.download(MEDIA_ID).bytes().await;
                assert_eq!(missing.expect_err("404").status(), Some(404));
            },
        ),
        case(
            "client.media().download(id).to_file(path)",
            &["getMedia"],
            |ctx| async move {
                let media = ctx.client.media();
                let dir = TempFile::new("download", "placeholder", b"");
                let target = dir.path.with_file_name("doc.pdf");
                assert_invalid(media.download("x").to_file(&target).await, "media_id");
                assert_invalid(media.download(MEDIA_ID).to_file("/").await, "path");
                ctx.assert_no_request();
                // Larger than a chunk, streamed to disk.
                let contents: Vec<u8> = (0..300_000u32).map(|i| (i % 249) as u8).collect();
                ctx.server.on("getMedia").respond_once(
                    MockResponse::raw(200, contents.clone())
                        .header("content-type", "application/pdf"),
                );
                let file = media
                    .download(MEDIA_ID)
                    .to_file(&target)
                    .await
                    .expect("downloaded");
                assert_eq!(file.path, target);
                assert_eq!(file.len, contents.len() as u64);
                assert_eq!(file.content_type.as_deref(), Some("application/pdf"));
                assert!(std::fs::read(&target).expect("written") == contents);
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    &format!("/media/{MEDIA_ID}"),
                    &[],
                    None,
                );
                // A failed download leaves no file behind, partial or not.
                ctx.server
                    .on("getMedia")
                    .respond_once(MockResponse::status(500));
                let other = dir.path.with_file_name("other.pdf");
                assert!(media.download(MEDIA_ID).to_file(&other).await.is_err());
                assert!(!other.exists());
                let leftovers = std::fs::read_dir(other.parent().expect("a dir"))
                    .expect("dir")
                    .count();
                assert_eq!(leftovers, 2, "placeholder and doc.pdf only");
            },
        ),
        case(
            "client.media().list().send()` / `.into_stream()",
            &["getMediaFiles"],
            |ctx| async move {
                let media = ctx.client.media();
                assert_invalid(media.list().count(501).send().await, "count");
                ctx.assert_no_request();
                for (offset, ids) in [(0, ["jpg-01", "jpg-02"]), (2, ["jpg-03", "jpg-04"])] {
                    let files: Vec<_> = ids
                        .iter()
                        .map(|id| json!({"id": id, "mime_type": "image/jpeg", "file_size": 10}))
                        .collect();
                    ctx.server
                        .on("getMediaFiles")
                        .respond_once(MockResponse::json(
                            200,
                            json!({"files": files, "count": 2, "offset": offset, "total": 3}),
                        ));
                }
                let stream = media
                    .list()
                    .count(2)
                    .sort(whapi::types::SortOrder::Desc)
                    .into_stream();
                let ids: Vec<String> = tokio::spawn(async move {
                    stream
                        .map_ok(|f| f.id.to_string())
                        .try_collect::<Vec<_>>()
                        .await
                })
                .await
                .expect("the task ends")
                .expect("every page");
                assert_eq!(ids, ["jpg-01", "jpg-02", "jpg-03", "jpg-04"]);
                let seen = ctx.server.requests();
                assert_eq!(seen.len(), 2, "the second page reaches `total`");
                assert_request(
                    &seen[0],
                    "GET",
                    "/media",
                    &[("count", "2"), ("sort", "desc")],
                    None,
                );
                assert_request(
                    &seen[1],
                    "GET",
                    "/media",
                    &[("count", "2"), ("sort", "desc"), ("offset", "2")],
                    None,
                );
                // One page, with the filters.
                ctx.server.clear_requests();
                ctx.server.on("getMediaFiles").respond_once(MockResponse::json(
                    200,
                    json!({"files": [{"id": "pdf-05", "mime_type": "application/pdf", "file_size": 3}], "total": 5}),
                ));
                let page = media
                    .list()
                    .offset(4)
                    .time_from(1)
                    .time_to(2)
                    .send()
                    .await
                    .expect("a page");
                assert_eq!(page.total, Some(5));
                let files = page.files.expect("files");
                assert_eq!(
                    (files[0].id.to_string(), files[0].file_size),
                    ("pdf-05".to_owned(), 3)
                );
                assert_request(
                    &ctx.only_request(),
                    "GET",
                    "/media",
                    &[("offset", "4"), ("time_from", "1"), ("time_to", "2")],
                    None,
                );
            },
        ),
        case(
            "client.media().delete(id)",
            &["deleteMedia"],
            |ctx| async move {
                let media = ctx.client.media();
                assert_invalid(media.delete("not-an-id!").send().await, "media_id");
                ctx.assert_no_request();
                let ok = media.delete(MEDIA_ID).send().await.expect("deleted");
                assert_eq!(ok.success, Some(true));
                assert_request(
                    &ctx.only_request(),
                    "DELETE",
                    &format!("/media/{MEDIA_ID}"),
                    &[],
                    None,
                );
            },
        ),
    ]
}
