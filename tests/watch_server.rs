//! `archflow watch` as a server on a loopback port: what it answers, the
//! events a save gives, and what it refuses.

#[path = "support/watch_server.rs"]
mod watch_server;

use std::time::Duration;

use watch_server::{expected_svg, flow, save_by_rename, Watch, PATIENCE};

/// After a render event, how long to listen for a second one that must
/// not come.
const HUSH: Duration = Duration::from_millis(600);

fn names(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|v| {
            v["name"]
                .as_str()
                .or(v.as_str())
                .expect("a name")
                .to_string()
        })
        .collect()
}

#[test]
fn the_page_the_picture_and_the_events_answer() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.toml");
    std::fs::write(&file, flow("Hello", None)).unwrap();
    let watch = Watch::start(&file);
    assert!(watch.address.ip().is_loopback(), "{}", watch.address);

    let page = watch.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'none'"));
    assert!(page.text().contains("new EventSource(\"/events\")"));
    assert!(
        !page.text().contains("Hello"),
        "the page holds no user text"
    );

    let svg = watch.get("/svg/a.toml");
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type").as_deref(), Some("image/svg+xml"));
    assert_eq!(svg.text(), expected_svg(&file));
    let dark = watch.get("/svg/a.toml?theme=dark");
    assert!(dark.text().contains("data-theme=\"dark\""));
    assert_eq!(watch.get("/svg/b.toml").status, 404);

    let state: serde_json::Value = serde_json::from_slice(&watch.get("/state.json").body).unwrap();
    assert_eq!(state["kind"], "file");
    assert_eq!(names(&state["entries"]), ["a.toml"]);

    let events = watch.events();
    let (event, data) = events.next(PATIENCE).expect("the first message");
    assert_eq!(event, "state");
    assert_eq!(data, state);
    assert_eq!(watch.get("/nowhere").status, 404);
    let post = watch.request(&format!(
        "POST / HTTP/1.1\r\nHost: {}\r\n\r\n",
        watch.address
    ));
    assert_eq!(post.status, 405);
}

#[test]
fn a_burst_of_saves_is_one_event_with_the_last_picture() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.toml");
    std::fs::write(&file, flow("Burst", None)).unwrap();
    let watch = Watch::start(&file);
    let events = watch.events();
    assert_eq!(events.next(PATIENCE).unwrap().0, "state");
    for i in 0..5 {
        std::fs::write(&file, flow(&format!("Burst {i}"), Some("fn"))).unwrap();
    }
    save_by_rename(&file, &flow("Burst last", Some("fn")));
    let render = events.render();
    assert_eq!(names(&render["changed"]), ["a.toml"]);
    assert_eq!(render["changed"][0]["errors"], serde_json::Value::Null);
    assert!(events.drain(HUSH).is_empty(), "one burst, one event");
    assert_eq!(watch.get("/svg/a.toml").text(), expected_svg(&file));
}

#[test]
fn an_invalid_file_sends_its_errors_and_keeps_its_picture() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.toml");
    let good = flow("Errors", None);
    std::fs::write(&file, &good).unwrap();
    let watch = Watch::start(&file);
    let before = watch.get("/svg/a.toml").text();
    let events = watch.events();
    events.next(PATIENCE).unwrap();

    std::fs::write(&file, good.replace("\"cloudfront\"", "\"cloudfrnt\"")).unwrap();
    let render = events.render();
    let errors = render["changed"][0]["errors"].as_str().expect("errors");
    let check = archflow::load_file(&file).unwrap_err().render(false);
    assert_eq!(errors, check, "the errors as `archflow check` prints them");
    assert!(errors.contains("a.toml:6:"), "{errors}");
    assert!(
        errors.contains("^^^^^^^^^^^ did you mean `cloudfront`?"),
        "{errors}"
    );
    assert_eq!(
        render["changed"][0]["picture"], 1,
        "the last good picture stays"
    );
    assert_eq!(watch.get("/svg/a.toml").text(), before);

    std::fs::write(&file, &good).unwrap();
    let render = events.render();
    assert_eq!(render["changed"][0]["errors"], serde_json::Value::Null);
}

