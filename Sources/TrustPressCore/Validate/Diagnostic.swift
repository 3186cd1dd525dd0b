/// One problem found in the content, printed compiler-style:
/// `path:line:column: error: message`, then `note:` lines (suggestions).
public struct Diagnostic: Sendable, Equatable, Comparable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable, Codable {
        case error, warning, note
        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// Path as given to the builder (relative to the working folder when the content path is).
    public var path: String
    /// 1-based; 0 when the problem concerns the whole file.
    public var line: Int
    /// 1-based, in Unicode scalars; 0 when unknown.
    public var column: Int
    public var severity: Severity
    public var message: String
    /// Follow-up lines, each printed as `path:line:column: note: …`.
    public var notes: [String]

    public init(path: String, line: Int = 0, column: Int = 0, severity: Severity = .error,
                message: String, notes: [String] = []) {
        self.path = path
        self.line = line
        self.column = column
        self.severity = severity
        self.message = message
        self.notes = notes
    }

    /// The compiler-style text, one line per message and note.
    public var description: String {
        var location = path
        if line > 0 { location += ":\(line)" + (column > 0 ? ":\(column)" : "") }
        var lines = ["\(location): \(severity.rawValue): \(message)"]
        lines += notes.map { "\(location): note: \($0)" }
        return lines.joined(separator: "\n")
    }

    /// Sorted by file, then position, then severity and text, so output is stable.
    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.path, a.line, a.column, a.severity, a.message) < (b.path, b.line, b.column, b.severity, b.message)
    }
}

/// Thrown by a stage when it found errors; carries every diagnostic of the run, not only the first.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics.sorted() }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics across stages.
public struct DiagnosticLog: Sendable {
    public private(set) var all: [Diagnostic] = []
    public init() {}

    public mutating func add(_ d: Diagnostic) { all.append(d) }

    public mutating func error(_ path: String, _ line: Int = 0, _ column: Int = 0, _ message: String,
                               notes: [String] = []) {
        add(Diagnostic(path: path, line: line, column: column, severity: .error, message: message, notes: notes))
    }

    public mutating func warning(_ path: String, _ line: Int = 0, _ column: Int = 0, _ message: String,
                                 notes: [String] = []) {
        add(Diagnostic(path: path, line: line, column: column, severity: .warning, message: message, notes: notes))
    }

    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Throws every collected diagnostic when any is an error.
    public func throwIfErrors() throws {
        if hasErrors { throw DiagnosticsError(all) }
    }
}

/// Content quoted in a message, cut to a readable length: a 1 MB unknown id is not echoed whole,
/// and a line break or control character inside it cannot split the one-line diagnostic.
public enum Excerpt {
    /// Characters of the value kept before "…".
    public static let maximumLength = 80

    /// `text` with control characters and Unicode line breaks written as escapes (`\n`,
    /// `\u{2028}`), cut after `maximumLength` characters with "…" appended.
    public static func cut(_ text: String) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == maximumLength { return out + "…" }
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                // Invisible format characters (zero-width space, bidi controls, BOM) too: a key
                // 'name' followed by U+200B must not print as 'name'.
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
                    || scalar.properties.generalCategory == .format {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        return out
    }

    /// `'text'`, cut as by `cut`.
    public static func quoted(_ text: String) -> String { "'" + cut(text) + "'" }

    /// How many items a list in one message shows before "and N more".
    public static let listLimit = 10

    /// The first `limit` items joined by ", ", then " and N more" for the rest: a message stays
    /// readable however long the list (93 undecided Annex A controls, 61 uncovered criteria).
    /// Twelve ids give `"A.5.1, A.5.2, A.5.3, … A.5.10 and 2 more"` (ten shown).
    public static func list(_ items: [String], limit: Int = listLimit) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
    }
}

/// "did you mean" for identifiers: the closest candidate by edit distance, if close enough.
///
/// Bounded (linear in the candidates, whatever the input): a word longer than `maximumWordLength`
/// gets no suggestion, only candidates whose length is within the allowed distance are compared,
/// and each comparison stops as soon as it exceeds that distance.
public enum Suggestion {
    /// Longer words are not identifiers mistyped by hand: no suggestion is searched for them.
    public static let maximumWordLength = 64

