//! The partner API's OpenAPI 3.1 document, generated from the handlers and their types by
//! utoipa, and a plain HTML page that renders it (no script, so it works anywhere, and nothing
//! fetched from a CDN). What every operation shares — the bearer token, the problem answers
//! (401, 429, 500, 503; 400 where there is input, 404 where there is an id) — is added once
//! here rather than written on each handler.

use std::fmt::Write;
use std::sync::OnceLock;

use axum::response::{Html, IntoResponse, Response};
use serde_json::{json, Value};
use utoipa::OpenApi;

use super::{applications, catalogue, problem::ApiProblem, teams, webhooks};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "守望 Shouwang partner API",
        version = "1",
        description = "Campaigns, activities, trainings, applications, decisions and teams for partner systems. \
            Authenticate with `Authorization: Bearer sw_…` (a token a city admin creates under 合作方接口). \
            Times are RFC 3339 in UTC; ids are stable; errors are RFC 9457 problem details."
    ),
    paths(
        catalogue::campaigns, catalogue::campaign, catalogue::activities, catalogue::trainings,
        applications::list, applications::one, applications::decide, teams::list,
        webhooks::create, webhooks::list, webhooks::change, webhooks::remove, webhooks::deliveries,
    ),
    components(schemas(ApiProblem)),
    tags(
        (name = "catalogue", description = "What is public anyway: campaigns, activities, trainings"),
        (name = "applications", description = "Applications in the token's county, masked unless the token has the `full` scope"),
        (name = "teams", description = "Teams and their members"),
        (name = "webhooks", description = "Events pushed to the partner, signed, retried, logged"),
    )
)]
struct ApiDoc;

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

/// The document, built once.
pub fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_else(|_| json!({}));
        doc["components"]["securitySchemes"]["bearer"] = json!({
            "type": "http", "scheme": "bearer",
            "description": "A partner token (`sw_` and 40 characters), shown once when a city admin creates it.",
        });
        doc["security"] = json!([{ "bearer": [] }]);
        if let Some(paths) = doc["paths"].as_object_mut() {
            for (path, item) in paths.iter_mut() {
                let Some(operations) = item.as_object_mut() else { continue };
                let methods = ["get", "post", "put", "patch", "delete"];
                for (_, operation) in operations.iter_mut().filter(|(m, _)| methods.contains(&m.as_str())) {
                    let has_input = operation.get("parameters").is_some() || operation.get("requestBody").is_some();
                    let responses = &mut operation["responses"];
                    let mut add = |code: &str, description: &str| {
                        if responses.get(code).is_none() {
                            responses[code] = problem(description);
                        }
                    };
                    add("401", "No token, an unknown one, or a revoked one");
                    add("429", "Too many requests with this token; try again after `Retry-After` seconds");
                    add("500", "Something went wrong inside; the detail carries a request id");
                    add("503", "The database cannot answer right now; try again after `Retry-After` seconds");
                    if has_input {
                        add("400", "A parameter or the body could not be read");
                    }
                    if path.contains('{') {
                        add("404", "No such resource in the token's area");
                    }
                }
            }
        }
        doc
    })
}

pub async fn openapi_json() -> Response {
    axum::Json(document().clone()).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// A schema's type in a few words: `string`, `Campaign[]`, `integer | null` …
fn type_of(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference.rsplit('/').next().unwrap_or(reference).to_string();
    }
    if let Some(one_of) = schema.get("oneOf").and_then(Value::as_array) {
        return one_of.iter().map(type_of).collect::<Vec<_>>().join(" | ");
    }
    let kind = match schema.get("type") {
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" | "),
        Some(Value::String(kind)) => kind.clone(),
        _ => "any".into(),
    };
    match schema.get("items") {
        Some(items) => format!("{}[]", type_of(items)),
        None => kind,
    }
}

/// The document as a page: the operations with their parameters and answers, then the types.
pub async fn page() -> Html<String> {
    let doc = document();
    let mut out = String::from(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>接口文档 · 守望</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"/admin.css\"></head>\
         <body><main class=\"admin api-docs\">",
    );
    let info = &doc["info"];
    let _ =
        write!(out, "<h1>{}</h1><p>{}</p>", escape(text(info, "title")), escape(text(info, "description")));
    out.push_str("<p><a href=\"/api/v1/openapi.json\">openapi.json</a> (OpenAPI 3.1)</p><h2>Operations</h2>");
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let _ = write!(
                out,
                "<section class=\"card\" id=\"{id}\"><h3><code>{m} {p}</code></h3><p>{s}</p>",
                id = escape(text(op, "operationId")),
                m = method.to_uppercase(),
                p = escape(path),
                s = escape(text(op, "description").trim().lines().next().unwrap_or(text(op, "summary"))),
            );
            if let Some(params) = op.get("parameters").and_then(Value::as_array) {
                out.push_str("<table class=\"queue\"><thead><tr><th scope=\"col\">Parameter</th><th scope=\"col\">In</th><th scope=\"col\">Type</th><th scope=\"col\">Meaning</th></tr></thead><tbody>");
                for p in params {
                    let _ = write!(
                        out,
                        "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                        escape(text(p, "name")),
                        escape(text(p, "in")),
                        escape(&type_of(&p["schema"])),
                        escape(text(p, "description"))
                    );
                }
                out.push_str("</tbody></table>");
            }
            if let Some(body) = op.pointer("/requestBody/content/application~1json/schema") {
                let _ =
                    write!(out, "<p>Body: <code>{}</code> (application/json)</p>", escape(&type_of(body)));
            }
            out.push_str("<ul>");
            for (code, response) in op["responses"].as_object().into_iter().flatten() {
                let schema = response
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.values().next())
                    .map(|c| type_of(&c["schema"]))
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    "<li><code>{}</code> {} <code>{}</code></li>",
                    escape(code),
                    escape(text(response, "description")),
                    escape(&schema)
                );
            }
            out.push_str("</ul></section>");
        }
    }
    out.push_str("<h2>Types</h2>");
    for (name, schema) in doc["components"]["schemas"].as_object().into_iter().flatten() {
        let _ = write!(out, "<section class=\"card\" id=\"schema-{0}\"><h3>{0}</h3>", escape(name));
        if name == "Problem" {
            for kind in [
                "unauthorized",
                "forbidden",
                "not-found",
                "bad-request",
                "unprocessable",
                "rate-limited",
                "unavailable",
                "internal",
            ] {
                let _ = write!(out, "<p id=\"problem-{kind}\"><code>/api/v1/docs#problem-{kind}</code></p>");
            }
        }
        out.push_str("<table class=\"queue\"><tbody>");
        for (field, property) in schema["properties"].as_object().into_iter().flatten() {
            let _ = write!(
                out,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                escape(field),
                escape(&type_of(property)),
                escape(text(property, "description"))
            );
        }
        out.push_str("</tbody></table></section>");
    }
    out.push_str("</main></body></html>");
    Html(out)
}
