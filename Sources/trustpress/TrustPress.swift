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
        Content (Markdown policies, YAML controls, certificates, SOC 2 reports) is read from --content. The public site is written to <output>/public and the NDA bundle to <output>/confidential/<bundle>. Nothing confidential is ever written under <output>/public. The content format is described in docs/content-format.md (installed by make install in share/doc/trustpress/).

        Start with: trustpress init my-program (a new program), then trustpress check, trustpress build, and trustpress serve to preview with live reload.

        EXIT STATUS
          0  success
          1  the content has errors (path:line:column: error: …); nothing written
          2  usage error, or an output folder that cannot be written safely

        ENVIRONMENT
          SOURCE_DATE_EPOCH  the build date in seconds since 1970 (UTC), if no --date
          NO_COLOR           disables coloured diagnostics
          TRUSTPRESS_THREADS 1 renders on one thread (the output is the same)
          TRUSTPRESS_PASSPHRASE  build --encrypt's passphrase, if no --passphrase-file
        """,
        version: "0.1.0",
        subcommands: [Build.self, Check.self, ExportCommand.self, Import.self, Init.self, Serve.self, Theme.self]
    )

    static func main() async {
        if let message = unknownCommand(Array(CommandLine.arguments.dropFirst())) {
            StandardStream.error(Data(message.utf8))
            Foundation.exit(Status.usage)
        }
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

    /// The error for a first argument that names no command (`trustpress biuld`), with did-you-mean
    /// and the list of commands; nil when it is a command, an option (`--help`, `--version`) or
    /// absent. The commands come from the configuration, so every subcommand added is known here.
    static func unknownCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        var names: [String] = []
        for command in configuration.subcommands {
            names.append(command._commandName)
            names += command.configuration.aliases
        }
        names.append("help")
        guard !names.contains(first) else { return nil }
        var lines = ["error: unknown command \(Excerpt.quoted(first))"]
        lines += Suggestion.didYouMean(first, in: names).map { "note: " + $0 }
        lines.append("note: the commands are \(Excerpt.list(names)); see 'trustpress --help'")
        return lines.joined(separator: "\n") + "\n"
    }
}
