import Foundation

/// Relative links between policies: `[Access control](access-control.md#scope)` in Markdown becomes
/// a link to the rendered page (or, on the public site, to the access request for a confidential policy).
public enum PolicyLink: Equatable, Sendable {
    /// A link to `policies/<file>`, with an optional `#fragment`.
    case policy(file: String, fragment: String?)
    /// A relative link to a Markdown file that is not in `policies/` (resolved path given).
    case outsidePolicies(String)

    /// Classifies a link destination written in a policy (relative to `policies/`). Returns nil for
    /// anything that is not a relative link to a `.md` file: absolute URLs, `#anchors`, other files.
    public static func parse(_ destination: String) -> PolicyLink? {
        guard !destination.isEmpty, !destination.hasPrefix("#"), !destination.hasPrefix("/") else { return nil }
        if let colon = destination.firstIndex(of: ":"), !destination[..<colon].contains("/") { return nil }
        var path = Substring(destination)
        var fragment: String?
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            path = path[..<hash]
        }
        if let query = path.firstIndex(of: "?") { path = path[..<query] }
        let decoded = String(path).removingPercentEncoding ?? String(path)
        guard decoded.lowercased().hasSuffix(".md") else { return nil }
        var parts = ["policies"]
        for component in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..": if parts.isEmpty { return .outsidePolicies(decoded) } else { parts.removeLast() }
            default: parts.append(String(component))
            }
        }
        guard parts.count == 2, parts[0] == "policies" else { return .outsidePolicies(parts.joined(separator: "/")) }
        return .policy(file: parts[1], fragment: fragment.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// A root-relative destination (`/security`, `/legal/dpa?x#y`) resolved against the scheme and
    /// host of the organization's `website` (`https://fernwick.example/security`), as a browser on
    /// that website would; nil for anything else. A protocol-relative `//host/…` is not
    /// root-relative (it names another host) and stays nil.
    public static func resolvingRootRelative(_ destination: String, website: String) -> String? {
        guard destination.hasPrefix("/"), !destination.hasPrefix("//"), !destination.hasPrefix("/\\"),
              let site = URLComponents(string: website), let scheme = site.scheme, let host = site.percentEncodedHost,
              !host.isEmpty else { return nil }
        return "\(scheme)://\(host)" + (site.port.map { ":\($0)" } ?? "") + destination
    }

    /// The fragment of `destination` as a browser compares it with ids: after the first '#',
    /// percent-decoded (`#%C3%BCber` → `über`); nil without a '#' or with an empty fragment.
    public static func fragment(of destination: String) -> String? {
        guard let hash = destination.firstIndex(of: "#") else { return nil }
        let raw = String(destination[destination.index(after: hash)...])
        return raw.isEmpty ? nil : (raw.removingPercentEncoding ?? raw)
    }

    /// `destination` written in a file of the content folder's `folder` (`""` at the top, or
    /// `updates/`): PolicyLink.parse resolves relative to policies/, so the link is first made
    /// relative to that (`../` + folder + destination).
    static func parse(inContentFolder folder: String, _ destination: String) -> PolicyLink? {
        guard !destination.isEmpty, !destination.hasPrefix("#"), !destination.hasPrefix("/"),
              LinkScheme.scheme(of: destination) == nil else { return parse(destination) }
        return parse("../" + folder + destination)
    }

    /// The destination for the rendered page of `page` (a sibling under policies/), keeping the fragment.
    static func pageDestination(_ id: String, fragment: String?) -> String {
        "\(id).html" + (fragment.map { "#\($0)" } ?? "")
    }
}
