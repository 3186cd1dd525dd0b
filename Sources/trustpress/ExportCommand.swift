import ArgumentParser
import Foundation
import TrustPressCore

/// `trustpress export …`: the content in other tools' formats.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the content in another tool's format (OSCAL).",
        subcommands: [OSCAL.self])

    struct OSCAL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "oscal",
            abstract: "Write the unified controls as an OSCAL 1.1.3 component definition (JSON).",
            discussion: """
            Examples:
              trustpress export oscal > controls.oscal.json
              trustpress export oscal --confidential --output bundle/controls.oscal.json

            One component per unified control; per framework it maps to, a control implementation whose source names the catalog (NIST's published OSCAL file for the shipped NIST catalogs), with one implemented requirement per requirement id. The status is the prop implementation-status (implemented, partial, planned, not-implemented), the id as the framework prints it the prop label (OSCAL ids are tokens: AC-2(1) is written ac-2.1, ISO clause 4.1 is _4.1).

            By default only what the public trust center shows is exported: the frameworks it names, the controls whose status it lists, their titles, summaries and statuses. --confidential exports every control and mapping with its implementation text and owner: treat that file as the NDA bundle. The content is checked first, as by check; with errors nothing is written (exit status 1). The output is deterministic: name-based UUIDs, last-modified is the build date.
            """)

        @OptionGroup var contentOptions: ContentOptions

        @Option(help: "Write to FILE instead of standard output ('-'); a file there is replaced. Never inside the content folder.")
        var output: String?

        @Flag(help: "Export every control with its implementation and owner (confidential: share under NDA only).")
        var confidential = false

        func run() async throws {
            let builder = Builder(options: .init(
                content: URL(fileURLWithPath: contentOptions.content), contentDisplay: contentOptions.content,
                output: URL(fileURLWithPath: "Output"), buildDate: try contentOptions.buildDate()))
            let model: TrustModel
            do {
                let (checked, warnings) = try builder.check()
                Printer.print(warnings)
                model = checked
            } catch let error as DiagnosticsError {
                Printer.print(error.diagnostics)
                Printer.summary(error.diagnostics, wrote: false)
                throw ExitCode(Status.contentErrors)
            }
            let data = confidential ? OSCALExport.confidential(model)
                                    : OSCALExport.publicDocument(PublicSite(model), catalogs: model.catalogs)
            guard let output, output != "-" else { StandardStream.output(data); return }
            if let refusal = Self.refusal(output: output, content: contentOptions.content) {
                StandardStream.error(Data((refusal + "\n").utf8))
                throw ExitCode(Status.usage)
            }
            do {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                StandardStream.error(Data("\(output): error: cannot write the export (\((error as NSError).localizedFailureReason ?? error.localizedDescription))\n".utf8))
                throw ExitCode(Status.usage)
            }
        }

        /// Why `output` cannot take the export, in compiler style; nil when it can: not empty, not a
        /// folder, its folder exists, and not inside the content folder (an export must never replace
        /// content, as a build's output folder never may).
        static func refusal(output: String, content: String) -> String? {
            guard !output.isEmpty else { return "error: --output is empty; name a file, or leave it out to write to standard output" }
            let url = URL(fileURLWithPath: output).standardizedFileURL
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue {
                return "\(output): error: this is a folder; --output names the file to write, e.g. \(output.hasSuffix("/") ? output : output + "/")controls.oscal.json"
            }
            let parent = url.deletingLastPathComponent()
            if !FileManager.default.fileExists(atPath: parent.path, isDirectory: &isFolder) || !isFolder.boolValue {
                return "\(output): error: the folder \(parent.path) does not exist; create it first"
            }
            let contentPath = URL(fileURLWithPath: content).resolvingSymlinksInPath().standardizedFileURL.path
            let target = parent.resolvingSymlinksInPath().standardizedFileURL.appendingPathComponent(url.lastPathComponent).path
            if target == contentPath || target.hasPrefix(contentPath + "/") {
                return "\(output): error: refusing to write the export inside the content folder \(content)\n"
                    + "\(output): note: write it beside the content, e.g. --output controls.oscal.json"
            }
            return nil
        }
    }
}
