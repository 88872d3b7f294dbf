//! Sharing a public page: its link to copy, its QR code (for WeChat), Weibo and QQ links — each
//! tagged with its own `?src=` so a sign-up can say where it came from — and the Open Graph and
//! Twitter-card tags that make the link show as a card when it is pasted somewhere.
//!
//! Plain HTML: the link is a read-only text field a person can select and copy without any
//! script, and the QR code is drawn on the server (`server::qr`).

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::domain::share::{encode_query_value, with_source};
use crate::domain::ShareSource;
use crate::i18n::t;

/// The card image every shared page shows (1200×630, in `public/`).
pub const IMAGE_PATH: &str = "/og-image.png";

/// The portal's public address (`PUBLIC_URL`) without a trailing slash: the base of every
/// absolute link a page hands to other sites.
pub fn public_url() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::server::AppState>()
            .map(|state| state.settings.public_url.trim_end_matches('/').to_string())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        String::new()
    }
}

/// The QR code of `text` as SVG markup; empty in the browser, which never draws one.
fn qr_svg(text: &str, label: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        crate::server::qr::svg(text, label).map(|qr| qr.svg).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = (text, label);
        String::new()
    }
}

/// Weibo's share page for `url` with `title`.
pub fn weibo_link(url: &str, title: &str) -> String {
    format!(
        "https://service.weibo.com/share/share.php?url={}&title={}",
        encode_query_value(&with_source(url, ShareSource::Weibo)),
        encode_query_value(title),
    )
}

/// QQ's share page for `url` with `title` and `summary`.
pub fn qq_link(url: &str, title: &str, summary: &str) -> String {
    format!(
        "https://connect.qq.com/widget/shareqq/index.html?url={}&title={}&summary={}",
        encode_query_value(&with_source(url, ShareSource::Qq)),
        encode_query_value(title),
        encode_query_value(summary),
    )
}

/// The share block of a page. `url` is the page's absolute address, without a query.
#[component]
pub fn Share(url: String, title: String, summary: String) -> impl IntoView {
    let s = t();
    let qr = qr_svg(&with_source(&url, ShareSource::Qr), s.share_qr_label);
    let wechat = with_source(&url, ShareSource::Wechat);
    view! {
        <section class="share" aria-labelledby="share-title">
            <h2 id="share-title">{s.share_title}</h2>
            <label for="share-link">{s.share_link_label}</label>
            <input id="share-link" class="share-link" type="text" readonly
                value=with_source(&url, ShareSource::Copy) aria-describedby="share-link-hint"/>
            <p class="hint" id="share-link-hint">{s.share_link_hint}</p>
            <figure class="qr-figure share-qr">
                <div class="qr-code" inner_html=qr></div>
                <figcaption>{s.share_wechat_hint}" "<a href=wechat.clone() data-testid="wechat-link">{s.share_wechat_link}</a></figcaption>
            </figure>
            <ul class="share-links">
                <li><a href=weibo_link(&url, &title) target="_blank" rel="noopener noreferrer">{s.share_weibo}</a></li>
                <li><a href=qq_link(&url, &title, &summary) target="_blank" rel="noopener noreferrer">{s.share_qq}</a></li>
            </ul>
        </section>
    }
}

/// Open Graph and Twitter-card tags for a page (in `<head>`), all links absolute.
#[component]
pub fn SocialMeta(title: String, summary: String, url: String) -> impl IntoView {
    let s = t();
    let image = format!("{}{IMAGE_PATH}", public_url());
    view! {
        <Meta name="description" content=summary.clone()/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:site_name" content=s.site_name/>
        <Meta property="og:title" content=title.clone()/>
        <Meta property="og:description" content=summary.clone()/>
        <Meta property="og:url" content=url/>
        <Meta property="og:image" content=image.clone()/>
        <Meta property="og:image:width" content="1200"/>
        <Meta property="og:image:height" content="630"/>
        <Meta property="og:image:alt" content=s.share_image_alt/>
        <Meta name="twitter:card" content="summary_large_image"/>
        <Meta name="twitter:title" content=title/>
        <Meta name="twitter:description" content=summary/>
        <Meta name="twitter:image" content=image/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weibo_and_qq_links_carry_the_encoded_page_url_with_their_own_source() {
        let page = "https://v.example.cn/campaigns/expo";
        assert_eq!(
            weibo_link(page, "万人 志愿"),
            "https://service.weibo.com/share/share.php?url=https%3A%2F%2Fv.example.cn%2Fcampaigns%2Fexpo%3Fsrc%3Dweibo\
             &title=%E4%B8%87%E4%BA%BA%20%E5%BF%97%E6%84%BF"
        );
        let qq = qq_link(page, "t", "a&b");
        assert!(qq.starts_with("https://connect.qq.com/widget/shareqq/index.html?url="));
        assert!(qq.contains("expo%3Fsrc%3Dqq&title=t&summary=a%26b"), "{qq}");
    }

    #[test]
    fn the_share_block_works_without_script() {
        let html = view! {
            <Share url="https://v.example.cn/campaigns/expo".into() title="T".into() summary="S".into()/>
        }
        .to_html();
        assert!(
            html.contains("readonly")
                && html.contains("value=\"https://v.example.cn/campaigns/expo?src=copy\"")
        );
        assert!(html.contains("<label for=\"share-link\">"), "the field has a label");
        assert!(html.contains("href=\"https://v.example.cn/campaigns/expo?src=wechat\""));
        assert!(html.contains("<svg") && html.contains("class=\"qr\""), "the QR code is drawn on the server");
        assert!(!html.contains("<script"));
    }
}
