//! The web console in a real browser: starts the `passo` binary (`passo serve`, manual time) and
//! Debian's headless Chromium through chromedriver, then, like a user, creates the example
//! workflow (Choice + Wait + Map) from the console, checks that bad JSON input is refused,
//! starts an execution, watches it stop at the Wait, advances the clock from the page and
//! checks that every state lights up with its status in words. Screenshots go to
//! `target/console/`.
//!
//! Skips (with a message) when chromium or chromedriver is missing, except under `CI=true`
//! where it fails: `.ci/run` installs both.
//!
//! The WebDriver client is a few lines of HTTP/1.1 over `std::net` (W3C WebDriver is JSON over
//! HTTP), which keeps a browser crate and its TLS stack out of the build.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use base64::Engine as _;
use serde_json::{json, Value};

/// Kills a child process this test started when the test ends, pass or fail.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One HTTP/1.1 request; the answer's body as JSON.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    request(port, method, path, body, "")
}

/// One Step Functions operation on passo, as any client sends it.
fn sfn(port: u16, operation: &str, body: Value) -> Value {
    let target = format!("X-Amz-Target: AWSStepFunctions.{operation}\r\n");
    let reply = request(port, "POST", "/", Some(&body), &target).expect("passo answers");
    assert!(reply.get("__type").is_none(), "{operation}: {reply}");
    reply
}

fn request(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    extra_headers: &str,
) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| e.to_string())?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n{extra_headers}Content-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    )
    .map_err(|e| e.to_string())?;
    // chromedriver keeps the connection open whatever the request says: read the headers,
    // then exactly Content-Length bytes.
    let mut reader = BufReader::new(stream);
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            break;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = Vec::new();
    match length {
        Some(n) => {
            body.resize(n, 0);
            reader.read_exact(&mut body).map_err(|e| e.to_string())?;
        }
        None => {
            reader.read_to_end(&mut body).map_err(|e| e.to_string())?;
        }
    }
    let body = String::from_utf8_lossy(&body);
    serde_json::from_str(&body).map_err(|e| format!("{e}: {body}"))
}

struct Browser {
    port: u16,
    session: String,
}

impl Browser {
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_cmd(method, path, body)
            .unwrap_or_else(|e| panic!("webdriver {method} {path}: {e}"))
    }

    fn try_cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Value> {
        let path = format!("/session/{}{path}", self.session);
        let reply = http(self.port, method, &path, body.as_ref()).expect("webdriver answers");
        if reply["value"].get("error").is_some() {
            return Err(reply["value"].clone());
        }
        Ok(reply["value"].clone())
    }

    fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({ "url": url })));
    }

    fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// The element for `css`, waiting a little for it (pages render after their requests).
    fn element(&self, css: &str) -> String {
        let find = || {
            self.try_cmd(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
        };
        let mut found = find();
        for _ in 0..50 {
            if found.is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
            found = find();
        }
        let v = found.unwrap_or_else(|e| panic!("no element {css}: {e}"));
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("an element reference")
            .to_owned()
    }

    /// Clicks the element; the page re-draws while an execution runs, so a reference that went
    /// stale is looked up again.
    fn click(&self, css: &str) {
        for _ in 0..20 {
            let id = self.element(css);
            match self.try_cmd("POST", &format!("/element/{id}/click"), Some(json!({}))) {
                Ok(_) => return,
                Err(e) if e["error"] == "stale element reference" => {
                    std::thread::sleep(Duration::from_millis(100))
                }
                Err(e) => panic!("click {css}: {e}"),
            }
        }
        panic!("click {css}: the element kept going stale");
    }

    /// Types into a field the way a user does (clear, then keys).
    fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.cmd("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.cmd(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Polls `condition` (a JavaScript expression) until it is true, for up to 20 s.
    fn wait(&self, what: &str, condition: &str) {
        for _ in 0..200 {
            // Elements come and go while the page loads: an error means "not yet".
            let script = format!("try {{ return !!({condition}); }} catch (e) {{ return false; }}");
            if self.js(&script) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let body = self.js("return document.body.innerText.slice(0, 2000);");
        panic!("timed out waiting for {what}; the page says: {body}");
    }

    fn screenshot(&self, path: &Path) {
        let b64 = self.cmd("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().expect("base64"))
            .expect("a PNG");
        std::fs::write(path, png).expect("screenshot written");
    }
}

/// `passo serve` on a free port (read back from its log line), manual time.
fn start_passo() -> (Guard, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_passo"))
        .args([
            "serve",
            "--port",
            "0",
            "--time",
            "manual",
            "--epoch",
            "2030-01-01T00:00:00Z",
        ])
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("passo starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let mut port = None;
    for line in lines.by_ref() {
        let line = line.expect("a log line");
        if let Some(rest) = line.split("listening on http://127.0.0.1:").nth(1) {
            port = rest
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|p| p.parse().ok());
            break;
        }
    }
    // Keep draining the log so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (Guard(child), port.expect("passo printed its port"))
}

fn start_browser(driver: &Path, chromium: &Path) -> (Guard, Browser) {
    let port = free_port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let guard = Guard(child);
    for _ in 0..100 {
        if http(port, "GET", "/status", None).is_ok_and(|s| s["value"]["ready"] == json!(true)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,800", "--hide-scrollbars", "--force-device-scale-factor=1"]
        }
    }}});
    let session = http(port, "POST", "/session", Some(&caps)).expect("a session");
    let id = session["value"]["sessionId"]
        .as_str()
        .unwrap_or_else(|| panic!("no session: {session}"))
        .to_owned();
    (guard, Browser { port, session: id })
}

