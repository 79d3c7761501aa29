//! `passo graph`: draw a definition file (or a running server's execution) as Mermaid, DOT or
//! SVG, optionally with an execution's path read from its history (a GetExecutionHistory JSON
//! file, or fetched from a passo or AWS-compatible endpoint over plain HTTP).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;
use serde_json::{json, Value};

use super::{render, Format, Graph, Overlay};

/// `passo graph`.
#[derive(Debug, Clone, Args)]
pub struct GraphArgs {
    /// The definition (ASL JSON). Optional with `--execution`: the server then says which
    /// definition the execution ran.
    pub file: Option<PathBuf>,
    /// Output format (by default taken from `-o`'s extension, else Mermaid).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Colour the path of this execution (needs `--endpoint`).
    #[arg(long, value_name = "ARN", requires = "endpoint")]
    pub execution: Option<String>,
    /// The server to ask for `--execution` (plain HTTP, e.g. http://localhost:8083).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Colour the path recorded in this GetExecutionHistory response (JSON).
    #[arg(long, value_name = "FILE", conflicts_with = "execution")]
    pub history: Option<PathBuf>,
}

/// Runs `passo graph`.
pub fn run(args: GraphArgs) -> anyhow::Result<()> {
    let format = args.format.unwrap_or_else(|| {
        match args
            .output
            .as_ref()
            .and_then(|o| o.extension())
            .and_then(|e| e.to_str())
        {
            Some("svg") => Format::Svg,
            Some("dot" | "gv") => Format::Dot,
            _ => Format::Mermaid,
        }
    });
    let mut definition = match &args.file {
        Some(f) => {
            Some(std::fs::read_to_string(f).with_context(|| format!("reading {}", f.display()))?)
        }
        None => None,
    };
    let mut history =
        match &args.history {
            Some(f) => {
                let text = std::fs::read_to_string(f)
                    .with_context(|| format!("reading {}", f.display()))?;
                Some(serde_json::from_str::<Value>(&text).with_context(|| {
                    format!("{} is not a GetExecutionHistory JSON", f.display())
                })?)
            }
            None => None,
        };
    if let (Some(arn), Some(endpoint)) = (&args.execution, &args.endpoint) {
        if definition.is_none() {
            let described = call(
                endpoint,
                "DescribeStateMachineForExecution",
                &json!({"executionArn": arn}),
            )?;
            definition = described
                .get("definition")
                .and_then(Value::as_str)
                .map(str::to_owned);
        }
        history = Some(fetch_history(endpoint, arn)?);
    }
    let Some(definition) = definition else {
        bail!("give a definition FILE (or --execution ARN --endpoint URL)");
    };
    let graph = Graph::from_definition(&definition)
        .map_err(|e| anyhow::anyhow!("InvalidDefinition: {e}"))?;
    let overlay: Option<Overlay> = history.as_ref().map(super::overlay::from_history);
    let text = render(&graph, format, overlay.as_ref());
    match &args.output {
        Some(out) => {
            std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?
        }
        None => print!("{text}"),
    }
    if let Some(o) = &overlay {
        eprintln!(
            "execution {}: {} state transitions, estimated ${:.6} (Standard)",
            o.execution_status,
            o.transitions,
            o.standard_cost_usd()
        );
    }
    Ok(())
}

/// Every event of an execution, following `nextToken`.
fn fetch_history(endpoint: &str, arn: &str) -> anyhow::Result<Value> {
    let mut events = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut req = json!({"executionArn": arn, "maxResults": 1000});
        if let Some(t) = &token {
            req["nextToken"] = Value::String(t.clone());
        }
        let page = call(endpoint, "GetExecutionHistory", &req)?;
        if let Some(list) = page.get("events").and_then(Value::as_array) {
            events.extend(list.iter().cloned());
        }
        token = page
            .get("nextToken")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    Ok(json!({ "events": events }))
}

/// One Step Functions operation over plain HTTP/1.1 (AWS JSON 1.0), unsigned, as passo accepts.
fn call(endpoint: &str, operation: &str, body: &Value) -> anyhow::Result<Value> {
    let rest = endpoint
        .strip_prefix("http://")
        .context("--endpoint must be an http:// URL")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr = if authority.contains(':') {
        authority.to_owned()
    } else {
        format!("{authority}:80")
    };
    let mut stream =
        TcpStream::connect(&addr).with_context(|| format!("connecting to {endpoint}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let payload = body.to_string();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: application/x-amz-json-1.0\r\nX-Amz-Target: AWSStepFunctions.{operation}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    )?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply)?;
    let text = String::from_utf8_lossy(&reply);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .context("the server's answer has no body")?;
    let status = head
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("");
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    if status != "200" {
        bail!(
            "{operation} answered HTTP {status}: {}",
            value.get("message").and_then(Value::as_str).unwrap_or(body)
        );
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use crate::cli::{Cli, Command};

    fn parse(args: &[&str]) -> Result<super::GraphArgs, clap::Error> {
        let cli = Cli::try_parse_from(args)?;
        match cli.command {
            Command::Graph(g) => Ok(g),
            other => panic!("not graph: {other:?}"),
        }
    }

    #[test]
    fn flags_parse() {
        let g = parse(&[
            "passo", "graph", "wf.json", "--format", "dot", "-o", "x.dot",
        ])
        .unwrap();
        assert_eq!(g.format, Some(super::Format::Dot));
        assert_eq!(g.output.unwrap().to_str(), Some("x.dot"));
        let g = parse(&[
            "passo",
            "graph",
            "--execution",
            "arn:x",
            "--endpoint",
            "http://localhost:8083",
        ])
        .unwrap();
        assert!(g.file.is_none());
    }

    #[test]
    fn execution_needs_an_endpoint_and_excludes_history() {
        assert!(parse(&["passo", "graph", "wf.json", "--execution", "arn:x"]).is_err());
        assert!(parse(&[
            "passo",
            "graph",
            "wf.json",
            "--history",
            "h.json",
            "--execution",
            "arn:x",
            "--endpoint",
            "http://h:1"
        ])
        .is_err());
        assert!(parse(&["passo", "graph", "wf.json", "--format", "png"]).is_err());
    }
}