#[test]
fn a_deleted_and_recreated_file_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.toml");
    std::fs::write(&file, flow("Back", None)).unwrap();
    let watch = Watch::start(&file);
    let events = watch.events();
    events.next(PATIENCE).unwrap();

    std::fs::remove_file(&file).unwrap();
    let render = events.render();
    let errors = render["changed"][0]["errors"].as_str().unwrap();
    assert!(errors.contains("cannot read"), "{errors}");

    std::fs::write(&file, flow("Back again", Some("fn"))).unwrap();
    let render = events.render();
    assert_eq!(render["changed"][0]["errors"], serde_json::Value::Null);
    assert_eq!(render["changed"][0]["picture"], render["version"]);
    assert_eq!(watch.get("/svg/a.toml").text(), expected_svg(&file));
}

#[test]
fn a_folder_follows_files_added_removed_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("a.toml"), flow("A", None)).unwrap();
    let watch = Watch::start(dir.path());
    let events = watch.events();
    let (_, state) = events.next(PATIENCE).unwrap();
    assert_eq!(state["kind"], "folder");
    assert_eq!(names(&state["entries"]), ["a.toml"]);

    std::fs::write(dir.path().join("sub/b.toml"), flow("B", None)).unwrap();
    let render = events.render();
    assert_eq!(names(&render["changed"]), ["sub/b.toml"]);
    assert_eq!(render["order"], serde_json::json!(["a.toml", "sub/b.toml"]));
    assert_eq!(watch.get("/svg/sub%2Fb.toml").status, 200);
    assert_eq!(watch.get("/svg/sub/b.toml").status, 200);

    save_by_rename(&dir.path().join("a.toml"), &flow("A2", Some("fn")));
    let render = events.render();
    assert_eq!(names(&render["changed"]), ["a.toml"]);

    std::fs::remove_file(dir.path().join("a.toml")).unwrap();
    let render = events.render();
    assert_eq!(render["removed"], serde_json::json!(["a.toml"]));
    assert_eq!(watch.get("/svg/a.toml").status, 404);

    std::fs::write(dir.path().join("a.toml"), flow("A3", None)).unwrap();
    let render = events.render();
    assert_eq!(names(&render["changed"]), ["a.toml"]);
    // A file that is not a flow file changes nothing on the page.
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    assert!(events.drain(HUSH).is_empty());
}

/// The render's own reading of the files is not a change: once drawn, a
/// folder nobody edits is not drawn again.
#[test]
fn reading_the_files_does_not_draw_them_again() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a.toml", "b.toml", "c.toml"] {
        std::fs::write(dir.path().join(name), flow(name, None)).unwrap();
    }
    let watch = Watch::start(dir.path());
    let renders = || {
        let state: serde_json::Value =
            serde_json::from_slice(&watch.get("/state.json").body).unwrap();
        state["renders"].as_u64().unwrap()
    };
    std::thread::sleep(HUSH);
    assert_eq!(renders(), 1);
    std::fs::write(dir.path().join("b.toml"), flow("B", Some("fn"))).unwrap();
    let events = watch.events();
    events.next(PATIENCE).unwrap();
    std::thread::sleep(HUSH);
    assert_eq!(renders(), 2);
}

/// Every request that names something outside PATH is a 404.
#[test]
fn paths_outside_the_folder_are_not_found() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.toml"), flow("Secret", None)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("a.toml"), flow("A", None)).unwrap();
    std::fs::write(dir.path().join("beside.toml"), flow("Beside", None)).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(outside.path().join("secret.toml"), root.join("link.toml"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("away")).unwrap();
    }
    let watch = Watch::start(&root);
    assert_eq!(watch.get("/svg/a.toml").status, 200);
    let secret = outside.path().join("secret.toml");
    let absolute = secret.display().to_string();
    let encoded_absolute = absolute.replace('/', "%2F");
    for path in [
        "/svg/../beside.toml",
        "/svg/%2e%2e/beside.toml",
        "/svg/%2E%2E%2Fbeside.toml",
        "/svg/..%2fbeside.toml",
        "/svg/%252e%252e%252fbeside.toml",
        "/../beside.toml",
        "/%2e%2e/beside.toml",
        "/svg/link.toml",
        "/svg/away/secret.toml",
        "/svg/away%2Fsecret.toml",
        &format!("/svg/{absolute}"),
        &format!("/svg/{encoded_absolute}"),
        &format!("/svg/%2F{}", &encoded_absolute[3..]),
        &absolute,
        "/svg/",
        "/svg/a.toml/../a.toml",
        "/svg/%00",
    ] {
        let reply = watch.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.text().contains("<svg"), "{path}");
    }
    let state = watch.get("/state.json").text();
    assert!(
        !state.contains("secret") && !state.contains("link.toml"),
        "{state}"
    );
}

