import Crypto
import Foundation

/// The files a build may write beside the bundle folder, under `confidential/`: each one file to
/// hand over, with its SHA-256 in `<file>.sha256` as `sha256sum` writes it.
///
/// All follow the trees' output rules (see `OutputWriter`): staged, swapped in whole, the checksum
/// first; TrustPress's when the checksum file beside it is one TrustPress writes, and removed by a
/// build that does not ask for it, so none describes a bundle folder that was replaced.
public enum BundleSidecarKind: String, Sendable, CaseIterable {
    /// `<bundle id>.zip` (`--archive`, `BundleArchive`).
    case zip
    /// `<bundle id>.pdf` (`--pdf`).
    case pdf
    /// `<bundle id>.locked.html` (`--encrypt`).
    case locked

    /// What follows the bundle id in the file's name.
    public var suffix: String {
        switch self {
        case .zip: ".zip"
        case .pdf: ".pdf"
        case .locked: ".locked.html"
        }
    }

    /// The file's name for the bundle `bundleID`.
    public func fileName(bundleID: String) -> String { bundleID + suffix }

    /// The file's and its checksum's names inside a staging folder (`old-<name>` once the live ones
    /// are moved aside). The zip keeps the names of the version that wrote only a zip, so a staging
    /// folder a killed build of that version left is still recovered.
    var stagedNames: (file: String, checksum: String) {
        switch self {
        case .zip: ("archive", "checksum")
        case .pdf, .locked: (rawValue, rawValue + "-checksum")
        }
    }
}

/// One file beside the bundle folder, with its checksum file (see `BundleSidecarKind`).
public struct BundleSidecar: Sendable, Equatable {
    public let kind: BundleSidecarKind
    /// Its name, e.g. `2026-11-30-acme-corp.pdf`.
    public let fileName: String
    /// Its bytes.
    public let data: Data
    /// Its SHA-256, lowercase hex (64 digits).
    public let sha256: String

    public init(kind: BundleSidecarKind, bundleID: String, data: Data) {
        self.kind = kind
        self.fileName = kind.fileName(bundleID: bundleID)
        self.data = data
        self.sha256 = Hex.lowercase(SHA256.hash(data: data))
    }

    /// A sidecar whose SHA-256 is already known (the zip's).
    init(kind: BundleSidecarKind, fileName: String, data: Data, sha256: String) {
        self.kind = kind
        self.fileName = fileName
        self.data = data
        self.sha256 = sha256
    }

    /// The name of the checksum file beside it: `<file name>.sha256`.
    public var checksumFileName: String { fileName + ".sha256" }

    /// The checksum file's text as `sha256sum` writes it (`<hex>  <file name>\n`), so
    /// `sha256sum -c <file name>.sha256` checks the file beside it.
    public var checksumFile: Data { Self.checksumLine(sha256: sha256, fileName: fileName) }

    /// `<hex>  <file name>\n`.
    static func checksumLine(sha256: String, fileName: String) -> Data { Data("\(sha256)  \(fileName)\n".utf8) }

    /// Whether `text` is a checksum file TrustPress writes for `fileName`: 64 lowercase hex digits,
    /// two spaces, the name, a newline, and nothing else (whether it matches the file or not: a
    /// killed build may have replaced one and not yet the other).
    static func isChecksumFile(_ text: Data, for fileName: String) -> Bool {
        let bytes = Array(text)
        let name = Array("  \(fileName)\n".utf8)
        guard bytes.count == 64 + name.count, Array(bytes[64...]) == name else { return false }
        return bytes[..<64].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0) }
    }
}
