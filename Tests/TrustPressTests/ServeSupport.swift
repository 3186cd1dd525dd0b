import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A running `trustpress serve` on a free port, started from the built executable (found the way
/// `CommandLineTests` finds it), with TMPDIR pointed into the test's own folder so the build
/// folder can be seen and its removal checked.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let tmp: URL
    let stderrFile: URL

    /// Starts `trustpress serve --port 0 <arguments>` in `folder` and waits for its `Serving …` line.
    init(_ arguments: [String], in folder: URL, timeout: TimeInterval = 120) throws {
        let executable = try #require(CommandLineTests.executable, "the trustpress executable was not found; run `swift build` first")
        tmp = folder.appendingPathComponent("tmp", isDirectory: true)
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        stderrFile = folder.appendingPathComponent("serve-stderr-\(UUID().uuidString).txt")
        try Data().write(to: stderrFile)
        process.executableURL = executable
        process.arguments = ["serve", "--port", "0", "--date", "2026-11-30"] + arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["TMPDIR"] = tmp.path
        env["NO_COLOR"] = "1"
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        // Read standard output byte by byte up to the first line: "Serving http://127.0.0.1:PORT/".
        var line = Data()
        let deadline = Date().addingTimeInterval(timeout)
        let fd = out.fileHandleForReading.fileDescriptor
        while Date() < deadline {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 200) > 0 else { continue }
            var byte: UInt8 = 0
            guard read(fd, &byte, 1) == 1 else { break }
            if byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("Serving http://127.0.0.1:"),
              let port = Int(text.dropFirst("Serving http://127.0.0.1:".count).prefix { $0.isNumber }) else {
            process.terminate()
            let errors = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            throw ServeError("serve did not print its URL; stdout: '\(text)', stderr: \(errors)")
        }
        self.port = port
    }

    var stderr: String { (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "" }

    /// The serve build folders under TMPDIR (one while running, none after a clean stop).
    var buildFolders: [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [])
            .filter { $0.hasPrefix("trustpress-serve-") }.map { tmp.appendingPathComponent($0) }
    }

    /// Sends SIGTERM and waits (at most `timeout` seconds) for the exit status.
    func stop(timeout: TimeInterval = 30) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

    func get(_ path: String) throws -> HTTPReply { try HTTPReply.get(path, port: port) }

    /// Opens the event stream (call `next` on it for each event).
    func events() throws -> EventStream { try EventStream(port: port) }
}

struct ServeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A connected TCP socket to 127.0.0.1 with a read timeout.
struct LoopbackSocket {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServeError("socket: \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { Glibc.close(fd); throw ServeError("connect to port \(port): \(errno)") }
    }

    func send(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Some bytes, or nil at end of stream or after `timeout` seconds with nothing.
    func receive(timeout: TimeInterval) -> Data? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? Data(buffer[0..<n]) : nil
    }

    func close() { _ = Glibc.close(fd) }
}

/// One HTTP/1.1 response, read by a minimal client (the raw request path is sent as given, so the
/// tests can send what a browser would normalise away).
struct HTTPReply {
    var status: Int
    var headers: [String: String]
    var body: String

    static func get(_ path: String, port: Int, host: String? = nil, timeout: TimeInterval = 30) throws -> HTTPReply {
        let socket = try LoopbackSocket(port: port)
        defer { socket.close() }
        socket.send("GET \(path) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nConnection: close\r\n\r\n")
        var data = Data()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let chunk = socket.receive(timeout: deadline.timeIntervalSinceNow) else { break }
            data += chunk
            if let reply = parse(data), reply.body.utf8.count >= Int(reply.headers["content-length"] ?? "-1") ?? Int.max { return reply }
        }
        guard let reply = parse(data) else { throw ServeError("no HTTP response for \(path): \(String(decoding: data, as: UTF8.self))") }
        return reply
    }

    static func parse(_ data: Data) -> HTTPReply? {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = head.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPReply(status: status, headers: headers, body: String(decoding: data[end.upperBound...], as: UTF8.self))
    }
}

/// `/_trustpress/events` read as Server-Sent Events: each `build` event's JSON data.
final class EventStream {
    private let socket: LoopbackSocket
    private var buffer = ""

    init(port: Int) throws {
        socket = try LoopbackSocket(port: port)
        socket.send("GET /_trustpress/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n")
    }

    deinit { socket.close() }

    /// The next build event's data (`{"generation":"…","succeeded":true}`), or nil after `timeout` seconds.
    func next(timeout: TimeInterval = 60) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = buffer.range(of: "event: build\ndata: "), let end = buffer[range.upperBound...].firstIndex(of: "\n") {
                let data = String(buffer[range.upperBound..<end])
                buffer = String(buffer[end...])
                return data
            }
            guard deadline > Date(), let chunk = socket.receive(timeout: deadline.timeIntervalSinceNow) else { return nil }
            buffer += String(decoding: chunk, as: UTF8.self)
        }
    }
}
