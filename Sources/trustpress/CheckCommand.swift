import ArgumentParser
import Foundation
import TrustPressCore

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the content and print every problem; writes nothing.",
        discussion: """
        Examples:
          trustpress check
          trustpress check --strict --format json > diagnostics.json
          trustpress check --coverage
          trustpress check --coverage --with-crosswalks
          trustpress check --format github

        --coverage counts, per framework in the program (a certificate, a SOC 2 report, an ISO section in applicability.yaml, or a programs.yaml entry), the requirements in scope that an implemented control maps to. What a crosswalk derives (crosswalks/*.yaml, and NIST's CSF 2.0 to SP 800-53 crosswalk, which applies by itself when the content names both) is reported beside the figures; --with-crosswalks counts it.

        --format github prints one GitHub Actions annotation per problem (::error, ::warning or ::notice with file, line and column), so a workflow shows each on its line of the pull request; docs/ci.md has a complete workflow.
        """)

    @OptionGroup var contentOptions: ContentOptions

    @Option(help: ArgumentHelp(
        "Folder whose templates override the built-in theme, as for build (wins over 'theme:' in site.yaml).",
        discussion: "The theme is checked too: a misspelt override or template variable is reported here as build would."))
    var templates: String?

    @Flag(help: "Treat warnings as errors (exit status 1).")
    var strict = false

    @Option(help: "Diagnostics as 'text' (path:line:column: severity: message, on standard error), 'json' (on standard output) or 'github' (GitHub Actions annotations, on standard output).")
    var format: OutputFormat = .text

    @Flag(help: "Print, per framework in scope, how many requirements implemented controls cover, and list the rest.")
    var coverage = false

    @Flag(help: ArgumentHelp(
        "With --coverage: count as covered what a crosswalk (crosswalks/*.yaml) relates to a covered requirement of another framework.",
        discussion: "Derived coverage is not evidence: without this flag it is reported beside the figures, never in them."))
    var withCrosswalks = false

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json, github }

    func validate() throws {
        if withCrosswalks && !coverage { throw ValidationError("--with-crosswalks counts derived coverage: use it with --coverage") }
    }

    /// The coverage figures, with the derived requirements counted only when asked.
    private func figures(_ model: TrustModel) -> [Coverage] {
        let entries = Coverage.of(model)
        return withCrosswalks ? entries.map { $0.countingDerived() } : entries
    }

    func run() async throws {
        let builder = Builder(options: .init(
            content: URL(fileURLWithPath: contentOptions.content), contentDisplay: contentOptions.content,
            templates: templates.map { URL(fileURLWithPath: $0) }, templatesDisplay: templates,
            output: URL(fileURLWithPath: "Output"), buildDate: try contentOptions.buildDate()))
        var diagnostics: [Diagnostic]
        var model: TrustModel?
        do {
            (model, diagnostics) = try builder.check()
        } catch let error as DiagnosticsError {
            diagnostics = error.diagnostics
        }
        // The theme a build would use; with content errors, only an override folder named here.
        if model != nil || templates != nil {
            diagnostics = (diagnostics + (await builder.checkTheme(site: model?.site))).sorted()
        }
        let failed = model == nil || diagnostics.contains { $0.severity == .error } || (strict && diagnostics.contains { $0.severity == .warning })
        switch format {
        case .json:
            Printer.json(diagnostics, coverage: coverage ? model.map(figures) : nil)
        case .github:
            Printer.github(diagnostics)
            if !diagnostics.isEmpty { Printer.summary(diagnostics, wrote: false) }
            if coverage, let model { Printer.coverage(figures(model), countingDerived: withCrosswalks) }
        case .text:
            Printer.print(diagnostics)
            if diagnostics.isEmpty { print("No problems found.") } else { Printer.summary(diagnostics, wrote: false) }
            if coverage, let model { Printer.coverage(figures(model), countingDerived: withCrosswalks) }
        }
        if failed { throw ExitCode(Status.contentErrors) }
    }
}
