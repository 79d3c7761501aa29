//! JUnit XML for CI systems: one `<testsuite>` per spec file, one `<testcase>` per test, the
//! failures' text in `<failure>`, and each test's virtual duration and transitions as
//! properties. Owns the XML rendering only.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::CaseResult;

/// Escapes text for XML attributes and content (and drops characters XML 1.0 forbids).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// The JUnit XML report of a suite.
pub fn render(results: &[CaseResult]) -> String {
    let mut suites: BTreeMap<String, Vec<&CaseResult>> = BTreeMap::new();
    for r in results {
        suites
            .entry(r.case.spec_path.display().to_string())
            .or_default()
            .push(r);
    }
    let failed = results.iter().filter(|r| !r.passed()).count();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        x,
        "<testsuites name=\"passo test\" tests=\"{}\" failures=\"{failed}\" errors=\"0\">",
        results.len()
    );
    for (file, cases) in &suites {
        let failures = cases.iter().filter(|r| !r.passed()).count();
        let _ = writeln!(
            x,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
            escape(file),
            cases.len()
        );
        for r in cases {
            let _ = writeln!(
                x,
                "    <testcase name=\"{}\" classname=\"{}\" time=\"0\">",
                escape(&r.case.name),
                escape(file)
            );
            if let Ok(o) = &r.outcome {
                let _ = writeln!(
                    x,
                    "      <properties><property name=\"status\" value=\"{}\"/><property name=\"transitions\" value=\"{}\"/><property name=\"virtualDurationMs\" value=\"{}\"/></properties>",
                    escape(&o.status),
                    o.transitions,
                    o.duration_ms
                );
            }
            if !r.passed() {
                let mut text = Vec::new();
                if let Err(e) = &r.outcome {
                    text.push(e.to_string());
                }
                text.extend(r.failures.iter().cloned());
                let first = text
                    .first()
                    .and_then(|t| t.lines().next())
                    .unwrap_or("failed");
                let _ = writeln!(
                    x,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    escape(first),
                    if r.outcome.is_err() {
                        "error"
                    } else {
                        "assertion"
                    },
                    escape(&text.join("\n"))
                );
            }
            x.push_str("    </testcase>\n");
        }
        x.push_str("  </testsuite>\n");
    }
    x.push_str("</testsuites>\n");
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