    /// The candidate closest to `word` (case-insensitive Levenshtein distance ≤ max(2, len/3)), or
    /// nil when none is that close or two are equally close: a coin toss is not a suggestion
    /// (`15.1` is as near to `5.1` as to `10.1`). Never `word` itself.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        guard word.unicodeScalars.count <= maximumWordLength else { return nil }
        return Index(candidates).closest(to: word)
    }

    /// The note `did you mean 'x'?` for the closest candidate, or no note: the one wording of a
    /// suggestion, so every message that suggests says it the same way.
    public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> [String] {
        note(closest(to: word, in: candidates))
    }

    /// `did you mean 'x'?` for `guess` (quoted and cut like any content), or no note.
    public static func note(_ guess: String?) -> [String] {
        guess.map { ["did you mean \(Excerpt.quoted($0))?"] } ?? []
    }

    /// Candidates prepared once (lowercased, grouped by length) for many look-ups among the same
    /// set, e.g. 1,000 mistyped control references among 5,000 controls.
    public struct Index: Sendable {
        /// Length in Unicode scalars → (lowercased scalars, candidate), in sorted candidate order.
        private var byLength: [Int: [([UInt32], String)]] = [:]

        public init(_ candidates: some Sequence<String>) {
            for c in Set(candidates).sorted() where c.unicodeScalars.count <= Suggestion.maximumWordLength {
                let scalars = c.lowercased().unicodeScalars.map(\.value)
                byLength[scalars.count, default: []].append((scalars, c))
            }
        }

        public func closest(to word: String) -> String? {
            guard word.unicodeScalars.count <= Suggestion.maximumWordLength else { return nil }
            let w = word.lowercased().unicodeScalars.map(\.value)
            guard w.count <= Suggestion.maximumWordLength else { return nil }
            let pattern = Pattern(w)
            let printed = Excerpt.cut(word)
            let limit = max(2, w.count / 3)
            var best: [String] = []
            var bestDistance = Int.max
            for length in max(0, w.count - limit)...(w.count + limit) {
                // Never the rejected text itself, nor a candidate that prints the same in a message.
                for (c, original) in byLength[length] ?? [] where original != word {
                    guard let d = pattern.distance(to: c, atMost: min(limit, bestDistance)),
                          Excerpt.cut(original) != printed else { continue }
                    if d < bestDistance { best = []; bestDistance = d }
                    best.append(original)
                }
            }
            if best.count == 1 { return best[0] }
            // Among equals, one that differs only in zero padding (FW-IAM-1 → FW-IAM-01) is meant.
            let padded = best.filter { NaturalOrder.sameKey($0, word) }
            return padded.count == 1 ? padded[0] : nil
        }

        /// `did you mean 'x'?` for the closest candidate, or no note.
        public func didYouMean(_ word: String) -> [String] { Suggestion.note(closest(to: word)) }
    }

    /// The Levenshtein distance of `a` and `b` if it is at most `bound`, else nil.
    static func distance(_ a: [UInt32], _ b: [UInt32], atMost bound: Int) -> Int? {
        Pattern(a).distance(to: b, atMost: bound)
    }

    /// A word prepared for bit-parallel edit distance (G. Myers 1999, in H. Hyyrö's form for
    /// Levenshtein distance): the word, at most 64 scalars (`maximumWordLength`), is one bit per
    /// scalar of a 64-bit word, so each scalar of a candidate costs a few word operations.
    struct Pattern {
        let count: Int
        /// Which positions of the word hold each scalar: a table for ASCII, a dictionary for the rest.
        private var ascii = [UInt64](repeating: 0, count: 128)
        private var other: [UInt32: UInt64] = [:]

        init(_ word: [UInt32]) {
            precondition(word.count <= 64, "a pattern holds at most 64 scalars")
            count = word.count
            for (i, scalar) in word.enumerated() {
                if scalar < 128 { ascii[Int(scalar)] |= 1 << UInt64(i) } else { other[scalar, default: 0] |= 1 << UInt64(i) }
            }
        }

        /// The distance to `b` if it is at most `bound`, else nil; stops once the distance cannot
        /// come back within `bound`.
        func distance(to b: [UInt32], atMost bound: Int) -> Int? {
            if abs(count - b.count) > bound { return nil }
            if count == 0 { return b.count }
            let last: UInt64 = 1 << UInt64(count - 1)
            var pv: UInt64 = ~0, mv: UInt64 = 0
            var score = count
            var remaining = b.count
            for scalar in b {
                remaining -= 1
                let eq = scalar < 128 ? ascii[Int(scalar)] : other[scalar] ?? 0
                let xv = eq | mv
                let xh = (((eq & pv) &+ pv) ^ pv) | eq
                var ph = mv | ~(xh | pv)
                var mh = pv & xh
                if ph & last != 0 { score += 1 } else if mh & last != 0 { score -= 1 }
                // Each remaining scalar can lower the distance by one at most.
                if score - remaining > bound { return nil }
                ph = (ph << 1) | 1
                mh <<= 1
                pv = mh | ~(xv | ph)
                mv = ph & xv
            }
            return score <= bound ? score : nil
        }
    }
}
