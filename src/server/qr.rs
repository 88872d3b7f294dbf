//! QR codes drawn on the server as inline SVG: a check-in code, a certificate's link to
//! `/verify/{serial}`. No script, no image request; the page prints the same text beside it.

use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the code, as the QR standard asks (4 modules).
const QUIET_ZONE: usize = 4;

/// A QR code ready for a page: the SVG markup, and the text it holds for people who cannot scan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrSvg {
    pub svg: String,
    pub text: String,
}

/// Draws `text` as a QR code (error correction M). The same text always gives the same SVG.
/// `label` names the picture for screen readers. `None` if the text is too long for a QR code.
pub fn svg(text: &str, label: &str) -> Option<QrSvg> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let size = width + 2 * QUIET_ZONE;
    let colors = code.to_colors();
    let mut path = String::with_capacity(width * width);
    // one rectangle per horizontal run of dark modules keeps the markup small
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            let run = row[x..].iter().take_while(|c| **c == Color::Dark).count();
            if run > 0 {
                path.push_str(&format!("M{} {}h{run}v1h-{run}z", x + QUIET_ZONE, y + QUIET_ZONE));
            }
            x += run.max(1);
        }
    }
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 {size} {size}\" \
         role=\"img\" aria-label=\"{label}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        label = escape(label),
    );
    Some(QrSvg { svg, text: text.to_string() })
}

/// Escapes text for an XML attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;

    /// Reads the SVG as XML: every tag closed by its own name, one root, nothing after it.
    fn root_elements(svg: &str) -> Vec<String> {
        let mut reader = quick_xml::Reader::from_str(svg);
        let (mut depth, mut roots) = (0usize, Vec::new());
        loop {
            match reader.read_event().expect("well-formed XML") {
                Event::Start(e) => {
                    if depth == 0 {
                        roots.push(e.name().into_inner().to_string());
                    }
                    depth += 1;
                }
                Event::End(_) => depth -= 1,
                Event::Empty(_) => assert!(depth > 0, "an element outside the root"),
                Event::Text(t) => {
                    let text: &str = t.as_ref();
                    assert!(text.trim().is_empty(), "text outside elements");
                }
                Event::Eof => break,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(depth, 0);
        roots
    }

    #[test]
    fn the_svg_is_well_formed_and_the_same_for_the_same_text() {
        let url = "https://volunteer.example.cn/verify/SW-AAAA-BBBB-CCCC-DDDD-EEEE-FFFF";
        let first = svg(url, "证书二维码 <\"&'>").unwrap();
        let second = svg(url, "证书二维码 <\"&'>").unwrap();
        assert_eq!(first, second, "deterministic");
        assert_eq!(first.text, url, "the text alternative is the content itself");
        assert_eq!(root_elements(&first.svg), ["svg"]);
        assert!(first.svg.contains("role=\"img\"") && first.svg.contains("aria-label=\"证书二维码 &lt;"));
        assert!(first.svg.matches("v1h-").count() > 100, "a real code has many dark runs");
    }

    #[test]
    fn different_texts_give_different_codes() {
        let a = svg("https://x.cn/verify/SW-A", "qr").unwrap();
        let b = svg("https://x.cn/verify/SW-B", "qr").unwrap();
        assert_ne!(a.svg, b.svg);
    }

    #[test]
    fn a_text_too_long_for_any_qr_code_gives_none() {
        assert_eq!(svg(&"x".repeat(8000), "qr"), None);
    }
}
