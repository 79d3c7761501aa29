//! JSONata-mode states and workflow variables end to end on the engine: outputs, `Assign`
//! evaluation order and scoping, Choice rules with their own `Output`/`Assign`, Map `Items` and
//! `ItemSelector`, Catch with `$states.errorOutput`, expression scalars, and `EvaluationFailed`
//! histories.

mod engine_support;

use engine_support::*;
use passo::store::{ExecutionStatus, HistoryEvent};
use serde_json::{json, Value};

fn out(rec: &passo::store::ExecutionRecord) -> Value {
    rec.output
        .as_deref()
        .and_then(|o| serde_json::from_str(o).ok())
        .unwrap_or(Value::Null)
}

/// The `assignedVariables` of an event, parsed back to JSON values.
fn assigned(e: &HistoryEvent) -> Option<Value> {
    let vars = detail(e, "assignedVariables")?;
    let vars = vars.as_object()?;
    Some(Value::Object(
        vars.iter()
            .map(|(k, v)| {
                let parsed = v
                    .as_str()
                    .and_then(|s| serde_json::from_str(s).ok())
                    .unwrap_or(Value::Null);
                (k.clone(), parsed)
            })
            .collect(),
    ))
}

/// Echoes a Task's parameters as its result, or fails when they ask to.
struct Echo;

impl passo::engine::TaskHandler for Echo {
    fn invoke(&self, req: &passo::engine::TaskRequest) -> passo::engine::TaskOutcome {
        if req.parameters.get("fail").is_some() {
            passo::engine::TaskOutcome::Failed {
                error: "Boom".into(),
                cause: Some("it broke".into()),
            }
        } else {
            passo::engine::TaskOutcome::Succeeded(json!({"echo": req.parameters}))
        }
    }
}

