import ArgumentParser
import Foundation
import TrustPressCore

/// `trustpress import`: content converted from another tool.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert another tool's compliance project into TrustPress content.",
        subcommands: [ImportComply.self])
}

/// `trustpress import comply DIR --into CONTENT`.
struct ImportComply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comply",
        abstract: "Convert a strongdm/comply project into a TrustPress content folder.",
        discussion: """
        Examples:
          trustpress import comply ~/acme-comply --into Content
          trustpress import comply ~/acme-comply --into Content --organization "Acme" --drop-unknown

        Each policy, narrative and procedure becomes a confidential policy in CONTENT/policies/ (title, version, approved date and revision history kept); each document with 'satisfies' becomes a 'planned' control in CONTENT/controls/comply.yaml mapped to SOC 2 (soc2-2017); site.yaml gets .example addresses to replace. Pandoc-only Markdown (lettered lists, grid tables, \\pagebreak) is rewritten as GitHub Flavored Markdown. No certificate, report or programs.yaml is written: the import claims nothing publicly.

        Errors (an unknown criterion, a template action other than {{.Name}}, a header without its '---' line) are printed as path:line:column: error: … and nothing is written (exit 1). CONTENT must be missing or empty (exit 2 otherwise); files are written only when the whole conversion succeeded.
        """)

    @Argument(help: "The comply project's folder (holds policies/, narratives/, procedures/, standards/).")
    var directory: String

    @Option(help: "The content folder to create (missing or empty).")
    var into: String

    @Option(help: "The organization's name (default: name: in DIR/comply.yml).")
    var organization: String?

    @Flag(help: "Leave out criteria that are neither TSC nor SOC 2 ids, with a warning each, instead of failing.")
    var dropUnknown = false

    @Option(help: ArgumentHelp("Date the content is written for, YYYY-MM-DD (security.txt expires 11 months later).",
                               discussion: "Default: SOURCE_DATE_EPOCH if set, else today (UTC)."))
    var date: String?

    @Flag(help: "Print only warnings and errors, no summary.")
    var quiet = false

    func run() throws {
        let buildDate = try ContentOptions.parse(date.map { ["--date", $0] } ?? []).buildDate()
        do {
            let target = URL(fileURLWithPath: into)
            try Self.refuseNonEmpty(target, display: into)
            let files = try ComplyImport.readProject(URL(fileURLWithPath: directory), display: directory)
            guard let name = organization ?? ComplyImport.projectName(files) else {
                throw WriteRefusal(message: "the organization's name is needed: \(directory) has no comply.yml with name:",
                                   notes: ["pass --organization \"Your Company\""])
            }
            let catalogs = try Starter.shippedCatalogs()
            guard let soc2 = catalogs.first(where: { $0.framework == ComplyImport.soc2 }) else {
                throw WriteRefusal(message: "the shipped SOC 2 catalog is missing", notes: [])
            }
            let result: ComplyImport.Result
            do {
                result = try ComplyImport.convert(files, options: .init(organization: name, dropUnknown: dropUnknown, date: buildDate,
                                                                         display: directory), catalog: soc2)
            } catch let error as DiagnosticsError {
                Printer.print(error.diagnostics)
                let errors = error.diagnostics.filter { $0.severity == .error }.count
                StandardStream.error(Data("\(errors) error\(errors == 1 ? "" : "s"); nothing was written to \(into)\n".utf8))
                throw ExitCode(Status.contentErrors)
            }
            Printer.print(result.diagnostics)
            let written = try ExclusiveWriter.write(result.files.map { ($0.path, Data($0.text.utf8)) }, into: target,
                                                    display: into, command: "trustpress import comply")
            guard !quiet else { return }
            let warnings = result.diagnostics.filter { $0.severity == .warning }.count
            print("Wrote \(written.count) files to \(into): \(result.policyCount) policies, \(result.controlCount) controls (controls/comply.yaml), site.yaml.")
            print("Changed on the way:")
            for line in result.changes { print("  \(line)") }
            if warnings > 0 { print("\(warnings) warning\(warnings == 1 ? "" : "s") above: what was converted lossily.") }
            print("\nNext steps:")
            print("  edit \(into)/site.yaml (the .example addresses) and each control's status")
            print("  declare SOC 2 in programs.yaml (in-progress) or add your report in attestations/ to show it")
            print("  trustpress check --content \(Init.shellQuoted(into))")
            print("  trustpress build --content \(Init.shellQuoted(into))")
        } catch let refusal as WriteRefusal {
            StandardStream.error(Data("\(refusal)\n".utf8))
            throw ExitCode(Status.usage)
        }
    }

    /// Refuses a link, a file, or a folder with anything in it.
    static func refuseNonEmpty(_ folder: URL, display: String) throws {
        var info = stat()
        guard lstat(folder.path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFLNK {
            throw WriteRefusal(message: "\(display) is a symbolic link; refusing to write through it", notes: ["name the folder it points to instead"])
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw WriteRefusal(message: "\(display) exists and is not a folder", notes: ["name a new or empty folder"])
        }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        if !entries.isEmpty {
            throw WriteRefusal(message: "\(display) is not empty; trustpress import writes only into a new or empty folder",
                               notes: ["it holds \(Excerpt.list(entries))", "name a new folder with --into"])
        }
    }
}
