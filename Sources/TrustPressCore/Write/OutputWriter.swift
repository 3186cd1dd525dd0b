import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Write stage: puts the rendered trees in place without ever leaving a partial site.
///
/// Layout: `<output>/public/` (the site to deploy) and `<output>/confidential/<bundle id>/` (never
/// deployed). Each tree is written into a staging folder inside the output folder, then swapped in
/// with renames; a failed build leaves the previous output as it was. The output folder carries a
/// marker file, and a non-empty folder without it is refused unless forced, so TrustPress never
/// deletes what it did not create.
public struct OutputWriter {
    public static let markerName = ".trustpress-output"

    let output: URL
    let force: Bool
    /// Folders the output may not be, contain or lie inside (the content and templates folders).
    let sources: [URL]
    private let fm = FileManager.default

    public init(output: URL, force: Bool, sources: [URL] = []) {
        self.output = output.standardizedFileURL
        self.force = force
        self.sources = sources
    }

    public enum WriteError: Error, CustomStringConvertible {
        case foreignFolder(String)
        case protectedFolder(String, reason: String)
        case busy(String)
        case io(String)

        public var description: String {
            switch self {
            case let .foreignFolder(path):
                "\(path): error: the output folder is not empty and was not created by TrustPress; refusing to overwrite it\n"
                    + "\(path): note: choose an empty folder, or pass --force to take it over"
            case let .protectedFolder(path, reason):
                "\(path): error: refusing to use \(reason) as the output folder, even with --force"
            case let .busy(path):
                "\(path): error: another TrustPress build is writing to this output folder; try again when it has finished"
            case let .io(message): "error: \(message)"
            }
        }
    }

