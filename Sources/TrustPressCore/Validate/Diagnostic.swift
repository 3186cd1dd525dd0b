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

/// "did you mean" for identifiers: the closest candidate by edit distance, if close enough.
public enum Suggestion {
    /// The candidate closest to `word` (case-insensitive Levenshtein distance ≤ max(2, len/3)), or
    /// nil when none is that close or two are equally close: a coin toss is not a suggestion
    /// (`15.1` is as near to `5.1` as to `10.1`).
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let w = Array(word.lowercased())
        var best: [String] = []
        var bestDistance = Int.max
        for c in Set(candidates) {
            let d = distance(w, Array(c.lowercased()))
            guard d <= max(2, w.count / 3), d <= bestDistance else { continue }
            if d < bestDistance { best = []; bestDistance = d }
            best.append(c)
        }
        if best.count == 1 { return best[0] }
        // Among equals, one that differs only in zero padding (FW-IAM-1 → FW-IAM-01) is meant.
        let padded = best.filter { NaturalOrder.sameKey($0, word) }
        return padded.count == 1 ? padded[0] : nil
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        for i in 1...a.count {
            var cur = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        return prev[b.count]
    }
}
