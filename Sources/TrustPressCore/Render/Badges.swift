import Foundation

/// Status badges, one SVG per certificate and attestation report, in the two-part style of
/// shields.io badges (label | message), written as `badges/<page base name>.svg` so a company can
/// embed them on its own site, in the site's language (`Strings`). Deterministic: text widths come
/// from a fixed table, not from fonts; dates on badges stay ISO 8601 in every language (short, unambiguous).
public enum Badges {
    /// One badge's content.
    public struct Badge: Sendable, Equatable {
        /// Left part: the framework's short name (`ISO 27001`).
        public let label: String
        /// Right part: the status on the build date (`Valid · until 2027-03-14`).
        public let message: String
        /// Background of the right part, `#rrggbb`; white text on it reaches 4.5:1.
        public let color: String
        /// File in the public tree, `badges/<page base name>.svg`.
        public let path: String
        /// What the badge says, in a sentence: its `<title>`, aria-label and the `<img>` alt text.
        public let text: String

        /// A badge; `text` defaults to `label: message`.
        public init(label: String, message: String, color: String, path: String, text: String? = nil) {
            self.label = label
            self.message = message
            self.color = color
            self.path = path
            self.text = text ?? "\(label): \(message)"
        }

        init(label: String, message: String, color: String, path: String, strings s: Strings) {
            self.init(label: label, message: message, color: color, path: path,
                      text: s.format("public.badge.text", ["label": label, "message": message]))
        }
    }

    /// Right-part colours by standing; every one has ≥ 4.5:1 against white text (BadgeTests).
    static let green = "#1a7f37", amber = "#9a6700", red = "#b42318", blue = "#1d4ed8", grey = "#555555"

    /// `badges/iso27001-2022-mn-2025-07.svg` for the page `iso27001-2022-mn-2025-07.html`.
    public static func path(forPage page: String) -> String {
        "badges/" + (page.hasSuffix(".html") ? String(page.dropLast(5)) : page) + ".svg"
    }

    /// A certificate's badge from the model's standing: valid green, expired red and saying
    /// "Expired", any other standing (expiring, surveillance audit overdue) amber.
    public static func certificate(_ cert: PublicCertification, strings s: Strings) -> Badge {
        let standing = cert.standing
        let arguments = ["standing": s.label(standing), "date": cert.certification.expires.description]
        let message: String
        let color: String
        switch standing {
        case .valid: (message, color) = (s.format("public.badge.until", arguments), green)
        case .expired: (message, color) = (s.format("public.badge.expired", arguments), red)
        case .expiring, .surveillanceOverdue: (message, color) = (s.format("public.badge.until", arguments), amber)
        }
        return Badge(label: cert.frameworkShortName, message: message, color: color, path: path(forPage: cert.page), strings: s)
    }

    /// An attestation report's badge: its type and report date (a report has no validity period).
    public static func attestation(_ a: PublicAttestation, strings s: Strings) -> Badge {
        Badge(label: a.frameworkName, message: s.format("public.badge.report", ["type": s.label(a.type), "date": a.reportDate.description]),
              color: blue, path: path(forPage: a.page), strings: s)
    }

    /// A declared program's badge (programs.yaml): its status, and since when if declared; grey for
    /// aligned, blue for in progress. Never green: no certificate or report stands behind it.
    public static func program(_ fw: PublicControlFramework, _ declared: DeclaredProgram, strings s: Strings) -> Badge {
        let status = s[declared.status == .aligned ? "public.index.program_aligned" : "public.index.program_in_progress"]
        let message = declared.since.map { s.format("public.badge.program_since", ["status": status, "date": $0.description]) } ?? status
        return Badge(label: fw.shortName, message: message, color: declared.status == .aligned ? grey : blue,
                     path: "badges/program-\(fw.framework).svg", strings: s)
    }

    /// The badge as a standalone SVG file, with `role="img"`, an aria-label and a `<title>`.
    public static func svg(_ badge: Badge) -> String {
        let (lw, rw) = parts(badge)
        let w = lw + rw
        let text = XML.escape(badge.text)
        // Text is drawn at 10× and scaled, as shields.io does, so half pixels stay exact.
        return """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="20" viewBox="0 0 \(w) 20" role="img" aria-label="\(text)">
        <title>\(text)</title>
        <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
        <clipPath id="r"><rect width="\(w)" height="20" rx="3" fill="#fff"/></clipPath>
        <g clip-path="url(#r)"><rect width="\(lw)" height="20" fill="\(grey)"/><rect x="\(lw)" width="\(rw)" height="20" fill="\(badge.color)"/><rect width="\(w)" height="20" fill="url(#s)"/></g>
        <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="110" transform="scale(.1)">
        <text x="\(lw * 5)" y="140">\(XML.escape(badge.label))</text>
        <text x="\(lw * 10 + rw * 5)" y="140">\(XML.escape(badge.message))</text>
        </g>
        </svg>

        """
    }

    /// Widths of the two parts: the text and 6 px padding on each side.
    static func parts(_ badge: Badge) -> (Int, Int) {
        (textWidth(badge.label) + 12, textWidth(badge.message) + 12)
    }

    /// The badge's width in pixels.
    public static func width(_ badge: Badge) -> Int {
        let (l, r) = parts(badge)
        return l + r
    }

    /// Approximate width in pixels of `text` in 11 px Verdana, from per-character advance widths
    /// (tenths of a pixel; unknown characters count as a wide letter). Rounded up.
    static func textWidth(_ text: String) -> Int {
        var tenths = 0
        for ch in text {
            if let w = widths[ch] { tenths += w; continue }
            if ch.isUppercase { tenths += 75 } else if ch.isLowercase { tenths += 62 } else if ch.isNumber { tenths += 70 } else { tenths += 75 }
        }
        return (tenths + 9) / 10
    }

    /// Verdana 11 px advance widths, tenths of a pixel, for the characters badges commonly use.
    static let widths: [Character: Int] = {
        var w: [Character: Int] = [" ": 39, "·": 39, ".": 39, ",": 39, ":": 45, "-": 46, "/": 46, "(": 46, ")": 46, "'": 27]
        for c in "0123456789" { w[c] = 70 }
        for c in "abcdeghknopqsuvxyz" { w[c] = 66 }
        for c in "fjrt" { w[c] = 43 }
        for c in "il" { w[c] = 30 }
        for c in "mw" { w[c] = 98 }
        for c in "ABCDEFGHKLNPRSTUVXYZ" { w[c] = 75 }
        for c in "IJ" { w[c] = 46 }
        for c in "MOQW" { w[c] = 90 }
        return w
    }()
}
