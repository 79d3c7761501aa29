//! `passo test` and `passo validate` through the real binary, on the order-pipeline example
//! (which must pass) and on deliberately failing specs written to a temporary directory (whose
//! failure output is asserted).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> PathBuf {
    root().join("examples/order-pipeline")
}

fn passo(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passo"))
        .args(args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "0")
        .env("RUST_LIB_BACKTRACE", "0")
        .output()
        .expect("run passo")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes a spec into `dir` whose state machine and mocks are the example's.
fn spec(dir: &Path, file: &str, tests_yaml: &str) -> PathBuf {
    let ex = example();
    let text = format!(
        "stateMachine:\n  template: {}\n  resource: OrderPipeline\nmockConfig: {}\nclock: {{epoch: \"2024-03-01T09:00:00Z\", seed: 7}}\ntests:\n{tests_yaml}",
        ex.join("template.yaml").display(),
        ex.join("mocks.json").display()
    );
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path
}

const ORDER: &str = "{orderId: o-1, items: [{sku: a, quantity: 1}, {sku: b, quantity: 2}]}";

#[test]
fn the_example_suite_passes_with_every_report() {
    let tmp = tempfile::tempdir().unwrap();
    let junit = tmp.path().join("junit.xml");
    let cov = tmp.path().join("coverage.json");
    let out = passo(
        &[
            "test",
            "examples/order-pipeline",
            "--coverage",
            "--cost",
            "--junit",
            junit.to_str().unwrap(),
            "--coverage-json",
            cov.to_str().unwrap(),
        ],
        &root(),
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}\n{}", stderr(&out));
    assert!(
        text.contains("test result: ok. 9 passed, 0 failed"),
        "{text}"
    );
    assert!(
        text.contains("snapshots: 2 matched, 0 accepted, 0 new, 0 changed"),
        "{text}"
    );
    // Cost: the happy path is 10 transitions at $0.025 per 1,000.
    assert!(
        text.contains("0.00025000  examples/order-pipeline/order-pipeline.test.yaml::happy path (standard, 10 transitions + 0 retries)"),
        "{text}"
    );
    assert!(text.contains("suite total (9 executions)"), "{text}");
    assert!(text.contains("12/12  100.0%"), "{text}");

    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(xml.matches("<testcase ").count(), 9, "{xml}");
    assert!(xml.contains("tests=\"9\" failures=\"0\""), "{xml}");
    assert!(!xml.contains("<failure"), "{xml}");

    let cov: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&cov).unwrap()).unwrap();
    let machine = &cov["stateMachines"][0];
    assert_eq!(machine["stateMachine"], "OrderPipeline");
    assert_eq!(machine["states"]["covered"], 12);
    assert_eq!(machine["choiceBranches"]["covered"], 3);
    let retries = machine["retryPaths"]["items"].as_array().unwrap();
    let charge = retries
        .iter()
        .find(|i| i["item"] == "ChargeCard.Retry[0]")
        .unwrap();
    // Two throttles in one test, four in another.
    assert_eq!(charge["hits"], 6, "{retries:?}");
}