    /// Checks the output folder may be written: it is missing, empty, or carries the marker
    /// (or `force` is set). Never, even forced: the filesystem root, the home folder, the working
    /// folder or one of its parents, a folder holding `Content/` or `Templates/`, or a git work tree's root.
    public func checkSafe() throws {
        let path = output.resolvingSymlinksInPath().path
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).resolvingSymlinksInPath().path
        let home = fm.homeDirectoryForCurrentUser.resolvingSymlinksInPath().path
        if path == "/" { throw WriteError.protectedFolder(output.path, reason: "the filesystem root") }
        if path == home { throw WriteError.protectedFolder(output.path, reason: "the home folder") }
        if cwd == path || cwd.hasPrefix(path + "/") {
            throw WriteError.protectedFolder(output.path, reason: "the working folder or one of its parents")
        }
        for marker in ["Content", "Templates", ".git", "Package.swift"]
        where fm.fileExists(atPath: output.appendingPathComponent(marker).path) {
            throw WriteError.protectedFolder(output.path, reason: "a folder that holds \(marker)")
        }
        for source in sources {
            let s = source.resolvingSymlinksInPath().standardizedFileURL.path
            if path == s || path.hasPrefix(s + "/") || s.hasPrefix(path + "/") {
                throw WriteError.protectedFolder(output.path, reason: "the content or templates folder, or a folder inside or around it")
            }
        }
        // Inside another TrustPress output (say Output/public/x), the bundle would be deployed.
        var parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        while parent.path != "/" {
            if fm.fileExists(atPath: parent.appendingPathComponent(Self.markerName).path) {
                throw WriteError.protectedFolder(output.path, reason: "a folder inside the TrustPress output \(parent.path)")
            }
            parent = parent.deletingLastPathComponent()
        }
        // A file in the way (--output afile/sub) gets a plain message rather than a Foundation error.
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        while ancestor.path != "/" {
            var dir: ObjCBool = false
            if fm.fileExists(atPath: ancestor.path, isDirectory: &dir) {
                if !dir.boolValue { throw WriteError.io("cannot create \(output.path): \(ancestor.path) is a file, not a folder") }
                break
            }
            ancestor = ancestor.deletingLastPathComponent()
        }
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: output.path, isDirectory: &isDir) else { return }
        guard isDir.boolValue else { throw WriteError.io("\(output.path) exists and is not a folder") }
        let entries = (try? fm.contentsOfDirectory(atPath: output.path)) ?? []
        let meaningful = entries.filter { $0 != ".gitkeep" && $0 != ".DS_Store" }
        if meaningful.isEmpty || entries.contains(Self.markerName) || force { return }
        throw WriteError.foreignFolder(output.path)
    }

    /// Writes the public tree and one bundle, each swapped in whole.
    public func write(public publicFiles: [RenderedFile], bundleID: String, bundle bundleFiles: [RenderedFile]) throws {
        try checkSafe()
        do {
            try fm.createDirectory(at: output, withIntermediateDirectories: true)
            let marker = output.appendingPathComponent(Self.markerName)
            if !fm.fileExists(atPath: marker.path) {
                try Data("This folder is written by TrustPress; its trees are replaced on every build.\n".utf8).write(to: marker)
            }
            // The caller holds the OutputLock, so any staging folder is a leftover of a build that was killed: remove it.
            for name in (try? fm.contentsOfDirectory(atPath: output.path)) ?? [] where name.hasPrefix(".staging-") {
                try? fm.removeItem(at: output.appendingPathComponent(name))
            }
            let staging = output.appendingPathComponent(".staging-\(ProcessInfo.processInfo.processIdentifier)")
            defer { try? fm.removeItem(at: staging) }
            let stagedPublic = staging.appendingPathComponent("public")
            let stagedBundle = staging.appendingPathComponent("bundle")
            try writeTree(publicFiles, to: stagedPublic)
            try writeTree(bundleFiles, to: stagedBundle)
            try swap(stagedPublic, into: output.appendingPathComponent("public"), staging: staging)
            let confidential = output.appendingPathComponent("confidential")
            try fm.createDirectory(at: confidential, withIntermediateDirectories: true)
            try swap(stagedBundle, into: confidential.appendingPathComponent(bundleID), staging: staging)
        } catch let error as WriteError {
            throw error
        } catch {
            throw WriteError.io("cannot write \(output.path): \(error.localizedDescription)")
        }
    }

    private func writeTree(_ files: [RenderedFile], to root: URL) throws {
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        for file in files {
            precondition(!file.path.hasPrefix("/") && !file.path.split(separator: "/").contains(".."),
                         "rendered path escapes its tree: \(file.path)")
            let url = root.appendingPathComponent(file.path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url)
        }
    }

    /// Replaces `target` with `staged`: old tree moved aside, new tree renamed in, old tree removed.
    private func swap(_ staged: URL, into target: URL, staging: URL) throws {
        let old = staging.appendingPathComponent("old-" + target.lastPathComponent)
        if fm.fileExists(atPath: target.path) { try fm.moveItem(at: target, to: old) }
        do {
            try fm.moveItem(at: staged, to: target)
        } catch {
            if fm.fileExists(atPath: old.path) { try? fm.moveItem(at: old, to: target) }
            throw error
        }
        try? fm.removeItem(at: old)
    }
}

/// An exclusive, non-blocking `flock(2)` held for a whole build, so a second build on the same
/// output fails at once with a clear message instead of racing the first. The lock file lives in the
/// system's temporary folder, named after the output folder's path, so a failed build leaves nothing
/// behind in the user's folders.
public struct OutputLock {
    let fd: Int32

    public static func lockFile(for output: URL) -> URL {
        let path = output.standardizedFileURL.path
        let digest = SHA256.hash(data: Data(path.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        return URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("trustpress-\(digest).lock")
    }

    /// - Throws: `OutputWriter.WriteError.busy` when another build holds it.
    public init(for output: URL) throws {
        let url = Self.lockFile(for: output)
        fd = open(url.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw OutputWriter.WriteError.io("cannot create the lock file \(url.path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw OutputWriter.WriteError.busy(output.path)
        }
    }

    public func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
