import ArgumentParser
import Foundation
import TrustPressCore

/// `trustpress theme …`: the built-in theme, for customising it.
struct Theme: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with the built-in theme.",
        subcommands: [Export.self])

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the built-in theme to a folder, to customise it.",
            discussion: """
            Examples:
              trustpress theme export my-theme
              trustpress build --templates my-theme

            Every template and asset of the built-in theme is written below DIR (created if needed). Nothing is overwritten: if any of the files exists, none is written and the command exits 2 naming them. Keep only the files you change: the others then follow the built-in theme as TrustPress is upgraded, and a template that matches no built-in one is an error at build time.
            """)

        @Argument(help: "Folder to write the theme into.")
        var directory: String

        func run() throws {
            let root = URL(fileURLWithPath: directory)
            let files = Templates.builtInFiles
            let fm = FileManager.default
            // Every path is checked first, so a refusal writes nothing. A link counts as existing.
            let existing = files.map(\.path).filter { relative in
                let path = root.appendingPathComponent(relative).path
                return fm.fileExists(atPath: path) || (try? fm.destinationOfSymbolicLink(atPath: path)) != nil
            }
            guard existing.isEmpty else {
                let lines = existing.map { "\(directory)/\($0): error: the file exists; refusing to overwrite it" }
                let note = "\(directory): note: nothing was written; export into an empty folder, or move these \(existing.count) file(s) away first"
                StandardStream.error(Data((lines + [note]).map { $0 + "\n" }.joined().utf8))
                throw ExitCode(Status.usage)
            }
            do {
                for file in files {
                    let url = root.appendingPathComponent(file.path)
                    try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    // withoutOverwriting: a file that appeared since the check is not replaced either.
                    try file.contents.write(to: url, options: .withoutOverwriting)
                }
            } catch {
                StandardStream.error(Data("\(directory): error: cannot write the theme: \(error.localizedDescription)\n".utf8))
                throw ExitCode(Status.usage)
            }
            print("Wrote \(files.count) files of the built-in theme to \(directory)")
        }
    }
}
