import Foundation

/// The one rule for the scheme of a URL that content can put into a link: Markdown links of every
/// form (checked by the validator, at the link's line) and raw HTML `href`/`src`/`cite` values
/// (removed by `HTMLSanitizer`).
public enum LinkScheme {
    /// The schemes a link may use; anything else (`javascript:`, `data:`, `file:`, `ftp:`, `ssh:`,
    /// `irc:`, `search-ms:`, `ms-msdt:` …) is refused.
    public static let allowed: Set<String> = ["http", "https", "mailto"]

    /// The scheme of `url` as a browser reads it — ASCII whitespace and control characters ignored
    /// (`java\tscript:`), lowercased — or nil for a relative URL (no ':' before the first '/', '?'
    /// or '#').
    public static func scheme(of url: String) -> String? {
        let compact = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
        guard let colon = compact.firstIndex(of: ":") else { return nil }
        let head = compact[..<colon]
        if head.contains(where: { "/?#".contains($0) }) { return nil }
        return head.lowercased()
    }

    /// Whether `url` is relative or uses an allowed scheme.
    public static func isAllowed(_ url: String) -> Bool {
        scheme(of: url).map(allowed.contains) ?? true
    }
}
