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

            Every template and asset of the built-in theme is written below DIR (created if needed). Nothing is overwritten and nothing is written through a symbolic link: if any of the files exists, or a link or a file is where a file or folder goes, none is written and the command exits 2 naming each; a write that fails midway removes what it wrote. Keep only the files you change: the others then follow the built-in theme as TrustPress is upgraded, and a template that matches no built-in one is an error at build time.
            """)

        @Argument(help: "Folder to write the theme into.")
        var directory: String

        func run() throws {
            let root = URL(fileURLWithPath: directory)
            let files = Templates.builtInFiles
            // Every target is checked first, so a refusal writes nothing: a file or link already there
            // (even a dangling link), a symbolic link or a file where a folder goes, DIR itself a link.
            let problems = ExclusiveWriter.problems(writing: files.map(\.path), into: root, display: directory)
            guard problems.isEmpty else {
                let lines = problems.map { "\($0.path): error: \($0.message)" }
                let note = "\(directory): note: nothing was written; export into an empty folder, or move what is named above away first"
                StandardStream.error(Data((lines + [note]).map { $0 + "\n" }.joined().utf8))
                throw ExitCode(Status.usage)
            }
            do {
                // Exclusive and without following links, so a file or link that appeared since the check
                // is neither replaced nor written through; a failure midway removes what was written.
                _ = try ExclusiveWriter.write(files, into: root, display: directory, command: "trustpress theme export")
            } catch let refusal as WriteRefusal {
                StandardStream.error(Data("\(refusal)\n".utf8))
                throw ExitCode(Status.usage)
            }
            print("Wrote \(files.count) files of the built-in theme to \(directory)")
        }
    }
}
