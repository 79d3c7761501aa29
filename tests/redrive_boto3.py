"""Second client for RedriveExecution: boto3 against a running passo.

Run by tests/redrive_boto3.rs as `.venv/bin/python tests/redrive_boto3.py <endpoint>`.
Prints one line per check and exits non-zero on the first failure.
"""

import json
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/passo-boto3"


def check(label, cond):
    if not cond:
        print(f"FAIL {label}")
        sys.exit(1)
    print(f"ok   {label}")


def wait_done(sfn, arn):
    for _ in range(2000):
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        time.sleep(0.005)
    raise SystemExit(f"FAIL {arn} did not finish")


def main(endpoint):
    sfn = boto3.client(
        "stepfunctions",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIDPASSO",
        aws_secret_access_key="secret",
        config=Config(inject_host_prefix=False, retries={"max_attempts": 1}),
    )
    activity = sfn.create_activity(name="boto-redrive")["activityArn"]
    definition = {
        "StartAt": "Prep",
        "States": {
            "Prep": {"Type": "Pass", "Result": 1, "ResultPath": "$.prep", "Next": "Work"},
            "Work": {"Type": "Task", "Resource": activity, "End": True},
        },
    }
    sm = sfn.create_state_machine(
        name="boto-redrive", definition=json.dumps(definition), roleArn=ROLE
    )["stateMachineArn"]
    arn = sfn.start_execution(stateMachineArn=sm, name="b1", input='{"k": "v"}')["executionArn"]
    task = sfn.get_activity_task(activityArn=activity)
    sfn.send_task_failure(taskToken=task["taskToken"], error="Oops", cause="try again")
    failed = wait_done(sfn, arn)
    check("failed execution is REDRIVABLE", failed["redriveStatus"] == "REDRIVABLE")
    check("redriveCount starts at 0", failed["redriveCount"] == 0)

    out = sfn.redrive_execution(executionArn=arn)
    check("RedriveExecution answers a redriveDate", "redriveDate" in out)
    task = sfn.get_activity_task(activityArn=activity)
    check("the failed task runs again with its input",
          json.loads(task["input"]) == {"k": "v", "prep": 1})
    sfn.send_task_success(taskToken=task["taskToken"], output='"done"')
    done = wait_done(sfn, arn)
    check("redriven execution succeeds", done["status"] == "SUCCEEDED" and done["output"] == '"done"')
    check("redriveCount is 1", done["redriveCount"] == 1)
    check("redriveDate is described", done["redriveDate"] == out["redriveDate"])
    check("succeeded execution is NOT_REDRIVABLE",
          done["redriveStatus"] == "NOT_REDRIVABLE"
          and done["redriveStatusReason"] == "Execution is SUCCEEDED and cannot be redriven")
    events = sfn.get_execution_history(executionArn=arn)["events"]
    types = [e["type"] for e in events]
    i = types.index("ExecutionRedriven")
    check("ExecutionRedriven follows ExecutionFailed", types[i - 1] == "ExecutionFailed")
    check("ExecutionRedriven carries the count",
          events[i]["executionRedrivenEventDetails"] == {"redriveCount": 1})
    check("Prep ran once", sum(1 for e in events
                               if e.get("stateEnteredEventDetails", {}).get("name") == "Prep") == 1)
    listed = sfn.list_executions(stateMachineArn=sm, redriveFilter="REDRIVEN")["executions"]
    check("redriveFilter REDRIVEN lists it", [e["executionArn"] for e in listed] == [arn])
    try:
        sfn.redrive_execution(executionArn=arn)
        check("redriving a succeeded execution fails", False)
    except ClientError as e:
        check("ExecutionNotRedrivable for a succeeded execution",
              e.response["Error"]["Code"] == "ExecutionNotRedrivable"
              and e.response["Error"]["Message"] == "Execution is SUCCEEDED and cannot be redriven")
    print("all checks passed")


if __name__ == "__main__":
    main(sys.argv[1])
