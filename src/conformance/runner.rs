//! Replays cases through an in-process [`Emulator`], one fresh emulator per case, the way the
//! reference replay tool drives an endpoint per kind (`execution`, `definition_error`,
//! `validate_definition`, `test_state`), and runs many cases concurrently on the tokio runtime.
//! Never special-cases a case id.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use serde_json::{json, Map, Value};

use crate::api::ApiError;
use crate::engine::map_run::MapExitLink;
use crate::engine::EngineConfig;
use crate::Emulator;

use super::boto;
use super::case::Case;
use super::diff::{first_diff, short};
use super::mocks;
use super::normalize::{self, normalise, Dynamic, NormaliseError};
use super::pytext::{self, DateStyle};
use super::report::{CaseResult, Level};
use super::worker;
use crate::integrations::MockConfig;

/// The role every replayed state machine gets unless the case names one.
const DEFAULT_ROLE: &str = "arn:aws:iam::111111111111:role/x";
/// Our state machine name: unusual enough that replacing it in text touches nothing else.
const SM_NAME: &str = "passo_conformance_sm";
const TERMINAL: &[&str] = &[
    "SUCCEEDED",
    "FAILED",
    "TIMED_OUT",
    "ABORTED",
    "PENDING_REDRIVE",
];
const TERMINAL_EVENTS: &[(&str, &str)] = &[
    ("ExecutionSucceeded", "SUCCEEDED"),
    ("ExecutionFailed", "FAILED"),
    ("ExecutionTimedOut", "TIMED_OUT"),
    ("ExecutionAborted", "ABORTED"),
];

/// How to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Cases in flight at once.
    pub jobs: usize,
    /// Per case.
    pub timeout: Duration,
    /// Keep each case's normalised responses in its result (for debugging failures).
    pub dump: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            jobs: 4,
            timeout: Duration::from_secs(20),
            dump: false,
        }
    }
}

/// Why a replay step stopped.
#[derive(Debug)]
enum Stop {
    Api(ApiError),
    Normalise(NormaliseError),
    Timeout,
}

impl From<ApiError> for Stop {
    fn from(e: ApiError) -> Self {
        Stop::Api(e)
    }
}

impl From<NormaliseError> for Stop {
    fn from(e: NormaliseError) -> Self {
        Stop::Normalise(e)
    }
}

/// What one kind's replay found (before the per-case bookkeeping).
#[derive(Debug, Default)]
struct Replay {
    outcome: Level,
    history: Option<Level>,
    reason: Option<String>,
    outcome_reason: Option<String>,
    history_reason: Option<String>,
    message_match: Option<bool>,
    full_response_match: Option<bool>,
    /// Our normalised responses, by snapshot key.
    normalised: Option<Value>,
}

impl Replay {
    fn failed(reason: String) -> Replay {
        Replay {
            reason: Some(reason),
            ..Replay::default()
        }
    }
}

/// The clock start recordings assume: the harness froze `now` at 2024-01-01T00:00:00.
fn frozen_now() -> Option<chrono::DateTime<Utc>> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).single()
}

/// The first day of AWS's distributed-Map change (see [`MapExitLink`]): the recordings
/// validated up to 2024-06-19 link `MapStateExited` to `MapRunSucceeded`, those from
/// 2024-11-13 on to `MapRunStarted`; nothing was recorded in between.
const MAP_EXIT_CHANGED: &str = "2024-11-01";

/// The emulator settings a recording was made under: the frozen clock, and AWS's behaviour
/// on the day the recording was validated where AWS has changed since (a case without a date
/// gets passo's default).
fn config_for(case: &Case) -> EngineConfig {
    let validated = case.str_field("last_validated_date").unwrap_or_default();
    let map_exit = if validated.is_empty() {
        MapExitLink::default()
    } else if validated >= MAP_EXIT_CHANGED {
        MapExitLink::RunStarted
    } else {
        MapExitLink::RunSucceeded
    };
    EngineConfig {
        epoch: frozen_now(),
        map_exit,
        ..EngineConfig::default()
    }
}

fn new_emulator(case: &Case) -> Emulator {
    let emu = Emulator::new(config_for(case));
    super::log_groups::seed(&emu, case);
    emu
}

