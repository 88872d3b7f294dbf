//! schemathesis (from PyPI, installed by `scripts/setup.sh test`) against the running portal's
//! `/api/v1/openapi.json`: every operation, with generated valid and invalid input, must answer
//! without a 5xx, with a status the document lists, and with a body and content type that
//! match it — on SQLite and PostgreSQL.

use crate::admin_support;
use crate::common;

use std::path::PathBuf;

use admin_support::{communities, insert, signed_in, NewApplication, NANHU, XIUZHOU};
use common::{spawn_app, Engine};
use shouwang::server::access::Role;

fn schemathesis() -> PathBuf {
    std::env::var_os("SCHEMATHESIS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".tools/venv/bin/schemathesis"))
}

async fn schemathesis_finds_no_server_error_no_schema_violation_and_no_undocumented_status(engine: Engine) {
    let app = spawn_app(engine).await;
    let mut rows: Vec<NewApplication> =
        communities(&app, NANHU).iter().take(20).map(|(_, c)| NewApplication::pending(c)).collect();
    rows.push(NewApplication::pending(&communities(&app, XIUZHOU)[0].1));
    insert(&app, rows).await;
    let admin = signed_in(&app, "chief", Role::CityAdmin, None).await;
    let form = [("token[partner]", "schemathesis"), ("token[decide]", "on"), ("token[full]", "on")];
    let token = admin.call_json("partner_create", &form).await.as_str().unwrap().to_string();

    let tool = schemathesis();
    assert!(tool.exists(), "{} is missing: run scripts/setup.sh test", tool.display());
    let report = app.dir.path().join("schemathesis.xml");
    let output = tokio::process::Command::new(&tool)
        .arg("run")
        .arg(format!("{}/api/v1/openapi.json", app.base))
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance",
        ])
        .args(["--phases", "examples,coverage,fuzzing", "--max-examples", "40", "--seed", "20261207"])
        .args(["--workers", "1", "--request-timeout", "10", "--generation-database", "none", "--no-color"])
        .args(["--report", "junit", "--report-junit-path"])
        .arg(&report)
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .output()
        .await
        .expect("schemathesis runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    println!("{printed}");
    assert!(
        output.status.success(),
        "schemathesis found problems:\n{printed}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // it really exercised every operation
    let junit = std::fs::read_to_string(&report).unwrap_or_default();
    for operation in
        ["GET /api/v1/applications", "POST /api/v1/applications/{id}/decision", "GET /api/v1/teams"]
    {
        assert!(
            junit.contains(operation) || printed.contains(operation),
            "{operation} was not tested:\n{printed}"
        );
    }
}
on_both_engines!(schemathesis_finds_no_server_error_no_schema_violation_and_no_undocumented_status);
