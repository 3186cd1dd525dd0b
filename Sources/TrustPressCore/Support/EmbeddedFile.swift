import Foundation

/// A file compiled into the binary (see `Embedded` in Embedded.swift, written by
/// `tools/embed-theme.sh` from `Templates/` and `Resources/Catalogs/`): text as a string literal,
/// other bytes as base64.
struct EmbeddedFile: Sendable {
    /// Relative path with '/' separators, e.g. `public/index.mustache`.
    let path: String
    private let text: String?
    private let base64: String?

    init(path: String, text: String) {
        self.path = path
        self.text = text
        self.base64 = nil
    }

    init(path: String, base64: String) {
        self.path = path
        self.text = nil
        self.base64 = base64
    }

    /// The file's bytes, exactly as they were in the source tree.
    var contents: Data {
        if let text { return Data(text.utf8) }
        return Data(base64Encoded: base64 ?? "") ?? Data()
    }
}
