//! `passo logs`: prints the log records a running server kept (one JSON record per line, as
//! Step Functions writes them to CloudWatch Logs), read from `GET /_passo/logs`. Must not start
//! a server.

use std::io::Write;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

/// `passo logs`.
#[derive(Debug, Clone, Args)]
pub struct LogsArgs {
    /// The server's address.
    #[arg(long, env = "PASSO_LOGS_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// The server's port.
    #[arg(long, env = "PASSO_PORT", default_value_t = 8083)]
    pub port: u16,
    /// Only this log group (its name or ARN); every group when absent.
    #[arg(long, value_name = "NAME|ARN")]
    pub log_group: Option<String>,
    /// Only the records of this execution.
    #[arg(long, value_name = "ARN")]
    pub execution_arn: Option<String>,
}

impl LogsArgs {
    /// The control API path this command reads.
    pub fn path(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(g) = &self.log_group {
            query.append_pair("logGroup", g);
        }
        if let Some(a) = &self.execution_arn {
            query.append_pair("executionArn", a);
        }
        let query = query.finish();
        if query.is_empty() {
            "/_passo/logs".to_owned()
        } else {
            format!("/_passo/logs?{query}")
        }
    }
}

/// Fetches the records and prints one message per line.
pub fn run(args: &LogsArgs) -> anyhow::Result<()> {
    let (status, body) =
        crate::cli::http_get(&args.host, args.port, &args.path(), Duration::from_secs(10))?;
    if status.is_empty() {
        anyhow::bail!("no HTTP answer from the server");
    }
    if status.split_whitespace().nth(1) != Some("200") {
        anyhow::bail!("the server answered {status}: {body}");
    }
    let value: serde_json::Value =
        serde_json::from_str(&body).context("reading the server's answer")?;
    let mut out = std::io::stdout().lock();
    for event in value["events"].as_array().into_iter().flatten() {
        if let Some(message) = event["message"].as_str() {
            writeln!(out, "{message}")?;
        }
    }
    Ok(())
}

/// Opens the `--log-events` sink: `-` is stdout, anything else a file appended to.
pub fn open_sink(target: &std::path::Path) -> anyhow::Result<Box<dyn Write + Send>> {
    if target.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdout()));
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(target)
        .with_context(|| format!("opening the log events file {}", target.display()))?;
    Ok(Box::new(std::io::LineWriter::new(file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_encodes_the_filters() {
        let args = LogsArgs {
            host: "127.0.0.1".to_owned(),
            port: 8083,
            log_group: Some("/aws/vendedlogs/states/g".to_owned()),
            execution_arn: None,
        };
        assert_eq!(
            args.path(),
            "/_passo/logs?logGroup=%2Faws%2Fvendedlogs%2Fstates%2Fg"
        );
        let all = LogsArgs {
            log_group: None,
            ..args
        };
        assert_eq!(all.path(), "/_passo/logs");
    }
}