#[test]
fn the_console_runs_a_workflow_and_lights_up_its_states() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(driver), Some(chromium)) = (
        find(&["chromedriver", "chromium.chromedriver"]),
        find(&["chromium", "chromium-browser"]),
    ) else {
        assert!(
            !ci,
            "CI=true but chromium or chromedriver is missing (.ci/run installs them)"
        );
        eprintln!("skipped: install chromium and chromium-driver to run the browser test");
        return;
    };
    let shots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/console");
    std::fs::create_dir_all(&shots).unwrap();
    let (_passo, port) = start_passo();
    let (_driver, b) = start_browser(&driver, &chromium);
    let base = format!("http://127.0.0.1:{port}");

    // The list page, then create the example workflow (Choice + Wait + Map) from the form.
    b.go(&format!("{base}/console"));
    b.wait("the create form", "document.querySelector('#create-btn')");
    b.wait(
        "an empty list",
        "document.body.innerText.includes('No state machines yet')",
    );
    b.type_into("#new-name", "orders");
    b.click("#create-btn");
    b.wait("the state machine page", "location.hash.startsWith('#/sm/') && document.querySelector('#start-btn') && document.querySelector('#graph svg')");
    for state in [
        "CheckOrder",
        "WaitForWarehouse",
        "PackItems",
        "Pack",
        "Shipped",
        "Rejected",
    ] {
        b.wait(
            state,
            &format!("document.querySelector('.node[data-state=\"{state}\"]')"),
        );
    }
    // A version and an alias made by another client show up (the page reads the API).
    let sm_arn = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
    let version = sfn(
        port,
        "PublishStateMachineVersion",
        json!({"stateMachineArn": sm_arn}),
    );
    sfn(
        port,
        "CreateStateMachineAlias",
        json!({"name": "live", "routingConfiguration": [
            {"stateMachineVersionArn": version["stateMachineVersionArn"], "weight": 100}
        ]}),
    );
    b.js("window.dispatchEvent(new HashChangeEvent('hashchange')); return true;");
    b.wait(
        "the version and the alias",
        "document.body.innerText.includes('Versions (1)') && document.body.innerText.includes('live → version 1 (100%)')",
    );
    // A click on a state shows its definition.
    b.click(".node[data-state=\"WaitForWarehouse\"] > text.name");
    b.wait(
        "the state's definition",
        "document.querySelector('#state-detail').innerText.includes('\"Seconds\": 3600')",
    );
    b.screenshot(&shots.join("state-machine.png"));

    // Input that is not JSON is refused before any request.
    b.type_into("#start-input", "{\"items\": [");
    b.wait("the JSON error", "document.querySelector('#start-btn').disabled && document.querySelector('#start-err').textContent.includes('not valid JSON')");
    b.type_into(
        "#start-input",
        r#"{"items": [{"sku": "A-1"}, {"sku": "B-2"}, {"sku": "C-3"}]}"#,
    );
    b.wait(
        "the button again",
        "!document.querySelector('#start-btn').disabled",
    );
    b.type_into("#start-name", "first-order");
    b.click("#start-btn");

    // Manual time: the execution stops at the Wait, which shows as running, in words too.
    b.wait(
        "the execution page",
        "location.hash.startsWith('#/exec/') && document.querySelector('#graph svg')",
    );
    b.wait(
        "the Wait running",
        "document.querySelector('.node[data-state=\"WaitForWarehouse\"].status-running')",
    );
    let text = |state: &str| {
        b.js(&format!(
            "return document.querySelector('.node[data-state=\"{state}\"]').textContent;"
        ))
        .as_str()
        .unwrap_or_default()
        .to_owned()
    };
    assert!(text("CheckOrder").contains("succeeded"));
    assert!(text("WaitForWarehouse").contains("running"));
    assert!(text("PackItems").contains("not reached"));
    assert!(b
        .js("return document.querySelector('#exec-status').textContent")
        .as_str()
        .unwrap()
        .contains("running"));
    b.screenshot(&shots.join("execution-running.png"));

    // Advance the clock from the page: the Wait ends, the Map runs its three items.
    b.click("#adv-next");
    b.wait(
        "the execution to succeed",
        "document.querySelector('#exec-status').textContent.includes('succeeded')",
    );
    b.wait(
        "Pack lit up",
        "document.querySelector('.node[data-state=\"Pack\"].status-succeeded')",
    );
    assert!(text("Pack").contains("×3"), "{}", text("Pack"));
    assert!(text("Shipped").contains("succeeded"));
    assert!(text("Rejected").contains("not reached"));
    let taken = b.js("return document.querySelectorAll('.edge.taken').length;");
    assert!(taken.as_u64().unwrap() >= 6, "taken edges: {taken}");
    // Cost and transitions: CheckOrder, WaitForWarehouse, PackItems, Pack ×3, Shipped.
    assert_eq!(
        b.js("return document.querySelector('#transitions').textContent;"),
        json!("7")
    );

    // A Map's iterations, and the state's input and output.
    b.click(".node[data-state=\"PackItems\"] > text.name");
    b.wait(
        "the Map's iterations",
        "document.querySelector('#state-detail').innerText.includes('Iterations (3)')",
    );
    b.click(".node[data-state=\"Pack\"] > text.name");
    b.wait("Pack's details", "document.querySelector('#state-detail').innerText.includes('Output') && document.querySelector('#state-detail').innerText.includes('packed')");
    // The event table filters like AWS's.
    b.cmd("POST", "/execute/sync", Some(json!({"script": "const s = document.querySelector('#ev-filter'); s.value = 'maps'; s.dispatchEvent(new Event('change')); return true;", "args": []})));
    b.wait("only Map events", "[...document.querySelectorAll('#events tbody tr td:nth-child(2)')].every(td => /Map|Parallel/.test(td.textContent)) && document.querySelectorAll('#events tbody tr').length >= 8");
    b.cmd("POST", "/execute/sync", Some(json!({"script": "const s = document.querySelector('#ev-filter'); s.value = 'all'; s.dispatchEvent(new Event('change')); return true;", "args": []})));
    // Iteration #1 of the Map: the table keeps only its events.
    b.click(".node[data-state=\"PackItems\"] > text.name");
    b.wait(
        "the Map's iterations",
        "document.querySelector('#state-detail').innerText.includes('Iterations (3)')",
    );
    b.click("button.iteration[data-iteration=\"PackItems#1\"]");
    b.wait("iteration #1's events", "document.querySelector('#iter-note') && [...document.querySelectorAll('#events tbody tr td:nth-child(3)')].some(td => td.textContent === 'Pack')");
    let rows = b.js("return [...document.querySelectorAll('#events tbody tr td:nth-child(2)')].map(td => td.textContent);");
    let rows: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        rows,
        [
            "MapIterationStarted",
            "PassStateEntered",
            "PassStateExited",
            "MapIterationSucceeded"
        ]
    );
    b.click("#iter-all");
    b.wait("all events again", "!document.querySelector('#iter-note')");
    // Keyboard: focus a state and press Enter.
    b.js("document.querySelector('.node[data-state=\"Shipped\"]').focus(); return true;");
    b.cmd(
        "POST",
        "/actions",
        Some(
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": "\u{E007}"}, {"type": "keyUp", "value": "\u{E007}"}
            ]}]}),
        ),
    );
    b.wait(
        "Shipped's details by keyboard",
        "document.querySelector('#state-detail').innerText.includes('Shipped')",
    );
    b.screenshot(&shots.join("execution-succeeded.png"));
    // A larger window for the README's picture (docs/console.png is a copy of this one).
    b.cmd(
        "POST",
        "/window/rect",
        Some(json!({"width": 1280, "height": 1000})),
    );
    b.click(".node[data-state=\"PackItems\"] > text.name");
    b.wait(
        "the Map's iterations",
        "document.querySelector('#state-detail').innerText.includes('Iterations (3)')",
    );
    b.screenshot(&shots.join("console.png"));

    // The list shows the execution, filterable by status.
    b.go(&format!("{base}/console#/"));
    b.wait("the list", "document.querySelector('#create-btn') && document.querySelector('main table a[href^=\"#/sm/\"]')");
    b.click("main table a[href^=\"#/sm/\"]");
    b.wait(
        "the execution listed",
        "document.querySelector('#executions').innerText.includes('first-order')",
    );
    b.cmd("POST", "/execute/sync", Some(json!({"script": "const s = document.querySelector('#status-filter'); s.value = 'FAILED'; s.dispatchEvent(new Event('change')); return true;", "args": []})));
    b.wait(
        "no failed execution",
        "document.querySelector('#executions').innerText.includes('No executions match')",
    );

    // Stop a second execution while it waits: the Wait shows as cancelled, in words.
    b.type_into("#start-name", "second-order");
    b.click("#start-btn");
    b.wait(
        "the second execution waiting",
        "location.hash.includes('second-order') && document.querySelector('.node[data-state=\"WaitForWarehouse\"].status-running') && document.querySelector('#stop')",
    );
    b.click("#stop");
    b.wait(
        "the execution aborted",
        "document.querySelector('#exec-status').textContent.includes('aborted')",
    );
    b.wait(
        "the Wait cancelled",
        "document.querySelector('.node[data-state=\"WaitForWarehouse\"].status-cancelled')",
    );
    assert!(text("WaitForWarehouse").contains("cancelled"));
    assert!(text("Shipped").contains("not reached"));
    b.screenshot(&shots.join("execution-stopped.png"));

    b.cmd("DELETE", "", None);
}
