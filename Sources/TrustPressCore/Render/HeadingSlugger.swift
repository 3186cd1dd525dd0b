import Foundation

/// Heading ids as GitHub writes them (the rules of github-slugger, which GitHub's Markdown
/// renderer follows), so a `policy.md#access-reviews` link written while reading the policy on
/// GitHub also works on the trust center:
/// - lowercase; letters, marks and digits of every script kept (`Über` → `über`);
/// - `-` and `_` kept, each space becomes `-` (no collapsing: `a  b` → `a--b`);
/// - every other character (punctuation, symbols, emoji, control characters) dropped;
/// - a repeated id gets `-1`, `-2`, … in document order (`scope`, `scope-1`).
///
/// An id that would collide with one of the page's own (`main`, the footnotes' `fn-<label>` and
/// `fnref-<label>`) is treated as taken, so the heading gets the next suffix. An empty id (a
/// heading of punctuation only) becomes `section`; `fnref-<label>` becomes `fnref-<label>-heading`
/// (every numbered suffix of it is a back-reference id).
public struct HeadingSlugger: Sendable {
    /// Ids the policy templates of both trees use on every page.
    public static let pageIDs: Set<String> = ["main"]

    private var occurrences: [String: Int] = [:]
    private let reserved: Set<String>
    private let footnotes: [String]

    /// - Parameters:
    ///   - reserved: ids the page uses itself.
    ///   - footnotes: the document's footnote labels (their `fn-`/`fnref-` ids are taken).
    public init(reserved: Set<String> = pageIDs, footnotes: [String] = []) {
        self.reserved = reserved
        self.footnotes = footnotes
    }

    /// The id for a heading whose text is `text` (unique among the ids given out so far).
    public mutating func slug(_ text: String) -> String {
        var base = Self.slug(text)
        if base.isEmpty { base = "section" }
        // `fnref-<label>-<n>` are the footnote's back-references for every n, so no numeric suffix
        // can free `fnref-<label>`: such a heading leaves that family first.
        if footnotes.contains(where: { base == "fnref-" + $0 }) { base += "-heading" }
        var result = base
        while occurrences[result] != nil || isTaken(result) {
            let n = (occurrences[base] ?? 0) + 1
            occurrences[base] = n
            result = "\(base)-\(n)"
        }
        occurrences[result] = 0
        return result
    }

    /// The GitHub slug of `text`, not de-duplicated.
    public static func slug(_ text: String) -> String {
        // Most headings are ASCII: the same rules on bytes, without Unicode property look-ups.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for b in text.utf8 {
                switch b {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): bytes.append(b)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(b + 32)
                case UInt8(ascii: " "), UInt8(ascii: "-"): bytes.append(UInt8(ascii: "-"))
                default: continue
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " || scalar == "-" { out.append("-"); continue }
            if scalar == "_" { out.append(scalar); continue }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                out.append(scalar)
            default:
                continue
            }
        }
        return String(out)
    }

    private func isTaken(_ id: String) -> Bool {
        if reserved.contains(id) { return true }
        for label in footnotes {
            if id == "fn-" + label || id == "fnref-" + label { return true }
            // Second and later references to one footnote: `fnref-<label>-2`, …
            let prefix = "fnref-" + label + "-"
            if id.hasPrefix(prefix), id.dropFirst(prefix.count).allSatisfy(\.isASCII), Int(id.dropFirst(prefix.count)) != nil { return true }
        }
        return false
    }
}