#[test]
fn partitions_split_the_suite_without_overlap() {
    let run = |p: &str| {
        let out = passo(
            &["test", "examples/order-pipeline", "--partition", p],
            &root(),
        );
        assert!(out.status.success(), "{}", stdout(&out));
        stdout(&out)
            .lines()
            .filter(|l| l.starts_with("test ") && l.ends_with(" ... ok"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let (a, b) = (run("1/2"), run("2/2"));
    assert_eq!((a.len(), b.len()), (5, 4));
    assert!(a.iter().all(|t| !b.contains(t)));
    assert_eq!(run("1/2"), a, "the split is deterministic");
    let bad = passo(
        &["test", "examples/order-pipeline", "--partition", "3/2"],
        &root(),
    );
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("invalid partition '3/2'"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn failing_expectations_fail_with_readable_diffs() {
    let tmp = tempfile::tempdir().unwrap();
    spec(
        tmp.path(),
        "failing.test.yaml",
        &format!(
            r#"  - name: wrong status
    testCase: CardDeclined
    input: {ORDER}
    expect: {{status: SUCCEEDED}}
  - name: wrong output
    testCase: HappyPath
    input: {ORDER}
    expect:
      output: {{orderId: o-1, chargeId: ch_999, trackingNumber: 1Z999, reserved: [reserved, reserved]}}
  - name: wrong paths and transitions
    testCase: ThrottledCharge
    input: {ORDER}
    expect:
      outputIncludes: {{chargeId: ch_456, extra: 1}}
      outputPaths: {{"$.trackingNumber": nope, "$.missing.field": 1}}
      path: [ValidateOrder, ChargeCard]
      transitions: 99
  - name: an unanswered callback
    testCase: ShipmentByCallback
    input: {ORDER}
"#
        ),
    );
    let junit = tmp.path().join("junit.xml");
    let out = passo(
        &[
            "test",
            ".",
            "--timeout",
            "1",
            "--junit",
            junit.to_str().unwrap(),
        ],
        tmp.path(),
    );
    let text = stdout(&out);
    assert!(!out.status.success(), "{text}");
    assert!(
        text.contains("test result: FAILED. 0 passed, 4 failed"),
        "{text}"
    );
    assert!(
        text.contains(
            "status: expected SUCCEEDED, got FAILED (error PaymentDeclined: Insufficient funds)"
        ),
        "{text}"
    );
    assert!(
        text.contains("output differs (- expected, + actual):"),
        "{text}"
    );
    assert!(text.contains("-  \"chargeId\": \"ch_999\","), "{text}");
    assert!(text.contains("+  \"chargeId\": \"ch_123\","), "{text}");
    assert!(text.contains("$.extra: missing (expected 1)"), "{text}");
    assert!(
        text.contains("output at $.trackingNumber: expected \"nope\", got \"1Z999\""),
        "{text}"
    );
    assert!(
        text.contains("output at $.missing.field: expected 1, but the path does not match"),
        "{text}"
    );
    assert!(text.contains("path: expected\n  ValidateOrder -> ChargeCard\ngot\n  ValidateOrder -> IsOrderValid -> ReserveItems -> ChargeCard"), "{text}");
    assert!(text.contains("transitions: expected 99, got 10"), "{text}");
    assert!(
        text.contains(
            "the execution waits on a task token of 'AwaitShipment' (add a callback or a mock for it), which nothing answers"
        ),
        "{text}"
    );
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(xml.matches("<failure ").count(), 4, "{xml}");
    assert!(
        xml.contains("type=\"error\""),
        "the stuck test is an error: {xml}"
    );
}

#[test]
fn snapshots_are_new_then_accepted_then_fail_when_changed() {
    let tmp = tempfile::tempdir().unwrap();
    spec(
        tmp.path(),
        "snap.test.yaml",
        &format!("  - name: happy\n    testCase: HappyPath\n    input: {ORDER}\n"),
    );
    let snap = tmp.path().join("snapshots/snap__happy.snap");
    let pending = tmp.path().join("snapshots/snap__happy.snap.new");

    let first = passo(&["test", ".", "--snapshot"], tmp.path());
    assert!(
        !first.status.success(),
        "a new snapshot fails until accepted"
    );
    assert!(
        stdout(&first).contains("snapshot: new snapshot"),
        "{}",
        stdout(&first)
    );
    assert!(pending.is_file() && !snap.exists());
    let body = std::fs::read_to_string(&pending).unwrap();
    // insta's layout: a metadata header between `---` lines, then the body.
    assert!(
        body.starts_with("---\nsource: \"snap.test.yaml\"\n"),
        "{body}"
    );
    assert!(
        body.contains("\nexpression: \"happy\"\n---\n{\n  \"status\": \"SUCCEEDED\""),
        "{body}"
    );
    assert!(body.contains("\"roleArn\": \"[arn]\""), "ARNs are redacted");
    assert!(
        body.contains("\"taskToken\": \"[token]\""),
        "task tokens are redacted"
    );
    assert!(
        body.contains("\"elapsed\": \"+86400.000s\""),
        "time is relative and virtual"
    );
    assert!(
        !body.contains("2024-03-0"),
        "no absolute timestamps: {body}"
    );

    let accepted = passo(&["test", ".", "--snapshot", "--accept"], tmp.path());
    assert!(accepted.status.success(), "{}", stdout(&accepted));
    assert!(snap.is_file() && !pending.exists());
    let again = passo(&["test", ".", "--snapshot"], tmp.path());
    assert!(again.status.success(), "{}", stdout(&again));
    assert!(stdout(&again).contains("snapshots: 1 matched"));

    let stored = std::fs::read_to_string(&snap).unwrap();
    std::fs::write(&snap, stored.replace("ch_123", "ch_000")).unwrap();
    let changed = passo(&["test", ".", "--snapshot"], tmp.path());
    let text = stdout(&changed);
    assert!(!changed.status.success());
    assert!(
        text.contains("snap__happy.snap changed (- stored, + new)"),
        "{text}"
    );
    assert!(text.contains("-    \"chargeId\": \"ch_000\""), "{text}");
    assert!(text.contains("+    \"chargeId\": \"ch_123\""), "{text}");
    assert!(pending.is_file(), "the new snapshot waits for review");
}

#[test]
fn broken_specs_are_reported_by_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("typo.test.yaml"),
        "tests:\n  - name: x\n    expectt: {}\n",
    )
    .unwrap();
    let out = passo(&["test", "."], tmp.path());
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("typo.test.yaml: not a valid test spec: unknown field `expectt`"),
        "{}",
        stderr(&out)
    );

    std::fs::remove_file(tmp.path().join("typo.test.yaml")).unwrap();
    spec(
        tmp.path(),
        "case.test.yaml",
        "  - name: x\n    testCase: NoSuchCase\n",
    );
    let out = passo(&["test", "."], tmp.path());
    assert!(
        stderr(&out).contains(
            "the mock config has no test case 'NoSuchCase' for the state machine 'OrderPipeline'"
        ),
        "{}",
        stderr(&out)
    );

    let empty = tempfile::tempdir().unwrap();
    let out = passo(&["test", "."], empty.path());
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no tests found"), "{}", stderr(&out));
}

#[test]
fn express_machines_are_priced_by_duration_and_memory() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("express.test.yaml"),
        r#"stateMachine:
  type: EXPRESS
  definition: {StartAt: W, States: {W: {Type: Wait, Seconds: 1, Next: P}, P: {Type: Pass, End: true}}}
memoryMb: 100
tests:
  - name: waits a second
    expect: {status: SUCCEEDED, output: {}}
"#,
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("prices.yaml"),
        "default: test-1\nregions:\n  test-1: {standardPerThousandTransitions: 1, expressPerMillionRequests: 1000000, expressPerGbSecond: 1}\n",
    )
    .unwrap();
    let out = passo(
        &["test", ".", "--cost", "--prices", "prices.yaml"],
        tmp.path(),
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    // $1 per request + 1.0 s x 128 MB (100 MB rounded up to 64 MB steps) = 1.125.
    assert!(
        text.contains("cost estimate (test-1, USD per execution)"),
        "{text}"
    );
    assert!(
        text.contains(
            "1.12500000  express.test.yaml::waits a second (express, 1000 ms billed at 128 MB)"
        ),
        "{text}"
    );
    let bad = passo(
        &[
            "test",
            ".",
            "--cost",
            "--prices",
            "prices.yaml",
            "--region",
            "eu-west-9",
        ],
        tmp.path(),
    );
    assert!(
        stderr(&bad).contains("the price table has no region 'eu-west-9' (it has: test-1)"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn validate_reports_lints_on_the_example_and_errors_on_broken_definitions() {
    let out = passo(
        &[
            "validate",
            "examples/order-pipeline/order-pipeline.asl.json",
            "examples/order-pipeline/template.yaml",
        ],
        &root(),
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert!(
        text.contains("examples/order-pipeline/order-pipeline.asl.json: warning [task-without-catch] at /States/ReserveItems/ItemProcessor/States/ReserveItem"),
        "{text}"
    );
    assert!(
        text.contains(
            "examples/order-pipeline/template.yaml (OrderPipeline): warning [task-without-catch]"
        ),
        "{text}"
    );

    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("bad.asl.json"),
        r#"{"StartAt": "A", "States": {
            "A": {"Type": "Pass", "Result": {"x": 1}, "Next": "B"},
            "B": {"Type": "Choice", "Choices": [{"Variable": "$.y", "IsPresent": true, "Next": "C"}], "Default": "C"},
            "C": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.ALL"]}], "Next": "Gone"}
        }}"#,
    )
    .unwrap();
    let out = passo(
        &["validate", "bad.asl.json", "--format", "json"],
        tmp.path(),
    );
    assert!(!out.status.success());
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = report["files"][0]["findings"].as_array().unwrap();
    let has = |sev: &str, code: &str, ptr: &str| {
        findings
            .iter()
            .any(|f| f["severity"] == sev && f["code"] == code && f["pointer"] == ptr)
    };
    assert!(
        has("error", "MISSING_TRANSITION_TARGET", "/States/C/Next"),
        "{findings:?}"
    );
    assert!(
        has("warning", "retry-without-max-attempts", "/States/C/Retry/0"),
        "{findings:?}"
    );
    assert!(
        has("warning", "task-without-catch", "/States/C"),
        "{findings:?}"
    );
    assert!(
        has(
            "warning",
            "path-never-matches",
            "/States/B/Choices/0/Variable"
        ),
        "{findings:?}"
    );
    assert_eq!(report["files"][0]["valid"], false);
}
