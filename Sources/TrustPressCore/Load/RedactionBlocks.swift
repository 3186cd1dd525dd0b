import Foundation

/// A policy body split at its redaction blocks.
///
/// Inside a policy, a fenced `::: confidential` … `:::` section is kept in the NDA bundle and
/// replaced on the public page by a notice. `:::` inside a code block (fenced or indented) or an
/// HTML block is text; which lines those are is asked of cmark-gfm itself, so CommonMark's rules
/// (a fence closed implicitly at the end of a list item, say) decide, not an approximation.
public enum PolicySegment: Sendable, Equatable {
    /// Markdown shown wherever the policy is shown.
    case markdown(String)
    /// Markdown kept for the bundle only.
    case confidential(String)
}

/// Splits policy bodies at redaction fences, failing closed: every line that *looks like* a fence
/// (`FenceShape`) is either a fence in a valid place or a `Problem`, never published text.
enum RedactionBlocks {
    /// Look-alikes of the characters a fence is written with — ':' and the letters of
    /// "confidential" — mapped to them. From Unicode's confusables data (UTS #39, `confusables.txt`,
    /// the prototypes ':', 'c', 'o', 'n', 'f', 'i', 'd', 'e', 't', 'a', 'l'). `fold` maps these
    /// *before* NFKD, because NFKD may fold a look-alike to something else: U+FE30 PRESENTATION FORM
    /// FOR VERTICAL TWO DOT LEADER is a ':' in confusables.txt but ".." after NFKD (issue 13 review,
    /// a fence written with it was published). Characters NFKD folds to a prototype need no entry
    /// (fullwidth and mathematical letters, the 'ﬁ' ligature, 'ⅽ' and 'ⅾ'), but are listed where
    /// confusables.txt names them (U+FE13, U+FE55, U+FF1A for ':').
    ///
    /// ':' — every source of prototype U+003A in confusables.txt: U+02D0, U+02F8, U+0589, U+05C3,
    /// U+0703, U+0704, U+0903, U+0A83, U+16EC, U+1803, U+1809, U+205A, U+2236, U+A4FD, U+A789,
    /// U+FE30, U+FF1A; and the compatibility forms U+FE13, U+FE55. Also U+2025 TWO DOT LEADER, whose
    /// NFKD is ".." like U+FE30's (the only other scalar with that decomposition, which
    /// `RedactionConfusableTests` checks over all of Unicode): a dot pair reads as a colon; and
    /// U+FE19 PRESENTATION FORM FOR VERTICAL HORIZONTAL ELLIPSIS ('︙', NFKD "..."), a colon of
    /// three dots (not in confusables.txt; listed to fail closed). Also not in confusables.txt but
    /// shaped like a colon (dots stacked, or a dot pair), found by the issue 13 review's probe:
    /// U+00A8 DIAERESIS, U+0F14 TIBETAN MARK GTER TSHEG, U+1361 ETHIOPIC WORDSPACE, U+1804
    /// MONGOLIAN COLON, U+1A1E BUGINESE PALLAWA, U+2058 FOUR DOT PUNCTUATION, U+2059 FIVE DOT
    /// PUNCTUATION, U+205D TRICOLON, U+205E VERTICAL FOUR DOTS, U+2803 BRAILLE PATTERN DOTS-12,
    /// U+2982 Z NOTATION TYPE COLON, U+2E2C SQUARED FOUR DOT PUNCTUATION, U+A6F4 BAMUM COLON,
    /// U+1D108 MUSICAL SYMBOL REPEAT DOTS. Vertical lines (U+2223 DIVIDES, an 'l' here) are not
    /// colons: `||| confidential` is not a fence either.
    /// Uppercase look-alikes are listed by their lowercase where that is itself a look-alike.
    static let confusables: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        let groups: [(Character, [UInt32])] = [
            (":", [0x02D0, 0x02F8, 0x0589, 0x05C3, 0x0703, 0x0704, 0x0903, 0x0A83, 0x16EC, 0x1803, 0x1809,
                   0x2025, 0x205A, 0x2236, 0xA4FD, 0xA789, 0xFE13, 0xFE19, 0xFE30, 0xFE55, 0xFF1A,
                   0x00A8, 0x0F14, 0x1361, 0x1804, 0x1A1E, 0x2058, 0x2059, 0x205D, 0x205E, 0x2803, 0x2982,
                   0x2E2C, 0xA6F4, 0x1D108]),
            ("a", [0x0251, 0x03B1, 0x0430, 0x237A, 0x0391, 0x0410, 0x13AA, 0xA4EE]),
            ("c", [0x03F2, 0x0441, 0x1D04, 0x2CA5, 0xABAF, 0x03F9, 0x0421, 0x13DF, 0xA4DA]),
            ("d", [0x0501, 0x13E7, 0x146F, 0xA4D2, 0x13A0, 0x15EA]),
            ("e", [0x0435, 0x04BD, 0x212E, 0xAB32, 0x0395, 0x0415, 0x13AC, 0xA4F0]),
            ("f", [0x017F, 0x0584, 0x1E9D, 0xA799, 0xAB35, 0x03DC, 0x15B4, 0xA4DD]),
            ("i", [0x0131, 0x0269, 0x026A, 0x037A, 0x03B9, 0x0456, 0x04CF, 0x1FBE, 0x13A5, 0xA647, 0x02DB, 0x1D09, 0x2373]),
            ("l", [0x01C0, 0x0399, 0x0406, 0x04C0, 0x05C0, 0x05D5, 0x05DF, 0x0627, 0x0661, 0x06F1, 0x07CA, 0x16C1,
                   0x2113, 0x2223, 0x23FD, 0x2C92, 0x2D4F, 0xFE8D, 0xFE8E, 0xFFE8, 0xA4E1]),
            ("n", [0x0578, 0x057C, 0x0274, 0x039D, 0xA4E0]),
            ("o", [0x03BF, 0x043E, 0x0585, 0x05E1, 0x0647, 0x0665, 0x06BE, 0x06C1, 0x06F5, 0x0966, 0x09E6, 0x0A66,
                   0x0AE6, 0x0B66, 0x0BE6, 0x0C02, 0x0C66, 0x0C82, 0x0CE6, 0x0D02, 0x0D20, 0x0D66, 0x0D82, 0x0E50,
                   0x0ED0, 0x101D, 0x1040, 0x1D0F, 0x2C9F, 0x039F, 0x041E, 0x0555, 0x3007, 0xA4F3]),
            ("t", [0x03C4, 0x0442, 0x1D1B, 0x03A4, 0x0422, 0x13A2, 0xA4D4]),
        ]
        for (ascii, scalars) in groups {
            for s in scalars { table[s] = ascii.asciiValue! }
        }
        return table
    }()

    /// `line` as compared for fence look-alikes: compatibility-decomposed (NFKD), without default
    /// ignorable code points (zero-width joiners, direction marks, variation selectors) and combining
    /// marks, confusables folded to their ASCII prototype, lowercased, every run of whitespace one
    /// space. The ASCII look-alikes ('0' for 'o'; '1', '|' and 'I' for 'l') are left alone here and
    /// only folded where a word is compared (`resembles`), so that '|' still reads as a table marker.
    static func fold(_ line: Substring) -> [UInt8] {
        // A colon written as a character reference (`&#58;`, `&#x3A;`, `&colon;`) renders as ':'.
        if line.utf8.contains(UInt8(ascii: "&")) {
            let decoded = decodingColonReferences(line)
            if decoded != line { return fold(Substring(decoded)) }
        }
        var out: [UInt8] = []
        out.reserveCapacity(line.utf8.count)
        func space() { if out.last != 0x20 { out.append(0x20) } }
        if line.utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in line.utf8 {
                switch byte {
                case 0x09, 0x0B, 0x0C, 0x0D, 0x20: space()
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte + 32)
                default: out.append(byte)
                }
            }
            return out
        }
        // Look-alikes first (before NFKD, which would fold U+FE30 to ".."), then NFKD.
        var premapped = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            if let ascii = confusables[scalar.value] { premapped.append(Unicode.Scalar(ascii)) } else { premapped.append(scalar) }
        }
        for scalar in String(premapped).decomposedStringWithCompatibilityMapping.unicodeScalars {
            let p = scalar.properties
            if scalar.value < 0x80 {
                let byte = UInt8(scalar.value)
                if p.isWhitespace { space() } else { out.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte) }
                continue
            }
            // Blank characters that are not White_Space (the braille blank) count as spaces.
            if p.isWhitespace || scalar.value == 0x2800 { space(); continue }
            // Before marks are dropped: some colon look-alikes are marks (Devanagari visarga).
            if let ascii = confusables[scalar.value] { out.append(ascii); continue }
            if p.isDefaultIgnorableCodePoint { continue }
            switch p.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark:
                // A mark with no letter to sit on (line start, after a space or a colon) is drawn
                // on its own; the visarga signs (ঃ ਃ ః ཿ း) look like ':'.
                if out.isEmpty || out.last == 0x20 || out.last == UInt8(ascii: ":") { out.append(UInt8(ascii: ":")) }
                continue
            case .format: continue
            // Punctuation and mathematical symbols outside the table (⋮ ⫶ ፥ ܆ 𒑱 …) may be drawn as
            // dots; read as ':' so that they count where a fence's colons would stand. Bullets and
            // quotation marks (other categories) stay what they are.
            case .otherPunctuation where !bullets.contains(scalar.value), .mathSymbol:
                out.append(UInt8(ascii: ":"))
                continue
            // Symbols made of dots (APL's quad colon ⍠); other symbols, emoji among them, stay.
            case .otherSymbol where scalar.value == 0x2360:
                out.append(UInt8(ascii: ":"))
                continue
            default: break
            }
            // Lowercased first, so one entry serves both cases where the lowercase is itself a look-alike.
            for lower in p.lowercaseMapping.unicodeScalars {
                if let ascii = confusables[lower.value] {
                    out.append(ascii)
                } else {
                    out.append(contentsOf: String(lower).utf8)  // anything else non-ASCII stays itself
                }
            }
        }
        return out
    }

    /// Bullets written as text ("• Confidential"), which are not colon look-alikes.
    private static let bullets: Set<UInt32> = [0x2022, 0x2023, 0x2043, 0x204C, 0x204D, 0x2219, 0x25E6, 0x00B7, 0x30FB]

    /// `line` with the character references that render as ':' (`&#58;`, `&#x3a;` with any zero
    /// padding or case, `&colon;`) replaced by ':'.
    static func decodingColonReferences(_ line: Substring) -> String {
        var out = ""
        var rest = line[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let tail = rest[amp...]
            if let semicolon = tail.prefix(12).firstIndex(of: ";") {
                let name = tail[tail.index(after: amp)..<semicolon].lowercased()
                var value: Int?
                if name == "colon" { value = 58 }
                else if name.hasPrefix("#x") { value = Int(name.dropFirst(2), radix: 16) }
                else if name.hasPrefix("#") { value = Int(name.dropFirst()) }
                if value == 58 {
                    out += ":"
                    rest = tail[tail.index(after: semicolon)...]
                    continue
                }
            }
            out += "&"
            rest = tail.dropFirst()
        }
        return out + rest
    }

    /// Whether `line` must be folded to judge its `FenceShape`: any line that is not ASCII; an ASCII
    /// line only with a ':' or, when its text names the word (`typos`, `mentionsConfidentialWord`),
    /// with any punctuation that can stand for a colon (`;`, `.`, a character reference's `&`).
    static func needsFold(_ line: Substring, typos: Bool) -> Bool {
        var ascii = true
        for byte in line.utf8 {
            if byte >= 0x80 { ascii = false; break }
            if byte == UInt8(ascii: ":") { return true }
            if typos, byte == UInt8(ascii: ";") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "&") { return true }
        }
        return !ascii
    }

    /// Parts of "confidential" (lowercased) of which a typo of the word keeps at least one.
    private static let confidentialGrams: [[UInt8]] = ["onfi", "nfid", "fide", "iden", "dent", "enti", "ntia", "tial"].map { Array($0.utf8) }

    /// Whether `text` holds, case ignored, a part of the word "confidential" (so a line of it may
    /// be a fence typo such as `::; confidential`).
    static func mentionsConfidentialWord(_ text: String) -> Bool {
        var lower = [UInt8](text.utf8)
        for i in lower.indices where lower[i] >= 0x41 && lower[i] <= 0x5A { lower[i] += 32 }
        return lower.withUnsafeBufferPointer { bytes in
            confidentialGrams.contains { gram in
                var i = 0
                while i + gram.count <= bytes.count {
                    if bytes[i] == gram[0], bytes[i + 1] == gram[1], bytes[i + 2] == gram[2], bytes[i + 3] == gram[3] { return true }
                    i += 1
                }
                return false
            }
        }
    }

    /// False when no line of `text` can look like a fence: no two ':' (or look-alikes, `fold`'s
    /// view) with nothing but whitespace, invisible characters or marks between them on one line.
    /// One pass over the bytes of an ASCII text; over the scalars of any other.
    static func mayHoldFence(_ text: String) -> Bool {
        func ascii(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
            var afterColon = false
            for byte in bytes {
                if byte == UInt8(ascii: ":") {
                    if afterColon { return true }
                    afterColon = true
                } else if byte >= 0x80 {
                    return nil  // not ASCII: read the scalars
                } else if !(byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D) {
                    afterColon = false
                }
            }
            return false
        }
        var copy = text
        if let answer = copy.withUTF8(ascii) { return answer }
        var afterColon = false
        for scalar in text.unicodeScalars {
            // U+2A74 '⩴' decomposes (NFKD) to "::=".
            if scalar.value == 0x2A74 { return true }
            if scalar == ":" || confusables[scalar.value] == UInt8(ascii: ":") {
                if afterColon { return true }
                afterColon = true
                continue
            }
            if scalar.value < 0x80 {
                if !(scalar == " " || scalar == "\t" || scalar.value == 0x0B || scalar.value == 0x0C || scalar == "\r") { afterColon = false }
                continue
            }
            let p = scalar.properties
            switch p.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark, .format: continue
            default: break
            }
            if p.isWhitespace || p.isDefaultIgnorableCodePoint || scalar.value == 0x2800 { continue }
            afterColon = false
        }
        return false
    }

    /// How a line resembles a redaction fence, judged on its `fold`.
    enum FenceShape: Equatable {
        /// Nothing like a fence.
        case none
        /// After any list, heading, quote or table markers, the line starts with three colons
        /// (spaces between them allowed): a fence, or one in the wrong place.
        case leadingColons
        /// Somewhere in the line, two or more colons followed by a word that resembles
        /// "confidential" (at most 3 edits, look-alikes folded).
        case mentionsConfidential
    }

    /// The fence shape of a line from its fold.
    static func shape(ofFolded f: [UInt8]) -> FenceShape {
        if mentionsConfidential(f) { return .mentionsConfidential }
        // Skip what may stand before a fence in a container or inline: whitespace, punctuation other
        // than ':', digits (`1.`), task-list boxes (`[x]`) and non-letters.
        var i = 0
        while i < f.count {
            let b = f[i]
            if b == UInt8(ascii: "["), i + 2 < f.count, f[i + 1] == UInt8(ascii: "x"), f[i + 2] == UInt8(ascii: "]") { i += 3; continue }
            if b == UInt8(ascii: ":") || isLetter(b) { break }
            i += 1
        }
        var colons = 0
        while i < f.count, f[i] == UInt8(ascii: ":") || f[i] == 0x20 {
            if f[i] == UInt8(ascii: ":") { colons += 1 }
            i += 1
        }
        return colons >= 3 ? .leadingColons : .none
    }

    /// ASCII letters and every non-ASCII byte (a letter of some script, for this purpose).
    private static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || b >= 0x80
    }

    private static func mentionsConfidential(_ f: [UInt8]) -> Bool {
        if punctuationBeforeConfidential(f) { return true }
        var i = 0
        while i < f.count {
            guard f[i] == UInt8(ascii: ":") else { i += 1; continue }
            // A run of colons, spaces between them allowed.
            let start = i
            var colons = 0, j = i
            while j < f.count, f[j] == UInt8(ascii: ":") || f[j] == 0x20 {
                if f[j] == UInt8(ascii: ":") { colons += 1 }
                j += 1
            }
            // Two colons glued to a word before them are a name (`Foo::Confidential`), not a fence.
            let glued = start > 0 && (isLetter(f[start - 1]) || (f[start - 1] >= 0x30 && f[start - 1] <= 0x39))
            if colons >= 3 || (colons == 2 && !glued), resembles(f[j...]) { return true }
            i = max(j, i + 1)
        }
        return false
    }

    /// A fence typo at the start of a line (after list, quote, heading and table markers): a run of
    /// punctuation with a colon, semicolon or full stop in it (`::;`, `:.:`, `;;;`, `...`, `::-`,
    /// `\:\:\:`), or a single ':' or ';', right before a word that resembles "confidential". Bold,
    /// quotes, brackets and a list's own marker (`**Confidential**`, `'Confidential'`,
    /// `(Confidential)`, `1. Confidential`) are not fence typos.
    private static func punctuationBeforeConfidential(_ f: [UInt8]) -> Bool {
        var i = 0
        func at(_ k: Int) -> UInt8 { k < f.count ? f[k] : 0 }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        // Markers of containers.
        while i < f.count {
            let b = f[i]
            if b == 0x20 || b == UInt8(ascii: ">") || b == UInt8(ascii: "#") || b == UInt8(ascii: "|") { i += 1; continue }
            if (b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: "*")) && at(i + 1) == 0x20 { i += 2; continue }
            if b == UInt8(ascii: "["), at(i + 2) == UInt8(ascii: "]"), at(i + 1) == 0x20 || at(i + 1) == UInt8(ascii: "x") { i += 3; continue }
            if isDigit(b) {
                var j = i
                while isDigit(at(j)) { j += 1 }
                if (at(j) == UInt8(ascii: ".") || at(j) == UInt8(ascii: ")")) && at(j + 1) == 0x20 { i = j + 2; continue }
            }
            break
        }
        let start = i
        var run = 0
        var colonish = false
        while i < f.count, !isLetter(f[i]), !isDigit(f[i]) {
            if f[i] != 0x20 {
                run += 1
                if f[i] == UInt8(ascii: ":") || f[i] == UInt8(ascii: ";") || f[i] == UInt8(ascii: ".") { colonish = true }
            }
            i += 1
        }
        guard colonish, i < f.count else { return false }
        let first = f[start..<i].first { $0 != 0x20 }
        guard run >= 2 || first == UInt8(ascii: ":") || first == UInt8(ascii: ";") else { return false }
        return resembles(f[i...])
    }

    private static let target = Array("confidential".utf8)

    /// Whether the letters at the start of `rest` (spaces skipped, look-alike ASCII folded, up to
    /// twelve) are within 3 edits of "confidential".
    private static func resembles(_ rest: ArraySlice<UInt8>) -> Bool {
        var letters: [UInt8] = []
        for b in rest {
            if letters.count == target.count { break }
            if b == 0x20 { continue }
            if b == UInt8(ascii: "0") { letters.append(UInt8(ascii: "o")) }
            else if b == UInt8(ascii: "1") || b == UInt8(ascii: "|") { letters.append(UInt8(ascii: "l")) }
            else if isLetter(b) { letters.append(b) }
            else { break }
        }
        guard letters.count >= target.count - 3 else { return false }
        // 'i' and 'l' look alike (I, l, 1, |): compare with them folded together.
        func key(_ b: UInt8) -> UInt32 { b == UInt8(ascii: "l") ? UInt32(UInt8(ascii: "i")) : UInt32(b) }
        return Suggestion.distance(letters.map(key), target.map(key), atMost: 3) != nil
    }

    /// The 1-based lines of `text` that look like a fence (`FenceShape`, on the same fold as policy
    /// bodies), whatever their context: for text where no fence is allowed, such as the YAML fields
    /// that reach the public site. Linear; no Markdown parse.
    static func fenceLines(in text: String) -> [Int] {
        let typos = mentionsConfidentialWord(text)
        guard typos || mayHoldFence(text) else { return [] }
        var found: [Int] = []
        for (i, line) in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let line = Substring(line)
            guard needsFold(line, typos: typos) else { continue }
            if shape(ofFolded: fold(line)) != .none { found.append(i + 1) }
        }
        return found
    }

    struct Problem: Error, Equatable {
        /// 1-based line within the text that was split.
        var line: Int
        var message: String
    }

    /// `body` as the public page shows it, line for line: every line of a confidential block (its
    /// fences included) left empty, so checks of the public text report lines of the file. Nil when
    /// the body has no confidential block or a fence problem.
    static func publicView(_ body: String) -> String? {
        let (_, problems, blocks) = scan(body)
        guard problems.isEmpty, !blocks.isEmpty else { return nil }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        for block in blocks {
            for n in block where n >= 1 && n <= lines.count { lines[n - 1] = "" }
        }
        return lines.joined(separator: "\n")
    }

    static let disguisedMessage = "this ':::' line contains invisible or look-alike characters; write the fence as plain '::: confidential' or ':::'"
    static let misplacedMessage = "a redaction fence ('::: confidential' or ':::') must be a line of its own, indented by at most 3 spaces (not inside a list item, heading, table or block quote, and not after other text)"
    static let malformedMessage = "this line looks like a redaction fence but is not one; write '::: confidential' (three colons, one space, lowercase) to open a block and ':::' to close it"

    /// Splits `body`, whose first line is line `firstLine` of its file (for messages).
    /// - Throws: `Problem` for an unterminated block, a nested block, a stray closing `:::`, an
    ///   opening fence with a word other than `confidential` (fail closed on typos like
    ///   `::: confidental`), and any other line that looks like a fence (`FenceShape`): in a list
    ///   item, heading, table, block quote, HTML or code block, written with other spacing, case or
    ///   look-alike characters. Only a bare `:::` (or `::: word` without a look-alike of
    ///   "confidential") inside a code block is text.
    static func split(_ body: String, firstLine: Int = 1) throws -> [PolicySegment] {
        let (segments, problems, _) = scan(body, firstLine: firstLine)
        if let first = problems.first { throw first }
        return segments
    }

    /// `split`, reporting every problem of the body instead of the first: a line with a problem is
    /// left out of the segments (they are only meaningful when there is no problem).
    /// - Returns: also the lines (numbered like `problems`) of each confidential block, its fences included.
    static func scan(_ body: String, firstLine: Int = 1) -> (segments: [PolicySegment], problems: [Problem], blocks: [ClosedRange<Int>]) {
        var blocks: [ClosedRange<Int>] = []
        var problems: [Problem] = []
        // Every fence look-alike has two colons with at most spaces between them; an ASCII body
        // without that needs no further look (most bodies: one byte scan).
        // A body that names the word may hold a fence typo (`::; confidential`) without two colons.
        let typos = mentionsConfidentialWord(body)
        guard typos || mayHoldFence(body) else { return ([.markdown(body)], [], []) }
        let lines = body.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        // First pass, without a Markdown parse: which lines look like a fence at all. Every such line
        // has two colons (or look-alikes) in its fold; an ASCII line without ':' is skipped unfolded.
        var shapes: [FenceShape] = []
        var any = false
        for line in lines {
            guard needsFold(line, typos: typos) else { shapes.append(.none); continue }
            let s = shape(ofFolded: fold(line))
            shapes.append(s)
            if s != .none { any = true }
        }
        guard any else { return ([.markdown(body)], [], []) }

        // Which lines cmark-gfm reads as code (1) or HTML (2), by 1-based line.
        var kind = [UInt8](repeating: 0, count: lines.count + 2)
        for block in Markdown.literalBlockLines(in: body) {
            let upper = min(block.lines.upperBound, lines.count)
            guard block.lines.lowerBound <= upper else { continue }
            for n in block.lines.lowerBound...upper { kind[n] = block.isHTML ? 2 : 1 }
        }

        var segments: [PolicySegment] = []
        var current: [Substring] = []
        var openedAt: Int?
        // After a refused opening fence, the next ':::' is taken as its close, so one typo gives one
        // error rather than a second one for the close.
        var refusedOpening = false
        func flush() {
            guard !current.isEmpty else { return }
            let text = current.joined(separator: "\n")
            segments.append(openedAt == nil ? .markdown(text) : .confidential(text))
            current = []
        }

        for (i, line) in lines.enumerated() {
            let number = i + firstLine
            let shape = shapes[i]
            guard shape != .none else { current.append(line); continue }
            let opensSomething = shape == .mentionsConfidential
                || line.drop(while: { $0 == " " }).drop(while: { $0 == ":" }).contains { !$0.isWhitespace }
            let problemsBefore = problems.count
            defer { if problems.count > problemsBefore, opensSomething, openedAt == nil { refusedOpening = true } }
            // Inside a raw HTML block the fence would be swallowed and its text published: fail closed.
            if kind[i + 1] == 2 {
                problems.append(Problem(line: number, message: "':::' is inside an HTML block, so it would not be read as a redaction fence; put a blank line before it"))
                continue
            }
            // Inside a code block (an unclosed fence runs to the end of the file; 4 spaces or a tab
            // start indented code) the section would be published as code. A bare ':::' is code.
            if kind[i + 1] == 1 {
                if shape == .mentionsConfidential {
                    problems.append(Problem(line: number, message: "'::: confidential' is inside a code block, so the section would be published as code; close the code block before it, and indent the fence by at most 3 spaces"))
                    continue
                }
                current.append(line)
                continue
            }
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            let ascii = line.utf8.allSatisfy { $0 < 0x80 }
            if ascii, indent < 4, trimmed.hasPrefix(":::") {
                let full = trimmed.drop { $0 == ":" }.trimmingCharacters(in: .whitespaces)
                // Echoed in messages: cut to a readable length (a line may be 20,000 bytes).
                let word = full.count > 40 ? String(full.prefix(39)) + "…" : full
                if word.isEmpty {
                    guard openedAt != nil else {
                        if refusedOpening { refusedOpening = false; continue }
                        problems.append(Problem(line: number, message: "':::' closes no '::: confidential' block"))
                        continue
                    }
                    if let start = openedAt { blocks.append(start...number) }
                    flush()
                    openedAt = nil
                    continue
                }
                guard word == "confidential" else {
                    if word.lowercased() == "confidential" {
                        problems.append(Problem(line: number, message: "'::: \(word)' is not a redaction fence; write it in lowercase: '::: confidential'"))
                        continue
                    }
                    problems.append(Problem(line: number, message: "unknown block '::: \(word)'; the only block is '::: confidential'"))
                    continue
                }
                if let start = openedAt {
                    problems.append(Problem(line: number, message: "'::: confidential' blocks cannot be nested (the block opened on line \(start) is still open)"))
                    continue
                }
                flush()
                openedAt = number
                continue
            }
            // A fence that is valid once its invisible or look-alike characters are removed.
            if !ascii {
                let whole = fold(line).filter { $0 != 0x20 }
                if whole == Array(":::confidential".utf8) || whole == Array(":::".utf8) {
                    problems.append(Problem(line: number, message: disguisedMessage))
                    continue
                }
            }
            // A fence behind a block-quote marker is not a fence; its text would be published.
            if trimmed.hasPrefix(">") {
                problems.append(Problem(line: number, message: "'::: confidential' inside a block quote is not a redaction fence; start the line with ':::'"))
                continue
            }
            // Colons with other spacing or count, or a fence mentioned after other text, at the
            // start of a line: meant as a fence, but not one.
            if indent < 4, let first = trimmed.unicodeScalars.first, first == ":" || RedactionBlocks.confusables[first.value] == UInt8(ascii: ":")
                || first.properties.isDefaultIgnorableCodePoint {
                problems.append(Problem(line: number, message: ascii ? malformedMessage : disguisedMessage))
                continue
            }
            // Anything else that looks like a fence (in a list item, a heading, a table, indented by a
            // tab or 4+ spaces, after text) would be published as text, with the section it meant to hide.
            problems.append(Problem(line: number, message: misplacedMessage))
        }
        if let start = openedAt {
            problems.append(Problem(line: start, message: "'::: confidential' block is never closed; add a line ':::' after it"))
        }
        flush()
        return (segments, problems, blocks)
    }
}
