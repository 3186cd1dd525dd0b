import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Images of policies: the files of `policies/images/`, referenced from a policy body relative to
/// the policy file (`![Network diagram](images/network.png)`), so GitHub's preview shows them too.
///
/// An image is public exactly when a public policy's public text (its redacted sections left out)
/// shows it; every other image stays in the bundle, and the leak audit refuses its bytes on the
/// public site. Both trees put an image at `policies/images/<file>`, beside the policy pages.
enum PolicyImages {
    /// The folder, relative to `policies/`.
    static let folder = "images"
    /// A larger image is refused (10 MiB).
    static let maximumBytes = 10 * 1024 * 1024

    /// Reads `policies/images/`: every regular, non-hidden file, checked by its bytes (PNG, JPEG,
    /// GIF, WebP, or SVG that is safe like a branding logo: `Branding.svgProblems`).
    /// Symbolic links and subfolders are errors; hidden files are ignored with a warning.
    /// - Returns: file name → bytes, of the images that passed.
    static func load(root: URL, display: (String) -> String, log: inout DiagnosticLog) -> [String: Data] {
        let path = root.path + "/policies/" + folder
        var info = stat()
        guard lstat(path, &info) == 0 else { return [:] }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            log.error(display("policies/" + folder), 0, 0, info.st_mode & S_IFMT == S_IFLNK
                      ? "'policies/images' is a symbolic link; refusing it: a link never decides what is published"
                      : "'policies/images' must be a folder of images")
            return [:]
        }
        var images: [String: Data] = [:]
        for (name, type) in OutputWriter.entries(of: path).sorted(by: { $0.name < $1.name }) {
            let shown = display("policies/\(folder)/\(name)")
            if name.hasPrefix(".") {
                log.warning(shown, 0, 0, "this hidden file is neither published nor bundled")
                continue
            }
            guard Int(type) == Int(DT_REG) else {
                log.error(shown, 0, 0, Int(type) == Int(DT_LNK)
                          ? "this is a symbolic link; refusing it: a link never decides what is published"
                          : "policies/images/ is one level deep: only image files are read here")
                continue
            }
            guard DocumentsLoader.isValidName(name) else {
                log.error(shown, 0, 0, "an image's file name is letters, digits, '.', '_' and '-' (it is its address on the site)")
                continue
            }
            guard let data = DocumentsLoader.read(path + "/" + name, display: shown, log: &log) else { continue }
            guard data.count <= maximumBytes else {
                log.error(shown, 0, 0, "the image is \(data.count) bytes; policy images are limited to 10 MiB")
                continue
            }
            if let problem = problem(data) {
                log.error(shown, problem.line, 0, problem.message)
                continue
            }
            images[name] = data
        }
        return images
    }

    /// Why `data` is not an image a page may show, or nil: PNG, JPEG, GIF and WebP by their magic
    /// bytes; SVG by its root element and free of scripts, handlers and external references.
    static func problem(_ data: Data) -> Branding.Problem? {
        let bytes = [UInt8](data.prefix(6))
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return nil }  // JPEG (JFIF, Exif)
        if bytes == Array("GIF87a".utf8) || bytes == Array("GIF89a".utf8) { return nil }
        switch Branding.sniff(data) {
        case .success(.png), .success(.webp): return nil
        case .success(.svg):
            guard let first = Branding.svgProblems(data).first else { return nil }
            return Branding.Problem(line: first.line, message: "this SVG \(first.message); policy images may not script, handle events or load anything")
        case .success: return Branding.Problem(message: "is not a PNG, JPEG, GIF, WebP or SVG image")
        case let .failure(problem):
            return Branding.Problem(message: problem.message.hasPrefix("is not an SVG")
                ? "this file is not a PNG, JPEG, GIF, WebP or SVG image" : "this file " + problem.message)
        }
    }

    /// Where an image destination of a policy body points, resolved against `policies/`: the file
    /// name in `policies/images/`, or why it cannot be one.
    enum Target: Equatable {
        case image(String)
        /// `..` climbs out of the content folder.
        case escapes
        /// Inside the content folder, but not a file of `policies/images/`.
        case elsewhere(String)
    }

    static func resolve(_ destination: String) -> Target {
        var parts = ["policies"]
        for part in destination.split(separator: "/", omittingEmptySubsequences: false).map(String.init) {
            switch part {
            case ".", "": continue
            case "..":
                if parts.isEmpty { return .escapes }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        if parts.count == 3, parts[0] == "policies", parts[1] == folder { return .image(parts[2]) }
        return .elsewhere(parts.joined(separator: "/"))
    }

    /// The images that public text shows: those of each public policy's public sections.
    /// Computed once, by `ModelBuilder` (`TrustModel.publicPolicyImageNames`): it parses every public body.
    static func publicNames(_ model: TrustModel) -> Set<String> {
        // Without images there is nothing to find, and no body needs parsing.
        guard !model.policyImages.isEmpty else { return [] }
        let found = Parallel.map(model.policies.filter { $0.visibility == .public }) { p -> [String] in
            Markdown.links(in: PublicSite.redacted(p.segments)).compactMap { link in
                guard link.isImage, LinkScheme.scheme(of: link.destination) == nil,
                      case let .image(name) = resolve(link.destination), model.policyImages[name] != nil else { return nil }
                return name
            }
        }
        return Set(found.joined())
    }
}
