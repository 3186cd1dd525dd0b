import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A request path turned into folder names, and resolved to a file inside one served folder.
///
/// Fails closed: anything unusual is "not found" rather than a guess.
enum SitePath {
    /// The decoded segments of a request path (`/policies/a%20b.html` → `["policies", "a b.html"]`),
    /// and whether it ends with a slash. Percent-decoding happens here, once.
    /// - Returns: nil for a path that is not absolute, does not decode, or holds `.`, `..`, a NUL, a
    ///   backslash or a segment that decodes to a slash.
    static func segments(_ rawPath: Substring) -> (segments: [String], trailingSlash: Bool)? {
        guard rawPath.first == "/" else { return nil }
        var segments: [String] = []
        for raw in rawPath.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = String(raw).removingPercentEncoding else { return nil }
            guard decoded != ".", decoded != "..", !decoded.contains("/"), !decoded.contains("\\"),
                  !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return nil }
            segments.append(decoded)
        }
        return (segments, rawPath.hasSuffix("/"))
    }

    /// What `segments` names below `root`.
    enum Resolved: Equatable {
        case file(URL)
        case directory(URL)
        case missing
    }

    /// Walks `segments` from `root` with `lstat`, refusing any symbolic link on the way (the build
    /// writes none, so a link can only lead out of the folder).
    static func resolve(_ segments: [String], in root: URL) -> Resolved {
        var path = root.path
        guard kind(path) == S_IFDIR else { return .missing }
        for segment in segments {
            path += "/" + segment
            switch kind(path) {
            case S_IFDIR: continue
            case S_IFREG where segment == segments.last: return .file(URL(fileURLWithPath: path))
            default: return .missing
            }
        }
        return .directory(URL(fileURLWithPath: path, isDirectory: true))
    }

    /// `S_IFDIR`, `S_IFREG`, `S_IFLNK`… of `path` itself (links not followed); nil when absent.
    static func kind(_ path: String) -> mode_t? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// The path of `segments` for a `Location` header, each segment percent-encoded again.
    static func encoded(_ segments: [String], trailingSlash: Bool) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#")
        let path = "/" + segments.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }.joined(separator: "/")
        return trailingSlash && !segments.isEmpty ? path + "/" : path
    }

    /// The `Content-Type` for a served file, from its extension (the build writes a known set).
    static func contentType(of url: URL) -> String {
        switch url.pathExtension.lowercased() {
        case "html", "htm": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "xml": "application/xml"
        case "txt", "md": "text/plain; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "ico": "image/x-icon"
        case "pdf": "application/pdf"
        case "woff": "font/woff"
        case "woff2": "font/woff2"
        default: url.lastPathComponent == "security.txt" ? "text/plain; charset=utf-8" : "application/octet-stream"
        }
    }
}
