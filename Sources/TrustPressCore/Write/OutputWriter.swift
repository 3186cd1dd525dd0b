import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
/// `write(2)`, named so it cannot be mistaken for `OutputWriter.write`.
private let posixWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let posixWrite = Darwin.write
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
                Self.removeTree(output.appendingPathComponent(name))
            }
            let staging = output.appendingPathComponent(".staging-\(ProcessInfo.processInfo.processIdentifier)")
            defer { Self.removeTree(staging) }
            let stagedPublic = staging.appendingPathComponent("public")
            let stagedBundle = staging.appendingPathComponent("bundle")
            // The two trees at once: each in its own folders, so the threads do not contend.
            let failures = Parallel.map([(publicFiles, stagedPublic), (bundleFiles, stagedBundle)]) { tree in
                Result { try writeTree(tree.0, to: tree.1) }
            }
            for case let .failure(error) in failures { throw error }
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

    /// Writes `files` under `root` (which must not exist yet): folders first, then the files with
    /// plain POSIX calls (Foundation's per-file checks cost more than the writes).
    private func writeTree(_ files: [RenderedFile], to root: URL) throws {
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
        var folders = Set<Substring>()
        for file in files {
            precondition(!file.path.hasPrefix("/") && !file.path.split(separator: "/").contains(".."),
                         "rendered path escapes its tree: \(file.path)")
            var end = file.path.endIndex
            while let slash = file.path[..<end].lastIndex(of: "/") {
                guard folders.insert(file.path[..<slash]).inserted else { break }
                end = slash
            }
        }
        // Sorted, a parent comes before its children.
        for folder in folders.sorted() {
            let path = root.path + "/" + folder
            guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
                throw WriteError.io("cannot create \(path): \(String(cString: strerror(errno)))")
            }
        }
        // One thread per tree: file systems serialise creating files in one folder, and on ext4
        // two threads spin on the folder's lock (measured: slower than one).
        let base = root.path + "/"
        for file in files {
            if let failure = Self.writeFile(base + file.path, file.contents) { throw WriteError.io(failure) }
        }
    }

    /// Creates `path` (which must not exist) holding `contents`; returns an error message, or nil.
    private static func writeFile(_ path: String, _ contents: Data) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "cannot create \(path): \(String(cString: strerror(errno)))" }
        defer { close(fd) }
        return contents.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String? in
            var offset = 0
            while offset < bytes.count {
                let written = posixWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return "cannot write \(path): \(String(cString: strerror(errno)))"
                }
                offset += written
            }
            return nil
        }
    }

    /// Deletes a tree without following symbolic links (children before their folder).
    static func removeTree(_ url: URL) {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR { removeFolder(url.path) } else { unlink(url.path) }
    }

    private static func removeFolder(_ path: String) {
        if let dir = opendir(path) {
            var entries: [(name: String, isFolder: Bool)] = []
            while let entry = readdir(dir) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                guard name != ".", name != ".." else { continue }
                var isFolder = Int32(entry.pointee.d_type) == DT_DIR
                if Int32(entry.pointee.d_type) == DT_UNKNOWN {  // some file systems leave the type out
                    var info = stat()
                    isFolder = lstat(path + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
                }
                entries.append((name, isFolder))
            }
            closedir(dir)
            for entry in entries {
                if entry.isFolder { removeFolder(path + "/" + entry.name) } else { unlink(path + "/" + entry.name) }
            }
        }
        rmdir(path)
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
        Self.removeTree(old)
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
        let digest = Hex.lowercase(SHA256.hash(data: Data(path.utf8)).prefix(8))
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
