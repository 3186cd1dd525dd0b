import ArgumentParser
import Foundation
import TrustPressCore
import TrustPressServe

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site: build, serve on http://127.0.0.1:8000/, rebuild and reload on every change.",
        discussion: """
        Examples:
          trustpress serve
          trustpress serve --port 0          (a free port; the URL is printed)

        The site is built into a private temporary folder (never Output/), removed when the server stops (Ctrl-C or SIGTERM, exit 0). The public site is at /, the NDA bundle under /confidential/. When the content or the templates change, the site is rebuilt and open pages reload by themselves; while a rebuild fails, pages show its diagnostics and the last good build stays on disk. The reload script is added only to what serve sends; files written by `trustpress build` never hold it.

        Binding to an address other than loopback needs --expose-to-network, and then only the public site is served: never the bundle, never the diagnostics (they can quote confidential values).
        """)

    @OptionGroup var contentOptions: ContentOptions

    @Option(help: ArgumentHelp(
        "Folder whose templates and assets/ files override the built-in theme, file by file (watched too; wins over 'theme:' in site.yaml).",
        discussion: "Without it, the 'theme:' folder of site.yaml is watched, as the first build found it (a new 'theme:' value takes a restart)."))
    var templates: String?

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 8000

    @Option(help: "Address to listen on.")
    var bind = "127.0.0.1"

    @Flag(help: "Allow --bind to a non-loopback address; serves the public site only (no bundle, no diagnostics text).")
    var exposeToNetwork = false

    @Flag(help: "Notice changes by polling instead of inotify.")
    var poll = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port)") }
        guard PreviewServer.isLoopback(bind) || exposeToNetwork else {
            throw ValidationError("--bind \(bind) is not a loopback address: the bundle and the diagnostics must not reach a network. Add --expose-to-network to serve the public site only.")
        }
        _ = try contentOptions.buildDate()
    }

    func run() async throws {
        let contentOptions = self.contentOptions
        let server = try PreviewServer(configuration: .init(
            content: URL(fileURLWithPath: contentOptions.content), contentDisplay: contentOptions.content,
            templates: templates.map { URL(fileURLWithPath: $0) }, templatesDisplay: templates,
            buildDate: { try contentOptions.buildDate() }, host: bind, port: port,
            exposeToNetwork: exposeToNetwork, watchMode: poll ? .polling : .automatic))
        let exposed = exposeToNetwork
        do {
            try await server.run(onListening: { url in
                StandardStream.output(Data("Serving \(url)\(exposed ? " (public site only)" : "")\n".utf8))
            }, onBuild: { report in
                let seconds = Double(report.duration.components.seconds) + Double(report.duration.components.attoseconds) / 1e18
                Printer.print(report.diagnostics)
                let line = report.succeeded
                    ? String(format: "Built in %.3f s\n", seconds)
                    : String(format: "Build failed in %.3f s; serving the last good build\n", seconds)
                StandardStream.error(Data(line.utf8))
            })
        } catch let error as PreviewServer.StartError {
            StandardStream.error(Data("error: \(error)\n".utf8))
            throw ExitCode(Status.usage)
        } catch {
            StandardStream.error(Data("error: cannot serve on \(bind):\(port): \(error)\n".utf8))
            throw ExitCode(Status.usage)
        }
    }
}