#[test]
fn it_listens_on_the_loopback_and_refuses_other_host_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), flow("A", None)).unwrap();
    let watch = Watch::start(dir.path());
    assert_eq!(watch.address.ip().to_string(), "127.0.0.1");
    let port = watch.address.port();
    let ask =
        |host: &str| watch.request(&format!("GET /state.json HTTP/1.1\r\nHost: {host}\r\n\r\n"));
    assert_eq!(ask(&format!("localhost:{port}")).status, 200);
    assert_eq!(ask(&format!("evil.example:{port}")).status, 403);
    assert_eq!(
        watch.request("GET / HTTP/1.1\r\n\r\n").status,
        403,
        "no Host header"
    );
    assert_eq!(watch.request("NONSENSE\r\n\r\n").status, 400);
}

/// A file full of markup reaches the page only escaped: the event stream
/// and the state hold no `<`, and the pictures hold no script.
#[test]
fn user_text_never_reaches_the_page_unescaped() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "<script>alert(1)</script>";
    let file = dir.path().join("x<img src=x onerror=alert(1)>.toml");
    std::fs::write(&file, flow(evil, None)).unwrap();
    let watch = Watch::start(dir.path());
    let events = watch.events();
    let (_, state) = events.next_raw(PATIENCE).unwrap();
    assert!(!state.contains('<') && !state.contains('>'), "{state}");
    assert!(
        state.contains("\\u003cimg src=x onerror=alert(1)\\u003e"),
        "{state}"
    );
    let svg = watch
        .get("/svg/x%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.toml")
        .text();
    assert!(svg.starts_with("<svg") && !svg.contains("<script"), "{svg}");
    assert!(svg.contains("&lt;script&gt;"));

    std::fs::write(&file, format!("{}\n\"{evil}\" = 1\n", flow(evil, None))).unwrap();
    let (event, data) = events.next_raw(PATIENCE).unwrap();
    assert_eq!(event, "render");
    assert!(!data.contains('<') && !data.contains('>'), "{data}");
    let value: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert!(value["changed"][0]["errors"]
        .as_str()
        .unwrap()
        .contains(evil));
    assert!(!watch.get("/").text().contains("onerror"));
}

#[test]
fn a_bad_path_or_a_taken_port_is_an_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_archflow"))
        .args(["watch", "no/such/place.toml", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: no/such/place.toml: no such file or folder\n"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.toml"), flow("A", None)).unwrap();
    let watch = Watch::start(dir.path());
    let port = watch.address.port().to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_archflow"))
        .arg("watch")
        .arg(dir.path())
        .args(["--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(stderr.contains("try --port 0"), "{stderr}");
}

/// A note: each archflow block is a diagram; a save that changes one block
/// tells only that one, and a broken block's errors are at the note's lines.
#[test]
fn a_note_shows_each_block_and_tells_only_the_changed_one() {
    let dir = tempfile::tempdir().unwrap();
    let note = dir.path().join("study.md");
    let text = |second: &str| {
        format!(
            "# Study\n\n```archflow\n{}```\n\nSome prose.\n\n```archflow cdn\n{second}```\n",
            flow("First", None)
        )
    };
    std::fs::write(&note, text(&flow("Second", None))).unwrap();
    let watch = Watch::start(&note);
    let events = watch.events();
    let (_, state) = events.next(PATIENCE).unwrap();
    assert_eq!(state["kind"], "note");
    assert_eq!(names(&state["entries"]), ["study-1", "cdn"]);
    assert_eq!(watch.get("/svg/cdn").status, 200);

    std::fs::write(&note, text(&flow("Second", Some("fn")))).unwrap();
    let render = events.render();
    assert_eq!(names(&render["changed"]), ["cdn"]);

    let broken = flow("Second", None).replace("\"cloudfront\"", "\"cloudfrnt\"");
    std::fs::write(&note, text(&broken)).unwrap();
    let render = events.render();
    assert_eq!(names(&render["changed"]), ["cdn"]);
    let errors = render["changed"][0]["errors"].as_str().unwrap();
    // The block's sixth line is the note's twenty-first.
    assert!(errors.contains("study.md:21:16"), "{errors}");
    assert!(errors.contains("did you mean `cloudfront`?"), "{errors}");
}
