import Crypto
import Foundation

/// A bundle file's size and SHA-256: computed once per file, listed on the cover and in manifest.json.
struct FileDigest: Sendable, Equatable {
    /// Relative path in the bundle, e.g. `policies/access-control.html`.
    let path: String
    /// Size in bytes.
    let bytes: Int
    /// SHA-256 (FIPS 180-4) of the contents, 64 lowercase hex digits.
    let sha256: String

    init(_ file: RenderedFile) {
        path = file.path
        bytes = file.contents.count
        sha256 = Hex.lowercase(SHA256.hash(data: file.contents))
    }

    /// The digests of `files`, sorted by path (hashing is independent per file: on every core).
    static func of(_ files: [RenderedFile]) -> [FileDigest] {
        Parallel.map(files.sorted { $0.path < $1.path }, FileDigest.init)
    }
}

/// `manifest.json` of a bundle: every file with its size in bytes and SHA-256 (hex), sorted by path,
/// so a recipient can check that nothing was altered or left out. `valid_until` is the last day the
/// bundle is to be used (`--expires`, `--valid-days`), or null.
enum Manifest {
    /// - Parameter digests: every other file of the bundle (`FileDigest.of`), in any order.
    static func render(bundle: ConfidentialBundle, digests: [FileDigest]) -> RenderedFile {
        var json = "{\n"
        json += "  \"bundle\": \(quote(bundle.bundleID)),\n"
        json += "  \"organization\": \(quote(bundle.model.site.organization.legalName)),\n"
        json += "  \"recipient\": \(bundle.recipient.map(quote) ?? "null"),\n"
        json += "  \"nda\": \(bundle.ndaReference.map(quote) ?? "null"),\n"
        json += "  \"build_date\": \(quote(bundle.model.buildDate.description)),\n"
        json += "  \"valid_until\": \(bundle.validUntil.map { quote($0.description) } ?? "null"),\n"
        json += "  \"files\": [\n"
        json += digests.sorted { $0.path < $1.path }.map { f in
            "    {\"path\": \(quote(f.path)), \"bytes\": \(f.bytes), \"sha256\": \"\(f.sha256)\"}"
        }.joined(separator: ",\n")
        json += "\n  ]\n}\n"
        return RenderedFile(path: "manifest.json", text: json)
    }

    /// A JSON string literal (RFC 8259 §7).
    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
