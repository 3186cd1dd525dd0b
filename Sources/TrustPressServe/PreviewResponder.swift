import Foundation
import Hummingbird
import TrustPressCore

/// Answers every request: the public site at `/`, the NDA bundle under `/confidential/` (loopback
/// only), the reload script and the event stream under `/_trustpress/`.
struct PreviewResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    /// The serve build folder (holds `public/` and `confidential/<bundle>/`).
    let buildFolder: URL
    /// True when the server may be reached from a network: the public site only, no diagnostics text.
    let exposed: Bool
    let state: BuildState

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .get || request.method == .head else {
            return Self.plain(.methodNotAllowed, "Only GET and HEAD are served.\n", extra: [.allow: "GET, HEAD"])
        }
        guard exposed || Self.isLocalHost(request.head.authority) else {
            // DNS rebinding: a web page from another site whose name now points at 127.0.0.1 must not
            // read the bundle or the diagnostics through the visitor's browser.
            return Self.plain(.forbidden, "This preview answers only to a loopback address (http://127.0.0.1:…/ or http://localhost:…/).\n")
        }
        guard let (segments, trailingSlash) = SitePath.segments(request.uri.path[...]) else {
            return Self.plain(.badRequest, "Bad path.\n")
        }
        if segments.first == Pages.prefix { return await own(segments) }
        let snapshot = await state.snapshot
        var root = buildFolder.appendingPathComponent("public", isDirectory: true)
        var rest = segments
        if segments.first == "confidential" {
            // Never offered to a network, whatever the build holds.
            guard !exposed, let bundleID = snapshot.bundleID else { return notFound(segments, trailingSlash, snapshot) }
            root = buildFolder.appendingPathComponent("confidential", isDirectory: true).appendingPathComponent(bundleID, isDirectory: true)
            rest.removeFirst()
        }
        switch SitePath.resolve(rest, in: root) {
        case .file(let url):
            return serve(url, status: .ok, snapshot)
        case .directory:
            if !trailingSlash && !segments.isEmpty {
                return Response(status: .movedPermanently, headers: [.location: SitePath.encoded(segments, trailingSlash: true)])
            }
            guard case .file(let index) = SitePath.resolve(rest + ["index.html"], in: root) else {
                return notFound(segments, trailingSlash, snapshot)
            }
            return serve(index, status: .ok, snapshot)
        case .missing:
            return notFound(segments, trailingSlash, snapshot)
        }
    }

    /// True when the Host header names a loopback address or `localhost` (any port).
    static func isLocalHost(_ authority: String?) -> Bool {
        guard var host = authority?.lowercased(), !host.isEmpty else { return false }
        if host.hasPrefix("[") {
            guard let end = host.firstIndex(of: "]") else { return false }
            host = String(host[host.index(after: host.startIndex)..<end])
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return PreviewServer.isLoopback(host)
    }

    /// A file of the last good build; an HTML page gets the reload script, or the failure page
    /// while the last rebuild failed.
    private func serve(_ url: URL, status: HTTPResponse.Status, _ snapshot: BuildState.Snapshot) -> Response {
        guard let data = try? Data(contentsOf: url) else { return Self.plain(.notFound, "Not found.\n") }
        let type = SitePath.contentType(of: url)
        guard type.hasPrefix("text/html") else { return Self.bytes(status, type, data) }
        if snapshot.failure != nil { return failurePage(snapshot) }
        return Self.bytes(status, type, Pages.inject(into: data, generation: snapshot.generation))
    }

    /// The site's own 404 page; the failure page instead for what looks like a page while the
    /// last rebuild failed (before the first good build there is nothing else to show).
    private func notFound(_ segments: [String], _ trailingSlash: Bool, _ snapshot: BuildState.Snapshot) -> Response {
        let last = segments.last ?? ""
        let looksLikePage = trailingSlash || segments.isEmpty || !last.contains(".") || last.hasSuffix(".html")
        if snapshot.failure != nil && looksLikePage { return failurePage(snapshot) }
        let publicRoot = buildFolder.appendingPathComponent("public", isDirectory: true)
        if case .file(let page) = SitePath.resolve(["404.html"], in: publicRoot) {
            return serve(page, status: .notFound, snapshot)
        }
        return Self.plain(.notFound, "Not found.\n")
    }

    private func failurePage(_ snapshot: BuildState.Snapshot) -> Response {
        let page = Pages.failure(exposed ? nil : snapshot.failure, generation: snapshot.generation,
                                 hasGoodBuild: snapshot.hasGoodBuild)
        return Self.bytes(.internalServerError, "text/html; charset=utf-8", page)
    }

    /// `/_trustpress/reload.js` and `/_trustpress/events`.
    private func own(_ segments: [String]) async -> Response {
        switch segments.dropFirst().joined(separator: "/") {
        case "reload.js":
            return Self.bytes(.ok, "text/javascript; charset=utf-8", Data(Pages.reloadScript.utf8))
        case "events":
            let events = await state.events()
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: ResponseBody { writer in
                    // Reconnect quickly after a server restart.
                    try await writer.write(ByteBuffer(string: "retry: 500\n\n"))
                    for await event in events {
                        guard let event else {
                            try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                            continue
                        }
                        let json = "{\"generation\":\"\(event.generation)\",\"succeeded\":\(event.succeeded)}"
                        try await writer.write(ByteBuffer(string: "event: build\ndata: \(json)\n\n"))
                    }
                    try await writer.finish(nil)
                })
        default:
            return Self.plain(.notFound, "Not found.\n")
        }
    }

    private static func bytes(_ status: HTTPResponse.Status, _ type: String, _ data: Data) -> Response {
        Response(status: status,
                 headers: [.contentType: type, .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String, extra: HTTPFields = [:]) -> Response {
        var response = bytes(status, "text/plain; charset=utf-8", Data(text.utf8))
        response.headers.append(contentsOf: extra)
        return response
    }
}