#[tokio::test]
async fn pass_output_and_assign_see_the_variables_from_before_the_state() {
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{
        "A":{"Type":"Pass","Assign":{"x":1,"y":2},"Next":"B"},
        "B":{"Type":"Pass","Assign":{"x":"{% $y %}","y":"{% $x %}"},
             "Output":{"before":"{% [$x, $y] %}","in":"{% $states.input.a %}"},"Next":"C"},
        "C":{"Type":"Succeed","Output":"{% [$x, $y] %}"}}}"#;
    let (rec, hist) = run(def, r#"{"a":"in"}"#).await;
    assert_eq!(rec.status, ExecutionStatus::Succeeded);
    assert_eq!(out(&rec), json!([2, 1]));
    let b_exit = &hist[4];
    assert_eq!(b_exit.event_type, "PassStateExited");
    assert_eq!(assigned(b_exit), Some(json!({"x": 2, "y": 1})));
    assert_eq!(
        detail(b_exit, "output"),
        Some(json!(r#"{"before":[1,2],"in":"in"}"#))
    );
}

#[tokio::test]
async fn undefined_output_is_an_evaluation_failure() {
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{
        "A":{"Type":"Pass","Output":{"r":"{% $nope %}"},"End":true}}}"#;
    let (rec, hist) = run(def, "{}").await;
    assert_eq!(rec.status, ExecutionStatus::Failed);
    assert_eq!(rec.error.as_deref(), Some("States.QueryEvaluationError"));
    assert_eq!(
        shape(&hist),
        [
            "1:0:ExecutionStarted",
            "2:0:PassStateEntered",
            "3:0:EvaluationFailed",
            "4:3:ExecutionFailed"
        ]
    );
    assert_eq!(detail(&hist[2], "location"), Some(json!("Output/r")));
    assert_eq!(detail(&hist[2], "state"), Some(json!("A")));
    let cause = rec.cause.unwrap_or_default();
    assert!(
        cause.starts_with("An error occurred while executing the state 'A' (entered at the event id #2). The JSONata expression '$nope'"),
        "{cause}"
    );
}

#[tokio::test]
async fn choice_rules_carry_their_own_output_and_assign() {
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"C","States":{
        "C":{"Type":"Choice","Choices":[
              {"Condition":"{% $states.input.n > 1 %}","Next":"Big","Output":"big","Assign":{"k":"rule"}}],
             "Default":"Small","Output":"small","Assign":{"k":"default"}},
        "Big":{"Type":"Pass","Output":"{% $states.input & '/' & $k %}","End":true},
        "Small":{"Type":"Pass","Output":"{% $states.input & '/' & $k %}","End":true}}}"#;
    let (rec, _) = run(def, r#"{"n":5}"#).await;
    assert_eq!(out(&rec), json!("big/rule"));
    let (rec, _) = run(def, r#"{"n":0}"#).await;
    assert_eq!(out(&rec), json!("small/default"));
}

#[tokio::test]
async fn map_items_selector_and_variable_scoping() {
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"Init","States":{
        "Init":{"Type":"Pass","Assign":{"outer":10},"Next":"M"},
        "M":{"Type":"Map","Items":"{% $states.input.xs %}","MaxConcurrency":"{% 1 %}",
             "ItemSelector":{"v":"{% $states.context.Map.Item.Value %}","i":"{% $states.context.Map.Item.Index %}"},
             "ItemProcessor":{"StartAt":"Inner","States":{
                "Inner":{"Type":"Pass","Assign":{"outer":"{% $outer + $states.input.v %}"},
                         "Output":"{% $outer + $states.input.v * 100 + $states.input.i %}","End":true}}},
             "Output":{"r":"{% $states.result %}","outer":"{% $outer %}"},"End":true}}}"#;
    let (rec, _) = run(def, r#"{"xs":[1,2]}"#).await;
    assert_eq!(rec.status, ExecutionStatus::Succeeded);
    // Inner assignments are invisible outside the iteration.
    assert_eq!(out(&rec), json!({"r": [110, 211], "outer": 10}));
}

#[tokio::test]
async fn map_items_of_the_wrong_type_fail_the_map() {
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"M","States":{
        "M":{"Type":"Map","Items":"{% $states.input.xs %}",
             "ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#;
    let (rec, hist) = run(def, r#"{"xs":true}"#).await;
    assert_eq!(rec.status, ExecutionStatus::Failed);
    assert_eq!(
        shape(&hist),
        [
            "1:0:ExecutionStarted",
            "2:0:MapStateEntered",
            "3:0:EvaluationFailed",
            "4:3:MapStateFailed",
            "5:4:ExecutionFailed"
        ]
    );
    assert_eq!(detail(&hist[2], "location"), Some(json!("Items")));
}

#[tokio::test]
async fn task_arguments_result_and_catch_error_output() {
    let engine = engine();
    engine.set_task_handler(std::sync::Arc::new(Echo));
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"T","States":{
        "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
             "Arguments":{"a":"{% $states.input.a %}"},"TimeoutSeconds":"{% 30 %}",
             "Output":"{% $states.result.echo %}","Assign":{"seen":"{% $states.result.echo.a %}"},"Next":"F"},
        "F":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"fail":true},
             "Catch":[{"ErrorEquals":["States.ALL"],"Output":{"err":"{% $states.errorOutput.Error %}","seen":"{% $seen %}"},
                       "Assign":{"cause":"{% $states.errorOutput.Cause %}"},"Next":"Done"}],"End":true},
        "Done":{"Type":"Pass","Output":"{% $merge([$states.input, {'cause': $cause}]) %}","End":true}}}"#;
    let (rec, hist) = run_on(&engine, def, r#"{"a":7}"#).await;
    assert_eq!(rec.status, ExecutionStatus::Succeeded, "{hist:#?}");
    assert_eq!(
        out(&rec),
        json!({"err": "Boom", "seen": 7, "cause": "it broke"})
    );
    let scheduled = hist
        .iter()
        .find(|e| e.event_type == "TaskScheduled")
        .expect("scheduled");
    assert_eq!(detail(scheduled, "parameters"), Some(json!(r#"{"a":7}"#)));
    assert_eq!(detail(scheduled, "timeoutInSeconds"), Some(json!(30)));
}

#[tokio::test]
async fn wait_and_fail_take_expressions() {
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"W","States":{
        "W":{"Type":"Wait","Seconds":"{% $states.input.s %}","Next":"F"},
        "F":{"Type":"Fail","Error":"{% 'E' & $states.input.s %}","Cause":"{% $string($now()) %}"}}}"#;
    let (rec, hist) = run(def, r#"{"s":60}"#).await;
    assert_eq!(rec.status, ExecutionStatus::Failed);
    assert_eq!(rec.error.as_deref(), Some("E60"));
    // $now() is the execution's virtual clock, one minute after the start.
    assert_eq!(rec.cause.as_deref(), Some("2024-01-01T00:01:00.000Z"));
    assert_eq!(
        hist.last().map(|e| e.timestamp - epoch()),
        Some(chrono::Duration::seconds(60))
    );
}

#[tokio::test]
async fn parallel_branches_read_outer_variables_but_keep_their_own() {
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"Init","States":{
        "Init":{"Type":"Pass","Assign":{"v":"outer"},"Next":"P"},
        "P":{"Type":"Parallel","Arguments":{"x":"{% $v %}"},"Branches":[
            {"StartAt":"B1","States":{"B1":{"Type":"Pass","Assign":{"v":"inner"},"Output":"{% $states.input.x %}","Next":"B2"},
                                      "B2":{"Type":"Pass","Output":"{% $v %}","End":true}}}],
            "Output":{"r":"{% $states.result %}","v":"{% $v %}"},"End":true}}}"#;
    let (rec, _) = run(def, "{}").await;
    assert_eq!(out(&rec), json!({"r": ["inner"], "v": "outer"}));
}

#[tokio::test]
async fn random_and_uuid_are_deterministic_per_seed() {
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{
        "A":{"Type":"Pass","Output":{"r":"{% $random() %}","u":"{% $uuid() %}"},"End":true}}}"#;
    let (a, _) = run(def, "{}").await;
    let (b, _) = run(def, "{}").await;
    assert_eq!(a.output, b.output);
    assert!(out(&a)["u"].as_str().is_some_and(|u| u.len() == 36));
}

#[tokio::test]
async fn oversized_variables_fail_the_state() {
    let def = r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{
        "A":{"Type":"Pass","Assign":{"big":"{% $pad('', 300000, 'a') %}"},"End":true}}}"#;
    let (rec, _) = run(def, "{}").await;
    assert_eq!(rec.status, ExecutionStatus::Failed);
    assert_eq!(rec.error.as_deref(), Some("States.DataLimitExceeded"));
    let ok = r#"{"QueryLanguage":"JSONata","StartAt":"A","States":{
        "A":{"Type":"Pass","Assign":{"small":"{% $pad('', 1000, 'a') %}"},"End":true}}}"#;
    let (rec, _) = run(ok, "{}").await;
    assert_eq!(rec.status, ExecutionStatus::Succeeded);
}
