//! The execution engine end to end on the memory store: statuses, outputs and exact histories
//! (event types, ids, previousEventIds, details), virtual time, stop, determinism.

mod engine_support;

use engine_support::*;
use passo::engine::TimeMode;
use passo::store::ExecutionStatus;
use serde_json::json;

#[tokio::test]
async fn pass_chain_has_exact_history() {
    let def = r#"{"StartAt":"A","States":{
        "A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.r","Next":"B"},
        "B":{"Type":"Pass","InputPath":"$.r","End":true}}}"#;
    let (rec, hist) = run(def, r#"{"in": [1, 2]}"#).await;
    assert_eq!(rec.status, ExecutionStatus::Succeeded);
    assert_eq!(rec.output.as_deref(), Some(r#"{"x":1}"#));
    assert_eq!(
        shape(&hist),
        [
            "1:0:ExecutionStarted",
            "2:0:PassStateEntered",
            "3:2:PassStateExited",
            "4:3:PassStateEntered",
            "5:4:PassStateExited",
            "6:5:ExecutionSucceeded"
        ]
    );
    // The execution input is echoed verbatim; produced values are compact.
    assert_eq!(detail(&hist[0], "input"), Some(&json!(r#"{"in": [1, 2]}"#)));
    assert_eq!(detail(&hist[1], "input"), Some(&json!(r#"{"in": [1, 2]}"#)));
    assert_eq!(
        detail(&hist[2], "output"),
        Some(&json!(r#"{"in":[1,2],"r":{"x":1}}"#))
    );
    assert_eq!(detail(&hist[1], "name"), Some(&json!("A")));
    assert_eq!(
        hist[0].details.as_ref().map(|d| d.0.as_str()),
        Some("executionStartedEventDetails")
    );
    assert_eq!(
        hist[2].details.as_ref().map(|d| d.0.as_str()),
        Some("stateExitedEventDetails")
    );
}

#[tokio::test]
async fn parameters_see_the_context_object() {
    let def = r#"{"StartAt":"A","States":{"A":{"Type":"Pass",
        "Parameters":{"name.$":"$$.State.Name","exec.$":"$$.Execution.Name","k":"v"},"End":true}}}"#;
    let (rec, _) = run(def, "{}").await;
    assert_eq!(
        rec.output.as_deref(),
        Some(r#"{"name":"A","exec":"exec","k":"v"}"#)
    );
}

#[tokio::test]
async fn null_paths() {
    let def = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","ResultPath":null,"Result":5,"Next":"B"},
        "B":{"Type":"Pass","OutputPath":null,"End":true}}}"#;
    let (rec, hist) = run(def, r#"{"a":1}"#).await;
    assert_eq!(detail(&hist[2], "output"), Some(&json!(r#"{"a":1}"#)));
    assert_eq!(rec.output.as_deref(), Some("{}"));
}

#[tokio::test]
async fn succeed_and_fail() {
    let (rec, hist) = run(
        r#"{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}"#,
        r#"{"a":1}"#,
    )
    .await;
    assert_eq!(rec.status, ExecutionStatus::Succeeded);
    assert_eq!(
        shape(&hist),
        [
            "1:0:ExecutionStarted",
            "2:0:SucceedStateEntered",
            "3:2:SucceedStateExited",
            "4:3:ExecutionSucceeded"
        ]
    );

    let (rec, hist) = run(
        r#"{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"C"}}}"#,
        "{}",
    )
    .await;
    assert_eq!(rec.status, ExecutionStatus::Failed);
    assert_eq!(
        (rec.error.as_deref(), rec.cause.as_deref()),
        (Some("E"), Some("C"))
    );
    assert_eq!(
        shape(&hist),
        [
            "1:0:ExecutionStarted",
            "2:0:FailStateEntered",
            "3:2:ExecutionFailed"
        ]
    );
    assert_eq!(detail(&hist[2], "error"), Some(&json!("E")));

    let (rec, hist) = run(
        r#"{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$$.State.Name","CausePath":"$.c"}}}"#,
        r#"{"c":"why"}"#,
    )
    .await;
    assert_eq!(
        (rec.error.as_deref(), rec.cause.as_deref()),
        (Some("F"), Some("why"))
    );
    assert_eq!(hist.len(), 3);
}

#[tokio::test]
async fn missing_input_path_fails_with_states_runtime() {
    let def = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","InputPath":"$.nope","End":true}}}"#;
    let (rec, hist) = run(def, "{}").await;
    assert_eq!(rec.status, ExecutionStatus::Failed);
    assert_eq!(rec.error.as_deref(), Some("States.Runtime"));
    let cause = rec.cause.unwrap_or_default();
    assert!(
        cause.starts_with(
            "An error occurred while executing the state 'A' (entered at the event id #2). Invalid path '$.nope' : "
        ),
        "{cause}"
    );
    assert_eq!(
        shape(&hist),
        [
            "1:0:ExecutionStarted",
            "2:0:PassStateEntered",
            "3:2:ExecutionFailed"
        ]
    );
}

#[tokio::test]
async fn a_year_long_wait_takes_no_wall_time() {
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":31536000,"Next":"P"},
        "P":{"Type":"Pass","End":true}}}"#;
    // Finishes well within a few wall seconds.
    let (rec, hist) = tokio::time::timeout(std::time::Duration::from_secs(5), run(def, "{}"))
        .await
        .expect("a virtual year passes at once");
    assert_eq!(rec.status, ExecutionStatus::Succeeded);
    assert_eq!(
        shape(&hist),
        [
            "1:0:ExecutionStarted",
            "2:0:WaitStateEntered",
            "3:2:WaitStateExited",
            "4:3:PassStateEntered",
            "5:4:PassStateExited",
            "6:5:ExecutionSucceeded"
        ]
    );
    assert_eq!(hist[1].timestamp, epoch());
    assert_eq!(
        hist[2].timestamp - hist[1].timestamp,
        chrono::Duration::days(365)
    );
    assert_eq!(rec.stop_date, Some(epoch() + chrono::Duration::days(365)));
}

#[tokio::test]
async fn wait_variants() {
    // A past timestamp moves on at once; SecondsPath reads the input.
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Timestamp":"2000-01-01T00:00:00Z","Next":"V"},
        "V":{"Type":"Wait","SecondsPath":"$.s","End":true}}}"#;
    let (rec, hist) = run(def, r#"{"s":10}"#).await;
    assert_eq!(rec.status, ExecutionStatus::Succeeded);
    assert_eq!(hist[2].timestamp, epoch());
    assert_eq!(
        hist[4].timestamp - hist[3].timestamp,
        chrono::Duration::seconds(10)
    );

    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}"#;
    let (rec, _) = run(def, r#"{"s":-1}"#).await;
    assert_eq!(
        rec.cause.as_deref(),
        Some("An error occurred while executing the state 'W' (entered at the event id #2). The SecondsPath parameter references a negative value: $.s == -1")
    );
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","TimestampPath":"$.t","End":true}}}"#;
    let (rec, _) = run(def, r#"{"t":"2016-12-05T21:29:29"}"#).await;
    assert_eq!(rec.error.as_deref(), Some("States.Runtime"));
}

#[tokio::test]
async fn same_seed_same_history() {
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":5,"Next":"P"},
        "P":{"Type":"Pass","End":true}}}"#;
    let (_, a) = run(def, "{}").await;
    let (_, b) = run(def, "{}").await;
    assert_eq!(a, b);
}

#[tokio::test]
async fn stop_aborts_a_waiting_execution() {
    let engine = engine_with(TimeMode::Manual);
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":100,"End":true}}}"#;
    let req = request(def, "{}", "s");
    let arn = req.execution_arn.clone();
    let rec = engine.start(req).unwrap();
    assert_eq!(rec.status, ExecutionStatus::Running);
    // Let the driver enter the Wait state.
    for _ in 0..50 {
        if engine.pending_timers(Some(&arn)).len() == 1 {
            break;
        }
        tokio::task::yield_now().await;
    }
    assert_eq!(engine.pending_timers(Some(&arn)).len(), 1);
    let rec = engine
        .stop(&arn, Some("E".into()), Some("C".into()))
        .unwrap();
    assert_eq!(rec.status, ExecutionStatus::Aborted);
    assert_eq!(rec.error.as_deref(), Some("E"));
    let hist = engine.store().history(&arn).unwrap();
    assert_eq!(
        shape(&hist),
        [
            "1:0:ExecutionStarted",
            "2:0:WaitStateEntered",
            "3:2:WaitStateAborted",
            "4:0:ExecutionAborted"
        ]
    );
    let done = engine.wait(&arn).await.unwrap();
    assert_eq!(done.status, ExecutionStatus::Aborted);
}

#[tokio::test]
async fn manual_time_moves_only_when_advanced() {
    let engine = engine_with(TimeMode::Manual);
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"End":true}}}"#;
    let req = request(def, "{}", "m");
    let arn = req.execution_arn.clone();
    engine.start(req).unwrap();
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
    assert_eq!(
        engine.store().get_execution(&arn).unwrap().status,
        ExecutionStatus::Running
    );
    engine.advance(Some(&arn), chrono::Duration::seconds(60));
    let rec = engine.wait(&arn).await.unwrap();
    assert_eq!(rec.status, ExecutionStatus::Succeeded);
    assert_eq!(rec.stop_date, Some(epoch() + chrono::Duration::seconds(60)));
}

#[tokio::test]
async fn run_sync_returns_the_final_record() {
    let engine = engine();
    let def = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":[1],"End":true}}}"#;
    let rec = engine.run_sync(request(def, "{}", "sync")).await.unwrap();
    assert_eq!(rec.status, ExecutionStatus::Succeeded);
    assert_eq!(rec.output.as_deref(), Some("[1]"));
    assert_eq!(
        engine.transitions(&rec.execution_arn),
        Some(1),
        "one state entered"
    );
}

#[tokio::test]
async fn duplicate_execution_is_refused() {
    let engine = engine();
    let def = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#;
    engine.start(request(def, "{}", "d")).unwrap();
    let err = engine.start(request(def, "{}", "d")).unwrap_err();
    assert!(matches!(
        err,
        passo::engine::EngineError::ExecutionAlreadyExists(_)
    ));
}