/// Runs every case (at most `jobs` at a time) and returns the results in case order.
pub async fn run_all(cases: Vec<Case>, opts: &Options) -> Vec<CaseResult> {
    let cases: Arc<Vec<Arc<Case>>> = Arc::new(cases.into_iter().map(Arc::new).collect());
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for _ in 0..opts.jobs.max(1) {
        let (cases, next, timeout, dump) = (cases.clone(), next.clone(), opts.timeout, opts.dump);
        workers.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(i).cloned() else {
                    break;
                };
                // each case on its own task: a panic in the emulator is one failed case
                let handle = tokio::spawn({
                    let case = case.clone();
                    async move { run_case(&case, timeout, dump).await }
                });
                let r = match handle.await {
                    Ok(r) => r,
                    Err(e) => harness_error(&case, &format!("task ended: {e}")),
                };
                done.push((i, r));
            }
            done
        }));
    }
    let mut results: Vec<Option<CaseResult>> = vec![None; cases.len()];
    for w in workers {
        if let Ok(done) = w.await {
            for (i, r) in done {
                if let Some(slot) = results.get_mut(i) {
                    *slot = Some(r);
                }
            }
        }
    }
    results
        .into_iter()
        .zip(cases.iter())
        .map(|(r, c)| r.unwrap_or_else(|| harness_error(c, "worker lost")))
        .collect()
}

fn base_result(case: &Case) -> CaseResult {
    CaseResult {
        id: case.id.clone(),
        kind: case.report_kind(),
        categories: case.categories(),
        ..CaseResult::default()
    }
}

fn has_history(case: &Case) -> bool {
    case.kind == "execution" && case.expected().is_some_and(|e| e.contains_key("history"))
}

fn harness_error(case: &Case, why: &str) -> CaseResult {
    CaseResult {
        outcome: Level::Fail,
        history: if has_history(case) {
            Level::Fail
        } else {
            Level::NotApplicable
        },
        reason: Some(format!("harness error: {why}")),
        ..base_result(case)
    }
}

/// `Ok(())` when the case is replayed, else the skip reason.
pub fn replayable(case: &Case) -> Result<(), String> {
    let Some(expected) = case.expected() else {
        return Err("malformed case: no `expected` object".to_owned());
    };
    match case.kind.as_str() {
        "execution" => {
            if case.get("definition").is_none() && case.get("definition_raw").is_none() {
                return Err("no definition (CloudFormation/CDK)".to_owned());
            }
            if !is_pure(case) {
                service_mocks(case)?;
            }
            if expected.get("status").and_then(Value::as_str) == Some("INCOMPLETE_HISTORY") {
                return Err("history recorded mid-execution".to_owned());
            }
            Ok(())
        }
        "definition_error" => {
            if expected.get("response").is_some_and(Value::is_object) {
                Ok(())
            } else {
                Err("client-side (botocore) validation only".to_owned())
            }
        }
        "validate_definition" => Ok(()),
        "test_state" => {
            let request = case.get("request").and_then(Value::as_object);
            let has_mock = request.is_some_and(|r| r.contains_key("mock"));
            // An error answer (validation) calls no service; with `stateName`, only the
            // state under test runs.
            let is_error = expected.get("is_error").and_then(Value::as_bool) == Some(true);
            let state_name = request
                .and_then(|r| r.get("stateName"))
                .and_then(Value::as_str);
            let tested = match (case.get("definition"), state_name) {
                (Some(d), Some(name)) => find_state(d, name).or(Some(d)),
                (d, _) => d,
            };
            if !has_mock && !is_error && tested.is_some_and(has_task) {
                Err("needs service mocks".to_owned())
            } else {
                Ok(())
            }
        }
        k => Err(format!("kind {k} not replayed")),
    }
}

fn is_pure(case: &Case) -> bool {
    case.get("pure_asl").and_then(Value::as_bool) == Some(true)
}

/// The MockConfigFile answering a non-pure case's recorded service calls (`None` when an
/// activity worker answers them all), else why it cannot be replayed on mocks. Activity
/// answers are played by [`worker`], not mocked.
fn service_mocks(case: &Case) -> Result<Option<MockConfig>, String> {
    if let Some(file) = super::objects::object_only_mock_config(case, SM_NAME) {
        return MockConfig::from_value(&file)
            .map(Some)
            .map_err(|e| format!("mock file rejected: {e}"));
    }
    let responses = case
        .get("service_responses")
        .and_then(Value::as_array)
        .ok_or_else(|| "needs service mocks (no service_responses recorded)".to_owned())?;
    let others: Vec<Value> = responses
        .iter()
        .filter(|r| r.get("kind").and_then(Value::as_str) != Some("activity"))
        .cloned()
        .collect();
    if others.is_empty() && !responses.is_empty() {
        return Ok(None);
    }
    // No Task was ever scheduled and every Task runs an activity: the activities did not
    // exist (none is created then), nothing to mock.
    if responses.is_empty() && only_activity_tasks(case.get("definition")) {
        return Ok(None);
    }
    // Nothing was called: the execution failed before any Task reached its service (a bad
    // path, an undefined variable). Replayed without mocks; a call would fail the case.
    if responses.is_empty() && !history_calls_services(case) {
        return Ok(None);
    }
    let file = mocks::mock_config_from(&others, SM_NAME)?;
    MockConfig::from_value(&file)
        .map(Some)
        .map_err(|e| format!("generated mock file rejected: {e}"))
}

