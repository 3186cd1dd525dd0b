import Foundation

/// File-name slugs: lowercase ASCII letters, digits and '-'. Non-ASCII letters are folded
/// (é → e) and anything else becomes '-'.
public enum Slug {
    public static func make(_ text: String) -> String {
        let folded = text.applyingTransformFoldingDiacritics().lowercased()
        var out = ""
        for ch in folded.unicodeScalars {
            if ch.isASCII && (CharacterSetASCII.alnum(ch)) { out.unicodeScalars.append(ch) }
            else if !out.hasSuffix("-") && !out.isEmpty { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    /// A slug that is never empty (falls back to "page").
    static func nonEmpty(_ text: String) -> String {
        let s = make(text)
        return s.isEmpty ? "page" : s
    }
}

enum CharacterSetASCII {
    static func alnum(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("0"..."9").contains(c)
    }
}


extension String {
    func applyingTransformFoldingDiacritics() -> String {
        folding(options: [.diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
    }
}
