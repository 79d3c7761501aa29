"""Integrations through boto3: a nested .sync execution, a passo mock registered through the
control API for one execution name, and an unrecognised Task resource refused at creation.

Run by tests/integrations_boto3.rs as `.venv/bin/python tests/integrations_boto3.py <endpoint>`.
Prints one line per check and exits non-zero on the first failure.
"""

import json
import sys
import time
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/passo-boto3"


def check(label, cond):
    if not cond:
        print(f"FAIL {label}")
        sys.exit(1)
    print(f"ok   {label}")


def wait(sfn, arn):
    for _ in range(500):
        d = sfn.describe_execution(executionArn=arn)
        if d["status"] != "RUNNING":
            return d
        time.sleep(0.01)
    raise SystemExit(f"FAIL {arn} did not end")


def main(endpoint):
    sfn = boto3.client(
        "stepfunctions",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIDPASSO",
        aws_secret_access_key="secret",
        config=Config(inject_host_prefix=False, retries={"max_attempts": 1}),
    )
    child = sfn.create_state_machine(
        name="Child",
        roleArn=ROLE,
        definition=json.dumps({"StartAt": "W", "States": {
            "W": {"Type": "Wait", "Seconds": 60, "Next": "P"},
            "P": {"Type": "Pass", "Result": {"done": True}, "End": True}}}),
    )["stateMachineArn"]
    parent = sfn.create_state_machine(
        name="Parent",
        roleArn=ROLE,
        definition=json.dumps({"StartAt": "Run", "States": {"Run": {
            "Type": "Task",
            "Resource": "arn:aws:states:::states:startExecution.sync:2",
            "Parameters": {"StateMachineArn": child, "Input": {"from.$": "$$.Execution.Id"}},
            "Next": "Notify"},
            "Notify": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                       "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
                                      "Message.$": "$.Output"},
                       "End": True}}}),
    )["stateMachineArn"]
    body = json.dumps({"Scope": {"ExecutionName": "boto3-run"},
                       "Mocks": [{"Resource": "sns:publish", "Response": {"Default": True}}]})
    req = urllib.request.Request(endpoint + "/_passo/mocks", data=body.encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        check("mock set registered", "Id" in json.loads(r.read()))

    run = sfn.start_execution(stateMachineArn=parent, name="boto3-run", input="{}")
    d = wait(sfn, run["executionArn"])
    check("parent succeeded", d["status"] == "SUCCEEDED")
    out = json.loads(d["output"])
    check("sns default answer has a MessageId", len(out.get("MessageId", "")) == 36)
    check("the child ran a minute of virtual time",
          (d["stopDate"] - d["startDate"]).total_seconds() == 60)
    children = sfn.list_executions(stateMachineArn=child)["executions"]
    check("one child execution", len(children) == 1 and children[0]["status"] == "SUCCEEDED")
    cin = json.loads(sfn.describe_execution(executionArn=children[0]["executionArn"])["input"])
    check("the child's input names the parent", cin["from"] == run["executionArn"])

    other = sfn.start_execution(stateMachineArn=parent, name="unscoped", input="{}")
    d = wait(sfn, other["executionArn"])
    check("an execution outside the scope fails on the unmocked Task",
          d["status"] == "FAILED" and "Notify" in d.get("cause", ""))

    try:
        sfn.create_state_machine(
            name="Bad", roleArn=ROLE,
            definition=json.dumps({"StartAt": "T", "States": {"T": {
                "Type": "Task", "Resource": "arn:aws:states:::nosuch:thing", "End": True}}}))
        check("unknown resource refused", False)
    except ClientError as e:
        err = e.response["Error"]
        check("unknown resource refused",
              err["Code"] == "InvalidDefinition" and "is not recognized" in err["Message"])
    print("all checks passed")


if __name__ == "__main__":
    main(sys.argv[1])
