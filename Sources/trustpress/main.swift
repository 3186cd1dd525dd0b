import ArgumentParser
import Foundation
import TrustPressCore

/// Exit statuses (documented in --help and the README).
enum Status {
    static let success: Int32 = 0
    /// The content has errors (or warnings with --strict); nothing was written.
    static let contentErrors: Int32 = 1
    /// Bad command line, or output that cannot be written safely.
    static let usage: Int32 = 2
}

@main
struct TrustPress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trustpress",
        abstract: "Build a public trust center and a confidential NDA report bundle from compliance content.",
        discussion: """
        Content (Markdown policies, YAML controls, certificates, SOC 2 reports) is read from --content. The public site is written to <output>/public and the NDA bundle to <output>/confidential/<bundle>. Nothing confidential is ever written under <output>/public. The content format is described in docs/content-format.md.

        Start with: trustpress check, then trustpress build.

        EXIT STATUS
          0  success
          1  the content has errors (path:line:column: error: …); nothing written
          2  usage error, or an output folder that cannot be written safely

        ENVIRONMENT
          SOURCE_DATE_EPOCH  the build date in seconds since 1970 (UTC), if no --date
          NO_COLOR           disables coloured diagnostics
          TRUSTPRESS_THREADS 1 renders on one thread (the output is the same)
        """,
        version: "0.1.0",
        subcommands: [Build.self, Check.self]
    )

    static func main() async {
        do {
            var command = try parseAsRoot()
            if var async = command as? AsyncParsableCommand { try await async.run() } else { try command.run() }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let status = exitCode(for: error)
            if status == .success { print(fullMessage(for: error)); Foundation.exit(0) }
            StandardStream.error(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(Status.usage)
        }
    }
}

struct ContentOptions: ParsableArguments {
    @Option(help: "Folder holding site.yaml, policies/, controls/ … (see docs/content-format.md).")
    var content = "Content"

    @Option(help: ArgumentHelp("Build date, YYYY-MM-DD: every status (certificate validity, reviews) is judged against it.",
                               discussion: "Default: SOURCE_DATE_EPOCH if set, else today (UTC)."))
    var date: String?

