//! Loads the browser bundle for a page's islands on the person's first interaction with one.
//!
//! The islands work without JavaScript (they are real HTML forms), so nothing is lost while the
//! bundle is not there; a first visit downloads only HTML and CSS, and the ~72 KB (gzip) of
//! wasm and JS arrive while the person starts typing. Decided and measured in README.md ("Page weight").

use leptos::prelude::*;

const LOADER: &str = include_str!("island_loader.js");

#[component]
pub fn IslandLoader() -> impl IntoView {
    let options = use_context::<LeptosOptions>();
    let (pkg, name) = options
        .map(|o| (o.site_pkg_dir.to_string(), o.output_name.to_string()))
        .unwrap_or_else(|| ("pkg".into(), "shouwang".into()));
    let script = loader_script(&pkg, &name);
    // the answer's nonce lets this one inline script past the Content-Security-Policy
    let nonce = leptos::nonce::use_nonce();
    view! { <script type="module" nonce=nonce>{script}</script> }
}

/// The loader's exact text.
pub fn loader_script(pkg: &str, name: &str) -> String {
    format!("({LOADER})({pkg:?}, {name:?});")
}
