import Crypto
import Foundation

/// `manifest.json` of a bundle: every file with its size in bytes and SHA-256 (hex), sorted by path,
/// so a recipient can check that nothing was altered or left out.
enum Manifest {
    static func render(bundle: ConfidentialBundle, files: [RenderedFile]) -> RenderedFile {
        var json = "{\n"
        json += "  \"bundle\": \(quote(bundle.bundleID)),\n"
        json += "  \"organization\": \(quote(bundle.model.site.organization.legalName)),\n"
        json += "  \"recipient\": \(bundle.recipient.map(quote) ?? "null"),\n"
        json += "  \"nda\": \(bundle.ndaReference.map(quote) ?? "null"),\n"
        json += "  \"build_date\": \(quote(bundle.model.buildDate.description)),\n"
        json += "  \"files\": [\n"
        // Hashing is independent per file: on every core, in path order.
        json += Parallel.map(files.sorted { $0.path < $1.path }) { f in
            "    {\"path\": \(quote(f.path)), \"bytes\": \(f.contents.count), \"sha256\": \"\(Hex.lowercase(SHA256.hash(data: f.contents)))\"}"
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
