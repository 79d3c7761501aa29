"""Second client for Express workflows and execution logs: boto3 against a running passo.

Run by tests/express_boto3.rs as `.venv/bin/python tests/express_boto3.py <endpoint>`.
Prints one line per check and exits non-zero on the first failure.
"""

import json
import sys
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/passo-boto3"
GROUP = "/aws/vendedlogs/states/passo-boto3"
GROUP_ARN = f"arn:aws:logs:us-east-1:123456789012:log-group:{GROUP}:*"
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": True}, "End": True}}})
EXPRESS_ARN = "Invalid Arn: 'Resource type not valid in this context: express'"


def client(endpoint):
    return boto3.client(
        "stepfunctions",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIDPASSO",
        aws_secret_access_key="secret",
        config=Config(inject_host_prefix=False, retries={"max_attempts": 1}),
    )


def check(label, cond):
    if not cond:
        print(f"FAIL {label}")
        sys.exit(1)
    print(f"ok   {label}")


def error_of(fn, **kwargs):
    try:
        fn(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"].get("Message", "")
    return None, None


def logs(endpoint, execution_arn):
    query = urllib.parse.urlencode({"logGroup": GROUP, "executionArn": execution_arn})
    with urllib.request.urlopen(f"{endpoint}/_passo/logs?{query}") as reply:
        body = json.load(reply)
    return [json.loads(e["message"]) for e in body["events"]]


def main(endpoint):
    sfn = client(endpoint)
    logging = {"level": "ALL", "includeExecutionData": True,
               "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": GROUP_ARN}}]}
    arn = sfn.create_state_machine(name="exp", definition=PASS, roleArn=ROLE, type="EXPRESS",
                                   loggingConfiguration=logging)["stateMachineArn"]

    out = sfn.start_sync_execution(stateMachineArn=arn, name="s1", input='{"a": 1}')
    check("sync status", out["status"] == "SUCCEEDED")
    check("sync output", json.loads(out["output"]) == {"ok": True})
    check("sync input verbatim", out["input"] == '{"a": 1}')
    check("sync express ARN", ":express:exp:s1:" in out["executionArn"])
    check("sync details", out["inputDetails"] == {"included": True} and out["outputDetails"] == {"included": True})
    check("sync billing", out["billingDetails"] == {"billedMemoryUsedInMB": 64, "billedDurationInMilliseconds": 100})
    check("sync dates", out["stopDate"] >= out["startDate"])

    started = sfn.start_execution(stateMachineArn=arn, input="{}")
    ex = started["executionArn"]
    check("async express ARN", ex.split(":")[5] == "express")
    for op in (sfn.describe_execution, sfn.stop_execution, sfn.get_execution_history):
        check(f"{op.__name__} on an express ARN", error_of(op, executionArn=ex) == ("InvalidArn", EXPRESS_ARN))
    code, _ = error_of(sfn.list_executions, stateMachineArn=arn)
    check("list_executions on express", code == "StateMachineTypeNotSupported")

    records = []
    for _ in range(200):
        records = logs(endpoint, ex)
        if records and records[-1]["type"] == "ExecutionSucceeded":
            break
    check("async run logged", [r["type"] for r in records] ==
          ["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"])
    check("log record shape", list(records[0].keys()) ==
          ["id", "type", "details", "previous_event_id", "event_timestamp", "execution_arn", "redrive_count"])
    check("log record output", json.loads(records[-1]["details"]["output"]) == {"ok": True})

    std = sfn.create_state_machine(name="std", definition=PASS, roleArn=ROLE)["stateMachineArn"]
    code, _ = error_of(sfn.start_sync_execution, stateMachineArn=std)
    check("sync on STANDARD", code == "StateMachineTypeNotSupported")

    code, msg = error_of(sfn.create_state_machine, name="bad", definition=PASS, roleArn=ROLE,
                         loggingConfiguration={"level": "ERROR"})
    check("logging without destination", (code, msg) == (
        "InvalidLoggingConfiguration", "Invalid Logging Configuration: Must specify exactly one Log Destination."))
    unqualified = dict(logging, destinations=[{"cloudWatchLogsLogGroup": {"logGroupArn": GROUP_ARN[:-2]}}])
    code, _ = error_of(sfn.create_state_machine, name="bad", definition=PASS, roleArn=ROLE,
                       loggingConfiguration=unqualified)
    check("log group ARN without qualifier", code == "InvalidLoggingConfiguration")
    print("all checks passed")


if __name__ == "__main__":
    main(sys.argv[1])
