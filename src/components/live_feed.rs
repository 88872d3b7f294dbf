//! The live feed of a page's newest sign-ups: "2 分钟前 136****8028 已报名".
//!
//! The list is rendered on the server, so without JavaScript a reload shows new sign-ups. With
//! JavaScript a few hundred bytes of inline script (no wasm) open the feed's event stream and put
//! each new line on top, keeping ten.

use leptos::prelude::*;

use crate::domain::feed::FeedTopic;
use crate::i18n::t;

/// Opens the stream named by the list's `data-feed` and prepends each line it sends. It waits
/// three seconds after the page has loaded: the feed must not compete with a slow phone's first
/// paint, and a page whose network never falls idle confuses tools that wait for it.
const SCRIPT: &str = r#"(()=>{const o=document.getElementById("live-feed");if(!o||!window.EventSource)return;const go=()=>{const s=new EventSource(o.dataset.feed);s.onmessage=(e)=>{const l=document.createElement("li");l.textContent=e.data;o.prepend(l);o.parentElement.querySelector(".feed-empty")?.remove();while(o.children.length>10)o.lastElementChild.remove();};};addEventListener("load",()=>setTimeout(go,3000));})();"#;

#[component]
pub fn LiveFeed(topic: FeedTopic, lines: Vec<String>) -> impl IntoView {
    let s = t();
    let empty = lines.is_empty().then(|| view! { <p class="meta feed-empty">{s.feed_empty}</p> });
    // the answer's nonce lets this one inline script past the Content-Security-Policy
    let nonce = leptos::nonce::use_nonce();
    view! {
        <section class="live-feed">
            <h2>{s.feed_title}</h2>
            {empty}
            <ol id="live-feed" aria-live="polite" data-feed=topic.url()>
                {lines.into_iter().take(10).map(|line| view! { <li>{line}</li> }).collect_view()}
            </ol>
            <script nonce=nonce inner_html=SCRIPT></script>
        </section>
    }
}
