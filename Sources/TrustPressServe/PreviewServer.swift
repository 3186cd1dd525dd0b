import Foundation
import Hummingbird
import Logging
import TrustPressCore
#if canImport(Glibc)
import Glibc
#endif

/// `trustpress serve`: builds into a private temporary folder, serves it over HTTP, rebuilds when
/// the content or the templates change and tells open pages to reload.
///
/// The build folder is never the user's output folder, and it is removed when the server stops
/// (SIGINT or SIGTERM).
public struct PreviewServer: Sendable {
    /// How to build and where to listen.
    public struct Configuration: Sendable {
        public var content: URL
        public var contentDisplay: String
        /// An override folder for the built-in theme (`--templates`), or nil: the built-in theme, or
        /// the folder `theme:` in site.yaml names. Watched with the content.
        public var templates: URL?
        public var templatesDisplay: String?
        /// Read before every build (a server left running past midnight judges statuses anew).
        public var buildDate: @Sendable () throws -> CalendarDate
        public var host: String
        /// 0 asks the system for a free port.
        public var port: Int
        /// Serve the public site only and never show diagnostics text; required for a
        /// non-loopback `host`.
        public var exposeToNetwork: Bool
        public var watchMode: ChangeWatcher.Mode

        public init(content: URL, contentDisplay: String, templates: URL? = nil, templatesDisplay: String? = nil,
                    buildDate: @escaping @Sendable () throws -> CalendarDate, host: String = "127.0.0.1", port: Int = 8000,
                    exposeToNetwork: Bool = false, watchMode: ChangeWatcher.Mode = .automatic) {
            self.content = content
            self.contentDisplay = contentDisplay
            self.templates = templates
            self.templatesDisplay = templatesDisplay
            self.buildDate = buildDate
            self.host = host
            self.port = port
            self.exposeToNetwork = exposeToNetwork
            self.watchMode = watchMode
        }
    }

    /// One finished build, for the terminal.
    public struct BuildReport: Sendable {
        public var duration: Duration
        /// Warnings on success; every diagnostic on failure.
        public var diagnostics: [Diagnostic]
        public var succeeded: Bool
    }

    /// Why the server cannot start.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public let configuration: Configuration

    public init(configuration: Configuration) throws {
        guard Self.isLoopback(configuration.host) || configuration.exposeToNetwork else {
            throw StartError(description: "--bind \(configuration.host) is not a loopback address: add --expose-to-network to serve the public site (only) to a network")
        }
        self.configuration = configuration
    }

    /// True for 127.0.0.0/8, ::1 and `localhost`; anything else (a host name included) may reach a network.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) } == [UInt8](repeating: 0, count: 15) + [1]
        }
        return false
    }

    /// Builds, serves and watches until SIGINT or SIGTERM, then removes the build folder.
    /// - Parameters:
    ///   - onListening: called once with the URL the server listens on (the port chosen when 0 was asked).
    ///   - onBuild: called after every build, the first one included.
    public func run(onListening: @escaping @Sendable (String) -> Void,
                    onBuild: @escaping @Sendable (BuildReport) -> Void) async throws {
        let folder = try Self.makePrivateFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let buildFolder = folder.appendingPathComponent("site", isDirectory: true)
        let configuration = self.configuration
        let state = BuildState()
        let rebuilder = Rebuilder(options: {
            Builder.Options(content: configuration.content, contentDisplay: configuration.contentDisplay,
                            templates: configuration.templates, templatesDisplay: configuration.templatesDisplay,
                            output: buildFolder, outputDisplay: "serve build folder", buildDate: try configuration.buildDate())
        }, state: state, report: onBuild)

        // Watch first, so an edit during the first build is not missed; then build before listening,
        // so the first page asked for is there.
        let changes = ChangeWatcher.changes(of: [configuration.content] + [configuration.templates].compactMap { $0 }, mode: configuration.watchMode)
        let stop = Self.stopSignals()
        let theme = await rebuilder.rebuild()
        // A theme folder that site.yaml names outside the content folder is known only now: watch it
        // too (one inside the content folder, or named by --templates, is watched already).
        let themeChanges = theme.flatMap { folder -> AsyncStream<Void>? in
            let path = folder.standardizedFileURL.path, content = configuration.content.standardizedFileURL.path
            guard folder != configuration.templates, !(path + "/").hasPrefix(content + "/") else { return nil }
            return ChangeWatcher.changes(of: [folder], mode: configuration.watchMode)
        }
        // Either watcher's changes, as one stream holding at most one pending change.
        let (merged, pending) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))

        var logger = Logger(label: "trustpress-serve")
        logger.logLevel = .critical  // a cancelled connection at shutdown is not news
        let host = configuration.host
        let app = Application(
            responder: PreviewResponder(buildFolder: buildFolder, exposed: configuration.exposeToNetwork, state: state),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                onListening("http://\(host.contains(":") ? "[\(host)]" : host):\(port)/")
            },
            logger: logger)

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask { for await _ in changes { pending.yield() } }
            if let themeChanges { group.addTask { for await _ in themeChanges { pending.yield() } } }
            group.addTask { await rebuilder.run(changes: merged) }
            group.addTask { for await _ in stop { return } }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(15))
                    await state.ping()
                }
            }
            // The first to end: a signal, or the server failing to start (a port in use).
            var failure: (any Error)?
            do { try await group.next() } catch { failure = error }
            // Open event streams would hold the server's shutdown up: end them first.
            await state.close()
            group.cancelAll()
            while true {
                do { if try await group.next() == nil { break } } catch {}  // stopping: cancellation is expected
            }
            if let failure { throw failure }
        }
    }

    /// A folder only this user can read (`mkdtemp` makes it 0700), under TMPDIR.
    static func makePrivateFolder() throws -> URL {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((URL(fileURLWithPath: base).appendingPathComponent("trustpress-serve-XXXXXX").path).utf8CString)
        guard let made = mkdtemp(&template) else {
            throw StartError(description: "cannot create a build folder under \(base): \(String(cString: strerror(errno)))")
        }
        return URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }

    /// SIGINT and SIGTERM as a stream (their default action, ending the process at once, would
    /// leave the build folder behind).
    static func stopSignals() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            sources.append(source)
        }
        let keep = SignalSources(sources)
        continuation.onTermination = { _ in keep.cancel() }
        return stream
    }
}

/// Keeps the signal sources alive as long as the stream is listened to.
private final class SignalSources: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    init(_ sources: [any DispatchSourceSignal]) { self.sources = sources }
    func cancel() { sources.forEach { $0.cancel() } }
}
