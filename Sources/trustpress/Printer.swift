import Foundation
import TrustPressCore

/// Prints diagnostics to standard error; colour only on a terminal and never with NO_COLOR set.
enum Printer {
    static let useColor: Bool = {
        let env = ProcessInfo.processInfo.environment
        return isatty(STDERR_FILENO) == 1 && (env["NO_COLOR"] ?? "").isEmpty && env["TERM"] != "dumb"
    }()

    /// Progress goes to a terminal only (never into CI logs or a pipe): one line, rewritten in place.
    static let showsProgress: Bool = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"

    /// The stage callback: progress on a terminal, and/or one line per finished stage with its
    /// wall time in seconds (`--timings`). Nil when neither is wanted.
    static func stages(progress: Bool, timings: Bool) -> (@Sendable (Builder.Stage) -> Void)? {
        let progress = progress && showsProgress
        guard progress || timings else { return nil }
        let steps = Builder.Stage.allCases.filter { $0 != .done }
        let clock = StageClock()
        return { stage in
            if timings, let (previous, seconds) = clock.lap(stage) {
                if progress { endProgress() }
                StandardStream.error(Data((String(format: "%8.3f s  ", seconds) + previous.rawValue + "\n").utf8))
            }
            guard progress, let index = steps.firstIndex(of: stage) else { return }
            StandardStream.error(Data("\r\u{1B}[2K[\(index + 1)/\(steps.count)] \(stage.rawValue)…".utf8))
        }
    }

    /// Remembers when the current stage started.
    final class StageClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current: (Builder.Stage, Date)?

        /// Starts `stage`; returns the stage that just ended and its duration in seconds.
        func lap(_ stage: Builder.Stage) -> (Builder.Stage, Double)? {
            lock.lock(); defer { lock.unlock() }
            let now = Date()
            defer { current = (stage, now) }
            return current.map { ($0.0, now.timeIntervalSince($0.1)) }
        }
    }

    static func endProgress() {
        if showsProgress { StandardStream.error(Data("\r\u{1B}[2K".utf8)) }
    }

    static func print(_ diagnostics: [Diagnostic]) {
        for d in diagnostics.sorted() {
            var text = d.description
            if useColor {
                let color = d.severity == .error ? "\u{1B}[1;31m" : d.severity == .warning ? "\u{1B}[1;33m" : "\u{1B}[1;36m"
                text = text.replacingOccurrences(of: " \(d.severity.rawValue): ", with: " \(color)\(d.severity.rawValue):\u{1B}[0m ")
            }
            StandardStream.error(Data((text + "\n").utf8))
        }
    }

    static func summary(_ diagnostics: [Diagnostic], wrote: Bool = false) {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let tail = errors > 0 && !wrote ? "; nothing was written" : ""
        StandardStream.error(Data("\(errors) error(s), \(warnings) warning(s)\(tail).\n".utf8))
    }

    /// How many uncovered ids the text report lists per framework.
    static let coverageListLimit = 40

    /// - Parameter countingDerived: the entries count what crosswalks derive (`--with-crosswalks`).
    static func coverage(_ entries: [Coverage], countingDerived: Bool = false) {
        for c in entries {
            if countingDerived && !c.derived.isEmpty {
                Swift.print("\(c.name): \(c.coveredCount) of \(c.inScope.count) requirements covered (\(c.percent)%): "
                            + "\(c.coveredCount - c.derived.count) by implemented controls, \(c.derived.count) derived through crosswalks")
                Swift.print("  derived: \(Excerpt.list(c.derived, limit: coverageListLimit))")
            } else {
                Swift.print("\(c.name): \(c.coveredCount) of \(c.inScope.count) requirements covered by implemented controls (\(c.percent)%)")
                if !c.derived.isEmpty {
                    Swift.print("  crosswalks relate \(c.derived.count) more to covered requirements of other frameworks "
                                + "(derived, not counted; --with-crosswalks counts them)")
                }
            }
            // A thousand ids on one line help nobody: the first ones, and where to find them all.
            if !c.uncovered.isEmpty {
                Swift.print("  not covered: \(Excerpt.list(c.uncovered, limit: coverageListLimit))"
                            + (c.uncovered.count > coverageListLimit ? " (--format json lists every one)" : ""))
            }
        }
        if entries.isEmpty {
            Swift.print("No framework in scope: add a certification, an attestation, an ISO section in applicability.yaml, or a programs.yaml entry.")
        }
    }

    /// GitHub Actions workflow commands on standard output, one line per diagnostic, so each
    /// problem shows on the pull request at its line:
    /// `::error file=Content/site.yaml,line=3,col=5,title=TrustPress::missing required key …`.
    /// Warnings are `::warning`, notes `::notice`; a diagnostic's notes follow its message on lines
    /// of their own. Line and column are left out when unknown (0).
    static func github(_ diagnostics: [Diagnostic]) {
        var text = ""
        for d in diagnostics.sorted() { text += GitHubAnnotation.line(d) + "\n" }
        StandardStream.output(Data(text.utf8))
    }

    /// `{"diagnostics": [...], "errors": n, "warnings": n, "coverage": [...]}` with sorted keys.
    static func json(_ diagnostics: [Diagnostic], coverage: [Coverage]?) {
        struct Report: Encodable {
            struct Entry: Encodable {
                let framework: String; let covered: Int; let in_scope: Int; let percent: Int; let uncovered: [String]
                /// Related by a crosswalk to a covered requirement elsewhere; in `covered` only with --with-crosswalks.
                let derived: [String]
            }
            let diagnostics: [Diagnostic]
            let errors: Int
            let warnings: Int
            let coverage: [Entry]?
        }
        let report = Report(
            diagnostics: diagnostics.sorted(), errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count,
            coverage: coverage?.map { .init(framework: $0.framework, covered: $0.coveredCount, in_scope: $0.inScope.count,
                                            percent: $0.percent, uncovered: $0.uncovered, derived: $0.derived) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(report) { StandardStream.output(data + Data("\n".utf8)) }
    }
}

/// One diagnostic as a GitHub Actions workflow command
/// (docs.github.com, "Workflow commands for GitHub Actions": `::error file=…,line=…,col=…,title=…::message`).
enum GitHubAnnotation {
    static func line(_ d: Diagnostic) -> String {
        let command = d.severity == .error ? "error" : d.severity == .warning ? "warning" : "notice"
        var properties = ["file=" + escapeProperty(d.path)]
        if d.line > 0 {
            properties.append("line=\(d.line)")
            if d.column > 0 { properties.append("col=\(d.column)") }
        }
        properties.append("title=TrustPress")
        let message = ([d.message] + d.notes.map { "note: " + $0 }).joined(separator: "\n")
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    /// A message: `%`, CR and LF are written `%25`, `%0D`, `%0A` (a line break would end the command).
    static func escapeData(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A property value: as a message, and `:` and `,` too (they end a value).
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