/// Whether the recorded history shows a service being reached (a Task or activity scheduled,
/// or a map run, whose children's calls are not in this history). Without a recorded
/// history, assume it does.
fn history_calls_services(case: &Case) -> bool {
    let events = case
        .get("expected")
        .and_then(|e| e.get("history"))
        .and_then(Value::as_array);
    let Some(events) = events else {
        return true;
    };
    events.iter().any(|e| {
        let t = e.get("type").and_then(Value::as_str).unwrap_or_default();
        t.ends_with("Scheduled")
            || t.ends_with("Submitted")
            || t.starts_with("MapRun")
            || t.starts_with("Activity")
    })
}

/// Whether a definition has Tasks and all of them run activities.
fn only_activity_tasks(definition: Option<&Value>) -> bool {
    fn resources<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                if m.get("Type").and_then(Value::as_str) == Some("Task") {
                    out.push(m.get("Resource").and_then(Value::as_str).unwrap_or(""));
                }
                m.values().for_each(|x| resources(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| resources(x, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    if let Some(d) = definition {
        resources(d, &mut found);
    }
    !found.is_empty() && found.iter().all(|r| r.contains(":activity:"))
}

/// The state named `name` in a definition (at any depth).
fn find_state<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    match v {
        Value::Object(m) => {
            if let Some(s) = m.get("States").and_then(|s| s.get(name)) {
                return Some(s);
            }
            m.values().find_map(|x| find_state(x, name))
        }
        Value::Array(a) => a.iter().find_map(|x| find_state(x, name)),
        _ => None,
    }
}

fn has_task(v: &Value) -> bool {
    match v {
        Value::Object(m) => {
            m.get("Type").and_then(Value::as_str) == Some("Task") || m.values().any(has_task)
        }
        Value::Array(a) => a.iter().any(has_task),
        _ => false,
    }
}

/// Replays one case and returns its result (never panics on a malformed case).
/// `dump` keeps our normalised responses in the result.
pub async fn run_case(case: &Case, timeout: Duration, dump: bool) -> CaseResult {
    let mut base = base_result(case);
    let has_hist = has_history(case);
    if !case.verified() && !case.is_own() {
        base.outcome = Level::Excluded;
        base.history = Level::Excluded;
        base.skip_reason = Some("not verified against AWS".to_owned());
        return base;
    }
    if let Err(why) = replayable(case) {
        base.outcome = Level::Skip;
        base.history = if has_hist {
            Level::Skip
        } else {
            Level::NotApplicable
        };
        base.skip_reason = Some(why);
        return base;
    }
    let work = async {
        match case.kind.as_str() {
            "execution" => run_execution(case).await,
            "definition_error" => run_definition_error(case).await,
            "validate_definition" => run_validate(case).await,
            _ => run_test_state(case).await,
        }
    };
    let replay = match tokio::time::timeout(timeout, work).await {
        Ok(r) => r,
        Err(_) => Err(Stop::Timeout),
    };
    let mut r = match replay {
        Ok(r) => r,
        Err(Stop::Timeout) => Replay::failed("timeout".to_owned()),
        Err(Stop::Normalise(e @ NormaliseError::Unsupported(_))) => {
            base.skip_reason = Some(format!("normaliser cannot reproduce transformer {e}"));
            Replay {
                outcome: Level::Skip,
                ..Replay::default()
            }
        }
        Err(Stop::Normalise(e)) => Replay::failed(format!("harness error: {e}")),
        Err(Stop::Api(e)) => Replay {
            outcome: if boto::is_unsupported(&e) {
                Level::Unsupported
            } else {
                Level::Fail
            },
            reason: Some(format!("error: {}: {}", e.code, cut(&e.message, 150))),
            ..Replay::default()
        },
    };
    base.history = match r.history.take() {
        _ if !has_hist => Level::NotApplicable,
        _ if r.reason.as_deref() == Some("timeout") => Level::Fail,
        _ if r.outcome == Level::Skip => Level::Skip,
        Some(h) => h,
        None if r.outcome == Level::Fail => Level::Fail,
        None => r.outcome,
    };
    base.outcome = r.outcome;
    base.reason = r.reason;
    base.outcome_reason = r.outcome_reason;
    base.history_reason = r.history_reason;
    base.message_match = r.message_match;
    base.full_response_match = r.full_response_match;
    if dump {
        base.normalised = r.normalised;
    }
    base
}

fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn role_arn_for(case: &Case) -> String {
    for t in case.transformers() {
        let repl = t.get("replacement").and_then(Value::as_str);
        let rx = t.get("regex").and_then(Value::as_str).unwrap_or("");
        if t.get("t").and_then(Value::as_str) == Some("regex")
            && matches!(repl, Some("snf_role_arn" | "sfn_role_arn"))
            && rx.starts_with("arn:aws:iam::")
        {
            return rx.to_owned();
        }
    }
    case.get("request")
        .and_then(|r| r.get("roleArn"))
        .and_then(Value::as_str)
        .unwrap_or(DEFAULT_ROLE)
        .to_owned()
}

/// GetExecutionHistory, all pages.
async fn get_history(emu: &Emulator, arn: &str, reverse: bool) -> Result<Value, Stop> {
    let mut events = Vec::new();
    let mut req = json!({"executionArn": arn, "maxResults": 1000});
    if reverse {
        req["reverseOrder"] = json!(true);
    }
    let mut meta = Value::Null;
    // a bounded loop: a server that always answers a nextToken must not hang the run
    for _ in 0..10_000 {
        let page = boto::response(emu.call("GetExecutionHistory", req.clone()).await?);
        if let Some(evs) = page.get("events").and_then(Value::as_array) {
            events.extend(evs.iter().cloned());
        }
        meta = page.get("ResponseMetadata").cloned().unwrap_or(Value::Null);
        match page.get("nextToken").and_then(Value::as_str) {
            Some(tok) if !tok.is_empty() => req["nextToken"] = json!(tok),
            _ => break,
        }
    }
    Ok(json!({"events": events, "ResponseMetadata": meta}))
}

async fn describe(emu: &Emulator, arn: &str) -> Result<Value, Stop> {
    Ok(boto::response(
        emu.call("DescribeExecution", json!({"executionArn": arn}))
            .await?,
    ))
}

/// Waits until the execution is terminal (the engine's wait, then DescribeExecution polling).
async fn wait_terminal(emu: &Emulator, arn: &str) -> Result<Value, Stop> {
    let _ = emu.service().engine().wait(arn).await;
    let mut delay = Duration::from_millis(1);
    loop {
        let d = describe(emu, arn).await?;
        if d.get("status")
            .and_then(Value::as_str)
            .is_some_and(|s| TERMINAL.contains(&s))
        {
            return Ok(d);
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_millis(50));
    }
}

fn map_run_arns(history: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let events = history
        .and_then(|h| h.get("events"))
        .and_then(Value::as_array);
    for ev in events.into_iter().flatten() {
        for v in ev.as_object().into_iter().flat_map(Map::values) {
            if let Some(arn) = v.get("mapRunArn").and_then(Value::as_str) {
                if !out.iter().any(|a| a == arn) {
                    out.push(arn.to_owned());
                }
            }
        }
    }
    out
}

async fn run_execution(case: &Case) -> Result<Replay, Stop> {
    let activities = case
        .get("definition")
        .map(worker::activity_arns)
        .unwrap_or_default();
    let responses = case
        .get("service_responses")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let answers = worker::activity_responses(responses);
    // Activity ARNs name the recording's account: the activity must exist there.
    let emu = match activities.first().and_then(|a| a.split(':').nth(4)) {
        Some(account) => Emulator::new(EngineConfig {
            account: account.to_owned(),
            ..config_for(case)
        }),
        None => new_emulator(case),
    };
    emu.integrations().set_activity_poll(worker::POLL);
    // The activities exist when a worker took their tasks (recorded answers).
    for arn in activities.iter().filter(|_| !answers.is_empty()) {
        let name = arn.rsplit(':').next().unwrap_or_default();
        let _ = emu.call("CreateActivity", json!({ "name": name })).await;
    }
    let exp = case.expected().cloned().unwrap_or_default();
    let sm_type = case.str_field("state_machine_type").unwrap_or("STANDARD");
    let create = emu
        .call(
            "CreateStateMachine",
            json!({"name": SM_NAME, "definition": case.definition_text().unwrap_or_default(),
                   "roleArn": role_arn_for(case), "type": sm_type}),
        )
        .await;
    let created = match create {
        Ok(c) => c,
        Err(e) => {
            return Ok(Replay::failed(format!(
                "CreateStateMachine failed: {}: {}",
                e.code,
                cut(&e.message, 150)
            )))
        }
    };
    let sm_arn = created
        .get("stateMachineArn")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    // Non-pure cases run as the mock file's test case: `stateMachineArn#TestCase`.
    let mut target = sm_arn.clone();
    if !is_pure(case) {
        match service_mocks(case) {
            Ok(Some(config)) => {
                emu.integrations().set_mock_config(config);
                super::objects::seed(&emu, case);
                target = format!("{sm_arn}#{}", mocks::TEST_CASE);
            }
            Ok(None) => super::objects::seed(&emu, case),
            Err(why) => return Ok(Replay::failed(format!("harness error: {why}"))),
        }
    }
    let mut start = json!({"stateMachineArn": target});
    if let Some(input) = case.str_field("input_raw") {
        start["input"] = json!(input);
    }
    if let Some(name) = case.str_field("execution_name") {
        start["name"] = json!(name);
    }
    let hist_key = exp
        .get("history_snapshot_key")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut observed: Vec<(String, Value)> = Vec::new();
    let exec_arn: Option<String>;
    let status: Option<String>;
    if case.str_field("start_api") == Some("StartSyncExecution") {
        let r = boto::response(emu.call("StartSyncExecution", start).await?);
        exec_arn = r
            .get("executionArn")
            .and_then(Value::as_str)
            .map(str::to_owned);
        status = r.get("status").and_then(Value::as_str).map(str::to_owned);
        observed.push(("start_execution_sync_response".to_owned(), r));
    } else {
        let r = emu.call("StartExecution", start).await?;
        let arn = r
            .get("executionArn")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        if let (false, Some(activity)) = (answers.is_empty(), activities.first()) {
            if let Err(why) = worker::play(&emu, &arn, activity, &answers).await {
                return Ok(Replay::failed(format!("harness error: {why}")));
            }
        }
        stop_when_recorded(&emu, &arn, &exp).await?;
        let d = wait_terminal(&emu, &arn).await?;
        status = d.get("status").and_then(Value::as_str).map(str::to_owned);
        if exp.contains_key("describe_execution") {
            observed.push(("describe_execution".to_owned(), d));
        }
        if let Some(key) = &hist_key {
            let reverse = exp
                .get("history_request")
                .and_then(|r| r.get("reverseOrder"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            observed.push((key.clone(), get_history(&emu, &arn, reverse).await?));
        }
        if exp.contains_key("cases_index") {
            let h = get_history(&emu, &arn, false).await?;
            let outs: Vec<Value> = h
                .get("events")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|ev| ev.get("executionSucceededEventDetails"))
                .map(|d| d.get("output").cloned().unwrap_or(Value::Null))
                .collect();
            let out = match outs.len() {
                0 => Value::Null,
                1 => outs.into_iter().next().unwrap_or(Value::Null),
                _ => Value::Array(outs),
            };
            let input = case.get("input_raw").cloned().unwrap_or(Value::Null);
            observed.push(("cases".to_owned(), json!([{"input": input, "output": out}])));
        }
        exec_arn = Some(arn);
    }
    let dynamic = Dynamic {
        no_request_id_rule: normalize::predates_request_id_rule(
            case.str_field("snapshot_recorded_date"),
        ),
        account: boto::account_of(&sm_arn),
        sm_names: vec![(
            case.str_field("state_machine_name").map(str::to_owned),
            SM_NAME.to_owned(),
        )],
        exec_arn,
        exec_index: case.exec_index(),
        map_run_arns: map_run_arns(
            hist_key
                .as_ref()
                .and_then(|k| observed.iter().find(|(o, _)| o == k))
                .map(|(_, v)| v),
        ),
    };
    let mut norm = normalise(&observed, &case.transformers(), &dynamic)?;
    if norm.contains_key("cases") {
        norm.insert(
            "_status".to_owned(),
            status.map(Value::String).unwrap_or(Value::Null),
        );
    }
    Ok(compare_execution(
        &exp,
        &norm,
        hist_key.as_deref(),
        case.is_own(),
    ))
}

/// ABORTED recordings: the test stopped the execution once the event before `ExecutionAborted`
/// appeared; do the same.
async fn stop_when_recorded(
    emu: &Emulator,
    arn: &str,
    exp: &Map<String, Value>,
) -> Result<(), Stop> {
    let hist = exp
        .get("history")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let last_type = |i: usize| {
        hist.len()
            .checked_sub(i)
            .and_then(|j| hist.get(j))
            .and_then(|e| e.get("type"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if exp.get("status").and_then(Value::as_str) != Some("ABORTED")
        || last_type(1).as_deref() != Some("ExecutionAborted")
    {
        return Ok(());
    }
    if let Some(wait_for) = last_type(2) {
        let mut delay = Duration::from_millis(1);
        loop {
            let h = get_history(emu, arn, false).await?;
            let seen = h
                .get("events")
                .and_then(Value::as_array)
                .is_some_and(|evs| {
                    evs.iter()
                        .any(|e| e.get("type").and_then(Value::as_str) == Some(&wait_for))
                });
            if seen {
                break;
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_millis(50));
        }
    }
    emu.call("StopExecution", json!({"executionArn": arn}))
        .await?;
    Ok(())
}

/// Status plus output (or error plus cause), derived from the normalised responses the way the
/// corpus extractor derived `expected`.
fn outcome_from(norm: &Map<String, Value>, hist_key: Option<&str>) -> Map<String, Value> {
    let mut got = Map::new();
    let hist = hist_key
        .and_then(|k| norm.get(k))
        .and_then(|h| h.get("events"))
        .and_then(Value::as_array);
    for ev in hist.into_iter().flatten().rev() {
        let Some(status) = ev
            .get("type")
            .and_then(Value::as_str)
            .and_then(|t| TERMINAL_EVENTS.iter().find(|(e, _)| *e == t))
            .map(|(_, s)| *s)
        else {
            continue;
        };
        let empty = Map::new();
        let det = ev
            .as_object()
            .and_then(|m| {
                m.iter()
                    .find(|(k, v)| k.ends_with("EventDetails") && v.is_object())
                    .and_then(|(_, v)| v.as_object())
            })
            .unwrap_or(&empty);
        got.insert("status".to_owned(), json!(status));
        if status == "SUCCEEDED" {
            got.insert(
                "output".to_owned(),
                det.get("output").cloned().unwrap_or(Value::Null),
            );
        } else {
            for f in ["error", "cause"] {
                if let Some(v) = det.get(f) {
                    got.insert(f.to_owned(), v.clone());
                }
            }
        }
        break;
    }
    for src in ["describe_execution", "start_execution_sync_response"] {
        if let Some(src) = norm.get(src).and_then(Value::as_object) {
            if let (Some(status), false) = (src.get("status"), got.contains_key("status")) {
                got.insert("status".to_owned(), status.clone());
                for f in ["output", "error", "cause"] {
                    if let Some(v) = src.get(f) {
                        got.insert(f.to_owned(), v.clone());
                    }
                }
            }
        }
    }
    if let Some(cases) = norm.get("cases") {
        if !got.contains_key("status") {
            got.insert(
                "status".to_owned(),
                norm.get("_status").cloned().unwrap_or(Value::Null),
            );
        }
        let entry_out = cases
            .get(0)
            .and_then(|e| e.get("output"))
            .cloned()
            .unwrap_or(Value::Null);
        got.insert("output".to_owned(), entry_out);
    }
    if !got.contains_key("status") && hist.is_some() {
        got.insert("status".to_owned(), json!("INCOMPLETE_HISTORY"));
    }
    got
}

/// Compares the outcome (and the history when recorded). `subset`: our own documentation cases
/// state only what AWS documents (e.g. no exact `cause` text), so fields they omit are not
/// compared; recordings compare every field.
fn compare_execution(
    exp: &Map<String, Value>,
    norm: &Map<String, Value>,
    hist_key: Option<&str>,
    subset: bool,
) -> Replay {
    let got = outcome_from(norm, hist_key);
    let want: Map<String, Value> = ["status", "output", "error", "cause"]
        .iter()
        .filter_map(|k| exp.get(*k).map(|v| ((*k).to_owned(), v.clone())))
        .collect();
    let got_sub: Map<String, Value> = want
        .keys()
        .map(|k| (k.clone(), got.get(k).cloned().unwrap_or(Value::Null)))
        .collect();
    let mut d = first_diff(&Value::Object(want.clone()), &Value::Object(got_sub), "$");
    if d.is_none() && !subset {
        if let Some((k, v)) = got.iter().find(|(k, _)| !want.contains_key(*k)) {
            d = Some(format!("$.{k}: unexpected {}", short(v)));
        }
    }
    let mut r = Replay {
        outcome: if d.is_none() {
            Level::Pass
        } else {
            Level::Fail
        },
        ..Replay::default()
    };
    let mut reasons = Vec::new();
    if let Some(d) = &d {
        reasons.push(format!("outcome {d}"));
        r.outcome_reason = Some(d.clone());
    }
    if let Some(expected_history) = exp.get("history") {
        let got_events = hist_key
            .and_then(|k| norm.get(k))
            .and_then(|h| h.get("events"))
            .cloned()
            .unwrap_or(Value::Null);
        let hd = first_diff(expected_history, &got_events, "$.events");
        r.history = Some(if hd.is_none() {
            Level::Pass
        } else {
            Level::Fail
        });
        if let Some(hd) = hd {
            reasons.push(format!("history {hd}"));
            r.history_reason = Some(hd);
        }
    }
    r.reason = reasons.into_iter().next();
    r
}

/// The request fields of a case, without nulls.
fn request_of(case: &Case) -> Map<String, Value> {
    case.get("request")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn snapshot_key<'a>(case: &'a Case, default: &'a str) -> &'a str {
    case.expected()
        .and_then(|e| e.get("snapshot_key"))
        .and_then(Value::as_str)
        .unwrap_or(default)
}

fn expected_response(case: &Case) -> Value {
    case.expected()
        .and_then(|e| e.get("response"))
        .cloned()
        .unwrap_or(Value::Null)
}

/// Splits a recorded state machine ARN into (prefix up to the name, name, suffix).
fn split_sm_arn(arn: &str) -> Option<(String, String, String)> {
    let marker = ":stateMachine:";
    let at = arn.find(marker)?;
    if !arn.starts_with("arn:aws:states:") {
        return None;
    }
    let rest = arn.get(at + marker.len()..)?;
    let name_end = rest.find(':').unwrap_or(rest.len());
    let (name, suffix) = rest.split_at(name_end);
    if name.is_empty() {
        return None;
    }
    Some((
        arn.get(..at + marker.len())?.to_owned(),
        name.to_owned(),
        suffix.to_owned(),
    ))
}

async fn run_definition_error(case: &Case) -> Result<Replay, Stop> {
    let emu = new_emulator(case);
    let exp = expected_response(case);
    let mut req = request_of(case);
    let defn = case.definition_text();
    let key = snapshot_key(case, "exception").to_owned();
    let mut sm_names: Vec<(Option<String>, String)> = Vec::new();
    let mut account = None;
    let update = case.str_field("api") == Some("update_state_machine");
    let operation = if update {
        "UpdateStateMachine"
    } else {
        "CreateStateMachine"
    };
    let result = if update {
        let base = emu
            .call(
                "CreateStateMachine",
                json!({"name": SM_NAME, "roleArn": role_arn_for(case),
                       "definition": r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#}),
            )
            .await?;
        let base_arn = base
            .get("stateMachineArn")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        account = boto::account_of(&base_arn);
        let fake = req
            .get("stateMachineArn")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned();
        if let Some((_, name, suffix)) = split_sm_arn(&fake) {
            sm_names.push((Some(name), SM_NAME.to_owned()));
            req.insert(
                "stateMachineArn".to_owned(),
                json!(format!("{base_arn}{suffix}")),
            );
        }
        if let Some(d) = defn {
            req.insert("definition".to_owned(), json!(d));
        }
        emu.call(operation, Value::Object(req)).await
    } else {
        // What the same test created under this name before AWS rejected this create.
        let setup = super::setup::for_case(case);
        for mut earlier in setup.creates {
            earlier.insert("name".to_owned(), json!(SM_NAME));
            emu.call("CreateStateMachine", Value::Object(earlier))
                .await?;
        }
        if let Some(name) = req.get("name").and_then(Value::as_str) {
            sm_names.push((Some(name.to_owned()), SM_NAME.to_owned()));
            req.insert("name".to_owned(), json!(SM_NAME));
        }
        if let Some(d) = setup.definition_text.or(defn) {
            req.insert("definition".to_owned(), json!(d));
        }
        emu.call(operation, Value::Object(req)).await
    };
    let e = match result {
        Ok(_) => {
            return Ok(Replay {
                message_match: Some(false),
                ..Replay::failed(format!(
                    "{} accepted the definition",
                    case.str_field("api").unwrap_or("")
                ))
            })
        }
        Err(e) => e,
    };
    if boto::is_unsupported(&e) {
        return Ok(Replay {
            outcome: Level::Unsupported,
            reason: Some(format!(
                "{} unsupported",
                case.str_field("api").unwrap_or("")
            )),
            ..Replay::default()
        });
    }
    let text = boto::exception_text(&e, operation);
    let account = account.or_else(|| boto::guess_account(&text));
    let exception_style = exp.get("exception_typename").is_some();
    let (raw, want_code) = if exception_style {
        (
            boto::exception_view(&e, operation),
            exp.get("exception_typename").cloned(),
        )
    } else {
        (
            boto::error_response(&e),
            exp.get("Error").and_then(|x| x.get("Code")).cloned(),
        )
    };
    let dynamic = Dynamic {
        no_request_id_rule: normalize::predates_request_id_rule(
            case.str_field("snapshot_recorded_date"),
        ),
        account,
        sm_names,
        ..Dynamic::default()
    };
    let norm = normalise(&[(key.clone(), raw)], &case.transformers(), &dynamic)?
        .shift_remove(&key)
        .unwrap_or(Value::Null);
    let msg_match = if exception_style {
        norm.get("exception_value") == exp.get("exception_value")
    } else {
        norm.get("Error").and_then(|x| x.get("Message"))
            == exp.get("Error").and_then(|x| x.get("Message"))
    };
    let full = first_diff(&exp, &norm, "$");
    let code_ok = want_code.as_ref().and_then(Value::as_str) == Some(e.code.as_str());
    let mut r = Replay {
        outcome: if code_ok { Level::Pass } else { Level::Fail },
        message_match: Some(msg_match),
        full_response_match: Some(full.is_none()),
        normalised: Some(json!({ key: norm })),
        ..Replay::default()
    };
    if !code_ok {
        r.reason = Some(format!(
            "$.Error.Code: expected {} got {:?}",
            want_code
                .map(|c| short(&c))
                .unwrap_or_else(|| "None".to_owned()),
            e.code
        ));
    } else if !msg_match {
        r.outcome_reason = full;
    }
    Ok(r)
}

async fn run_validate(case: &Case) -> Result<Replay, Stop> {
    let emu = new_emulator(case);
    let mut req = request_of(case);
    req.insert(
        "definition".to_owned(),
        json!(case.definition_text().unwrap_or_default()),
    );
    let key = snapshot_key(case, "validation_response").to_owned();
    let raw = match emu
        .call("ValidateStateMachineDefinition", Value::Object(req))
        .await
    {
        Ok(v) => boto::response(v),
        Err(e) if boto::is_unsupported(&e) => {
            return Ok(Replay {
                outcome: Level::Unsupported,
                reason: Some("ValidateStateMachineDefinition unsupported".to_owned()),
                ..Replay::default()
            })
        }
        Err(e) => boto::error_response(&e),
    };
    compare_response(case, &key, raw)
}

fn compare_response(case: &Case, key: &str, raw: Value) -> Result<Replay, Stop> {
    compare_response_with(case, key, raw, &Dynamic::default())
}

/// [`compare_response`] with what the normaliser must know about our side (our account id,
/// which TestState answers carry in the context object's ARNs).
fn compare_response_with(
    case: &Case,
    key: &str,
    raw: Value,
    dynamic: &Dynamic,
) -> Result<Replay, Stop> {
    let norm = normalise(&[(key.to_owned(), raw)], &case.transformers(), dynamic)?
        .shift_remove(key)
        .unwrap_or(Value::Null);
    let d = first_diff(&expected_response(case), &norm, "$");
    Ok(Replay {
        outcome: if d.is_none() {
            Level::Pass
        } else {
            Level::Fail
        },
        reason: d,
        ..Replay::default()
    })
}

async fn run_test_state(case: &Case) -> Result<Replay, Stop> {
    let emu = new_emulator(case);
    let mut params = Map::new();
    if let Some(d) = case.definition_text() {
        params.insert("definition".to_owned(), json!(d));
    }
    if let Some(input) = case.get("input") {
        params.insert(
            "input".to_owned(),
            json!(pytext::dumps(input, DateStyle::Str)),
        );
    }
    for (k, v) in request_of(case) {
        let v = if matches!(k.as_str(), "variables" | "context") && !v.is_string() {
            json!(pytext::dumps(&v, DateStyle::Str))
        } else {
            v
        };
        params.insert(k, v);
    }
    let key = snapshot_key(case, "test_state").to_owned();
    let exp = expected_response(case);
    let raw = match emu.call("TestState", Value::Object(params)).await {
        Ok(v) => boto::response(v),
        Err(e) if boto::is_unsupported(&e) => {
            return Ok(Replay {
                outcome: Level::Unsupported,
                reason: Some("TestState unsupported".to_owned()),
                ..Replay::default()
            })
        }
        Err(e) if exp.get("exception_typename").is_some() => boto::exception_view(&e, "TestState"),
        Err(e) => boto::error_response(&e),
    };
    let dynamic = Dynamic {
        no_request_id_rule: normalize::predates_request_id_rule(
            case.str_field("snapshot_recorded_date"),
        ),
        account: Some(EngineConfig::default().account),
        ..Dynamic::default()
    };
    compare_response_with(case, &key, raw, &dynamic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_arns_split() {
        assert_eq!(
            split_sm_arn("arn:aws:states:us-east-1:111111111111:stateMachine:sm1:v2"),
            Some((
                "arn:aws:states:us-east-1:111111111111:stateMachine:".to_owned(),
                "sm1".to_owned(),
                ":v2".to_owned()
            ))
        );
        assert_eq!(split_sm_arn("nope"), None);
    }

    #[test]
    fn recordings_replay_with_the_behaviour_of_their_date() {
        let case = |date: Option<&str>| {
            let mut raw = json!({"id": "c", "kind": "execution"});
            if let Some(d) = date {
                raw["last_validated_date"] = json!(d);
            }
            Case::parse(std::path::Path::new("c.json"), &raw.to_string()).expect("a case")
        };
        let exit = |date| config_for(&case(date)).map_exit;
        assert_eq!(
            exit(Some("2024-06-19T10:00:00+00:00")),
            MapExitLink::RunSucceeded
        );
        assert_eq!(
            exit(Some("2024-11-13T08:00:00+00:00")),
            MapExitLink::RunStarted
        );
        assert_eq!(exit(None), MapExitLink::default());
        assert_eq!(config_for(&case(None)).epoch, frozen_now());
    }

    #[test]
    fn outcome_from_history() {
        let norm: Map<String, Value> = serde_json::from_value(json!({"h": {"events": [
            {"type": "ExecutionStarted"},
            {"type": "ExecutionFailed", "executionFailedEventDetails": {"error": "E"}}]}}))
        .unwrap_or_default();
        let got = outcome_from(&norm, Some("h"));
        assert_eq!(
            Value::Object(got),
            json!({"status": "FAILED", "error": "E"})
        );
    }
}
