"""Second client: the control plane (and, with --executions, executions) through boto3.

Run by tests/api_boto3.rs as `.venv/bin/python tests/boto3_smoke.py <endpoint> [--executions]`.
Prints one line per check and exits non-zero on the first failure.
"""

import json
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/passo-boto3"
PASS = json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": True}, "End": True}}})


def client(endpoint):
    return boto3.client(
        "stepfunctions",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIDPASSO",
        aws_secret_access_key="secret",
        # StartSyncExecution and TestState would otherwise go to sync-<host>.
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


def control_plane(sfn):
    created = sfn.create_state_machine(name="boto", definition=PASS, roleArn=ROLE, publish=True,
                                       tags=[{"key": "team", "value": "a"}])
    arn = created["stateMachineArn"]
    check("create answers the version", created.get("stateMachineVersionArn") == arn + ":1")
    again = sfn.create_state_machine(name="boto", definition=PASS, roleArn=ROLE)
    check("create is idempotent", again["stateMachineArn"] == arn)
    code, _ = error_of(sfn.create_state_machine, name="boto", definition=PASS.replace("\"ok\": true", "\"ok\": false"), roleArn=ROLE)
    check("StateMachineAlreadyExists", code == "StateMachineAlreadyExists")
    code, msg = error_of(sfn.create_state_machine, name="bad name", definition=PASS, roleArn=ROLE)
    check("InvalidName", (code, msg) == ("InvalidName", "Invalid Name: 'bad name'"))

    d = sfn.describe_state_machine(stateMachineArn=arn)
    check("describe", d["name"] == "boto" and d["definition"] == PASS and d["status"] == "ACTIVE")
    check("logging default", d["loggingConfiguration"] == {"level": "OFF", "includeExecutionData": False})
    code, msg = error_of(sfn.describe_state_machine, stateMachineArn="not_a_valid_arn")
    check("InvalidArn", (code, msg) == ("InvalidArn", "Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'"))
    code, _ = error_of(sfn.describe_state_machine, stateMachineArn=arn + "-missing")
    check("StateMachineDoesNotExist", code == "StateMachineDoesNotExist")

    u = sfn.update_state_machine(stateMachineArn=arn, definition=PASS.replace("\"ok\": true", "\"ok\": false"), publish=True)
    check("update publishes version 2", u["stateMachineVersionArn"] == arn + ":2" and "revisionId" in u)
    versions = sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"]
    check("versions newest first", [v["stateMachineVersionArn"] for v in versions] == [arn + ":2", arn + ":1"])

    alias = sfn.create_state_machine_alias(
        name="live", routingConfiguration=[{"stateMachineVersionArn": arn + ":1", "weight": 100}])
    alias_arn = alias["stateMachineAliasArn"]
    check("alias arn", alias_arn == arn + ":live")
    sfn.update_state_machine_alias(stateMachineAliasArn=alias_arn, routingConfiguration=[
        {"stateMachineVersionArn": arn + ":1", "weight": 50},
        {"stateMachineVersionArn": arn + ":2", "weight": 50}])
    described = sfn.describe_state_machine_alias(stateMachineAliasArn=alias_arn)
    check("alias routing", len(described["routingConfiguration"]) == 2)
    code, _ = error_of(sfn.delete_state_machine_version, stateMachineVersionArn=arn + ":1")
    check("version in use is a ConflictException", code == "ConflictException")
    aliases = sfn.list_state_machine_aliases(stateMachineArn=arn)["stateMachineAliases"]
    check("list aliases", [a["stateMachineAliasArn"] for a in aliases] == [alias_arn])
    sfn.delete_state_machine_alias(stateMachineAliasArn=alias_arn)
    code, _ = error_of(sfn.describe_state_machine_alias, stateMachineAliasArn=alias_arn)
    check("deleted alias is ResourceNotFound", code == "ResourceNotFound")

    sfn.tag_resource(resourceArn=arn, tags=[{"key": "env", "value": "test"}])
    tags = sfn.list_tags_for_resource(resourceArn=arn)["tags"]
    check("tags", tags == [{"key": "team", "value": "a"}, {"key": "env", "value": "test"}])
    sfn.untag_resource(resourceArn=arn, tagKeys=["team"])
    check("untag", sfn.list_tags_for_resource(resourceArn=arn)["tags"] == [{"key": "env", "value": "test"}])

    activity = sfn.create_activity(name="boto-worker")["activityArn"]
    check("describe activity", sfn.describe_activity(activityArn=activity)["name"] == "boto-worker")
    check("list activities", [a["name"] for a in sfn.list_activities()["activities"]] == ["boto-worker"])
    sfn.delete_activity(activityArn=activity)
    code, _ = error_of(sfn.describe_activity, activityArn=activity)
    check("ActivityDoesNotExist", code == "ActivityDoesNotExist")

    for i in range(3):
        sfn.create_state_machine(name=f"page-{i}", definition=PASS, roleArn=ROLE)
    first = sfn.list_state_machines(maxResults=2)
    rest = sfn.list_state_machines(maxResults=2, nextToken=first["nextToken"])
    check("pagination", len(first["stateMachines"]) == 2 and len(rest["stateMachines"]) == 2)
    code, msg = error_of(sfn.list_state_machines, nextToken="InvalidToken")
    check("InvalidToken", (code, msg) == ("InvalidToken", "Invalid Token: 'Invalid token'"))
    code, _ = error_of(sfn.list_state_machines, maxResults=1001)
    check("ValidationException on maxResults", code == "ValidationException")

    v = sfn.validate_state_machine_definition(definition=PASS)
    check("validate definition", v["result"] == "OK")

    sfn.delete_state_machine(stateMachineArn=arn)
    code, _ = error_of(sfn.describe_state_machine, stateMachineArn=arn)
    check("deleted", code == "StateMachineDoesNotExist")


def executions(sfn):
    arn = sfn.create_state_machine(name="boto-run", definition=PASS, roleArn=ROLE)["stateMachineArn"]
    started = sfn.start_execution(stateMachineArn=arn, name="e1", input='{"a": 1}')
    for _ in range(500):
        d = sfn.describe_execution(executionArn=started["executionArn"])
        if d["status"] != "RUNNING":
            break
        time.sleep(0.01)
    check("execution succeeded", d["status"] == "SUCCEEDED" and d["output"] == '{"ok":true}')
    events = sfn.get_execution_history(executionArn=started["executionArn"])["events"]
    check("history", events[0]["type"] == "ExecutionStarted" and events[-1]["type"] == "ExecutionSucceeded")
    listed = sfn.list_executions(stateMachineArn=arn)["executions"]
    check("list executions", [e["name"] for e in listed] == ["e1"])
    express = sfn.create_state_machine(name="boto-fast", definition=PASS, roleArn=ROLE,
                                       type="EXPRESS")["stateMachineArn"]
    sync = sfn.start_sync_execution(stateMachineArn=express, input="{}")
    check("start sync execution", sync["status"] == "SUCCEEDED" and sync["output"] == '{"ok":true}')


def main():
    endpoint = sys.argv[1]
    sfn = client(endpoint)
    if "--executions" in sys.argv[2:]:
        executions(sfn)
    else:
        control_plane(sfn)
    print("all checks passed")


if __name__ == "__main__":
    main()
