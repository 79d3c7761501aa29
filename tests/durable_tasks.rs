//! Tasks across a restart of `passo serve --data FILE`: a worker that took an activity task
//! before a SIGKILL completes it with the same token afterwards, and an activity task no worker
//! took yet is still there to take.

mod common;

use std::process::Child;
use std::time::Duration;

use aws_sdk_sfn::types::ExecutionStatus;

fn serve(data: &std::path::Path) -> (Child, String) {
    let mut args: Vec<std::ffi::OsString> = ["serve", "--port", "0", "--data"]
        .iter()
        .map(Into::into)
        .collect();
    args.push(data.into());
    common::spawn_passo(args)
}

fn client(endpoint: &str) -> aws_sdk_sfn::Client {
    common::client_at(endpoint, common::REGION)
}

async fn take(sfn: &aws_sdk_sfn::Client, activity: &str) -> (String, String) {
    let t = sfn
        .get_activity_task()
        .activity_arn(activity)
        .send()
        .await
        .expect("get activity task");
    (
        t.task_token.expect("a task is waiting"),
        t.input.unwrap_or_default(),
    )
}

async fn wait_done(sfn: &aws_sdk_sfn::Client, arn: &str) -> ExecutionStatus {
    for _ in 0..2000 {
        let d = sfn
            .describe_execution()
            .execution_arn(arn)
            .send()
            .await
            .unwrap();
        if d.status != ExecutionStatus::Running {
            return d.status;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("{arn} did not finish");
}

#[tokio::test(flavor = "multi_thread")]
async fn activity_tokens_survive_a_sigkill() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("tasks.redb");
    let (mut child, endpoint) = serve(&data);
    let sfn = client(&endpoint);
    let activity = sfn
        .create_activity()
        .name("durable-work")
        .send()
        .await
        .unwrap()
        .activity_arn;
    let def = format!(
        r#"{{"StartAt":"Work","States":{{"Work":{{"Type":"Task","Resource":"{activity}","TimeoutSeconds":600,"ResultPath":"$.result","End":true}}}}}}"#
    );
    let sm = common::create(&sfn, "durable-tasks", &def).await;
    let start = |name: &'static str, input: &'static str| {
        let sfn = sfn.clone();
        let sm = sm.clone();
        async move {
            sfn.start_execution()
                .state_machine_arn(sm)
                .name(name)
                .input(input)
                .send()
                .await
                .unwrap()
                .execution_arn
        }
    };
    let taken = start("taken", r#"{"n":1}"#).await;
    let (token, input) = take(&sfn, &activity).await;
    assert_eq!(input, r#"{"n":1}"#);
    let waiting = start("waiting", r#"{"n":2}"#).await;
    // A third one fails before the kill; it is redriven after the restart.
    let flaky = start("flaky", r#"{"n":3}"#).await;
    loop {
        let (t, input) = take(&sfn, &activity).await;
        if input == r#"{"n":3}"# {
            sfn.send_task_failure()
                .task_token(t)
                .error("Flaky")
                .send()
                .await
                .unwrap();
            break;
        }
    }
    assert_eq!(wait_done(&sfn, &flaky).await, ExecutionStatus::Failed);

    child.kill().expect("SIGKILL passo");
    let _ = child.wait();
    let (mut child, endpoint) = serve(&data);
    let sfn = client(&endpoint);

    // The token the worker holds is still valid.
    sfn.send_task_success()
        .task_token(&token)
        .output(r#""first""#)
        .send()
        .await
        .expect("the token survived the restart");
    assert_eq!(wait_done(&sfn, &taken).await, ExecutionStatus::Succeeded);
    // The tasks of both executions were pending: the one not yet taken is handed out now (the
    // taken one may be handed out again; activity delivery is at least once).
    let mut found = false;
    for _ in 0..3 {
        let (t, input) = take(&sfn, &activity).await;
        if input == r#"{"n":2}"# {
            sfn.send_task_success()
                .task_token(t)
                .output(r#""second""#)
                .send()
                .await
                .unwrap();
            found = true;
            break;
        }
    }
    assert!(found, "the pending activity task is still there");
    assert_eq!(wait_done(&sfn, &waiting).await, ExecutionStatus::Succeeded);
    let out = sfn
        .describe_execution()
        .execution_arn(&waiting)
        .send()
        .await
        .unwrap()
        .output;
    assert_eq!(out.as_deref(), Some(r#"{"n":2,"result":"second"}"#));

    // The failed one is rebuilt from the file and redriven.
    sfn.redrive_execution()
        .execution_arn(&flaky)
        .send()
        .await
        .expect("redrive after a restart");
    loop {
        let (t, input) = take(&sfn, &activity).await;
        if input == r#"{"n":3}"# {
            sfn.send_task_success()
                .task_token(t)
                .output("3")
                .send()
                .await
                .unwrap();
            break;
        }
    }
    assert_eq!(wait_done(&sfn, &flaky).await, ExecutionStatus::Succeeded);
    let d = sfn
        .describe_execution()
        .execution_arn(&flaky)
        .send()
        .await
        .unwrap();
    assert_eq!(d.redrive_count, Some(1));
    let _ = child.kill();
    let _ = child.wait();
}