    func buildDate() throws -> CalendarDate {
        if let date {
            guard let parsed = CalendarDate(date) else { throw ValidationError("--date '\(date)' is not a date; write YYYY-MM-DD, e.g. 2026-11-30") }
            return parsed
        }
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"] {
            guard let seconds = Int(epoch) else { throw ValidationError("SOURCE_DATE_EPOCH must be whole seconds, got '\(epoch)'") }
            return CalendarDate(secondsSince1970: seconds)
        }
        return CalendarDate(secondsSince1970: Int(Date().timeIntervalSince1970))
    }
}

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the content, then write the public site and the NDA bundle.",
        discussion: """
        Examples:
          trustpress build
          trustpress build --recipient "Acme Corp" --nda NDA-2026-114 --date 2026-11-30

        Each tree is built in a staging folder and swapped in whole (one atomic exchange on Linux), so a failed or killed build leaves the previous output as it was, and the next build recovers a tree a killed one left in staging. Both trees are written before either is swapped, and a file, a symbolic link or a name over 255 bytes where one goes is an error naming the path (exit 2) while both are still as they were. A lock file inside the output folder (.trustpress-lock) lets one build at a time write there, whatever path names it; a second build exits 2 naming the other's process. A symbolic link inside the output folder is refused (exit 2).
        """)

    @OptionGroup var contentOptions: ContentOptions

    @Option(help: "Folder holding the Mustache templates and assets/style.css.")
    var templates = "Templates"

    @Option(help: "Output folder; receives public/ and confidential/<bundle>/.")
    var output = "Output"

    @Option(help: "Who receives the NDA bundle (names the bundle and marks every page; a name over 64 characters as a slug is cut, with a hash). Omit for an internal bundle.")
    var recipient: String?

    @Option(help: "Reference of the NDA the bundle is shared under.")
    var nda: String?

    @Flag(help: "Take over a non-empty output folder that TrustPress did not create (only public/, this bundle's folder and TrustPress's staging folders are replaced; other files stay).")
    var force = false

    @Flag(name: .shortAndLong, help: "Print nothing but diagnostics (progress is shown only on a terminal anyway).")
    var quiet = false

    @Flag(help: "Print how long each stage took, on standard error (for finding what makes a build slow).")
    var timings = false

    func validate() throws {
        if let recipient, recipient.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--recipient must name who receives the bundle")
        }
        if nda != nil && recipient == nil {
            throw ValidationError("--nda needs --recipient: a bundle shared under an NDA is made for someone")
        }
    }

    func run() async throws {
        let builder = Builder(options: .init(
            content: URL(fileURLWithPath: contentOptions.content), contentDisplay: contentOptions.content,
            templates: URL(fileURLWithPath: templates), templatesDisplay: templates,
            output: URL(fileURLWithPath: output), outputDisplay: output, buildDate: try contentOptions.buildDate(),
            recipient: recipient, ndaReference: nda, force: force),
            onStage: Printer.stages(progress: !quiet, timings: timings))
        do {
            let result = try await builder.build()
            Printer.endProgress()
            Printer.print(result.diagnostics)
            if !quiet {
                print("Wrote \(result.publicFiles.count) public files to \(output)/public")
                print("Wrote \(result.bundleFiles.count) confidential files to \(output)/confidential/\(result.bundleID)")
            }
        } catch let error as DiagnosticsError {
            Printer.endProgress()
            Printer.print(error.diagnostics)
            Printer.summary(error.diagnostics)
            throw ExitCode(Status.contentErrors)
        } catch let error as OutputWriter.WriteError {
            Printer.endProgress()
            StandardStream.error(Data("\(error)\n".utf8))
            throw ExitCode(Status.usage)
        }
    }
}

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the content and print every problem; writes nothing.",
        discussion: """
        Examples:
          trustpress check
          trustpress check --strict --format json > diagnostics.json
          trustpress check --coverage
        """)

    @OptionGroup var contentOptions: ContentOptions

    @Flag(help: "Treat warnings as errors (exit status 1).")
    var strict = false

    @Option(help: "Diagnostics as 'text' (path:line:column: severity: message, on standard error) or 'json' (on standard output).")
    var format: OutputFormat = .text

    @Flag(help: "Print, per framework in scope, how many requirements implemented controls cover, and list the rest.")
    var coverage = false

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() async throws {
        let builder = Builder(options: .init(
            content: URL(fileURLWithPath: contentOptions.content), contentDisplay: contentOptions.content,
            templates: URL(fileURLWithPath: "Templates"), templatesDisplay: "Templates",
            output: URL(fileURLWithPath: "Output"), buildDate: try contentOptions.buildDate()))
        var diagnostics: [Diagnostic]
        var model: TrustModel?
        do {
            (model, diagnostics) = try builder.check()
        } catch let error as DiagnosticsError {
            diagnostics = error.diagnostics
        }
        let failed = model == nil || (strict && diagnostics.contains { $0.severity == .warning })
        if format == .json {
            Printer.json(diagnostics, coverage: coverage ? model.map(Coverage.of) : nil)
        } else {
            Printer.print(diagnostics)
            if diagnostics.isEmpty { print("No problems found.") } else { Printer.summary(diagnostics, wrote: false) }
            if coverage, let model { Printer.coverage(Coverage.of(model)) }
        }
        if failed { throw ExitCode(Status.contentErrors) }
    }
}

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

    static func coverage(_ entries: [Coverage]) {
        for c in entries {
            Swift.print("\(c.name): \(c.coveredCount) of \(c.inScope.count) requirements covered by implemented controls (\(c.percent)%)")
            if !c.uncovered.isEmpty { Swift.print("  not covered: \(c.uncovered.joined(separator: ", "))") }
        }
        if entries.isEmpty { Swift.print("No framework in scope: add a certification or an attestation.") }
    }

    /// `{"diagnostics": [...], "errors": n, "warnings": n, "coverage": [...]}` with sorted keys.
    static func json(_ diagnostics: [Diagnostic], coverage: [Coverage]?) {
        struct Report: Encodable {
            struct Entry: Encodable { let framework: String; let covered: Int; let in_scope: Int; let percent: Int; let uncovered: [String] }
            let diagnostics: [Diagnostic]
            let errors: Int
            let warnings: Int
            let coverage: [Entry]?
        }
        let report = Report(
            diagnostics: diagnostics.sorted(), errors: diagnostics.filter { $0.severity == .error }.count,
            warnings: diagnostics.filter { $0.severity == .warning }.count,
            coverage: coverage?.map { .init(framework: $0.framework, covered: $0.coveredCount, in_scope: $0.inScope.count,
                                            percent: $0.percent, uncovered: $0.uncovered) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(report) { StandardStream.output(data + Data("\n".utf8)) }
    }
}

/// Writes to standard error and output with `write(2)`, ignoring failures: Foundation's
/// `FileHandle.write` traps when the stream cannot be written (`2>/dev/full`, a closed pipe), and a
/// diagnostic that cannot be shown must not turn an exit status into a crash.
enum StandardStream {
    static func error(_ data: Data) { write(2, data) }
    static func output(_ data: Data) { write(1, data) }

    private static func write(_ fd: Int32, _ data: Data) {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            guard var base = bytes.baseAddress else { return }
            var left = bytes.count
            while left > 0 {
                let n = Foundation.write(fd, base, left)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return }
                base += n
                left -= n
            }
        }
    }
}
