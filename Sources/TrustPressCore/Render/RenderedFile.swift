import Foundation

/// One output file, relative to its tree's root (`public/` or the bundle folder).
public struct RenderedFile: Sendable, Equatable {
    /// Relative path with '/' separators, e.g. `policies/access-control.html`.
    public let path: String
    public let contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }

    public init(path: String, text: String) {
        self.init(path: path, contents: Data(text.utf8))
    }

    /// `../` repeated once per folder in `path`: the prefix that makes links relative to the tree root,
    /// so the site works under any sub-path and from file://.
    static func rootPrefix(for path: String) -> String {
        String(repeating: "../", count: path.filter { $0 == "/" }.count)
    }
}
