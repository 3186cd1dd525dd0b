import Foundation
import Testing
@testable import TrustPressCore

/// The built-in stylesheet's colours meet WCAG 2.1 AA in both colour schemes. Each custom property
/// in `:root` says which pairs it is used in (`contrast: --fg on --bg, --bg2` for text, 4.5:1, SC
/// 1.4.3; `contrast-ui:` for borders and focus rings, 3:1, SC 1.4.11); the dark scheme overrides
/// some properties inside `@media (prefers-color-scheme: dark)` and inherits the rest.
@Suite("Stylesheet")
struct StylesheetTests {
    static let css: String = (try? String(contentsOf: Paths.templates.appendingPathComponent("assets/style.css"), encoding: .utf8)) ?? ""

    /// The text between the braces of the first block opened after `start`.
    static func block(after start: String, in text: String) -> String? {
        guard let at = text.range(of: start), let open = text[at.upperBound...].firstIndex(of: "{") else { return nil }
        var depth = 0, i = open
        while i < text.endIndex {
            if text[i] == "{" { depth += 1 }
            if text[i] == "}" { depth -= 1; if depth == 0 { return String(text[text.index(after: open)..<i]) } }
            i = text.index(after: i)
        }
        return nil
    }

    /// `--name: #rrggbb` declarations of a block.
    static func colours(_ block: String) -> [String: String] {
        let regex = /(--[\w-]+):\s*(#[0-9a-fA-F]{6})\b/
        return Dictionary(block.matches(of: regex).map { (String($0.1), String($0.2)) }, uniquingKeysWith: { _, b in b })
    }

    /// WCAG 2.1 relative luminance of `#rrggbb`.
    static func luminance(_ hex: String) -> Double {
        let v = Int(hex.dropFirst(), radix: 16) ?? 0
        let channels = [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff].map { c -> Double in
            let s = Double(c) / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }

    /// WCAG 2.1 contrast ratio, 1…21.
    static func ratio(_ a: String, _ b: String) -> Double {
        let (la, lb) = (luminance(a), luminance(b))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    @Test("The contrast formula gives WCAG's reference values", arguments: [
        ("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#767676", "#ffffff", 4.54), ("#1d4ed8", "#ffffff", 6.70),
    ])
    func formula(_ a: String, _ b: String, _ expected: Double) {
        #expect(abs(Self.ratio(a, b) - expected) < 0.01)
    }

    @Test("Every text/background and UI pair the stylesheet names meets AA in the light and the dark scheme")
    func pairsMeetAA() throws {
        let light = try #require(Self.block(after: ":root", in: Self.css))
        let dark = try #require(Self.block(after: "@media (prefers-color-scheme: dark)", in: Self.css))
        let lightColours = Self.colours(light)
        let darkColours = lightColours.merging(Self.colours(dark)) { _, d in d }
        // The colour contract shared with the other parts of the theme (issue 10).
        #expect(lightColours["--bg"] == "#ffffff" && lightColours["--ink"] == "#1b2430" && lightColours["--muted"] == "#4a5563")
        #expect(darkColours["--bg"] == "#0f1620" && darkColours["--ink"] == "#e5e9f0" && darkColours["--muted"] == "#aab4c3")
        #expect(lightColours["--accent"] == "#1d4ed8" && darkColours["--accent"] == "#7aa2ff")

        var checked = 0
        for match in light.matches(of: /(contrast(?:-ui)?):\s*(--[\w-]+) on ([^*;]+)/) {
            let minimum = match.1 == "contrast-ui" ? 3.0 : 4.5
            let fg = String(match.2)
            for bg in match.3.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                for (scheme, colours) in [("light", lightColours), ("dark", darkColours)] {
                    let f = try #require(colours[fg], "\(fg) has no colour"), b = try #require(colours[bg], "\(bg) has no colour")
                    let r = Self.ratio(f, b)
                    #expect(r >= minimum, "\(scheme): \(fg) \(f) on \(bg) \(b) is \(String(format: "%.2f", r)):1, needs \(minimum):1")
                    checked += 1
                }
            }
        }
        // ink, muted and accent on three backgrounds, buttons, borders, focus, five pills, banner, redaction.
        #expect(checked >= 40)
    }

    @Test("The stylesheet styles the classes the theme's templates and the shared contracts use")
    func classesStyled() {
        for selector in [".table-scroll", ".table-scroll:focus-visible", ".table-wrap", "details.group", ".pill", ".badge",
                         ".status-implemented", ".status-partially-implemented", ".status-planned", ".status-not-implemented",
                         ".badge-valid", ".badge-expiring", ".badge-expired", ".confidential-banner", "@media print",
                         "@media (prefers-color-scheme: dark)"] {
            #expect(Self.css.contains(selector), "style.css has no \(selector)")
        }
    }
}
